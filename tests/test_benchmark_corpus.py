"""The benchmarks' synthetic corpora: the same seed gives the same corpus; the heavy tail is
heavy (one story takes about a sixth of the articles) and its files read like the seeds."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import HEAVY_SHARE, Corpus  # noqa: E402

from briefing.readers.text import read_text_article  # noqa: E402


def test_heavy_tail_assignment_is_the_same_for_the_same_seed() -> None:
    first = Corpus(seed=3).heavy_tail_assignment(2000)
    assert first == Corpus(seed=3).heavy_tail_assignment(2000)
    assert first != Corpus(seed=4).heavy_tail_assignment(2000)


def test_biggest_incident_takes_about_a_sixth_of_all_articles() -> None:
    count = 10_000
    assignment = Corpus(seed=7).heavy_tail_assignment(count)
    sizes = sorted(Counter(incident.number for incident in assignment).values(), reverse=True)
    # Rank 1 of a Pareto(1.2) draw: 1 - 2 ** -1.2 = 56.5% of the heavy 30%, about 17%.
    assert 0.14 * count <= sizes[0] <= 0.20 * count
    assert sizes[1] < sizes[0] / 2  # rank 2: 20% of the heavy share, a third of rank 1
    # The small incidents (numbered first) stay small, as in the uniform corpus, and take
    # the rest of the articles.
    small_incidents = round(count * (1 - HEAVY_SHARE) / 5)
    heavy = sum(1 for incident in assignment if incident.number >= small_incidents)
    assert abs(heavy / count - HEAVY_SHARE) < 0.02
    small_sizes = Counter(i.number for i in assignment if i.number < small_incidents).values()
    assert max(small_sizes) <= 20


def test_uniform_corpus_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    # Speed figures are compared across runs and days: same seed, same files.
    paths = Corpus(seed=7).write_articles(tmp_path / "a", 12)
    again = Corpus(seed=7).write_articles(tmp_path / "b", 12)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]


def test_heavy_tail_files_read_as_dated_articles_of_their_incident(tmp_path: Path) -> None:
    written = Corpus(seed=7).write_heavy_tail_articles(tmp_path, 30, words=120)
    assert len(written) == 30
    for path, incident in written:
        article = read_text_article(path, path.read_text(encoding="utf-8"), path.stem)
        assert article.published is not None
        assert 0 <= (article.published - incident.day).days <= 2
        assert article.place == incident.place
        assert sum(paragraph.count(" ") + 1 for paragraph in article.paragraphs) >= 100
