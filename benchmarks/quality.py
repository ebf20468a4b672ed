"""Quality benchmark: clustering BCubed F1 and quote precision/recall against hand-made gold.

Run: ``.venv/bin/python benchmarks/quality.py`` (or ``make bench``). Gold lives in
``tests/data/gold/`` (clusters.json, quotes.json); corpora in ``tests/data/corpora/`` and
``seeds/``. Then the figures on public news labelled outside the project (``../shared/eval``,
see ``benchmarks/external.py``), on all articles and on each half, and the summaries' ROUGE on
DUC 2004 beside plain sumy LexRank and Lead-3 from the same run. Every change to a method
should move these numbers, not guesses.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from external import (  # noqa: E402
    eval_dir,
    external_scores,
    format_external,
    format_summaries,
    summary_scores,
)
from metrics import bcubed  # noqa: E402
from quote_metrics import score_quotes  # noqa: E402

from briefing.cluster import cluster_articles  # noqa: E402
from briefing.config import Settings  # noqa: E402
from briefing.dedupe import collapse_duplicates  # noqa: E402
from briefing.quotes import extract_quotes  # noqa: E402
from briefing.readers import read_inputs  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
CORPORA = ROOT / "tests" / "data" / "corpora"


def corpus_folder(name: str, kind: str) -> Path:
    return ROOT / "seeds" if name == "seeds" else CORPORA / kind / name


def clustering_scores(settings: Settings) -> list[tuple[str, float, float, float]]:
    gold = json.loads((GOLD / "clusters.json").read_text(encoding="utf-8"))["corpora"]
    rows = []
    every_article, every_gold = [], []
    for name, groups in gold.items():
        articles, _ = read_inputs([corpus_folder(name, "clusters")])
        incidents = cluster_articles(
            articles,
            window_days=settings.cluster_window_days,
            threshold=settings.cluster_threshold,
        )
        rows.append((name, *bcubed([i.article_ids for i in incidents], groups)))
        every_article.extend(articles)
        every_gold.extend(groups)
    # All corpora in one pile: incidents must not merge across them either.
    incidents = cluster_articles(
        every_article,
        window_days=settings.cluster_window_days,
        threshold=settings.cluster_threshold,
    )
    rows.append(("all together", *bcubed([i.article_ids for i in incidents], every_gold)))
    rows.append(("mixed pile", *mixed_pile_scores(settings)))
    return rows


def mixed_pile_scores(settings: Settings) -> tuple[float, float, float]:
    """The pile of issue 5 (every input kind, bad files too), read and de-duplicated as the
    pipeline does; articles in no labelled group are incidents of their own."""
    gold = json.loads((GOLD / "mixed.json").read_text(encoding="utf-8"))
    articles, _ = read_inputs([ROOT / folder for folder in gold["inputs"]])
    articles = collapse_duplicates(articles)
    incidents = cluster_articles(
        articles,
        window_days=settings.cluster_window_days,
        threshold=settings.cluster_threshold,
    )
    labelled = [list(group) for group in gold["incidents"]]
    grouped = {article_id for group in labelled for article_id in group}
    labelled += [[article.id] for article in articles if article.id not in grouped]
    return bcubed([incident.article_ids for incident in incidents], labelled)


def quote_scores() -> tuple[float, float, int]:
    gold = json.loads((GOLD / "quotes.json").read_text(encoding="utf-8"))["articles"]
    articles, _ = read_inputs([ROOT / "seeds", CORPORA / "quotes"])
    predicted = {
        article.id: [
            {"speaker": quote.speaker, "text": quote.text, "kind": quote.kind}
            for quote in extract_quotes(article)
        ]
        for article in articles
        if article.id in gold
    }
    precision, recall = score_quotes(predicted, gold)
    return precision, recall, sum(len(quotes) for quotes in gold.values())


def main() -> None:
    settings = Settings()
    print(
        f"Clustering (BCubed), threshold {settings.cluster_threshold}, "
        f"window {settings.cluster_window_days} days"
    )
    print(f"{'corpus':<14} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, precision, recall, f1 in clustering_scores(settings):
        print(f"{name:<14} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}")
    precision, recall, count = quote_scores()
    print()
    print(f"Quotes (right text and right speaker), {count} gold quotes")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    print()
    if (eval_dir() / "score.py").is_file():
        print(f"Public labelled news ({eval_dir()}: Giveme5W1H clusters, PolNeAR test quotes)")
        print(format_external(external_scores()))
    else:
        print(f"Public labelled news: not found at {eval_dir()} (set BRIEFING_EVAL_DIR)")
    if (eval_dir() / "score_summaries.py").is_file():
        print()
        print("Summaries on DUC 2004 task 2 (50 groups of 10 articles, ROUGE F1 against 4 human")
        print("summaries; whole group: our selection on all 10 articles as one incident; through")
        print("build: the biggest incident of `briefing build`; all from one run)")
        print(format_summaries(summary_scores()))


if __name__ == "__main__":
    main()
