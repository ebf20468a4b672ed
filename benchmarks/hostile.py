"""Hostile articles, end to end: time and peak memory of `briefing build` per MB of each shape.

    .venv/bin/python benchmarks/hostile.py                 # a 10 MB article of each shape
    .venv/bin/python benchmarks/hostile.py --mb 2 20       # two sizes: the growth shows
    .venv/bin/python benchmarks/hostile.py --shapes abbreviations one-line

Each row is one real `briefing build -f pdf -f json` process over two seed articles and one
hostile article of the shape (a normal headline and lead, then the shape for the rest of the
size): wall time and peak resident memory of the process, and both per MB of hostile text
after subtracting the baseline (the same two seeds alone, measured first in the same run, so
the figures are what the hostile text adds). The "junk files" shape is not an article but a
folder of that many empty files, one megabyte standing for a thousand files. Every child is
bounded by --timeout and an address space of --limit-gib (as `ulimit -v`): a run that breaks
a bound is printed as such. The shapes are those of issue 14.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1024 * 1024
GIB = 1024**3

_LEAD = (
    "Officials in the river town of Brenn said on Monday that the flood barrier held overnight "
    "and that the water had begun to fall, although the main road stays closed until engineers "
    "have checked the bridge.\n\n"
)


def _repeated(piece: str) -> Callable[[Path, int], None]:
    def write(folder: Path, size: int) -> None:
        body = (piece * (size // len(piece) + 1))[:size]
        (folder / "hostile.txt").write_text(f"Flood barrier holds in Brenn\n\n{_LEAD}{body}\n")

    return write


def _similar_paragraphs(folder: Path, size: int) -> None:
    paragraphs, length, number = [], 0, 0
    while length < size:
        paragraph = f"The river rose {number} centimetres overnight at the Brenn gauge.\n\n"
        paragraphs.append(paragraph)
        length += len(paragraph)
        number += 1
    (folder / "hostile.txt").write_text("Flood barrier holds in Brenn\n\n" + "".join(paragraphs))


def _long_subject(folder: Path, size: int) -> None:
    # Written by hand: the email module takes minutes to fold a header of megabytes itself.
    subject = ("Flood warning for the valley " * (size // 29 + 1))[:size].strip()
    (folder / "hostile.eml").write_bytes(
        (
            "From: Valley Desk <desk@valley.example>\r\n"
            f"Subject: {subject}\r\nDate: Mon, 3 Jun 2024 07:00:00 +0000\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + _LEAD * 3
        ).encode()
    )


def _junk_files(folder: Path, size: int) -> None:
    junk = folder / "junk"
    junk.mkdir()
    for number in range(size * 1000 // MB):
        (junk / f"{number:06d}.txt").write_bytes(b"")


SHAPES: dict[str, Callable[[Path, int], None]] = {
    "similar-paragraphs": _similar_paragraphs,
    "abbreviations": _repeated("Mr. U.S. Gen. "),
    "short-quotations": _repeated("“Yes,” "),
    "quote-marks": _repeated('"“”'),
    "one-line": _repeated("the council met on monday and agreed a budget for the harbour "),
    "no-spaces": _repeated("x.y,z;"),
    "one-long-word": _repeated("floodwater"),
    "capitalised-run": _repeated("Minister "),
    "email-subject": _long_subject,
    "junk-files": _junk_files,
}

_RUNNER = """
import resource, runpy, sys
sys.argv = ["briefing", "build", *sys.argv[1:]]
try:
    runpy.run_module("briefing", run_name="__main__")
except SystemExit as done:
    code = done.code or 0
else:
    code = 0
print(f"PEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}", file=sys.stderr)
sys.exit(code)
"""


def _run(folder: Path, timeout: float, limit: int) -> tuple[str, float, int]:
    """('ok' or what went wrong, seconds, peak bytes) of one build of ``folder``."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    out = folder / "out"
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(folder), "--out", str(out), "-q",
             "-f", "pdf", "-f", "json", "--as-of", "2024-06-04"],
            capture_output=True, text=True, timeout=timeout, check=False, preexec_fn=bounded,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return f"timed out ({timeout:g} s)", time.perf_counter() - started, 0
    seconds = time.perf_counter() - started
    peaks = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    peak = int(peaks[-1].split()[1]) if peaks else 0
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1 - bool(peaks)]
        status = "killed (memory?)" if done.returncode < 0 else f"exit {done.returncode}"
        return f"{status}: {last[:60]}", seconds, peak
    if "Traceback" in done.stderr:
        return "traceback", seconds, peak
    return "ok", seconds, peak


def _folder(work: Path, name: str) -> Path:
    folder = work / name
    folder.mkdir()
    for seed in ("000_a387850a4e64ecec.txt", "003_b5c0204ef33dd5d7.txt"):
        shutil.copy(SEEDS / seed, folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[10.0], help="sizes in MB")
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per build")
    parser.add_argument("--limit-gib", type=float, default=6.0, help="address space per build")
    args = parser.parse_args()
    limit = int(args.limit_gib * GIB)
    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as work_dir:
        work = Path(work_dir)
        status, base_seconds, base_peak = _run(_folder(work, "baseline"), args.timeout, limit)
        print(
            f"baseline (two seeds alone): {base_seconds:.1f} s, {base_peak / MB:.0f} MiB, {status}"
        )
        print(
            f"{'shape':20} {'MB':>5} {'seconds':>8} {'peak MiB':>9} {'s/MB':>6} "
            f"{'MiB/MB':>7}  outcome"
        )
        for name in args.shapes:
            for megabytes in args.mb:
                folder = _folder(work, f"{name}-{megabytes:g}")
                SHAPES[name](folder, int(megabytes * MB))
                status, seconds, peak = _run(folder, args.timeout, limit)
                extra_seconds = max(seconds - base_seconds, 0.0) / megabytes
                extra_mib = max(peak - base_peak, 0) / MB / megabytes
                print(
                    f"{name:20} {megabytes:5g} {seconds:8.1f} {peak / MB:9.0f} "
                    f"{extra_seconds:6.2f} {extra_mib:7.1f}  {status}",
                    flush=True,
                )
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
