"""Storylines: incidents that continue one story are linked by the specific names they share."""

from __future__ import annotations

from datetime import date

from briefing.models import Article, Incident
from briefing.storylines import find_storylines


def _incident(incident_id: str, day: date | None, *paragraphs: str) -> tuple[Incident, Article]:
    article = Article(
        f"{incident_id}-a", f"{incident_id}.txt", "A headline", paragraphs, published=day
    )
    incident = Incident(incident_id, "A headline", (article.id,), day, day, ())
    return incident, article


def _pile() -> list[tuple[Incident, Article]]:
    return [
        _incident(
            "vote",
            date(2025, 4, 6),
            "Voters in Ruritania chose between Tavon Okafor and Lina Brandt on Sunday.",
            "The count in Kessel province gave Okafor a narrow lead over Brandt.",
        ),
        _incident(
            "court",
            date(2025, 4, 29),
            "Lawyers for Lina Brandt asked the Supreme Court of Ruritania to annul the vote.",
            "They say ballots in Kessel province were counted twice in favour of Okafor.",
        ),
        _incident(
            "rerun",
            date(2025, 6, 15),
            "The rerun ordered by the judges pits Brandt against Tavon Okafor again.",
            "Turnout in Kessel province was lower than in April.",
        ),
        _incident(
            "flood",
            date(2025, 5, 2),
            "Rivers burst their banks in Ruritania after a week of rain.",
            "The Red Cross opened shelters in Dovre and Malk for families.",
        ),
    ]


def test_a_story_over_three_incidents_is_one_storyline_oldest_first() -> None:
    pile = _pile()
    incidents = [incident for incident, _ in pile]
    articles = {article.id: article for _, article in pile}
    (story,) = find_storylines(incidents, articles)
    assert story.id == "story-1"
    assert story.incident_ids == ("vote", "court", "rerun")


def test_a_name_every_incident_shares_ties_nothing() -> None:
    pile = _pile()
    # The flood shares only the country, which every incident names.
    incidents = [pile[0][0], pile[3][0]]
    articles = {article.id: article for _, article in pile}
    assert find_storylines(incidents, articles) == ()


def test_linking_never_merges_the_incidents() -> None:
    pile = _pile()
    incidents = [incident for incident, _ in pile]
    articles = {article.id: article for _, article in pile}
    find_storylines(incidents, articles)
    assert [incident.article_ids for incident in incidents] == [
        ("vote-a",),
        ("court-a",),
        ("rerun-a",),
        ("flood-a",),
    ]


def test_undated_incidents_come_last_in_their_story() -> None:
    pile = _pile()
    undated, article = _incident(
        "appeal",
        None,
        "Supporters of Lina Brandt said the Kessel province result would be appealed again.",
        "A spokesman for Tavon Okafor called the appeal a delay.",
    )
    incidents = [undated, *(incident for incident, _ in pile)]
    articles = {a.id: a for a in [article, *(a for _, a in pile)]}
    (story,) = find_storylines(incidents, articles)
    assert story.incident_ids[-1] == "appeal"
