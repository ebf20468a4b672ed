"""The type every reader takes: one input's bytes, and what is known of it before reading.

Also what a reader declares about itself (:class:`Kind`: its name, extensions and media
types, and the function that reads) and what it may hand back besides articles: a
:class:`~briefing.models.Skipped` part, or a :class:`Pointer` to a page that holds the text.
This module depends on nothing else in ``briefing.readers``; everything there depends on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from briefing.models import Article, Skipped

#: The largest input read (a file, a fetched page, or a .gz once unpacked); bigger ones are
#: reported, never loaded whole into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """The raw bytes of one input, and what is known of it before it is read.

    ``location`` is what the user named or what was found (a path, a URL, ``x.json.gz``);
    ``name`` is the file name whose extension hints at the kind (for a URL, the last part of
    its path). A reader that makes several articles of one document numbers them
    ``<article_id>-1``, ``-2``...
    """

    location: str
    name: str
    data: bytes
    article_id: str
    url: str | None = None
    content_type: str | None = None

    @property
    def extension(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass(frozen=True)
class Pointer:
    """A part of a document that only links to an article (a headline, a teaser, a URL).

    ``--follow-links`` fetches ``link`` and reads the page (briefing.readers.links); otherwise
    the part is reported as skipped, with ``reason`` and its link.
    """

    path: str
    reason: str
    link: str

    def skipped(self) -> Skipped:
        """The part as the brief reports it when its link is not followed."""
        return Skipped(self.path, self.reason, self.link)


#: What reading a document gives: articles, parts left out, and parts that only point.
Part = Article | Skipped | Pointer

#: Reads one document into articles. It raises ArticleError when nothing in it is usable,
#: and returns a Skipped entry for each part it had to leave out (a feed entry with no text)
#: and a Pointer for each part that only links to its article.
Reader = Callable[[Document], Sequence[Part]]


@dataclass(frozen=True)
class Kind:
    """One kind of input, declared by the module that reads it (see briefing.readers.registry).

    ``extensions`` name files of this kind (``.gz`` aside: unpacked, the name inside decides);
    ``media_types`` are the HTTP content types that say it.
    """

    name: str
    extensions: tuple[str, ...]
    media_types: tuple[str, ...]
    read: Reader
