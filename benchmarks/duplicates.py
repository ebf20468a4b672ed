"""Speed and accuracy: collapsing copies (MinHash/LSH) against checking all pairs, same run.

    .venv/bin/python benchmarks/duplicates.py                  # 1,000 and 3,000; 10,000 ours only
    .venv/bin/python benchmarks/duplicates.py --sizes 500 --all-pairs-up-to 500

For each size: a synthetic corpus (benchmarks/corpus.py, fixed seed) in which one article in
ten gets a copy (another headline and source, and either a paragraph rewritten or the last
fifth cut off, as outlets do with wire copy). "ours" is briefing.dedupe.collapse_duplicates;
"all pairs" is the same exact shingle check run on every pair (the baseline LSH avoids).
Recall is the share of planted copies found; false merges are groups that join articles that
are not copies of each other. Every figure printed is measured; "-" means not measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus

from briefing.dedupe import TokenHashes, are_copies, collapse_duplicates, fingerprint_of
from briefing.models import Article


def corpus_with_copies(size: int, seed: int = 11) -> tuple[list[Article], dict[str, str]]:
    """``size`` articles, about a tenth of them copies; and each copy's original id."""
    corpus = Corpus(seed)
    incidents = corpus.incidents(max(1, size // 5))
    rng = corpus.rng
    articles: list[Article] = []
    original_of: dict[str, str] = {}
    while len(articles) < size:
        number = len(articles)
        text = corpus.article(incidents[rng.randrange(len(incidents))])
        title, _, body = text.partition("\n\n")
        article = Article(
            id=f"a{number:05d}",
            path=f"a{number:05d}.txt",
            title=title,
            paragraphs=tuple(body.strip().split("\n\n")),
        )
        articles.append(article)
        if rng.random() < 0.1 and len(articles) < size:
            paragraphs = list(article.paragraphs)
            if rng.random() < 0.5 and len(paragraphs) > 2:
                index = rng.randrange(len(paragraphs))
                paragraphs[index] = " ".join(corpus.paragraph(incidents[0]))
            else:
                paragraphs = paragraphs[: max(1, len(paragraphs) * 4 // 5)]
            copy = replace(
                article,
                id=f"{article.id}-copy",
                path=f"{article.id}-copy.txt",
                title="Another headline: " + article.title,
                paragraphs=tuple(paragraphs),
                source="Syndicated",
            )
            articles.append(copy)
            original_of[copy.id] = article.id
    return articles, original_of


def all_pairs(articles: list[Article]) -> int:
    """The baseline: fingerprints, then the exact check on every pair; returns pairs found."""
    token_hashes = TokenHashes()
    shingles = [fingerprint_of(article, token_hashes).shingles for article in articles]
    return sum(1 for first, second in combinations(shingles, 2) if are_copies(first, second))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument(
        "--all-pairs-up-to", type=int, default=3000, help="largest size to run all pairs on"
    )
    arguments = parser.parse_args()
    print(
        f"{'articles':>8} {'copies':>6} {'ours s':>8} {'all pairs s':>11} {'ratio':>7} "
        f"{'recall':>7} {'false merges':>12}"
    )
    for size in arguments.sizes:
        articles, original_of = corpus_with_copies(size)
        start = time.perf_counter()
        kept = collapse_duplicates(articles)
        ours = time.perf_counter() - start
        found = sum(
            1
            for article in kept
            for copy in article.copies
            if original_of.get(copy.id) == article.id or original_of.get(article.id) == copy.id
        )
        false_merges = sum(
            1
            for article in kept
            for copy in article.copies
            if original_of.get(copy.id) != article.id and original_of.get(article.id) != copy.id
        )
        baseline = "-"
        ratio = "-"
        if size <= arguments.all_pairs_up_to:
            start = time.perf_counter()
            all_pairs(articles)
            seconds = time.perf_counter() - start
            baseline, ratio = f"{seconds:.2f}", f"{seconds / ours:.0f}x"
        recall = found / len(original_of) if original_of else 1.0
        print(
            f"{size:>8} {len(original_of):>6} {ours:>8.2f} {baseline:>11} {ratio:>7} "
            f"{recall:>7.1%} {false_merges:>12}"
        )


if __name__ == "__main__":
    main()
