"""Start-up: CPU seconds of ``briefing --help`` and ``--version``, against baselines in one run.

    .venv/bin/python benchmarks/startup.py            # 7 runs of each, medians
    .venv/bin/python benchmarks/startup.py --runs 15

CPU time (user + system, of the child process, from ``resource.getrusage``) is less noisy than
wall time on a shared machine. Baselines, measured in the same run and in turn with the
commands: a bare interpreter (``python -c pass``, the floor), and importing the whole stack as
every command did before imports were made lazy (the pipeline, the renderer, the mail). The
target is under 0.3 s of CPU for ``--help`` and ``--version``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys

TARGET_S = 0.3

COMMANDS: dict[str, list[str]] = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "import the whole stack (before)": [
        sys.executable,
        "-c",
        "import briefing.pipeline, briefing.render, briefing.deliver, briefing.serve",
    ],
    "briefing --help": [sys.executable, "-m", "briefing", "--help"],
    "briefing --version": [sys.executable, "-m", "briefing", "--version"],
    "briefing build --help": [sys.executable, "-m", "briefing", "build", "--help"],
}


def cpu_seconds(command: list[str]) -> float:
    """The CPU time (user + system) one run of ``command`` took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):  # interleaved, so drift in the machine's speed hits all alike
        for name, command in COMMANDS.items():
            samples[name].append(cpu_seconds(command))
    floor = statistics.median(samples["python -c pass (floor)"])
    before = statistics.median(samples["import the whole stack (before)"])
    print(f"{'command':<34} {'CPU s':>7} {'x floor':>8} {'x before':>9}  target")
    for name, values in samples.items():
        median = statistics.median(values)
        verdict = ""
        if name.startswith("briefing") and "build" not in name:
            verdict = "ok" if median < TARGET_S else f"OVER {TARGET_S} s"
        print(f"{name:<34} {median:7.3f} {median / floor:8.1f} {median / before:9.2f}  {verdict}")


if __name__ == "__main__":
    main()
