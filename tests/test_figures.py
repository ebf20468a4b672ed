"""Key figures: numbers next to roles, one per kind per article, the latest report first."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.figures import PARAGRAPHS_READ, article_figures, incident_figures
from briefing.models import Article


def _article(
    article_id: str, *paragraphs: str, published: date | None = None, source: str | None = None
) -> Article:
    return Article(
        article_id,
        f"{article_id}.txt",
        "A headline",
        paragraphs,
        source=source,
        published=published,
    )


def _found(*paragraphs: str) -> dict[str, tuple[str, float]]:
    figures = article_figures(_article("a", *paragraphs, published=date(2025, 5, 2)))
    return {figure.kind: (figure.text, figure.value) for figure in figures}


@pytest.mark.parametrize(
    ("sentence", "kind", "text", "value"),
    [
        (
            "At least 1,200 people were killed when the dam failed.",
            "killed",
            "At least 1,200",
            1200,
        ),
        ("The blast killed 14 and wounded dozens more.", "killed", "14", 14),
        ("The death toll from the 7.1 quake rose to 312 on Friday.", "killed", "312", 312),
        (
            "More than 40,000 residents were displaced by the floods.",
            "displaced",
            "More than 40,000",
            40000,
        ),
        ("Police arrested 25 protesters outside the court.", "arrested", "25", 25),
        ("Twenty-three miners are still missing.", "missing", "Twenty-three", 23),
        ("Clashes left three soldiers dead.", "killed", "three", 3),
        ("The bus crash injured 31 passengers.", "injured", "31", 31),
        ("A 6.8-magnitude earthquake hit the coast.", "magnitude", "6.8", 6.8),
        ("She won 52.4% of the vote in the runoff.", "vote share", "52.4%", 52.4),
        ("Turnout was 61 percent, the commission said.", "turnout", "61 percent", 61),
        ("Donors pledged $2.5 billion for reconstruction.", "amount", "$2.5 billion", 2.5e9),
        ("The fund holds 400 million euros.", "amount", "400 million euros", 4e8),
    ],
)
def test_a_number_next_to_its_role_is_a_figure(
    sentence: str, kind: str, text: str, value: float
) -> None:
    assert _found(sentence)[kind] == (text, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "He was arrested 3 times before the trial.",  # a count of arrests, not of people
        "The general was killed in 2019 near the border.",  # a year
        "Dozens were killed and hundreds injured.",  # vague plurals are left out
        "The minister served for 12 years.",
        "Prices rose 4.5% in March.",  # a share of nothing the lexicon knows
    ],
)
def test_numbers_that_are_not_figures_are_left_alone(sentence: str) -> None:
    assert _found(sentence) == {}


def test_an_article_gives_its_largest_figure_of_a_kind_with_its_sentence() -> None:
    article = _article(
        "wire",
        "Four soldiers were killed at a checkpoint on Monday.",
        "By evening the death toll had reached 19, the army said.",
        published=date(2025, 5, 2),
    )
    (killed,) = article_figures(article)
    assert (killed.kind, killed.value, killed.text) == ("killed", 19, "19")
    assert killed.sentence == "By evening the death toll had reached 19, the army said."
    assert killed.sentence in article.paragraphs[1]
    assert (killed.article_id, killed.published) == ("wire", date(2025, 5, 2))


def test_a_paragraph_recalling_an_earlier_year_gives_no_figure() -> None:
    article = _article(
        "feature",
        "Rescuers searched the valley on Tuesday after the landslide.",
        "A landslide in 2011 killed 300 people in the same valley.",
        published=date(2025, 5, 2),
    )
    assert article_figures(article) == []


def test_disagreeing_sources_are_both_kept_latest_first() -> None:
    national = _article(
        "national",
        "The national centre put the quake at magnitude 7.2.",
        published=date(2025, 1, 8),
    )
    survey = _article(
        "survey", "A magnitude 6.8 earthquake struck before dawn.", published=date(2025, 1, 7)
    )
    toll_day1 = _article("day1", "At least 40 people died.", published=date(2025, 1, 7))
    toll_day2 = _article("day2", "The toll rose to 126 overnight.", published=date(2025, 1, 8))
    figures = incident_figures([survey, toll_day1, national, toll_day2])
    assert [(f.kind, f.value, f.article_id) for f in figures] == [
        ("killed", 126, "day2"),
        ("killed", 40, "day1"),
        ("magnitude", 7.2, "national"),
        ("magnitude", 6.8, "survey"),
    ]


def test_a_pile_with_no_figures_gives_none() -> None:
    talks = _article(
        "talks",
        "Negotiators met again in Geneva and agreed to meet next week.",
        "Both delegations called the talks constructive.",
        published=date(2025, 3, 3),
    )
    assert incident_figures([talks]) == ()


def test_only_the_first_paragraphs_are_read() -> None:
    filler = ["The river rose through the night."] * PARAGRAPHS_READ
    late = _article("long", *filler, "Five people were killed downstream.", published=None)
    assert article_figures(late) == []


def test_a_former_official_s_figures_are_news_not_background() -> None:
    article = _article(
        "trial",
        "A former minister went on trial accused of steering $4.5 million to his relatives.",
        published=date(2025, 3, 4),
    )
    assert [(f.kind, f.value) for f in article_figures(article)] == [("amount", 4.5e6)]
