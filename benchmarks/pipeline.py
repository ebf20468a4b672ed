"""End to end at scale: `briefing build` on 1,000 / 3,000 / 10,000 synthetic articles.

    .venv/bin/python benchmarks/pipeline.py                      # 1,000 and 3,000 articles
    .venv/bin/python benchmarks/pipeline.py --sizes 1000 10000   # the issue's target size
    .venv/bin/python benchmarks/pipeline.py --corpus DIR         # a folder of real articles

Each size is a real `briefing build ... -f pdf -f json` process; the script prints its wall
time, its peak memory, the time per article, and the growth against the smallest size measured
in the same run (the baseline): linear growth keeps "time x" close to "articles x".
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


def run(folder: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `briefing build` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, "-m", "briefing", "build", str(folder), "-o", str(out), "-q"),
            *("-f", "pdf", "-f", "json", *extra),
        ],
        check=True,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: measure sizes in increasing order.
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--corpus", type=Path, help="a folder of real articles instead")
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--scheduler", help="passed to briefing build --scheduler")
    arguments = parser.parse_args()
    extra = ["--scheduler", arguments.scheduler] if arguments.scheduler else []
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
