"""Which incidents matter most: sources, recency against the brief's date, and figures.

A morning brief leads with what is big and new. An incident's importance is

    (log2(1 + articles) + 0.5 * log2(1 + outlets) + 0.5 * log10(1 + people))
        * (0.3 + 0.7 * 0.5 ** (days old / HALF_LIFE_DAYS))

where ``articles`` counts its reports with their collapsed copies, ``outlets`` the distinct
sources among them (a story many outlets carry is bigger than one outlet's series),
``people`` the largest count of killed, injured, missing, displaced or arrested its latest
figures give, and ``days old`` is the brief's date minus the incident's last day (an undated
incident counts as :data:`UNDATED_AGE_DAYS` old: it may be anything, and a dated report
today is the safer lead). A week-old incident keeps about two thirds of its weight; a month
old, a third: big old stories stay in the brief, below today's.

Incidents in one storyline (briefing.storylines) are read as one thread: :func:`in_story_order`
puts them together at the place of the thread's most important incident, oldest first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from briefing.figures import PEOPLE_KINDS
from briefing.models import Article, Incident, Storyline

#: Days after which recency weighs half as much.
HALF_LIFE_DAYS = 14
#: How old an undated incident counts as.
UNDATED_AGE_DAYS = 14


def importance(incident: Incident, articles: Mapping[str, Article], as_of: date) -> float:
    """The incident's importance (see the module's docstring); higher is more important."""
    members = [articles[i] for i in incident.article_ids if i in articles]
    reports = len(members) + sum(len(a.copies) for a in members)
    outlets = {
        (source or "").casefold()
        for article in members
        for source in (article.source, *(copy.source for copy in article.copies))
        if source
    }
    people = max((f.value for f in incident.figures if f.kind in PEOPLE_KINDS), default=0.0)
    age = (as_of - incident.end).days if incident.end else UNDATED_AGE_DAYS
    recency = 0.5 ** (max(age, 0) / HALF_LIFE_DAYS)
    size = math.log2(1 + reports) + 0.5 * math.log2(1 + len(outlets))
    return float((size + 0.5 * math.log10(1 + people)) * (0.3 + 0.7 * recency))


def rank_incidents(
    incidents: Sequence[Incident], articles: Mapping[str, Article], as_of: date
) -> list[Incident]:
    """The incidents with their ``importance`` set, most important first.

    Ties keep the order they came in (the clustering's: newest first).
    """
    scored = [
        replace(incident, importance=round(importance(incident, articles, as_of), 4))
        for incident in incidents
    ]
    order = sorted(range(len(scored)), key=lambda i: (-scored[i].importance, i))
    return [scored[i] for i in order]


def in_story_order(ranked: Sequence[Incident], storylines: Sequence[Storyline]) -> list[Incident]:
    """Ranked incidents with each storyline's incidents together, oldest first, where the
    storyline's highest-ranked incident stands."""
    story_of = {i: story for story in storylines for i in story.incident_ids}
    by_id = {incident.id: incident for incident in ranked}
    ordered: list[Incident] = []
    placed: set[str] = set()
    for incident in ranked:
        if incident.id in placed:
            continue
        story = story_of.get(incident.id)
        members = [i for i in story.incident_ids if i in by_id] if story else [incident.id]
        for member in members:
            if member not in placed:
                placed.add(member)
                ordered.append(by_id[member])
    return ordered
