"""End to end at scale: `briefing build` on synthetic corpora of 1,000 to 50,000 articles.

    .venv/bin/python benchmarks/pipeline.py                       # 1,000 and 3,000 articles
    .venv/bin/python benchmarks/pipeline.py --sizes 1000 10000    # the issue's target size
    .venv/bin/python benchmarks/pipeline.py --heavy-tail          # one big story (see below)
    .venv/bin/python benchmarks/pipeline.py --both --sizes 1000 10000 50000 --stages
    .venv/bin/python benchmarks/pipeline.py --corpus DIR          # a folder of real articles

Two corpora (benchmarks/corpus.py, fixed seed, written once per size into --work, default
/tmp/briefing-bench): "uniform", small incidents of about five articles each; "heavy", as on a
big news day, 30% of the articles going to incidents ranked by a Pareto(1.2) draw, so the
biggest incident holds about 17% of all articles (1,700 of 10,000).

Each size is a real `briefing build ... --no-history -f pdf -f json` process; the script prints
its wall and CPU seconds (its workers' included), its peak memory (the process and its worker
processes together), and the growth of both times against the smallest size of the same corpus
measured in the same run ("time x", "cpu x": linear growth keeps them close to the ratio of the
sizes; on a shared machine the CPU time is the steadier figure); "biggest" is the brief's
biggest incident (as clustered). Then, in a fresh process, the summaries of the 30 biggest
incidents one after another, as the pipeline makes them: wall and CPU time and the memory added
for the biggest ("summarized" articles), and the times for all 30 ("top-30 s"). For the heavy
tail these are the incidents as the corpus wrote them, whether clustering kept them whole or
not; else those the brief shows.
`--stages` adds a row per size with the wall/CPU seconds of each stage of the pipeline (an
in-process `build_brief` plus `render.write`, as `briefing build` runs them). `--timeout` and
`--limit-gib` bound every child process (address space, as `ulimit -v` does): a run that
breaks a bound is printed as such, and the others go on.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus

from briefing.config import Settings

KINDS = ("uniform", "heavy")
GIB = 1024**3


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


class Limits:
    """Bounds on a child process: wall seconds, and address space (``ulimit -v``)."""

    def __init__(self, seconds: float | None, gib: float | None) -> None:
        self.seconds = seconds
        self.address_space = int(gib * GIB) if gib else None

    def apply(self) -> None:
        """Run in the child before it starts (``preexec_fn``)."""
        if self.address_space:
            resource.setrlimit(resource.RLIMIT_AS, (self.address_space, self.address_space))


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds (its workers' included), peak memory (MiB),
    why it failed (None: it did not) and what it printed (when captured)."""

    seconds: float
    cpu: float
    peak: float
    failure: str | None
    output: str


