"""The figures of ``../shared/eval`` (public news labelled outside this project), computed once.

``score.py`` there builds two briefs (Giveme5W1H clusters, PolNeAR quotes) and scores them; this
module runs the same builds once and scores them three ways (all, half A, half B) with the
scorer's own functions, imported from its file, so the floors in ``tests/test_eval_floors.py``
and the table printed by ``benchmarks/quality.py`` are exactly what ``score.py`` prints.
``score_summaries.py`` (DUC 2004, ROUGE against human summaries) is run as it is, once, and its
per-group details averaged over all groups and each half (:func:`summary_scores`).

The data is read at run time and never copied into the project. Where it lives:
``$BRIEFING_EVAL_DIR``, else ``../shared/eval`` beside the repository.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HALVES: tuple[str | None, ...] = (None, "A", "B")


def eval_dir() -> Path:
    """Where the labelled public news is (it may not exist on a user's machine)."""
    configured = os.environ.get("BRIEFING_EVAL_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "eval"


def briefing_executable() -> Path:
    """The ``briefing`` command of the environment running this code."""
    return Path(sys.executable).with_name("briefing")


def _scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("briefing_external_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class ExternalScores:
    """score.py's result dictionaries, by half (``None``: everything)."""

    clusters: dict[str | None, dict[str, Any]]
    quotes: dict[str | None, dict[str, Any]]


def external_scores(executable: Path | None = None, folder: Path | None = None) -> ExternalScores:
    """Build both sets once with ``briefing build`` and score them on all, half A and half B."""
    folder = folder or eval_dir()
    scorer = _scorer(folder)
    exe = str(executable or briefing_executable())
    cluster_gold = json.loads((folder / "clusters" / "gold.json").read_text(encoding="utf-8"))
    quote_gold = json.loads((folder / "quotes" / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="briefing-external-") as tmp:
        cluster_out, quote_out = Path(tmp) / "clusters", Path(tmp) / "quotes"
        cluster_out.mkdir()
        quote_out.mkdir()
        # Both builds at once, one per core, with score.py's own options and dates.
        clusters_in, quotes_in = folder / "clusters" / "articles", folder / "quotes" / "articles"
        cluster_build = scorer.build(exe, clusters_in, cluster_out, "2018-02-07")
        quote_build = scorer.build(exe, quotes_in, quote_out, "2016-11-09")
        cluster_brief = scorer.finish(cluster_build, cluster_out, "clusters")
        quote_brief = scorer.finish(quote_build, quote_out, "quotes")
    clusters: dict[str | None, dict[str, Any]] = {}
    quotes: dict[str | None, dict[str, Any]] = {}
    for half in HALVES:
        scorer.__dict__["HALF"] = half  # score.py's module-level switch
        clusters[half] = scorer.score_clusters(cluster_brief, cluster_gold, False)
        # score_quotes rewrites the gold items it is given: hand it fresh copies each time.
        quotes[half] = scorer.score_quotes(quote_brief, [dict(g) for g in quote_gold], False)
    scorer.__dict__["HALF"] = None
    return ExternalScores(clusters, quotes)


def format_external(scores: ExternalScores) -> str:
    """The figures as a table: one row per measure, columns all / half A / half B."""
    rows = [
        ("clusters, all events, BCubed F1", "clusters", "f1"),
        ("clusters, event-level subset, F1", "clusters", "ev_f1"),
        ("clusters, 7-day windows, F1", "clusters", "w_f1"),
        ("clusters, all events, precision", "clusters", "p"),
        ("clusters, all events, recall", "clusters", "r"),
        ("direct quotes, named, precision", "quotes", "p"),
        ("direct quotes, named, recall", "quotes", "r"),
    ]
    lines = [f"{'measure':<34} {'all':>6} {'half A':>7} {'half B':>7}"]
    for label, kind, key in rows:
        by_half = scores.clusters if kind == "clusters" else scores.quotes
        values = " ".join(f"{by_half[half][key]:>6.3f} " for half in HALVES)
        lines.append(f"{label:<34} {values}")
    return "\n".join(lines)


#: The DUC 2004 systems score_summaries.py prints, by the names it gives them.
SUMMARY_SYSTEMS = {
    "whole group": "briefing (no clustering)",
    "through build": "briefing",
    "sumy lexrank": "sumy lexrank",
    "lead-3": "lead-3",
}


def summary_scores(
    executable: Path | None = None, folder: Path | None = None, limit: int = 0
) -> dict[str | None, dict[str, dict[str, float]]]:
    """DUC 2004 ROUGE F1 of our summaries and of the baselines, all from one run of
    ``score_summaries.py`` (``limit``: only its first groups, in sorted order).

    Returns, by half (None: all groups; "A": the even-numbered ones in sorted order, on
    which briefing.selection was tuned; "B": the odd-numbered), each system of
    :data:`SUMMARY_SYSTEMS` -> {"rouge1", "rouge2"} averaged over the groups."""
    folder = folder or eval_dir()
    exe = str(executable or briefing_executable())
    with tempfile.TemporaryDirectory(prefix="briefing-duc-") as tmp:
        details = Path(tmp) / "details.json"
        command = [
            sys.executable,
            str(folder / "score_summaries.py"),
            exe,
            "--details",
            str(details),
        ]
        if limit:
            command += ["--limit", str(limit)]
        subprocess.run(command, check=True, capture_output=True, text=True, cwd=tmp)
        per_group = json.loads(details.read_text(encoding="utf-8"))
    groups = sorted(per_group)
    chosen: dict[str | None, list[str]] = {
        None: groups,
        "A": groups[0::2],
        "B": groups[1::2],
    }
    return {
        half: {
            system: {
                key: statistics.fmean(per_group[g]["scores"][name][key] for g in members)
                for key in ("rouge1", "rouge2")
            }
            for system, name in SUMMARY_SYSTEMS.items()
        }
        for half, members in chosen.items()
    }


def format_summaries(scores: dict[str | None, dict[str, dict[str, float]]]) -> str:
    """The DUC figures as a table: one row per system, ROUGE-1 and -2 on all and each half."""
    lines = [f"{'system':<16} {'R1 all':>7} {'R2 all':>7} {'R2 A':>6} {'R2 B':>6}"]
    for system in SUMMARY_SYSTEMS:
        every = scores[None][system]
        lines.append(
            f"{system:<16} {every['rouge1']:>7.3f} {every['rouge2']:>7.3f} "
            f"{scores['A'][system]['rouge2']:>6.3f} {scores['B'][system]['rouge2']:>6.3f}"
        )
    ratio = scores[None]["whole group"]["rouge2"] / scores[None]["sumy lexrank"]["rouge2"]
    lines.append(f"whole-group ROUGE-2 / sumy LexRank's: {ratio:.2f}x")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_external(external_scores()))
