"""The candidate pool: a bounded choice of a big incident's sentences, made in linear time, and
the exact near-duplicate index that never compares all pairs."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from briefing.models import Article
from briefing.pool import (
    NearDuplicateIndex,
    PoolFeatures,
    PoolSignal,
    RoughSentence,
    choose_pool,
    more_rough_sentences_than,
    rough_spans,
)


def _article(number: int, *paragraphs: str) -> Article:
    return Article(
        id=f"a{number}", path=f"a{number}.txt", title=f"Report {number}", paragraphs=paragraphs
    )


def _texts(articles: list[Article], pool: list[RoughSentence]) -> list[str]:
    return [articles[p.article].paragraphs[p.paragraph][p.start : p.end].strip() for p in pool]


def _anything(text: str) -> bool:
    return True


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))


def _filler(rng: random.Random, words: int = 12) -> str:
    """A sentence of made-up words, no figure: unrelated to any other such sentence."""
    return " ".join(_word(rng) for _ in range(words)).capitalize() + "."


# --- rough sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "One sentence. Another one! A third? “A quote.” Then (a bracket.) more",
        "A line\nanother line\n\nafter a blank line.",
        "No stop at all",
        "Dots... and ellipses… and !!!!!!!!!! and .......",
        "",
    ],
)
def test_rough_spans_tile_the_paragraph(paragraph: str) -> None:
    spans = rough_spans(paragraph)
    assert "".join(paragraph[start:end] for start, end in spans) == paragraph
    assert all(start < end for start, end in spans)


def test_rough_spans_cut_after_stops_and_at_line_breaks() -> None:
    paragraph = "Troops moved in. “We will stay,” he said. Nobody knew why\nA new line"
    pieces = [paragraph[start:end].strip() for start, end in rough_spans(paragraph)]
    assert pieces == [
        "Troops moved in.",
        "“We will stay,” he said.",
        "Nobody knew why",
        "A new line",
    ]


def test_counting_rough_sentences_stops_at_the_limit() -> None:
    articles = [_article(n, "One. Two. Three.") for n in range(10)]
    assert more_rough_sentences_than(articles, 29)
    assert not more_rough_sentences_than(articles, 30)


# --- the exact near-duplicate index --------------------------------------------------------


def _brute_force(first: frozenset[str], second: frozenset[str], size_filter: bool) -> bool:
    if not first or not second:
        return False
    shared = len(first & second)
    near = shared / len(first | second) >= 0.7
    smaller, larger = sorted((len(first), len(second)))
    return near and (not size_filter or smaller >= 0.7 * larger)


@pytest.mark.parametrize("size_filter", [False, True])
def test_index_finds_exactly_the_near_sets_brute_force_finds(size_filter: bool) -> None:
    rng = random.Random(5)
    vocabulary = [f"t{n}" for n in range(40)]
    sets: list[frozenset[str]] = []
    for _ in range(300):
        if sets and rng.random() < 0.5:  # a variant of an earlier set: many near pairs
            base = set(rng.choice(sets))
            for _ in range(rng.randint(0, 3)):  # a token or two swapped, dropped or added
                if base and rng.random() < 0.5:
                    base.discard(rng.choice(sorted(base)))
                if rng.random() < 0.7:
                    base.add(rng.choice(vocabulary))
            sets.append(frozenset(base))
        else:
            sets.append(frozenset(rng.sample(vocabulary, rng.randint(0, 14))))
    frequency: dict[str, int] = {}
    for words in sets:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    index = NearDuplicateIndex[int](frequency, 0.7, size_filter=size_filter)
    near_found = 0
    for number, words in enumerate(sets):
        expected = any(_brute_force(words, sets[earlier], size_filter) for earlier in range(number))
        found = index.find(words)
        assert (found is not None) == expected, number
        if found is not None:
            assert _brute_force(words, sets[found], size_filter)
            near_found += 1
        index.add(number, words)
    assert near_found > 30  # the case the prefix filter must not miss was tried many times


def test_index_counts_a_jaccard_of_exactly_the_threshold_as_near() -> None:
    ten = frozenset(f"w{n}" for n in range(10))
    seven_of_ten = frozenset(f"w{n}" for n in range(7))  # 7 / 10 = 0.7
    index = NearDuplicateIndex[str]({}, 0.7)
    index.add("ten", ten)
    assert index.find(seven_of_ten) == "ten"
    assert index.find(frozenset(f"w{n}" for n in range(6))) is None  # 0.6
    assert index.find(frozenset()) is None


def test_pairs_of_sets_a_prefix_filter_could_miss_are_found() -> None:
    # Every pair of small sets over a few tokens, in both orders of frequency.
    tokens = ["a", "b", "c", "d", "e"]
    subsets = [frozenset(c) for size in range(1, 6) for c in combinations(tokens, size)]
    for frequency in ({t: n for n, t in enumerate(tokens)}, {t: -n for n, t in enumerate(tokens)}):
        for first in subsets:
            index = NearDuplicateIndex[int](frequency, 0.7)
            index.add(0, first)
            for second in subsets:
                assert (index.find(second) is not None) == _brute_force(first, second, False)


# --- choosing the pool ------------------------------------------------------------------


def test_pool_holds_at_most_its_size_in_article_order() -> None:
    rng = random.Random(1)
    articles = [_article(n, *(_filler(rng) for _ in range(6))) for n in range(40)]
    pool = choose_pool(articles, 50, _anything)
    assert len(pool) == 50
    keys = [(p.article, p.paragraph, p.start) for p in pool]
    assert keys == sorted(keys) and len(set(keys)) == 50


def test_a_sentence_many_articles_carry_takes_one_place_first() -> None:
    rng = random.Random(2)
    wire = "Rescuers pulled {} survivors from the collapsed school in the northern town overnight."
    articles = []
    for n in range(200):
        paragraphs = [_filler(rng) for _ in range(5)]
        if n % 3 == 1:  # a third of the articles carry the wire sentence, a figure changed
            paragraphs.insert(3, wire.format(10 + n % 4))
        articles.append(_article(n, *paragraphs))
    pool = choose_pool(articles, 30, _anything)
    texts = _texts(articles, pool)
    carried = [text for text in texts if text.startswith("Rescuers pulled")]
    assert len(carried) == 1
    first = next(p for p in pool if _texts(articles, [p])[0] in carried)
    assert first.article == 1  # where it appears first


def test_leads_come_before_later_sentences() -> None:
    rng = random.Random(3)
    articles = [_article(n, *(_filler(rng) for _ in range(10))) for n in range(100)]
    pool = choose_pool(articles, 200, _anything)
    positions = [p.paragraph for p in pool]  # one sentence per paragraph here
    assert sum(1 for position in positions if position < 3) >= 0.4 * 200
    # Leads are taken across the incident, not only from its first articles.
    leading = sorted(p.article for p in pool if p.paragraph == 0)
    assert leading[0] < 10 and leading[-1] > 90


def test_sentences_rejected_as_furniture_take_no_place() -> None:
    rng = random.Random(4)
    articles = [
        _article(n, "Read more: the latest news.", *(_filler(rng) for _ in range(4)))
        for n in range(30)
    ]
    pool = choose_pool(articles, 40, lambda text: not text.startswith("Read more"))
    texts = _texts(articles, pool)
    assert len(pool) == 40 and not any(text.startswith("Read more") for text in texts)


def test_thousands_of_near_identical_sentences_are_one_group() -> None:
    paragraphs = tuple(
        f"The gauge at the river station read {n} centimetres at noon on the day."
        for n in range(5000)
    )
    articles = [Article(id="a", path="a.txt", title="Readings", paragraphs=paragraphs)]
    pool = choose_pool(articles, 100, _anything)
    assert len(pool) <= 3  # MinHash might split the group once or twice, never into thousands
    assert pool[0].paragraph == 0


def test_a_new_signal_plugs_in() -> None:
    rng = random.Random(6)
    articles = [
        _article(n, *(_filler(rng) for _ in range(8)), "Magnitude " + _filler(rng).lower())
        for n in range(50)
    ]
    ordinary = choose_pool(articles, 20, _anything)
    assert not any(text.startswith("Magnitude") for text in _texts(articles, ordinary))

    def last_sentences(features: PoolFeatures) -> np.ndarray:
        return np.where(features.position == 8, 1.0, np.nan)

    signals = (PoolSignal("last", 0.5, last_sentences), PoolSignal("rest", 1.0, _rest))
    with_signal = choose_pool(articles, 20, _anything, signals)
    assert sum(1 for t in _texts(articles, with_signal) if t.startswith("Magnitude")) == 10
    assert len(with_signal) == 20


def _rest(features: PoolFeatures) -> np.ndarray:
    return -features.position.astype(np.float64)


def test_the_same_pool_every_time() -> None:
    rng = random.Random(7)
    articles = [_article(n, *(_filler(rng) for _ in range(5))) for n in range(60)]
    assert choose_pool(articles, 70, _anything) == choose_pool(articles, 70, _anything)
