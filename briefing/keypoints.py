"""Key points: the bottom line up front, one verbatim sentence per most important incident.

The brief opens with :data:`MOST` bullets at most and :data:`LEAST` at least (when there are
that many incidents): the most important incidents (briefing.importance), one sentence each,
taken from the incident's own summary so it is verbatim and cited. Beyond the first
:data:`LEAST`, an incident leads the brief only if it weighs at least :data:`SHARE` of the
most important one: a quiet day gets three bullets, a big one seven.

The sentence is the summary's sentence from the incident's latest article (where things
stand), preferring one of ten words or more (a short one rarely stands alone: "The envoy
said this."), then one that carries a toll (killed, injured, missing, displaced,
arrested), then the earliest in that article (a lead says what happened). An incident with
no summary (continuing, with nothing new) gives no key point: it is not news this morning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from briefing.figures import PEOPLE_KINDS
from briefing.models import Article, Incident, KeyPoint, Sentence

MOST = 7
LEAST = 3
SHARE = 0.5
#: Words a key point's sentence has at least, when its article offers one that long.
MIN_WORDS = 10


def choose_key_points(
    incidents: Sequence[Incident], articles: Mapping[str, Article]
) -> tuple[KeyPoint, ...]:
    """Key points for the most important of ``incidents``, most important first."""
    ranked = sorted(
        (incident for incident in incidents if incident.summary),
        key=lambda incident: -incident.importance,
    )
    if not ranked:
        return ()
    top = ranked[0].importance
    chosen = [
        incident
        for position, incident in enumerate(ranked[:MOST])
        if position < LEAST or incident.importance >= SHARE * top
    ]
    return tuple(KeyPoint(incident.id, _lead_sentence(incident, articles)) for incident in chosen)


def _lead_sentence(incident: Incident, articles: Mapping[str, Article]) -> Sentence:
    # A toll is the news of a disaster or a clash; a vote share or a sum is rarely the lead.
    tolls = [figure.sentence for figure in incident.figures if figure.kind in PEOPLE_KINDS]

    def standing(sentence: Sentence) -> tuple[date, bool, bool, int]:
        article = articles.get(sentence.article_id)
        published = article.published if article and article.published else date.min
        carries_toll = any(sentence.text in text or text in sentence.text for text in tolls)
        # A short sentence rarely stands alone ("The envoy said this."): it leads a bullet
        # only when the article gives nothing longer.
        stands_alone = len(sentence.text.split()) >= MIN_WORDS
        return (published, stands_alone, carries_toll, -sentence.position)

    return max(incident.summary, key=standing)
