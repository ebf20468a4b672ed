"""Reading every input: the batch loop, spread over processes, and links followed after it.

:func:`read_inputs` reads files, folders and URLs (see briefing.readers.inputs for what is
read, briefing.readers.registry for how one document is read). One broken input becomes a
:class:`~briefing.models.Skipped` entry and a warning; the rest still make the brief. With
``follow_links`` the parts that only point to their article (a
:class:`~briefing.readers.document.Pointer`) are fetched and read after the batch
(briefing.readers.links). Every text read is made fit to show (no lone surrogates, no
characters that spoof the display), and article ids are unique in the result.
"""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Sequence
from dataclasses import fields, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.parallel import MapFunction
from briefing.readers.document import MAX_FILE_BYTES, Document, Part, Pointer
from briefing.readers.fetch import FetchOptions, fetch_document
from briefing.readers.inputs import Ids, InputFile, collect_inputs
from briefing.readers.links import read_links
from briefing.readers.registry import guarded, read_document

logger = logging.getLogger(__name__)


def read_file(path: Path, article_id: str) -> list[Part]:
    """Read one file with the reader for its kind; ArticleError says why it cannot be used."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise ArticleError("a folder where a file was expected")
        if not stat.S_ISREG(status.st_mode):
            # Opening a named pipe waits for a writer that may never come.
            raise ArticleError("not a regular file (a pipe, socket or device); not read")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(
                f"too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB)"
            )
        with path.open("rb") as handle:
            # Read what stat() promised (read(n) reserves n bytes up front), and more only if
            # the file grew since.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except FileNotFoundError as error:
        raise ArticleError("the file disappeared while it was being read") from error
    except IsADirectoryError as error:
        raise ArticleError("a folder where a file was expected") from error
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror or error}") from error
    if len(data) > MAX_FILE_BYTES:
        raise ArticleError("grew past the size limit while it was being read")
    return read_document(Document(str(path), path.name, data, article_id))


def read_input(
    item: InputFile, fetch_options: FetchOptions | None = None
) -> list[Part] | Skipped | Pointer:
    """Read one input: its articles (and parts skipped), or why it cannot be used at all.

    Never raises for bad input, so it can run on a worker process of a distributed scheduler.
    ``fetch_options`` are used for URLs.
    """
    if item.error is not None:
        return Skipped(item.location, item.error)
    if item.url is not None:
        url = item.url
        return guarded(
            item.location,
            lambda: read_document(
                fetch_document(url, item.article_id, fetch_options or FetchOptions())
            ),
        )
    return guarded(item.location, lambda: read_file(item.path, item.article_id))


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    map_function: MapFunction | None = None,
    fetch_options: FetchOptions | None = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Articles from files, folders and URLs, and the inputs that could not be used, with why.

    ``map_function`` (like the builtin ``map``, the default) may spread the reading over
    processes or machines; the result is the same. Raises InputError for a missing path.
    ``follow_links`` reads the pages that feed entries and export items only link to.
    """
    return read_files(
        collect_inputs(inputs),
        map_function=map_function,
        fetch_options=fetch_options,
        follow_links=follow_links,
    )


def read_files(
    files: Sequence[InputFile],
    *,
    map_function: MapFunction | None = None,
    fetch_options: FetchOptions | None = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Read what :func:`collect_inputs` found: the articles, and the inputs skipped, with why.

    Article ids are unique in the result: an id met twice (a feed ``news`` has entry
    ``news-1``, and a file is called ``news-1.txt``) gets ``-2``, ``-3`` in reading order.
    """
    ids = Ids()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    pointers: list[Pointer] = []  # parts that only link to an article, to follow
    reader = partial(read_input, fetch_options=fetch_options)
    for item, outcome in zip(files, (map_function or map)(reader, files), strict=True):
        outcomes: Sequence[Part] = [outcome] if isinstance(outcome, Skipped | Pointer) else outcome
        parts = [_safe_to_show(part) for part in outcomes]
        found = [_with_unique_id(part, ids) for part in parts if isinstance(part, Article)]
        left = [part for part in parts if not isinstance(part, Article)]
        if follow_links:
            pointers += [part for part in left if isinstance(part, Pointer)]
            left = [part for part in left if not isinstance(part, Pointer)]
        elif not found and len(left) > 1 and all(isinstance(part, Pointer) for part in left):
            # A feed of headlines is one line in the report, not fifty.
            left = [
                Skipped(
                    item.location,
                    f"no article text in it: all {len(left)} of its entries only link to "
                    "their pages (--follow-links reads the pages)",
                )
            ]
        reported = [part.skipped() if isinstance(part, Pointer) else part for part in left]
        articles += found
        for part in reported:
            _report(part, follow_links)
        skipped += reported
    if pointers:
        linked, unread = read_links(pointers, files, fetch_options)
        articles += [_with_unique_id(_safe_to_show(article), ids) for article in linked]
        unread = [_safe_to_show(part) for part in unread]
        for part in unread:
            _report(part, follow_links)
        skipped += unread
    return articles, skipped


def _report(part: Skipped, following: bool) -> None:
    hint = " (--follow-links reads the page)" if part.link and not following else ""
    logger.warning("%s: skipped: %s%s", part.path, part.error, hint)


#: Half of a UTF-16 surrogate pair, alone: JSON can say "\ud800", UTF-8 cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters that change how text around them is shown without being seen themselves:
#: bidirectional embeddings, overrides, isolates and marks (an RLO makes a quote read
#: backwards), zero-width spaces and joiners, the word joiner, invisible operators, the byte
#: order mark, and tag characters. From an article they can only mislead; briefing reads
#: English, which needs none of them.
_INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)

_Part = TypeVar("_Part", bound=Part)


def _shown_safely(text: str) -> str:
    return _INVISIBLE.sub("", _SURROGATE.sub("\ufffd", text))


def _safe_to_show(part: _Part) -> _Part:
    """The part with every text field fit to be written and shown: each lone surrogate
    replaced by U+FFFD (UTF-8 cannot hold it), and characters that spoof the display removed,
    in HTML, JSON and PDF alike (every text the brief shows comes from these fields)."""
    values = {field.name: getattr(part, field.name) for field in fields(part)}
    texts = [value for value in values.values() if isinstance(value, str)]
    for value in values.values():
        if isinstance(value, tuple):
            texts += [item for item in value if isinstance(item, str)]
    joined = "".join(texts)
    if joined.isascii():  # the usual case, checked in no time
        return part
    try:
        joined.encode("utf-8")
        if not _INVISIBLE.search(joined):
            return part
    except UnicodeEncodeError:
        pass
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            changes[name] = _shown_safely(value)
        elif isinstance(value, tuple) and any(isinstance(item, str) for item in value):
            changes[name] = tuple(
                _shown_safely(item) if isinstance(item, str) else item for item in value
            )
    return replace(part, **changes)


def _with_unique_id(article: Article, ids: Ids) -> Article:
    unique = ids.claim(article.id)
    return article if unique == article.id else replace(article, id=unique)
