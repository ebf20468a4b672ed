"""Storylines: incidents that continue one story, linked, never merged.

An election and its court challenge weeks later, a quake and the row over aid that follows:
clustering keeps them apart (they are different events in time), but a reader wants to know
that one continues the other. Two incidents are linked when they share enough *specific*
names: each incident's marks are the names its articles use most (capitalised words inside
sentences, see briefing.cluster.names_in, and its places), each weighed by how few of the
brief's incidents use it (a name every incident shares, the country of a national brief,
ties nothing). Linked incidents make one storyline, ordered by date; an incident's section
says which incident comes earlier and later in its story. Incidents stay as they were:
their articles, summaries and figures are their own.

Bounded: the names of at most :data:`ARTICLES_READ` articles per incident, the
:data:`MARKS` strongest of them, and all pairs of the incidents given (the pipeline gives
the ones shown in full, 30 by default).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from briefing.cluster import names_in
from briefing.models import Article, Incident, Storyline

#: Articles of one incident whose names are read (the latest).
ARTICLES_READ = 30
#: Names that stand for one incident.
MARKS = 25
#: Share of the lighter incident's weight that two incidents must share to be linked.
LINK_SHARE = 0.3
#: Names two linked incidents share at least.
LINK_NAMES = 2


def _marks(incident: Incident, articles: Mapping[str, Article]) -> Counter[str]:
    """The names an incident's articles use, by how many of its articles use each."""
    members = [articles[i] for i in incident.article_ids if i in articles]
    members.sort(key=lambda a: (a.published or date.min, a.id), reverse=True)
    counts: Counter[str] = Counter()
    for article in members[:ARTICLES_READ]:
        counts.update(names_in(article))
    counts.update(place.lower() for place in incident.places)
    return counts


def find_storylines(
    incidents: Sequence[Incident], articles: Mapping[str, Article]
) -> tuple[Storyline, ...]:
    """The storylines among ``incidents``: groups of two or more linked incidents.

    Each storyline lists its incidents oldest first (undated ones last, by id); storylines
    come in the order of their first incident in ``incidents``. Ids are ``story-1``...
    """
    counts = [_marks(incident, articles) for incident in incidents]
    frequency = Counter(name for marks in counts for name in marks)
    total = len(incidents)

    def weight(name: str) -> float:
        return math.log((total + 1) / frequency[name])

    marks: list[dict[str, float]] = []
    for found in counts:
        ranked = sorted(found, key=lambda name: (-found[name] * weight(name), name))
        marks.append({name: weight(name) for name in ranked[:MARKS] if weight(name) > 0})

    parent = list(range(total))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(total):
        for j in range(i + 1, total):
            shared = marks[i].keys() & marks[j].keys()
            if len(shared) < LINK_NAMES:
                continue
            lighter = min(sum(marks[i].values()), sum(marks[j].values()))
            if lighter and sum(marks[i][name] for name in shared) / lighter >= LINK_SHARE:
                parent[root(j)] = root(i)

    groups: dict[int, list[Incident]] = {}
    for i, incident in enumerate(incidents):
        groups.setdefault(root(i), []).append(incident)
    stories = [members for members in groups.values() if len(members) > 1]
    return tuple(
        Storyline(
            id=f"story-{number}",
            incident_ids=tuple(
                incident.id
                for incident in sorted(members, key=lambda x: (x.start or date.max, x.id))
            ),
        )
        for number, members in enumerate(stories, start=1)
    )
