"""build_brief: the stages, called in order.

Read -> collapse duplicates -> cluster -> rank -> summarize -> key figures, timelines ->
rank again, storylines, key points -> quote -> Brief.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from briefing.cluster import cluster_articles
from briefing.config import Settings, brief_moment, window_start
from briefing.dates import chronological_key
from briefing.dedupe import collapse_duplicates
from briefing.errors import EmptyWindowError, InputError
from briefing.figures import incident_figures
from briefing.history import Against, Memory, carry_over, recall
from briefing.importance import in_story_order, rank_incidents
from briefing.keypoints import choose_key_points
from briefing.models import (
    Article,
    Brief,
    Incident,
    IncidentMark,
    Quote,
    Sentence,
    Skipped,
)
from briefing.parallel import MapFunction
from briefing.quotes import extract_quotes, merge_actors
from briefing.readers import InputFile, collect_inputs, read_files
from briefing.readers.fetch import FetchOptions
from briefing.storylines import find_storylines
from briefing.summarize import summarize_incident
from briefing.timeline import incident_timeline

logger = logging.getLogger(__name__)

#: From this many input files on, ``settings.workers`` > 1 spreads reading, summaries and
#: quotes over worker processes; below it, starting them costs more than it saves.
PARALLEL_MIN_INPUTS = 300

#: Called with the name of each stage as it starts (a progress display hooks in here).
StageCallback = Callable[[str], None]


def build_brief(
    inputs: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    now: datetime | None = None,
    on_stage: StageCallback | None = None,
    map_function: MapFunction | None = None,
    history: Path | None = None,
    against: Against = "written",
) -> Brief:
    """Build a brief from files, folders (recursively) or both.

    ``history`` is the store of articles seen (``briefing.history``; read, never written
    here): with it, an undated article is dated by the day it was first seen, incidents keep
    their ids from the days before and are marked new, updated or continuing, and a
    continuing incident is shortened to what changed (an updated one is summarized and
    quoted from its new articles, a continuing one is only listed in its section). The marks
    are against every earlier brief written or sent (``against="written"``, for ``build``) or
    against the briefs sent (``"sent"``, for ``send`` and its preview).

    ``now`` is the clock (an aware datetime; default: the current local time): it sets
    ``generated_at`` and, unless ``settings.as_of`` is given, the brief's date. Broken
    articles are reported in ``Brief.skipped`` and the rest still make the brief.
    Raises InputError when there is no input at all or no readable article.

    ``map_function`` (the builtin ``map`` by default, or a distributed executor's ``map``)
    runs the per-article and per-incident stages: reading, summaries, quotes. Without one,
    ``settings.workers`` > 1 runs them on that many local processes for a large input.
    Clustering needs all articles at once and runs here. The brief is the same either way.
    """
    settings = settings or Settings()
    now = now or datetime.now().astimezone()
    stage = on_stage or (lambda name: None)
    if not inputs:
        raise InputError("no input given: name article files or folders")
    files = collect_inputs(inputs)
    with ExitStack() as stack:
        if map_function is None and settings.workers > 1 and len(files) >= PARALLEL_MIN_INPUTS:
            from briefing.distributed import process_map

            map_function = stack.enter_context(process_map(settings.workers))
        return _build(files, settings, now, stage, map_function or map, history, against)


def _build(
    files: list[InputFile],
    settings: Settings,
    now: datetime,
    stage: StageCallback,
    map_each: MapFunction,
    history: Path | None,
    against: Against,
) -> Brief:
    stage("read")
    fetch_options = FetchOptions(
        timeout=settings.fetch_timeout,
        cache_dir=settings.cache_dir,
        max_age=settings.fetch_max_age_hours * 3600,
        offline=settings.offline,
    )
    articles, skipped = read_files(
        files,
        map_function=map_each,
        fetch_options=fetch_options,
        follow_links=settings.follow_links,
    )
    if not articles:
        reasons = "; ".join(f"{item.path}: {item.error}" for item in skipped[:5])
        raise InputError("no readable article in the input" + (f" ({reasons})" if reasons else ""))
    logger.info("read %d articles, skipped %d inputs", len(articles), len(skipped))
    stage("deduplicate")
    articles = collapse_duplicates(articles)
    as_of = settings.as_of or now.date()
    memory = recall(history, articles, as_of, against) if history is not None else None
    since = window_start(settings.since, brief_moment(settings, now))
    articles = _in_window(articles, since, settings.until, memory, as_of)
    if not articles:
        raise EmptyWindowError(
            f"no article dated between {since or 'the start'} and {settings.until or as_of}"
        )
    by_id = {article.id: article for article in articles}

    stage("cluster")
    incidents = cluster_articles(
        articles,
        window_days=settings.cluster_window_days,
        threshold=settings.cluster_threshold,
    )
    marks: dict[str, IncidentMark] = {}
    if memory is not None:
        incidents, marks = carry_over(incidents, by_id, memory, as_of)

    # Which incidents are shown in full: ranked by sources and recency (figures come later,
    # for those only, so the cost stays bounded by max_incidents).
    focus, others = _split_by_importance(
        rank_incidents(incidents, by_id, as_of), settings.max_incidents
    )
    incidents = focus
    # What changed: an updated incident is told from its new articles, a continuing one is
    # only listed in its section.
    told = {
        incident.id: _changed_articles(incident, marks.get(incident.id)) for incident in incidents
    }

    stage("summarize")
    jobs = [
        _SummaryJob(
            tuple(sorted((by_id[i] for i in told[incident.id]), key=chronological_key)),
            settings.sentences,
            settings.summarizer,
            settings.language,
        )
        for incident in incidents
    ]
    summaries = list(map_each(_summarize, jobs))
    skipped += [failure for _, failure in summaries if failure is not None]
    incidents = [
        replace(incident, summary=summary)
        for incident, (summary, _) in zip(incidents, summaries, strict=True)
    ]

    stage("figures")
    # From every article of an incident shown in full: a toll is news even when the
    # summary is only of what changed.
    incidents = [_with_figures_and_timeline(incident, by_id) for incident in incidents]
    # Ranked again with the figures; a storyline's incidents are read as one thread.
    incidents = rank_incidents(incidents, by_id, as_of)
    storylines = find_storylines(incidents, by_id)
    key_points = choose_key_points(incidents, by_id)
    incidents = in_story_order(incidents, storylines)

    stage("quotes")
    incident_of = {
        article_id: incident.id for incident in incidents for article_id in told[incident.id]
    }
    # Quotes only from the incidents shown in full: the others are listed, not quoted.
    quoted_articles = [article for article in articles if article.id in incident_of]
    found = list(map_each(_quotes, quoted_articles))
    skipped += [failure for _, failure in found if failure is not None]
    quotes: list[Quote] = [
        replace(quote, incident=incident_of.get(quote.article_id))
        for article_quotes, _ in found
        for quote in article_quotes
    ]
    actors = merge_actors(quotes)

    return Brief(
        title=settings.title,
        as_of=settings.as_of or now.date(),
        generated_at=now,
        articles=_articles_in_reading_order([*incidents, *others], by_id),
        incidents=tuple(incidents),
        actors=tuple(actors),
        skipped=tuple(skipped),
        since=since,
        other_incidents=tuple(others),
        marks=marks,
        key_points=key_points,
        storylines=storylines,
    )


def _with_figures_and_timeline(incident: Incident, by_id: dict[str, Article]) -> Incident:
    members = [by_id[i] for i in incident.article_ids]
    timeline, left_out = incident_timeline(members)
    return replace(
        incident,
        figures=incident_figures(members),
        timeline=timeline,
        timeline_days_left_out=left_out,
    )


def _changed_articles(incident: Incident, mark: IncidentMark | None) -> tuple[str, ...]:
    """The articles an incident's section is made from: all, or what changed since."""
    if mark is None or mark.status == "new":
        return incident.article_ids
    return mark.new_article_ids


def _split_by_importance(
    incidents: list[Incident], limit: int
) -> tuple[list[Incident], list[Incident]]:
    """The ``limit`` first of the ranked incidents, and the rest (0: no limit)."""
    if not limit or len(incidents) <= limit:
        return incidents, []
    focus, others = incidents[:limit], incidents[limit:]
    logger.info("%d incidents in full, %d listed", len(focus), len(others))
    return focus, others


@dataclass(frozen=True)
class _SummaryJob:
    """One incident's summary, as a picklable unit of work for a distributed map."""

    articles: tuple[Article, ...]
    sentences: int
    summarizer: str
    language: str


def _summarize(job: _SummaryJob) -> tuple[tuple[Sentence, ...], Skipped | None]:
    """An incident's summary; when it cannot be made, none, and why (the rest goes on)."""
    try:
        summary = summarize_incident(
            job.articles, sentences=job.sentences, summarizer=job.summarizer, language=job.language
        )
    except ImportError:
        raise  # a broken installation, not a broken article
    except Exception as error:  # an article nobody foresaw must not stop the brief
        return (), _stage_failure("summary", job.articles, error)
    return summary, None


def _quotes(article: Article) -> tuple[list[Quote], Skipped | None]:
    """An article's quotes; when they cannot be found, none, and why (the rest goes on)."""
    try:
        return list(extract_quotes(article)), None
    except ImportError:
        raise
    except Exception as error:  # an article nobody foresaw must not stop the brief
        return [], _stage_failure("quotes", (article,), error)


def _stage_failure(stage: str, articles: Sequence[Article], error: Exception) -> Skipped:
    """A stage's failure on some articles, as a skipped entry naming them, logged with its
    traceback for the bug report."""
    where = articles[0].path if len(articles) == 1 else f"{articles[0].path} and its incident"
    logger.debug("%s: the %s stage failed", where, stage, exc_info=True)
    what = "its quotes" if stage == "quotes" else "the summary of its incident"
    logger.warning("%s: %s could not be made (%s)", where, what, type(error).__name__)
    return Skipped(
        where,
        f"{what} could not be made ({type(error).__name__}: {str(error)[:200]}); the rest of "
        "the brief is built without it; this is a bug in briefing, please report it",
    )


def _in_window(
    articles: list[Article],
    since: date | None,
    until: date | None,
    memory: Memory | None,
    today: date,
) -> list[Article]:
    """Articles whose date of record is inside [since, until].

    The date of record is the publication date, else (with a history) the day the article
    was first seen. Without a history an undated article stays: its age cannot be known, and
    dropping it would lose news silently (the brief marks it as undated).
    """
    if since is None and until is None:
        return articles

    def inside(day: date) -> bool:
        return (since is None or day >= since) and (until is None or day <= until)

    kept = [
        article
        for article in articles
        if (memory is None and article.published is None)
        or inside(memory.record_date(article, today) if memory else article.published or today)
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
    ordered.extend(sorted((a for a in by_id.values() if a.id not in seen), key=chronological_key))
    return tuple(ordered)
