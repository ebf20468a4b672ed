"""An incident's timeline: its dated reports in order, one line per article or per day.

Each line is a headline as the article printed it (desk labels such as "UPDATE 2-" cut, see
briefing.titles), dated by its article and citing it: what was reported when. Up to
:data:`PER_ARTICLE_UP_TO` dated articles, each has its line; beyond that, each day has one
line, the headline of that day's first article with a real headline, citing the day's other
articles too. Undated articles have no place on a timeline and are left out (the incident's
sources list them). At most :data:`TIMELINE_LINES` lines: the first day and the latest ones,
with the number of days left out between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from briefing.models import Article, TimelineEntry
from briefing.titles import clean_headline, has_headline

#: Up to this many dated articles, each has a line of its own; beyond, one line a day.
PER_ARTICLE_UP_TO = 6
#: Lines at most on one incident's timeline.
TIMELINE_LINES = 8
#: A line longer than this (a headline made up from a long first sentence) is cut at a word
#: and ends in an ellipsis: what it says first is still verbatim.
LINE_CHARS = 120


def _order(article: Article) -> tuple[date, bool, str]:
    return (article.published or date.min, not has_headline(article), article.id)


def incident_timeline(articles: Sequence[Article]) -> tuple[tuple[TimelineEntry, ...], int]:
    """The timeline's lines, oldest first, and how many days were left out to bound it."""
    dated = sorted((a for a in articles if a.published is not None), key=_order)
    if len(dated) <= PER_ARTICLE_UP_TO:
        entries = [_entry([article]) for article in dated]
    else:
        entries = [_entry(list(day)) for _, day in groupby(dated, key=lambda a: a.published)]
    if len(entries) <= TIMELINE_LINES:
        return tuple(entries), 0
    # The day it began, then the latest days: where it started and where it stands.
    kept = [entries[0], *entries[-(TIMELINE_LINES - 1) :]]
    return tuple(kept), len(entries) - len(kept)


def _entry(day: list[Article]) -> TimelineEntry:
    lead = day[0]  # the day's first article with a real headline (see _order)
    published = lead.published
    assert published is not None
    return TimelineEntry(
        day=published,
        text=_shortened(clean_headline(lead.title) or lead.id),
        article_ids=tuple(article.id for article in day),
    )


def _shortened(text: str) -> str:
    if len(text) <= LINE_CHARS:
        return text
    cut = text[: LINE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return f"{cut}…"
