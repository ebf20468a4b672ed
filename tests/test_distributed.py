"""Spreading the per-article stages: local worker processes (``workers``) and a Dask
LocalCluster (``--scheduler``) give the same brief as one process."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing import Settings, build_brief, pipeline
from briefing.distributed import dask_map, process_map
from briefing.parallel import MapFunction
from briefing.serialize import brief_to_json

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2023, 9, 30, 7, 0, tzinfo=UTC)


def test_dask_local_cluster_gives_the_same_brief_as_one_process(tmp_path: Path) -> None:
    inputs = [ROOT / "seeds", ROOT / "tests/data/corpora/clusters", ROOT / "tests/data/bad"]
    local = build_brief(inputs, Settings(), now=NOW)
    with dask_map("local", workers=2) as distributed_map:
        spread = build_brief(inputs, Settings(), now=NOW, map_function=distributed_map)
    assert brief_to_json(spread) == brief_to_json(local)
    assert spread.skipped  # broken files are reported from the workers too


def test_worker_processes_give_the_same_brief_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = [ROOT / "seeds", ROOT / "tests/data/corpora/clusters", ROOT / "tests/data/bad"]
    local = build_brief(inputs, Settings(), now=NOW)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_INPUTS", 1)
    started: list[int] = []

    def counting_process_map(workers: int) -> AbstractContextManager[MapFunction]:
        started.append(workers)
        return process_map(workers)

    monkeypatch.setattr("briefing.distributed.process_map", counting_process_map)
    spread = build_brief(inputs, Settings(workers=2), now=NOW)
    assert started == [2]
    assert brief_to_json(spread) == brief_to_json(local)
    assert spread.skipped


def test_without_the_option_nothing_of_dask_is_imported(tmp_path: Path) -> None:
    arguments = ["build", str(ROOT / "seeds"), "-o", str(tmp_path), "-f", "json", "-q"]
    script = (
        "import sys\n"
        "from briefing.cli import app\n"
        "try:\n"
        f"    app({arguments!r})\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "loaded = [name for name in sys.modules if name.split('.')[0] in ('dask', 'distributed')]\n"
        "print(sorted(loaded))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "build",
            str(ROOT / "seeds"),
            "-o",
            str(tmp_path),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )
    assert completed.returncode == 2
    assert "cannot reach the Dask scheduler" in completed.stderr
    assert "Traceback" not in completed.stderr
