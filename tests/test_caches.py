"""One way to clear every memo: the same results after, and nothing of the last run kept."""

from __future__ import annotations

from pathlib import Path

from briefing import caches, cluster, stemming
from briefing.readers import read_inputs
from briefing.summarize import summarize_incident

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _memo_sizes() -> dict[str, int]:
    return {
        "terms": cluster._term_of.cache_info().currsize,
        "chunks": sum(len(terms) for terms in cluster._CHUNK_TERMS.values()),
        "stemmers": stemming.stem_for.cache_info().currsize,
    }


def test_clear_empties_the_memos_of_clustering_and_stemming_and_changes_no_result() -> None:
    articles, _ = read_inputs([SEEDS])
    incidents = cluster.cluster_articles(articles, window_days=7, threshold=0.12)
    biggest = max(incidents, key=lambda incident: len(incident.article_ids))
    members = [article for article in articles if article.id in biggest.article_ids]
    summary = summarize_incident(members, sentences=3, summarizer="lexrank")
    assert all(size > 0 for size in _memo_sizes().values()), _memo_sizes()
    caches.clear()
    assert _memo_sizes() == {"terms": 0, "chunks": 0, "stemmers": 0}
    assert cluster.cluster_articles(articles, window_days=7, threshold=0.12) == incidents
    assert summarize_incident(members, sentences=3, summarizer="lexrank") == summary


def test_a_memo_made_with_memoised_is_cleared_and_computes_again() -> None:
    calls: list[str] = []

    @caches.memoised(maxsize=None)
    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert shout("calm") == shout("calm") == "CALM"
    assert calls == ["calm"]
    caches.clear()
    assert shout.cache_info().currsize == 0
    assert shout("calm") == "CALM"
    assert calls == ["calm", "calm"]
