"""Importance: more sources, more outlets, fresher and bigger figures rank higher."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from briefing.importance import importance, in_story_order, rank_incidents
from briefing.models import Article, Figure, Incident, Storyline

AS_OF = date(2025, 9, 10)


def _story(
    incident_id: str, reports: int, last_day: date | None, *, outlets: int = 1
) -> tuple[Incident, list[Article]]:
    articles = [
        Article(
            f"{incident_id}-{n}",
            f"{incident_id}-{n}.txt",
            "A headline",
            ("Body.",),
            source=f"Outlet {n % outlets}",
            published=last_day,
        )
        for n in range(reports)
    ]
    incident = Incident(
        incident_id, "A headline", tuple(a.id for a in articles), last_day, last_day, ()
    )
    return incident, articles


def _score(incident: Incident, articles: list[Article]) -> float:
    return importance(incident, {a.id: a for a in articles}, AS_OF)


def test_more_reports_and_more_outlets_weigh_more() -> None:
    assert _score(*_story("big", 6, AS_OF)) > _score(*_story("small", 2, AS_OF))
    assert _score(*_story("wide", 4, AS_OF, outlets=4)) > _score(*_story("one", 4, AS_OF))


def test_a_fresh_incident_outranks_a_bigger_one_a_month_old() -> None:
    old = _story("old", 6, AS_OF - timedelta(days=30))
    fresh = _story("fresh", 3, AS_OF - timedelta(days=1))
    assert _score(*fresh) > _score(*old)
    # ... but age only discounts: a big old story still outweighs a small one as old.
    assert _score(*old) > _score(*_story("old-small", 1, AS_OF - timedelta(days=30)))


def test_an_undated_incident_ranks_below_a_dated_one_reported_as_often_today() -> None:
    assert _score(*_story("today", 2, AS_OF)) > _score(*_story("undated", 2, None))


def test_a_toll_adds_weight() -> None:
    incident, articles = _story("quake", 2, AS_OF)
    toll = Figure("killed", 300.0, "300", "300 people died.", articles[0].id, AS_OF)
    with_toll = _score(replace(incident, figures=(toll,)), articles)
    assert with_toll > _score(incident, articles)


def test_ranking_sets_importance_and_keeps_ties_in_their_order() -> None:
    a, a_articles = _story("a", 1, AS_OF)
    b, b_articles = _story("b", 1, AS_OF)
    c, c_articles = _story("c", 4, AS_OF)
    articles = {x.id: x for x in [*a_articles, *b_articles, *c_articles]}
    ranked = rank_incidents([a, b, c], articles, AS_OF)
    assert [incident.id for incident in ranked] == ["c", "a", "b"]
    assert ranked[0].importance > ranked[1].importance == ranked[2].importance > 0


def test_a_storyline_is_read_as_one_thread_at_its_best_place() -> None:
    ranked = [_story(name, 1, AS_OF)[0] for name in ("top", "x", "later", "y", "earlier")]
    story = Storyline("story-1", ("earlier", "later"))
    ordered = in_story_order(ranked, [story])
    assert [incident.id for incident in ordered] == ["top", "x", "earlier", "later", "y"]
