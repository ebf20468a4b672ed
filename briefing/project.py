"""``briefing init DIR``: a project folder a desk can run every day, as ``mkdocs new`` makes one.

It holds a commented ``briefing.toml`` (inputs, ``out``, ``[send]``, ``[smtp]``,
``[schedule]``), a few sample articles in ``news/`` (invented: ``briefing.toml`` says so; the
articles themselves read as news, so the sample brief looks like a real one) and a
``templates/`` folder whose ``brief.html`` extends the built-in one with a logo. In that
folder, ``briefing build``, ``send``, ``serve`` and ``schedule`` need no arguments.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from briefing.errors import InputError

SAMPLE = "sample"


def _files(folder: Traversable, prefix: Path) -> list[tuple[Path, bytes]]:
    found: list[tuple[Path, bytes]] = []
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.startswith((".", "__")):
            continue
        if item.is_dir():
            found.extend(_files(item, prefix / item.name))
        else:
            found.append((prefix / item.name, item.read_bytes()))
    return found


def sample_files() -> list[tuple[Path, bytes]]:
    """The project template: (relative path, content) of every file ``init`` writes."""
    return _files(resources.files("briefing") / SAMPLE, Path())


def make_project(folder: Path) -> list[Path]:
    """Write the project template into ``folder`` (created if missing); returns the paths.

    Refuses, writing nothing, when any of the files is there already: an existing project's
    settings and templates are never overwritten.
    """
    files = sample_files()
    existing = [folder / name for name, _ in files if (folder / name).exists()]
    if existing:
        raise InputError(
            f"{existing[0]} exists already: briefing init writes only into a new or empty "
            "project folder"
        )
    written = []
    try:
        for name, data in files:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    except OSError as error:
        raise InputError(f"cannot write {folder}: {error.strerror or error}") from error
    return written
