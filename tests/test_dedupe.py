"""Collapsing copies of one story: exact, near and cut copies go; different stories stay."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from briefing.dedupe import collapse_duplicates
from briefing.models import Article
from briefing.readers import read_inputs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    articles, _ = read_inputs([SEEDS])
    return articles


def _copy(article: Article, article_id: str, **changes: object) -> Article:
    return replace(article, id=article_id, path=f"{article_id}.txt", **changes)  # type: ignore[arg-type]


def test_different_stories_are_all_kept(seeds: list[Article]) -> None:
    # Seeds 000 and 002 report the same offensive but are written independently.
    assert collapse_duplicates(seeds) == seeds


def test_a_page_saved_twice_becomes_one_article_listing_the_other(seeds: list[Article]) -> None:
    twice = _copy(seeds[1], "saved-again")
    collapsed = collapse_duplicates([*seeds, twice])
    assert [article.id for article in collapsed] == [article.id for article in seeds]
    kept = collapsed[1]
    assert [copy.id for copy in kept.copies] == ["saved-again"]
    assert kept.copies[0].path == "saved-again.txt"


def test_syndicated_copy_with_another_headline_and_an_edit_is_collapsed(
    seeds: list[Article],
) -> None:
    original = seeds[0]
    paragraphs = list(original.paragraphs)
    paragraphs[-1] = "The outlet added a closing line of its own to the wire copy."
    syndicated = _copy(
        original,
        "syndicated",
        title="A different headline for the same wire story",
        paragraphs=tuple(paragraphs),
        source="Another Outlet",
        url="https://another.example/story",
    )
    collapsed = collapse_duplicates([syndicated, *seeds])
    assert len(collapsed) == len(seeds)
    kept = next(article for article in collapsed if article.copies)
    assert {kept.id, *(copy.id for copy in kept.copies)} == {original.id, "syndicated"}
    copy = kept.copies[0]
    assert copy.source in {"Another Outlet", original.source}


def test_a_copy_cut_short_is_collapsed_into_the_full_story(seeds: list[Article]) -> None:
    full = seeds[2]
    cut = _copy(full, "cut", paragraphs=full.paragraphs[: len(full.paragraphs) * 2 // 3])
    collapsed = collapse_duplicates([cut, full])
    assert [article.id for article in collapsed] == [full.id]  # the fuller text is kept
    assert [copy.id for copy in collapsed[0].copies] == ["cut"]


def test_an_undated_story_takes_the_date_of_a_dated_copy(seeds: list[Article]) -> None:
    undated = _copy(seeds[0], "undated", published=None, date_confidence="none")
    dated = _copy(
        seeds[0],
        "dated",
        paragraphs=seeds[0].paragraphs[:-1],
        published=date(2023, 9, 21),
        date_confidence="high",
        date_basis="page metadata",
    )
    [kept] = collapse_duplicates([undated, dated])
    assert kept.id == "undated"  # the fuller text
    assert kept.published == date(2023, 9, 21)
    assert "date of a copy" in kept.date_basis and "dated" in kept.date_basis


def test_short_articles_are_not_collapsed_on_a_few_shared_words(seeds: list[Article]) -> None:
    first = _copy(seeds[0], "one", paragraphs=("The Security Council met on Monday.",))
    second = _copy(seeds[0], "two", paragraphs=("The Security Council met on Monday again.",))
    assert len(collapse_duplicates([first, second])) == 2


def test_result_does_not_depend_on_input_order(seeds: list[Article]) -> None:
    copies = [
        _copy(seeds[3], "c1"),
        _copy(seeds[3], "c2", title="Other headline"),
        _copy(seeds[0], "c3", paragraphs=seeds[0].paragraphs[:-1]),
    ]
    pile = [*seeds, *copies]
    expected = collapse_duplicates(pile)
    shuffled = pile[:]
    random.Random(7).shuffle(shuffled)
    again = collapse_duplicates(shuffled)
    assert sorted((a.id, tuple(c.id for c in a.copies)) for a in again) == sorted(
        (a.id, tuple(c.id for c in a.copies)) for a in expected
    )
    assert len(expected) == len(seeds)


def test_many_distinct_articles_are_not_merged() -> None:
    generator = random.Random(3)
    vocabulary = [f"word{number}" for number in range(3000)]
    articles = [
        Article(
            id=f"a{number}",
            path=f"a{number}.txt",
            title=f"Story {number}",
            paragraphs=(" ".join(generator.choices(vocabulary, k=300)),),
        )
        for number in range(300)
    ]
    assert collapse_duplicates(articles) == articles
