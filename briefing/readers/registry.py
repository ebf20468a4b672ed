"""The one registry of input kinds, and reading one document with the reader for its kind.

Each reader module declares its :class:`~briefing.readers.document.Kind` where it reads it
(``KIND`` in briefing.readers.text, .html, .json, .feed, .email); :data:`KINDS` lists them,
and the tables by extension and by media type are made from it. :func:`read_document`
unpacks gzip, picks the kind (content first, then extension, then the HTTP content type),
reads, keeps each article within :data:`MAX_ARTICLE_CHARS` and in a language briefing reads.
Adding an input kind is a new module with its ``KIND``, and one entry in :data:`KINDS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from briefing.errors import ArticleError
from briefing.language import unsupported_language
from briefing.models import Article, Skipped
from briefing.readers import email, feed, html, json, text
from briefing.readers.content import COMPRESSED, GZIP_MAGIC, binary_kind, sniff_kind, unpack
from briefing.readers.document import Document, Kind, Part, Pointer, Reader

logger = logging.getLogger(__name__)

#: Every kind of input briefing reads, each declared by its reader.
KINDS: tuple[Kind, ...] = (text.KIND, html.KIND, json.KIND, feed.KIND, email.KIND)

#: Readers by kind name.
READERS: dict[str, Reader] = {kind.name: kind.read for kind in KINDS}
#: Kinds by file extension. ``.gz`` is unpacked and the name inside decides.
EXTENSIONS: dict[str, str] = {
    extension: kind.name for kind in KINDS for extension in kind.extensions
}
#: Kinds by HTTP media type (any other ``text/...`` is read as plain text).
MEDIA_TYPES: dict[str, str] = {media: kind.name for kind in KINDS for media in kind.media_types}

#: The most text of one article the brief reads (about 33,000 words: a long feature is a
#: third of it). Every later stage (language, copies, clusters, summaries, quotes) costs time
#: and memory in proportion to an article's text, so this bounds what one article can cost;
#: the rest of a longer one is left out, and the brief's skipped list says so.
MAX_ARTICLE_CHARS = 200_000

_Read = TypeVar("_Read")


def kind_of(document: Document) -> str:
    """The reader kind for a document (content first, then extension); ArticleError if none."""
    sniffed = sniff_kind(document.data)
    if sniffed == "binary":
        raise ArticleError(f"not an article: the file is {binary_kind(document.data)}")
    if sniffed is not None and sniffed != "gzip":
        return sniffed
    by_extension = EXTENSIONS.get(document.extension)
    if by_extension is not None:
        return by_extension
    if document.content_type:
        by_type = _kind_of_content_type(document.content_type)
        if by_type is not None:
            return by_type
    if not document.data.strip():
        raise ArticleError("empty file")
    if document.extension in ("", ".htm", ".php", ".asp", ".aspx") or document.url:
        return "text"  # no extension (or a URL without one): plain text is the best guess
    kinds = ", ".join(sorted({*EXTENSIONS, COMPRESSED}))
    raise ArticleError(f"unsupported kind of file {document.extension}; briefing reads {kinds}")


def _kind_of_content_type(content_type: str) -> str | None:
    media = content_type.split(";", 1)[0].strip().lower()
    by_type = MEDIA_TYPES.get(media)
    if by_type is None and media.startswith("text/"):
        return "text"  # text/csv, text/markdown...: read as plain text
    return by_type


def read_document(document: Document) -> list[Part]:
    """The articles in one document (and the parts of it skipped); ArticleError if none."""
    if not document.data.strip():
        raise ArticleError("empty file")
    if document.data.startswith(GZIP_MAGIC) or document.extension == COMPRESSED:
        inner_name = document.name[: -len(COMPRESSED)] if document.extension == COMPRESSED else ""
        unpacked = unpack(document.data)
        if unpacked.startswith(GZIP_MAGIC):
            raise ArticleError("a .gz inside a .gz; not read")
        return read_document(
            Document(
                location=document.location,
                name=inner_name or document.name,
                data=unpacked,
                article_id=document.article_id,
                url=document.url,
                content_type=None,
            )
        )
    parts = list(READERS[kind_of(document)](document))
    read: list[Part] = []
    for part in parts:
        if isinstance(part, Article):
            where = document.location if len(parts) == 1 else f"{document.location} ({part.title})"
            part, cut = within_budget(part, where)
            if cut is not None:
                read.append(cut)
            part = _in_a_language_we_read(part, where)
        read.append(part)
    return read


def within_budget(article: Article, where: str) -> tuple[Article, Skipped | None]:
    """The article cut to :data:`MAX_ARTICLE_CHARS` of text, and a note of what was left out.

    Whole paragraphs are kept while they fit; the paragraph that does not is cut at its last
    space that fits. Returns the article as it is, and None, when it fits.
    """
    length = sum(len(paragraph) for paragraph in article.paragraphs)
    if length <= MAX_ARTICLE_CHARS:
        return article, None
    kept: list[str] = []
    room = MAX_ARTICLE_CHARS
    for paragraph in article.paragraphs:
        if len(paragraph) <= room:
            kept.append(paragraph)
            room -= len(paragraph)
            continue
        space = paragraph.rfind(" ", 0, room + 1)
        if space > 0:
            kept.append(paragraph[:space].rstrip())
        elif not kept:  # a word cut in two is worth keeping only when nothing else is
            kept.append(paragraph[:room])
        break
    note = Skipped(
        where,
        f"its text after the first {MAX_ARTICLE_CHARS:,} characters (of {length:,}) is not "
        "read: an article is cut there, to keep the brief's time and memory bounded",
    )
    return replace(article, paragraphs=tuple(kept)), note


def _in_a_language_we_read(article: Article, where: str) -> Article | Skipped:
    reason = unsupported_language(article.text)
    return article if reason is None else Skipped(where, reason)


def guarded(location: str, read: Callable[[], _Read]) -> _Read | Skipped | Pointer:
    """``read()``, or why the input at ``location`` cannot be used: never raises for bad input."""
    try:
        return read()
    except ArticleError as error:
        if error.link is not None:  # the input only links to its article
            return Pointer(location, str(error), error.link)
        return Skipped(location, str(error))
    except RecursionError:
        return Skipped(location, "too deeply nested to read")
    except ImportError:
        raise  # a broken installation, not a broken file
    except Exception as error:
        # A reader failed in a way nobody foresaw: that file is reported, the rest still
        # make the brief, and the traceback is kept for the bug report.
        logger.debug("%s: unexpected error while reading", location, exc_info=True)
        return Skipped(
            location,
            f"could not be read ({type(error).__name__}: {error}); this is a bug in "
            "briefing, please report it with the file",
        )
