"""Brief -> JSON, schema ``briefing/2`` (documented in the README).

Stable: keys in a fixed order, ISO dates, ``null`` for unknown values, and only orders that
mean something (incidents by importance with storylines together, actors and quotes by
rank, sources as cited), so the same input gives byte-identical JSON and two days' briefs
can be diffed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from briefing.models import (
    Actor,
    Article,
    ArticleCopy,
    Brief,
    Figure,
    Incident,
    IncidentMark,
    KeyPoint,
    Location,
    Quote,
    Skipped,
    Storyline,
)

SCHEMA = "briefing/2"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _publication(item: Article | ArticleCopy) -> dict[str, Any]:
    """What an article and each of its copies both say: which publication it is."""
    return {
        "id": item.id,
        "title": item.title,
        "source": item.source,
        "published": _iso(item.published),
        "url": item.url,
        "path": item.path,
    }


def _article(article: Article) -> dict[str, Any]:
    return {
        **_publication(article),
        "date_confidence": article.date_confidence,
        "date_basis": article.date_basis,
        "not_before": _iso(article.not_before),
        "place": article.place,
        "author": article.author,
        "language": article.language,
        "copies": [_publication(copy) for copy in article.copies],
    }


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "kind": figure.kind,
        "value": int(figure.value) if figure.value.is_integer() else figure.value,
        "text": figure.text,
        "sentence": figure.sentence,
        "article": figure.article_id,
        "published": _iso(figure.published),
    }


def _incident(
    incident: Incident, mark: IncidentMark | None, story: Storyline | None = None
) -> dict[str, Any]:
    place = story.incident_ids.index(incident.id) if story else 0
    return {
        "id": incident.id,
        "title": incident.title,
        "articles": list(incident.article_ids),
        "start": _iso(incident.start),
        "end": _iso(incident.end),
        "places": list(incident.places),
        "locations": [_location(location) for location in incident.locations],
        "date_confidence": incident.date_confidence,
        "status": mark.status if mark else None,
        "new_articles": list(mark.new_article_ids) if mark else [],
        "summary": [
            {"text": sentence.text, "article": sentence.article_id} for sentence in incident.summary
        ],
        "figures": [_figure(figure) for figure in incident.figures],
        "timeline": [
            {"day": entry.day.isoformat(), "text": entry.text, "articles": list(entry.article_ids)}
            for entry in incident.timeline
        ],
        "timeline_days_left_out": incident.timeline_days_left_out,
        "importance": incident.importance,
        "storyline": story.id if story else None,
        "earlier": story.incident_ids[place - 1] if story and place > 0 else None,
        "later": story.incident_ids[place + 1]
        if story and place + 1 < len(story.incident_ids)
        else None,
    }


def _key_point(point: KeyPoint) -> dict[str, Any]:
    return {
        "incident": point.incident_id,
        "text": point.sentence.text,
        "article": point.sentence.article_id,
    }


def _location(location: Location) -> dict[str, Any]:
    return {
        "name": location.name,
        "kind": location.kind,
        "country": location.country,
        "country_code": location.country_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "article": quote.article_id,
        "incident": quote.incident,
        "kind": quote.kind,
        "also_in": list(quote.also_in),
    }


def _actor(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "aliases": list(actor.aliases),
        "role": actor.role,
        "quotes": [_quote(quote) for quote in actor.quotes],
    }


def _skipped(item: Skipped) -> dict[str, Any]:
    entry = {"path": item.path, "error": item.error}
    if item.link is not None:  # only where there is one: most skipped inputs are files
        entry["link"] = item.link
    return entry


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain JSON-ready data, in schema ``briefing/2``."""
    return {
        "schema": SCHEMA,
        "generated_at": brief.generated_at.isoformat(),
        "as_of": brief.as_of.isoformat(),
        "title": brief.title,
        "since": brief.since.isoformat() if brief.since else None,
        "key_points": [_key_point(point) for point in brief.key_points],
        "storylines": [
            {"id": story.id, "incidents": list(story.incident_ids)} for story in brief.storylines
        ],
        "newest_article": _iso(brief.newest_article),
        "stale_days": brief.stale_days,
        "articles": [_article(article) for article in brief.articles],
        "incidents": [_incident(i, brief.mark(i), brief.storyline(i)) for i in brief.incidents],
        "other_incidents": [_incident(i, brief.mark(i)) for i in brief.other_incidents],
        "actors": [_actor(actor) for actor in brief.actors],
        "skipped": [_skipped(item) for item in brief.skipped],
    }


def brief_to_json(brief: Brief) -> str:
    """The brief as JSON text: UTF-8 as is, two-space indent, a final newline."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"