def run(command: list[str], limits: Limits, *, capture: bool = False) -> Run:
    """Run ``command`` within ``limits``. Its peak memory is the largest sum of the resident
    memory of the process and its worker processes, sampled every 50 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        preexec_fn=limits.apply,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    peak_kib = 0
    failure = None
    while True:
        # Reaped here, not by Popen, to get this child's own resource figures.
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_kib = max(peak_kib, _tree_rss_kib(process.pid))
        if limits.seconds and time.perf_counter() - start > limits.seconds and not failure:
            process.kill()
            failure = f"killed after {limits.seconds:.0f} s"
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read() if process.stdout else ""
    if failure is None and process.returncode != 0:
        failure = f"exit code {process.returncode}"
    # The sampler can miss a short final peak; the kernel's figure for the process itself
    # (not its workers) bounds it from below.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, max(peak_kib, usage.ru_maxrss) / 1024, failure, output)


def corpus_folder(work: Path, kind: str, size: int) -> Path:
    """The folder of ``size`` articles of corpus ``kind``, written on first use."""
    if kind == "uniform":
        folder = work / f"corpus-{size}"  # the name earlier runs used: their corpora are kept
        write: Callable[[Path, int], Any] = Corpus(seed=7).write_articles
    else:
        folder = work / f"corpus-{kind}-{size}"
        write = Corpus(seed=7).write_heavy_tail_articles
    if not (folder / f"article-{size - 1:05d}.txt").exists():
        write(folder, size)
    return folder


def incidents_in_full(brief_json: Path) -> list[list[str]]:
    """Paths of the articles of each incident a written brief.json shows in full, biggest first;
    and the size of its biggest incident of all (as clustered)."""
    brief = json.loads(brief_json.read_text(encoding="utf-8"))
    path_of = {article["id"]: article["path"] for article in brief["articles"]}
    shown = [[path_of[i] for i in incident["articles"]] for incident in brief["incidents"]]
    return sorted(shown, key=len, reverse=True)


def biggest_clustered(brief_json: Path) -> int:
    """The article count of the biggest incident in a written brief.json."""
    brief = json.loads(brief_json.read_text(encoding="utf-8"))
    incidents = [*brief["incidents"], *brief.get("other_incidents", [])]
    return max(len(incident["articles"]) for incident in incidents)


def planted_incidents(folder: Path, size: int, count: int) -> list[list[str]]:
    """Paths of the articles of the ``count`` biggest incidents the heavy-tailed corpus wrote,
    biggest first (what clustering should find)."""
    assignment = Corpus(seed=7).heavy_tail_assignment(size)
    members: dict[int, list[str]] = {}
    for number, incident in enumerate(assignment):
        members.setdefault(incident.number, []).append(str(folder / f"article-{number:05d}.txt"))
    return sorted(members.values(), key=len, reverse=True)[:count]


def summary_child(paths_file: Path) -> None:
    """In a fresh process: read the listed incidents' articles and summarize each, as the
    pipeline does (one after another, stems cached across them); print the biggest one's
    article count, seconds and the MiB of peak memory it added, and the seconds of all."""
    from briefing.config import Settings
    from briefing.dates import chronological_key
    from briefing.readers import collect_inputs, read_files
    from briefing.summarize import summarize_incident

    incidents = json.loads(paths_file.read_text(encoding="utf-8"))
    settings = Settings()
    figures: dict[str, float] = {"seconds all": 0.0, "cpu all": 0.0}
    for number, paths in enumerate(incidents):
        articles, _ = read_files(collect_inputs(paths))
        articles.sort(key=chronological_key)
        before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start, start_cpu = time.perf_counter(), time.process_time()
        summarize_incident(
            articles,
            sentences=settings.sentences,
            summarizer=settings.summarizer,
            language=settings.language,
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        figures["seconds all"] += seconds
        figures["cpu all"] += cpu
        if number == 0:
            added_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kib
            figures.update(articles=len(articles), seconds=seconds, cpu=cpu, mib=added_kib / 1024)
    print(json.dumps(figures))


def stages_child(folder: Path, out: Path, workers: int) -> None:
    """In a fresh process: `briefing build FOLDER -f pdf -f json` as the CLI runs it, printing
    the wall and CPU seconds of each stage (start-up: the imports) as JSON."""
    marks: list[tuple[str, float, float]] = [("start-up", time.perf_counter(), time.process_time())]
    from briefing import render
    from briefing.config import Settings
    from briefing.pipeline import build_brief

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter(), time.process_time()))

    settings = Settings(formats=("pdf", "json"), workers=workers)
    brief = build_brief([folder], settings, on_stage=mark)
    mark("render")
    render.write(brief, out, settings.formats)
    mark("end")
    seconds = {
        name: (end - begin, end_cpu - begin_cpu)
        for (name, begin, begin_cpu), (_, end, end_cpu) in pairwise(marks)
    }
    print(json.dumps(seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--heavy-tail", action="store_true", help="the heavy-tailed corpus")
    kind.add_argument("--both", action="store_true", help="today's corpus, then heavy-tailed")
    kind.add_argument("--corpus", type=Path, help="a folder of real articles instead")
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--scheduler", help="passed to briefing build --scheduler")
    parser.add_argument("--workers", type=int, help="passed to briefing build --workers")
    parser.add_argument("--stages", action="store_true", help="also time each stage")
    parser.add_argument("--timeout", type=float, help="seconds allowed to each child process")
    parser.add_argument("--limit-gib", type=float, help="address space of each child, GiB")
    parser.add_argument("--summary-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages-child", type=Path, nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    extra = ["--scheduler", arguments.scheduler] if arguments.scheduler else []
    if arguments.workers:
        extra += ["--workers", str(arguments.workers)]
    if arguments.summary_child:
        summary_child(arguments.summary_child)
        return
    if arguments.stages_child:
        folder, out = arguments.stages_child
        stages_child(folder, out, arguments.workers or 1)
        return
    limits = Limits(arguments.timeout, arguments.limit_gib)
    kinds = list(KINDS) if arguments.both else ["heavy" if arguments.heavy_tail else "uniform"]
    print(
        f"{'corpus':<8} {'articles':>8} {'seconds':>8} {'cpu s':>7} {'peak MiB':>9} "
        f"{'time x':>7} {'cpu x':>6} {'biggest':>8} | {'summarized':>10} {'s':>6} {'cpu s':>6} "
        f"{'MiB':>5} {'top-30 s':>8} {'cpu s':>6}",
        flush=True,
    )
    for kind_name in ["real"] if arguments.corpus else kinds:
        baseline: Run | None = None
        for size in sorted(arguments.sizes):
            folder = arguments.corpus or corpus_folder(arguments.work, kind_name, size)
            out = arguments.work / f"out-{kind_name}-{size}"
            build = [sys.executable, "-m", "briefing", "build", str(folder), "-o", str(out)]
            # No history: every run is a first day's build, the same work each time.
            build += ["-q", "--no-history", "-f", "pdf", "-f", "json", *extra]
            result = run(build, limits)
            row = f"{kind_name:<8} {size:>8} "
            if result.failure:
                print(f"{row}{'-':>8} {result.peak:>9.0f}  {result.failure}", flush=True)
                continue
            baseline = baseline or result
            row += (
                f"{result.seconds:>8.1f} {result.cpu:>7.1f} {result.peak:>9.0f} "
                f"{result.seconds / baseline.seconds:>7.1f} {result.cpu / baseline.cpu:>6.1f}"
                f" {biggest_clustered(out / 'brief.json'):>8} |"
            )
            # The heavy tail's summaries are timed on its 30 biggest incidents as written,
            # whether or not clustering kept them whole; elsewhere on those the brief shows.
            incidents = (
                planted_incidents(folder, size, Settings().max_incidents)
                if kind_name == "heavy"
                else incidents_in_full(out / "brief.json")
            )
            paths_file = out / "incidents-summarized.json"
            paths_file.write_text(json.dumps(incidents), "utf-8")
            child = [sys.executable, __file__, "--summary-child", str(paths_file)]
            summary_run = run(child, limits, capture=True)
            if summary_run.failure:
                print(f"{row}  summary: {summary_run.failure}", flush=True)
            else:
                summary = json.loads(summary_run.output)
                row += (
                    f" {summary['articles']:>10.0f} {summary['seconds']:>6.2f} "
                    f"{summary['cpu']:>6.2f} {summary['mib']:>5.0f} "
                    f"{summary['seconds all']:>8.2f} {summary['cpu all']:>6.2f}"
                )
                print(row, flush=True)
            if arguments.stages:
                child = [sys.executable, __file__, "--stages-child", str(folder), str(out)]
                child += ["--workers", str(arguments.workers)] if arguments.workers else []
                stages_run = run(child, limits, capture=True)
                stages = stages_run.failure or "  ".join(
                    f"{name} {wall:.1f}/{cpu:.1f}"
                    for name, (wall, cpu) in json.loads(stages_run.output).items()
                )
                print(f"{'':<8} {'stages':>8}  {stages}", flush=True)


if __name__ == "__main__":
    main()
