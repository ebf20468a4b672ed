"""Writing files whole: a reader sees the old content or the new, never half or a mix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import files


def test_a_write_interrupted_midway_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF old")

    def exploding_replace(source: str, destination: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefing.files.os.replace", exploding_replace)
    with pytest.raises(OSError):
        files.write_atomic(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_a_folder_written_again_holds_only_the_new_files(tmp_path: Path) -> None:
    folder = tmp_path / "2024-03-31"
    files.write_folder(folder, {"brief.html": b"<p>old</p>", "brief.pdf": b"%PDF old"})
    written = files.write_folder(folder, {"brief.html": b"<p>new</p>"})
    assert written == [folder / "brief.html"]
    assert sorted(path.name for path in folder.iterdir()) == ["brief.html"]
    assert (folder / "brief.html").read_bytes() == b"<p>new</p>"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2024-03-31"]


def test_a_set_switches_every_file_at_once_and_keeps_the_one_before(tmp_path: Path) -> None:
    for day in ("monday", "tuesday", "wednesday"):
        files.write_set(tmp_path, {"brief.json": day.encode(), "brief.html": day.encode()})
    assert (tmp_path / "brief.json").read_bytes() == b"wednesday"
    assert os.readlink(tmp_path / "brief.html") == ".brief/current/brief.html"
    sets = [path for path in (tmp_path / ".brief").iterdir() if not path.is_symlink()]
    assert len(sets) == files.SETS_KEPT
    assert b"wednesday" in {(path / "brief.json").read_bytes() for path in sets}


def test_a_format_not_written_again_is_gone_from_the_folder(tmp_path: Path) -> None:
    files.write_set(tmp_path, {"brief.json": b"{}", "brief.pdf": b"%PDF"})
    files.write_set(tmp_path, {"brief.json": b"{ }"})
    assert not (tmp_path / "brief.pdf").exists() and not (tmp_path / "brief.pdf").is_symlink()
    assert (tmp_path / "brief.json").read_bytes() == b"{ }"
