"""Reading inputs: files and folders in, Articles out, and every unusable input explained.

``read_inputs`` walks what it is given (folders recursively, in sorted order, hidden entries
skipped, symlink loops survived), decodes each file, and hands it to the reader registered for
its kind. One broken file becomes a :class:`~briefing.models.Skipped` entry and a warning; the
rest still make the brief.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from briefing.errors import ArticleError, InputError
from briefing.models import Article, Skipped
from briefing.readers.text import read_text_article

logger = logging.getLogger(__name__)

#: Reads one decoded file into articles. ``article_id`` is the id for a one-article file;
#: a file with several articles numbers them ``<article_id>-1``, ``-2``...
Reader = Callable[[Path, str, str], list[Article]]

#: ``map(function, items)``: the builtin, or an executor's, to spread work over processes.
MapFunction = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]

#: The largest file read; bigger ones are reported, not loaded into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


def _read_text(path: Path, text: str, article_id: str) -> list[Article]:
    return [read_text_article(path, text, article_id)]


#: Readers by file extension. Adding an input kind is one entry here.
READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".md": _read_text,
}


@dataclass(frozen=True)
class _Candidate:
    path: Path
    named: bool  # given by the user by name, not found in a folder


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Files under ``folder``, sorted, following symlinks but never around a loop."""
    try:
        status = folder.stat()
    except OSError:
        return
    key = (status.st_dev, status.st_ino)
    if key in seen:
        logger.warning("%s: folder already read (a symlink loop?); not read again", folder)
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        logger.warning("%s: cannot list folder: %s", folder, error.strerror)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path


def _candidates(inputs: Sequence[str | Path]) -> Iterator[_Candidate]:
    seen: set[tuple[int, int]] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for found in _walk(path, seen):
                yield _Candidate(found, named=False)
        else:
            yield _Candidate(path, named=True)


_DECLARED_CHARSET = re.compile(rb"""charset=["']?([\w.:-]+)""", re.IGNORECASE)


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), else a declared or sniffed encoding.

    Raises ArticleError for empty files, binary data and text no encoding explains.
    """
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleError(f"broken {encoding} text at byte {error.start}") from error
    if b"\x00" in data[:8192]:
        raise ArticleError("not text: the file holds binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise ArticleError("not text: no character encoding fits (binary data?)")
    try:
        text = data.decode(best.encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise ArticleError(f"not text: cannot decode as {best.encoding}") from error
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if control > 0.01 * min(len(text), 20000):
        raise ArticleError("not text: the file holds binary data")
    return text


class _Ids:
    """Article ids from file stems, made unique deterministically (``name``, ``name-2``...)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, stem: str) -> str:
        candidate, number = stem, 1
        while candidate in self._used:
            number += 1
            candidate = f"{stem}-{number}"
        self._used.add(candidate)
        return candidate


def read_file(path: Path, article_id: str) -> list[Article]:
    """Read one file with the reader for its kind; ArticleError says why it cannot be used."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(sorted(READERS))
        raise ArticleError(
            f"unsupported kind of file {path.suffix or '(no extension)'}; briefing reads {kinds}"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(
                f"too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB)"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as error:
        raise ArticleError("the file disappeared while it was being read") from error
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror or error}") from error
    return reader(path, decode_text(data), article_id)


@dataclass(frozen=True)
class InputFile:
    """One file to read, with the article id it will get."""

    path: Path
    article_id: str


def collect_inputs(inputs: Sequence[str | Path]) -> list[InputFile]:
    """The files to read, in order, each with a unique id (``name``, ``name-2``...).

    Files met inside folders whose kind briefing does not read are passed over quietly (a
    folder of saved pages has images and scripts too); a file named explicitly is kept, to be
    reported. Raises InputError for a path that does not exist.
    """
    ids = _Ids()
    files = []
    for candidate in _candidates(inputs):
        path = candidate.path
        if path.suffix.lower() not in READERS and not candidate.named:
            logger.debug("%s: not an article file; passed over", path)
            continue
        files.append(InputFile(path, ids.claim(path.stem)))
    return files


def read_input(item: InputFile) -> list[Article] | Skipped:
    """Read one input file: its articles, or why it cannot be used. Never raises for bad
    input, so it can run on a worker process of a distributed scheduler."""
    try:
        return read_file(item.path, item.article_id)
    except ArticleError as error:
        return Skipped(str(item.path), str(error))


def read_inputs(
    inputs: Sequence[str | Path], *, map_function: MapFunction | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Articles from files and folders, and the inputs that could not be used, with why.

    ``map_function`` (like the builtin ``map``, the default) may spread the reading over
    processes or machines; the result is the same. Raises InputError for a missing path.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for outcome in (map_function or map)(read_input, collect_inputs(inputs)):
        if isinstance(outcome, Skipped):
            logger.warning("%s: skipped: %s", outcome.path, outcome.error)
            skipped.append(outcome)
        else:
            articles.extend(outcome)
    return articles, skipped
