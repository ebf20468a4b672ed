"""Incident titles: the latest real headline, without the desk's labels in front."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.models import Article
from briefing.titles import clean_headline, incident_title


def _article(
    article_id: str, title: str, published: date | None, lead: str = "Rescuers worked."
) -> Article:
    return Article(article_id, f"{article_id}.txt", title, (lead,), published=published)


@pytest.mark.parametrize(
    ("headline", "cleaned"),
    [
        ("BREAKING: Dam gives way above Ostrava", "Dam gives way above Ostrava"),
        ("UPDATE 3-Flood toll climbs to 57", "Flood toll climbs to 57"),
        ("[UPDATED] Ferry runs aground off Bergen", "Ferry runs aground off Bergen"),
        ("Live updates | Polls close in Lagos", "Polls close in Lagos"),
        ("Breaking news — Minister resigns", "Minister resigns"),
        ("Breaking: Update 2: Talks collapse", "Talks collapse"),
    ],
)
def test_desk_labels_are_cut_from_the_front(headline: str, cleaned: str) -> None:
    assert clean_headline(headline) == cleaned


@pytest.mark.parametrize(
    "headline",
    [
        "Live music returns to Kharkiv after curfew ends",
        "Video evidence shown at the second day of the trial",
        "Breaking the deadlock: parties agree on a speaker",
        "BREAKING",
    ],
)
def test_a_label_word_that_is_part_of_the_headline_stays(headline: str) -> None:
    assert clean_headline(headline) == headline


def test_the_latest_report_names_the_incident_so_the_toll_is_not_stale() -> None:
    first = _article("a", "BREAKING: Quake kills at least 40 in the north", date(2025, 3, 1))
    later = _article("b", "UPDATE 1-Quake toll rises to 310 as rescuers dig", date(2025, 3, 3))
    undated = _article("c", "Aid convoys head north after the quake", None)
    assert incident_title([first, later, undated]) == "Quake toll rises to 310 as rescuers dig"


def test_a_headline_made_from_the_lead_is_only_a_last_resort() -> None:
    lead = "Rescue teams reached the village of Sarvan after the road reopened on Monday."
    made_up = _article("late", lead[:40] + "…", date(2025, 3, 4), lead)
    real = _article("early", "Road to Sarvan reopens", date(2025, 3, 2))
    assert incident_title([made_up, real]) == "Road to Sarvan reopens"
    assert incident_title([made_up]) == made_up.title
