"""Writing files so that a reader never sees half of one: one file, a folder, a set of files.

Each write goes to a temporary name beside its target and is synced to disk before one rename
puts it in place, so a power cut or a full disk leaves the old content or the new, never a mix.
Used by render (the brief's files), deliver (the day's archive folder) and mail (a message
written to a file instead of sent).
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

logger = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Make a folder's new entries (a rename, a link) last through a power cut."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (name -> content) into the new folder ``folder``, each synced to disk."""
    for name, data in files.items():
        with open(folder / name, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(folder / name, 0o644)
    os.chmod(folder, 0o755)
    fsync_folder(folder)


def write_folder(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> content) as the folder ``folder``, whole or not at all.

    They are written into a new folder beside it, which then takes its place: a reader sees
    the old folder or the new one (for an instant between two renames, none), never old files
    beside new ones, and a write that fails leaves the old folder as it was. Returns the paths.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=folder.parent))
    retired = fresh.with_name(fresh.name.removesuffix(".new") + ".old")
    try:
        write_files(fresh, files)
        if folder.exists():
            os.rename(folder, retired)
        os.rename(fresh, folder)
        fsync_folder(folder.parent)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if retired.exists() and not folder.exists():
            os.rename(retired, folder)  # the old folder back in its place
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return [folder / name for name in files]


class _NoSymlinks(Exception):
    """The file system cannot hold symbolic links (FAT, some network shares)."""


def _link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target``, replacing what is there in one rename."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.link")
    try:
        os.symlink(target, temporary)
    except OSError as error:
        if error.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            raise _NoSymlinks from error
        raise
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


#: Sets kept in ``OUT/.brief/``: the current one and the one before it, so that a reader
#: who opened the previous set's folder just before the switch can finish reading it.
SETS_KEPT = 2


def write_set(out_dir: Path, files: Mapping[str, bytes], *, stem: str = "brief") -> list[Path]:
    """Write the files of one brief (``brief.pdf``, ...) into ``out_dir`` as a whole.

    They are written into a new folder ``out_dir/.brief/<set>/``; then one rename points the
    link ``out_dir/.brief/current`` at it. ``out_dir/brief.pdf`` and the others are links to
    ``.brief/current/brief.pdf`` and so on, so whoever opens them gets the files of the old
    brief or of the new one, never some of each, and a write that fails half way (a full
    disk) leaves the old brief as it was. (A reader who must have two files of one set
    opens them through the folder the ``current`` link names.) Formats not written this
    time are gone from the new set. Where the file system has no symbolic links, each file is
    replaced on its own, atomically. Returns the paths in ``out_dir``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    sets = out_dir / f".{stem}"
    current = sets / "current"
    try:
        sets.mkdir(exist_ok=True)
        _adopt_loose_files(out_dir, sets, stem)
        fresh = Path(tempfile.mkdtemp(prefix="set-", dir=sets))
        try:
            write_files(fresh, files)
            for name in files:  # new names dangle until the switch: the old set has none
                if not (out_dir / name).is_symlink():
                    _link(out_dir / name, f".{stem}/current/{name}")
            _link(current, fresh.name)
        except BaseException:
            if not current.is_symlink() or os.readlink(current) != fresh.name:
                shutil.rmtree(fresh, ignore_errors=True)
            raise
        fsync_folder(sets)
        fsync_folder(out_dir)
    except _NoSymlinks:
        logger.warning("%s: no symbolic links here; each file is replaced on its own", out_dir)
        for name, data in files.items():
            write_atomic(out_dir / name, data)
        return [out_dir / name for name in files]
    _tidy(out_dir, sets, stem, set(files), fresh.name)
    return [out_dir / name for name in files]


def _adopt_loose_files(out_dir: Path, sets: Path, stem: str) -> None:
    """Turn a brief written as plain files (by an older briefing) into the first set.

    Its files are linked into a set and then replaced, one by one, by links that show the
    very same content, so the switch to the new brief is a single rename like any other.
    """
    if (sets / "current").is_symlink():
        return
    loose = [
        path
        for path in sorted(out_dir.glob(f"{stem}.*"))
        if path.is_file() and not path.is_symlink()
    ]
    if not loose:
        return
    first = Path(tempfile.mkdtemp(prefix="set-", dir=sets))
    for path in loose:
        try:
            os.link(path, first / path.name)
        except OSError:
            shutil.copy2(path, first / path.name)
    fsync_folder(first)
    _link(sets / "current", first.name)
    for path in loose:
        _link(path, f".{stem}/current/{path.name}")


def _tidy(out_dir: Path, sets: Path, stem: str, names: set[str], fresh: str) -> None:
    """After a switch: drop links to files the new set lacks, and sets older than SETS_KEPT."""
    for path in out_dir.glob(f"{stem}.*"):
        ours = path.is_symlink() and os.readlink(path) == f".{stem}/current/{path.name}"
        if path.name not in names and ours:
            path.unlink(missing_ok=True)
    others = sorted(
        (
            folder
            for folder in sets.iterdir()
            if folder.is_dir() and not folder.is_symlink() and folder.name != fresh
        ),
        key=lambda folder: folder.stat().st_mtime,
    )
    for folder in others[: max(len(others) - (SETS_KEPT - 1), 0)]:
        shutil.rmtree(folder, ignore_errors=True)
