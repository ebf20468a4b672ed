"""End to end at scale: `briefing build` on 1,000 / 3,000 / 10,000 synthetic articles.

    .venv/bin/python benchmarks/pipeline.py                      # 1,000 and 3,000 articles
    .venv/bin/python benchmarks/pipeline.py --sizes 1000 10000   # the issue's target size
    .venv/bin/python benchmarks/pipeline.py --corpus DIR         # a folder of real articles

Each size is a real `briefing build ... -f pdf -f json` process; the script prints its wall
time, its peak memory (the process and its worker processes together), the time per article,
and the growth against the smallest size measured in the same run (the baseline): linear
growth keeps "time x" close to "articles x". `--workers 1` keeps the build in one process.
Corpora are written once per size into --work (default /tmp/briefing-bench) from a fixed seed.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants (worker processes), in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run(folder: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one `briefing build` run: the largest sum of the
    resident memory of the process and its worker processes, sampled every 50 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "briefing", "build", str(folder), "-o", str(out), "-q"),
            *("-f", "pdf", "-f", "json", *extra),
        ]
    )
    peak_kib = 0
    while process.poll() is None:
        peak_kib = max(peak_kib, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"briefing build failed with exit code {process.returncode}")
    # The sampler can miss a short final peak; the kernel's own figure for the largest
    # single process bounds it from below.
    largest_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak_kib, largest_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--corpus", type=Path, help="a folder of real articles instead")
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--scheduler", help="passed to briefing build --scheduler")
    parser.add_argument(
        "--workers", type=int, help="passed to briefing build --workers (default: one per core)"
    )
    arguments = parser.parse_args()
    extra = ["--scheduler", arguments.scheduler] if arguments.scheduler else []
    if arguments.workers:
        extra += ["--workers", str(arguments.workers)]
    print(
        f"{'articles':>8} {'seconds':>8} {'peak MiB':>9} {'ms/article':>10} {'articles x':>10} "
        f"{'time x':>7}"
    )
    baseline: tuple[int, float] | None = None
    for size in sorted(arguments.sizes):
        if arguments.corpus:
            folder = arguments.corpus
        else:
            folder = arguments.work / f"corpus-{size}"
            if not (folder / f"article-{size - 1:05d}.txt").exists():
                Corpus(seed=7).write_articles(folder, size)
        seconds, peak = run(folder, arguments.work / f"out-{size}", extra)
        baseline = baseline or (size, seconds)
        print(
            f"{size:>8} {seconds:>8.1f} {peak:>9.0f} {1000 * seconds / size:>10.1f} "
            f"{size / baseline[0]:>10.1f} {seconds / baseline[1]:>7.1f}"
        )


if __name__ == "__main__":
    main()
