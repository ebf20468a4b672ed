"""What to read: the files, folders and URLs given, walked into a list of inputs with ids.

:func:`collect_inputs` walks folders recursively (sorted, hidden entries skipped, symlink
loops survived, a saved page's ``_files`` folder passed over), keeps URLs for the fetcher,
and gives each input a unique article id from its name. Nothing is read here.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from briefing.errors import InputError
from briefing.readers.content import COMPRESSED
from briefing.readers.fetch import without_credentials
from briefing.readers.registry import EXTENSIONS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputFile:
    """One input to read (a file, or a URL when ``url`` is set), with its article id.

    ``error`` is set for an input known to be unusable before it is read (a folder that
    cannot be listed): it is reported as skipped, with that reason.
    """

    path: Path
    article_id: str
    url: str | None = None
    error: str | None = None

    @property
    def location(self) -> str:
        """The input as a report names it (a URL without its password)."""
        return str(self.path) if self.url is None else without_credentials(self.url)


def is_url(item: str | Path) -> bool:
    """``item`` names an http(s) page, not a file."""
    return isinstance(item, str) and item.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class _Candidate:
    path: Path
    named: bool  # given by the user by name, not found in a folder
    error: str | None = None  # why it cannot be read at all (a folder that cannot be listed)


def _is_known(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == COMPRESSED:
        suffix = Path(path.stem).suffix.lower()
    return suffix in EXTENSIONS


@dataclass(frozen=True)
class _Folder:
    """A folder found inside a folder: to be walked next."""

    path: Path


@dataclass(frozen=True)
class _Unlisted:
    """A folder that could not be listed, and why: a skipped input like an unreadable file."""

    path: Path
    error: str


def _listing(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | _Folder | _Unlisted]:
    """One folder's entries, sorted: its files, its subfolders to walk, or why it cannot be."""
    try:
        status = folder.stat()
        key = (status.st_dev, status.st_ino)
        if key in seen:
            logger.warning("%s: folder already read (a symlink loop?); not read again", folder)
            return
        seen.add(key)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield _Unlisted(
            folder, f"cannot list this folder ({error.strerror or error}); its files are not read"
        )
        return
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            # A browser's "Save page, complete" puts the page's images, scripts and frames in
            # "<page>_files" beside "<page>.html": parts of a page, never articles.
            stem = entry.name.removesuffix("_files")
            if stem != entry.name and (f"{stem}.html" in names or f"{stem}.htm" in names):
                logger.debug("%s: a saved page's resources; passed over", path)
                continue
            yield _Folder(path)
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | _Unlisted]:
    """Files under ``folder``, sorted, following symlinks but never around a loop.

    Depth first with a stack of listings, not by recursion: a folder tree thousands of levels
    deep is walked like any other (the file system's limit on a path's length ends it, and the
    folder past that limit is reported as unlisted).
    """
    listings = [_listing(folder, seen)]
    while listings:
        for found in listings[-1]:
            if isinstance(found, _Folder):
                listings.append(_listing(found.path, seen))
                break
            yield found
        else:
            listings.pop()


def _candidates(inputs: Sequence[str | Path]) -> Iterator[_Candidate]:
    seen: set[tuple[int, int]] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for found in _walk(path, seen):
                if isinstance(found, _Unlisted):
                    yield _Candidate(found.path, named=True, error=found.error)
                else:
                    yield _Candidate(found, named=False)
        else:
            yield _Candidate(path, named=True)


class Ids:
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


def id_stem(path: PurePosixPath | Path) -> str:
    """The article id a file name gives: the name without its extensions, made safe."""
    name = path.name
    for suffix in (COMPRESSED, *EXTENSIONS):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "article"


def collect_inputs(inputs: Sequence[str | Path]) -> list[InputFile]:
    """The inputs to read, in order, each with a unique id (``name``, ``name-2``...).

    Files met inside folders whose kind briefing does not read are passed over quietly (a
    folder of saved pages has images and scripts too); a file named explicitly is kept, to be
    read by its content or reported. Raises InputError for a path that does not exist.
    """
    ids = Ids()
    files: list[InputFile] = []
    urls: list[str] = []
    paths: list[str | Path] = []
    for item in inputs:
        (urls if is_url(item) else paths).append(item)  # type: ignore[arg-type]
    for candidate in _candidates(paths):
        path = candidate.path
        if candidate.error is not None:
            files.append(InputFile(path, "", error=candidate.error))
            continue
        if not _is_known(path) and not candidate.named:
            logger.debug("%s: not an article file; passed over", path)
            continue
        files.append(InputFile(path, ids.claim(id_stem(path))))
    for url in urls:
        try:
            parts = urlsplit(url)
            url_path = PurePosixPath(parts.path or "/")
            stem = id_stem(url_path) if url_path.name else parts.hostname or "page"
        except ValueError:  # a broken address: the fetch reports it as a skipped input
            url_path, stem = PurePosixPath("/"), "page"
        files.append(InputFile(Path(url_path.name or "index.html"), ids.claim(stem), url=url))
    return files
