"""One big incident: the time to summarize it, and how good the pooled summary is.

    .venv/bin/python benchmarks/big_incident.py                   # 1,700 articles, sample 150
    .venv/bin/python benchmarks/big_incident.py --articles 5000 --sample 150
    .venv/bin/python benchmarks/big_incident.py --folder DIR      # the .txt articles of DIR

The incident is written by benchmarks/corpus.py (one incident, seed-like articles of about 600
words, fixed seed) or read from a folder, in date order. Ranking every sentence of it is out of
reach (a 1,700-article incident has about 46,000 sentences; sumy's LexRank on them would take
hours, its similarity matrix 17 GB), so quality is checked where an exact run is possible: on
an evenly spaced sample of ``--sample`` articles, larger than the pool, LexRank is run on every
sentence ("exact") and on the pool ("pooled"), and both are compared with what the pooled
summary of the whole incident chose ("pooled, all").

Each summary's five sentences are scored against the whole incident: "centrality" is a
chosen sentence's mean TF-IDF cosine similarity (stemmed words, stop words left out) to every
sentence of the incident, "degree" the share of the incident's sentences it is similar to
above LexRank's threshold (0.1), both averaged over the five; "same as exact" counts the
sentences also in the exact summary of the sample; "seconds" and "cpu s" are the wall and
CPU time of each summary (on a shared machine the CPU time is the steadier). Lead-5 (the
first article's first five sentences) and five sentences drawn at random are the floors.
Every figure printed is measured.

`--duc` checks the pool on real news instead: DUC 2004 task 2 (``../shared/eval/summaries``,
50 groups of 10 newswire articles, about 250 sentences each, needs ``rouge-score``), each group
summarized whole as one incident, as ``score_summaries.py`` does for "briefing (no
clustering)", once on every sentence and once with pools far smaller than the group, so that
the pool must choose. ROUGE F1 against the four human summaries, averaged; N sentences, N the
median sentence count of the references (split by briefing.text here).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus

from briefing.dates import chronological_key
from briefing.errors import ArticleError
from briefing.models import Article
from briefing.readers import collect_inputs, read_files
from briefing.readers.text import read_text_article
from briefing.summarize import summarize_incident
from briefing.text import iter_sentences

_WORD = re.compile(r"[^\W\d_]+")
EXACT = sys.maxsize


def incident_articles(count: int, seed: int) -> list[Article]:
    """``count`` articles of one synthetic incident, read as the pipeline reads them."""
    corpus = Corpus(seed)
    incident = corpus.incidents(1)[0]
    articles = [
        read_text_article(f"article-{n:05d}.txt", corpus.article(incident), f"article-{n:05d}")
        for n in range(count)
    ]
    return sorted(articles, key=chronological_key)


class Centrality:
    """TF-IDF vectors of every sentence of an incident, to score chosen sentences against."""

    def __init__(self, articles: Sequence[Article]) -> None:
        stem = Stemmer("english")
        stop_words = get_stop_words("english")
        stems: dict[str, str] = {}
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        self.texts: list[str] = []
        for article in articles:
            for _, raw in iter_sentences(article.paragraphs):
                words = [w.lower() for w in _WORD.findall(raw) if w.lower() not in stop_words]
                for word in words:
                    if word not in stems:
                        stems[word] = stem(word)
                    rows.append(len(self.texts))
                    cols.append(vocabulary.setdefault(stems[word], len(vocabulary)))
                self.texts.append(raw.strip())
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(self.texts), len(vocabulary))
        )
        counts.sum_duplicates()
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log(len(self.texts) / frequency)
        weighted = sparse.csr_matrix(counts @ sparse.diags(idf))
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        self.vectors = sparse.csr_matrix(sparse.diags(1 / norms) @ weighted)
        self.row_of = {text: row for row, text in reversed(list(enumerate(self.texts)))}

    def score(self, texts: Sequence[str]) -> tuple[float, float]:
        """Mean cosine to every sentence, and the share above 0.1, averaged over ``texts``."""
        chosen = self.vectors[[self.row_of[text] for text in texts]]
        similarity = (self.vectors @ chosen.T).toarray()
        return float(similarity.mean()), float((similarity > 0.1).mean())


def timed_summary(
    articles: Sequence[Article], pool_size: int | None
) -> tuple[tuple[float, float], list[str]]:
    """The summary's wall and CPU seconds (the steadier figure on a shared machine), and its
    sentences."""
    start, start_cpu = time.perf_counter(), time.process_time()
    summary = summarize_incident(articles, sentences=5, summarizer="lexrank", pool_size=pool_size)
    seconds = (time.perf_counter() - start, time.process_time() - start_cpu)
    return seconds, [sentence.text for sentence in summary]


def duc(pool_sizes: Sequence[int]) -> None:
    """ROUGE of whole-group summaries of DUC 2004 with every sentence and with small pools."""
    import json
    import statistics

    from external import eval_dir
    from rouge_score import rouge_scorer

    from briefing.text import split_sentences

    data = eval_dir() / "summaries"
    gold: dict[str, list[str]] = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    sizes: list[int | None] = [EXACT, *pool_sizes]
    scores: dict[int | None, list[tuple[float, float]]] = {size: [] for size in sizes}
    counts = []
    for group in sorted(gold):
        paths = sorted((data / "articles" / group).glob("*.txt"), key=lambda p: int(p.stem[1:]))
        articles = []
        for path in paths:
            try:
                articles.append(read_text_article(path, path.read_text("utf-8"), path.stem))
            except ArticleError:  # skipped by `briefing build` too
                continue
        counts.append(sum(1 for a in articles for _ in iter_sentences(a.paragraphs)))
        n = max(1, round(statistics.median(len(split_sentences(r)) for r in gold[group])))
        for size in sizes:
            chosen = summarize_incident(articles, sentences=n, summarizer="lexrank", pool_size=size)
            prediction = "\n".join(sentence.text for sentence in chosen)
            results = [scorer.score(reference, prediction) for reference in gold[group]]
            scores[size].append(
                (
                    statistics.fmean(r["rouge1"].fmeasure for r in results),
                    statistics.fmean(r["rouge2"].fmeasure for r in results),
                )
            )
    print(
        f"DUC 2004 task 2: {len(gold)} groups, sentences per group: median "
        f"{statistics.median(counts):.0f}, min {min(counts)}, max {max(counts)}"
    )
    print(f"{'pool':<10} {'R1':>6} {'R2':>6}")
    for size in sizes:
        r1 = statistics.fmean(r for r, _ in scores[size])
        r2 = statistics.fmean(r for _, r in scores[size])
        print(f"{'every' if size == EXACT else size:<10} {r1:>6.3f} {r2:>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1700)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--folder", type=Path, help="a folder of .txt articles instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--duc", type=int, nargs="*", metavar="POOL", help="DUC 2004 with these pool sizes"
    )
    arguments = parser.parse_args()
    if arguments.duc is not None:
        duc(arguments.duc or [150, 80, 40])
        return
    if arguments.folder:
        articles, _ = read_files(collect_inputs([arguments.folder]))
        articles.sort(key=chronological_key)
    else:
        articles = incident_articles(arguments.articles, arguments.seed)
    step = max(1, len(articles) // arguments.sample)
    sample = articles[::step][: arguments.sample]
    centrality = Centrality(articles)
    print(
        f"{len(articles)} articles, {len(centrality.texts)} sentences; "
        f"sample: {len(sample)} articles, "
        f"{sum(1 for a in sample for _ in iter_sentences(a.paragraphs))} sentences"
    )
    runs: list[tuple[str, tuple[float, float] | None, list[str]]] = []
    seconds, exact = timed_summary(sample, EXACT)
    runs.append(("exact, sample", seconds, exact))
    runs.append(("pooled, sample", *timed_summary(sample, None)))
    runs.append(("pooled, all", *timed_summary(articles, None)))
    runs.append(
        ("lead-5", None, [raw.strip() for _, raw in iter_sentences(articles[0].paragraphs)][:5])
    )
    runs.append(("random 5", None, random.Random(arguments.seed).sample(centrality.texts, 5)))
    print(
        f"{'summary':<16} {'seconds':>8} {'cpu s':>6} {'centrality':>10} {'degree':>7} "
        f"{'same as exact':>13}"
    )
    for name, seconds_taken, texts in runs:
        mean, degree = centrality.score(texts)
        same = len(set(texts) & set(exact))
        shown = (
            f"{seconds_taken[0]:>8.2f} {seconds_taken[1]:>6.2f}"
            if seconds_taken is not None
            else f"{'-':>8} {'-':>6}"
        )
        print(f"{name:<16} {shown} {mean:>10.4f} {degree:>7.3f} {same:>11}/5")


if __name__ == "__main__":
    main()
