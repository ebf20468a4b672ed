"""Key points: one verbatim summary sentence per most important incident, three to seven."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from briefing.keypoints import LEAST, MOST, choose_key_points
from briefing.models import Article, Figure, Incident, Sentence


def _incident(number: int, importance: float, *sentences: Sentence) -> Incident:
    return Incident(
        f"incident-{number}",
        "A headline",
        tuple(dict.fromkeys(s.article_id for s in sentences)),
        None,
        None,
        (),
        summary=sentences,
        importance=importance,
    )


def test_between_three_and_seven_points_the_most_important_first() -> None:
    sentence = Sentence("Something happened.", "x", 0, 0)
    quiet = [_incident(n, 1.0 / n, sentence) for n in range(1, 10)]
    assert [p.incident_id for p in choose_key_points(quiet, {})] == [
        "incident-1",
        "incident-2",
        "incident-3",
    ]
    busy = [_incident(n, 10.0 - n * 0.1, sentence) for n in range(1, 10)]
    assert len(choose_key_points(busy, {})) == MOST
    assert len(choose_key_points(busy[:2], {})) == 2 < LEAST


def test_the_point_is_the_latest_article_s_sentence_with_a_figure() -> None:
    early = Article("early", "early.txt", "T", ("x",), published=date(2025, 2, 1))
    late = Article("late", "late.txt", "T", ("x",), published=date(2025, 2, 3))
    old_lead = Sentence("A quake struck the valley at dawn.", "early", 0, 0)
    late_colour = Sentence("Rescuers worked through the night.", "late", 0, 0)
    late_toll = Sentence("The toll rose to 68 on Monday.", "late", 2, 3)
    incident = _incident(1, 2.0, old_lead, late_colour, late_toll)
    toll = Figure("killed", 68.0, "68", late_toll.text, "late", late.published)
    incident = replace(incident, figures=(toll,))
    (point,) = choose_key_points([incident], {"early": early, "late": late})
    assert point.sentence == late_toll
    assert point.incident_id == "incident-1"


def test_an_incident_with_nothing_new_gives_no_point() -> None:
    continuing = _incident(1, 5.0)
    assert choose_key_points([continuing], {}) == ()


def test_a_short_sentence_that_leans_on_another_does_not_lead() -> None:
    article = Article("wire", "wire.txt", "T", ("x",), published=date(2025, 2, 3))
    short = Sentence("The envoy said this.", "wire", 0, 0)
    full = Sentence(
        "The envoy told the council that both sides had agreed to a truce.", "wire", 1, 1
    )
    (point,) = choose_key_points([_incident(1, 1.0, short, full)], {"wire": article})
    assert point.sentence == full
