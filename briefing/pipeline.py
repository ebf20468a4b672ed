"""build_brief: the stages, called in order. Read -> cluster -> summarize -> quote -> Brief."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from briefing.cluster import cluster_articles
from briefing.config import Settings
from briefing.errors import InputError
from briefing.models import Article, Brief, Incident, Quote
from briefing.quotes import extract_quotes, merge_actors
from briefing.readers import read_inputs
from briefing.summarize import summarize_incident

logger = logging.getLogger(__name__)

#: Called with the name of each stage as it starts (a progress display hooks in here).
StageCallback = Callable[[str], None]


def _chronological_key(article: Article) -> tuple[date, str]:
    # Undated articles go last: their place in time is unknown, not early.
    return (article.published or date.max, article.id)


def build_brief(
    inputs: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    now: datetime | None = None,
    on_stage: StageCallback | None = None,
) -> Brief:
    """Build a brief from files, folders (recursively) or both.

    ``now`` is the clock (an aware datetime; default: the current local time): it sets
    ``generated_at`` and, unless ``settings.as_of`` is given, the brief's date. Broken
    articles are reported in ``Brief.skipped`` and the rest still make the brief.
    Raises InputError when there is no input at all or no readable article.
    """
    settings = settings or Settings()
    now = now or datetime.now().astimezone()
    stage = on_stage or (lambda name: None)
    if not inputs:
        raise InputError("no input given: name article files or folders")

    stage("read")
    articles, skipped = read_inputs(inputs)
    if not articles:
        reasons = "; ".join(f"{item.path}: {item.error}" for item in skipped[:5])
        raise InputError("no readable article in the input" + (f" ({reasons})" if reasons else ""))
    logger.info("read %d articles, skipped %d inputs", len(articles), len(skipped))
    articles = _in_window(articles, settings.since, settings.until)
    if not articles:
        raise InputError(
            f"no article dated between {settings.since or 'the start'} and "
            f"{settings.until or 'now'}"
        )
    by_id = {article.id: article for article in articles}

    stage("cluster")
    incidents = cluster_articles(
        articles,
        window_days=settings.cluster_window_days,
        threshold=settings.cluster_threshold,
    )

    stage("summarize")
    incidents = [
        replace(
            incident,
            summary=summarize_incident(
                sorted((by_id[i] for i in incident.article_ids), key=_chronological_key),
                sentences=settings.sentences,
                summarizer=settings.summarizer,
                language=settings.language,
            ),
        )
        for incident in incidents
    ]

    stage("quotes")
    incident_of = {
        article_id: incident.id for incident in incidents for article_id in incident.article_ids
    }
    quotes: list[Quote] = [
        replace(quote, incident=incident_of.get(quote.article_id))
        for article in articles
        for quote in extract_quotes(article)
    ]
    actors = merge_actors(quotes)

    return Brief(
        title=settings.title,
        as_of=settings.as_of or now.date(),
        generated_at=now,
        articles=_articles_in_reading_order(incidents, by_id),
        incidents=tuple(incidents),
        actors=tuple(actors),
        skipped=tuple(skipped),
        since=settings.since,
    )


def _in_window(articles: list[Article], since: date | None, until: date | None) -> list[Article]:
    """Articles dated inside [since, until]. Undated ones stay: their age cannot be known,
    and dropping them would lose news silently (the brief marks them as undated)."""
    if since is None and until is None:
        return articles
    kept = [
        article
        for article in articles
        if article.published is None
        or (
            (since is None or article.published >= since)
            and (until is None or article.published <= until)
        )
    ]
    if len(kept) < len(articles):
        logger.info("%d articles dated outside the window left out", len(articles) - len(kept))
    return kept


def _articles_in_reading_order(
    incidents: Sequence[Incident], by_id: dict[str, Article]
) -> tuple[Article, ...]:
    """Articles in the order the brief cites them: incident by incident."""
    ordered: list[Article] = []
    seen: set[str] = set()
    for incident in incidents:
        for article_id in incident.article_ids:
            if article_id not in seen:
                seen.add(article_id)
                ordered.append(by_id[article_id])
    ordered.extend(sorted((a for a in by_id.values() if a.id not in seen), key=_chronological_key))
    return tuple(ordered)
