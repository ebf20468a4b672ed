"""The plain data that flows between the pipeline's stages.

Every stage takes and returns these frozen dataclasses; none of them carries behaviour
beyond small derived properties, so any stage can be tested by building its input by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

#: How far a date can be trusted: ``high`` a dateline or metadata with a year,
#: ``medium`` a date read from the text (an embed, a "Wednesday" that matches),
#: ``low`` a guess bounded by the text, ``none`` nothing to go on.
DateConfidence = Literal["high", "medium", "low", "none"]
QuoteKind = Literal["direct", "reported"]
#: A brief whose newest article is older than this many days says so at the top.
STALE_AFTER_DAYS = 30
#: How an incident stands against the days before the brief's (see briefing.history).
IncidentStatus = Literal["new", "updated", "continuing"]
#: What a key figure counts (see briefing.figures), in the order a brief lists them.
FigureKind = Literal[
    "killed",
    "injured",
    "missing",
    "displaced",
    "arrested",
    "magnitude",
    "vote share",
    "turnout",
    "amount",
]


@dataclass(frozen=True)
class ArticleCopy:
    """Another publication of the same story, collapsed into one Article (see dedupe.py)."""

    id: str
    path: str
    title: str
    source: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Article:
    """One news article as read from one input.

    ``paragraphs`` holds the body only: cleaned of site chrome, without the title or the
    dateline prefix. ``published`` is the article's own date, or ``None`` when it cannot be
    known; ``date_confidence`` and ``date_basis`` say how it was found. ``not_before`` is a
    lower bound the text gives when no date could be fixed (the latest full date it mentions).
    """

    id: str
    path: str
    title: str
    paragraphs: tuple[str, ...]
    source: str | None = None
    published: date | None = None
    date_confidence: DateConfidence = "none"
    date_basis: str = ""
    not_before: date | None = None
    place: str | None = None
    url: str | None = None
    language: str = "english"
    author: str | None = None
    #: The same story from other outlets or files, collapsed into this one.
    copies: tuple[ArticleCopy, ...] = ()

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Sentence:
    """A sentence kept verbatim, with where it stands in its article."""

    text: str
    article_id: str
    paragraph: int  # index into Article.paragraphs
    position: int  # index of the sentence within the whole article


@dataclass(frozen=True)
class Quote:
    """Something an actor said, found in one article.

    ``text`` is verbatim from the article (it may contain an elision mark such as ``<…>``
    when the article has one). ``speaker`` is the name as written in the article where the
    speaker was named (after coreference: "he" resolves to the name before it); ``mention``
    is the words that actually introduced this quote ("he", "the spokesman", a surname).
    ``incident`` is filled in by the pipeline once articles are clustered.
    """

    text: str
    speaker: str
    article_id: str
    kind: QuoteKind
    paragraph: int
    mention: str
    role: str | None = None
    incident: str | None = None
    #: Other articles that print the same words for the same actor (another outlet's report
    #: of the same statement): the quote is shown once, citing all of them.
    also_in: tuple[str, ...] = ()
    #: A phrase in marks, not a statement ("in the strongest terms"): kept as a quote of its
    #: actor, never shown as one of an incident's key quotes.
    fragment: bool = False


@dataclass(frozen=True)
class Actor:
    """A person or body quoted in the brief, with every name it went by."""

    name: str
    aliases: tuple[str, ...]
    role: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Figure:
    """A number one article gives for an incident ("at least 1,200" killed), verbatim.

    ``text`` is the figure as written, ``value`` the number it stands for (1200.0; a share or
    a turnout in percent, an amount in the units of its currency), ``sentence`` the verbatim
    sentence it was read from.
    """

    kind: FigureKind
    value: float
    text: str
    sentence: str
    article_id: str
    published: date | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """One line of an incident's timeline: a day, a verbatim headline, the articles cited.

    ``article_ids[0]`` is the article whose headline ``text`` is; the others were published
    the same day.
    """

    day: date
    text: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Location:
    """A place of an incident as the gazetteer knows it (see briefing.places).

    ``name`` is as the brief shows it; ``kind`` is ``country``, ``region`` or ``city``;
    ``country`` is the English name of the country (``country_code``, ISO 3166-1 alpha-2),
    both empty for a region known only because the articles call it one ("the
    Nagorno-Karabakh region", see briefing.named_regions). ``latitude``/``longitude`` are a
    city's, or a country's centre; None for a region (the gazetteer has no coordinates for
    regions).
    """

    name: str
    kind: str
    country_code: str
    country: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Incident:
    """One real-world event, reported by one or more articles."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    start: date | None
    end: date | None
    places: tuple[str, ...]
    summary: tuple[Sentence, ...] = ()
    date_confidence: DateConfidence = "none"
    #: Key figures, by kind, the latest report first (see briefing.figures).
    figures: tuple[Figure, ...] = ()
    #: Dated reports, oldest first (see briefing.timeline), and the days left out between
    #: the first and the latest ones to keep it short.
    timeline: tuple[TimelineEntry, ...] = ()
    timeline_days_left_out: int = 0
    #: How much the incident matters in this brief (see briefing.importance); 0 when unset.
    importance: float = 0.0
    #: ``places`` as the gazetteer knows them, in the same order.
    locations: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Storyline:
    """Incidents that continue one story (see briefing.storylines), oldest first."""

    id: str
    incident_ids: tuple[str, ...]


@dataclass(frozen=True)
class KeyPoint:
    """A bullet the brief opens with: one verbatim sentence of one incident's summary."""

    incident_id: str
    sentence: Sentence


@dataclass(frozen=True)
class IncidentMark:
    """How an incident stands against the days before the brief's: set after the build.

    ``new_article_ids`` are, for an ``updated`` incident, its articles not seen before.
    """

    status: IncidentStatus
    new_article_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, and why, in words a user can act on.

    ``link`` is the page a feed entry or export item only points to (a headline or a
    teaser with a URL), shown so that a reader can open it; ``--follow-links`` would have
    read it (the readers hand such parts on as a ``briefing.readers.Pointer``).
    """

    path: str
    error: str
    link: str | None = None


@dataclass(frozen=True)
class Brief:
    """Everything a rendered brief shows, in the order it shows it."""

    title: str
    as_of: date
    generated_at: datetime
    articles: tuple[Article, ...]
    incidents: tuple[Incident, ...]
    actors: tuple[Actor, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    #: The brief covers articles dated from this day on (``--since``); None: no window.
    since: date | None = None
    #: Incidents beyond ``max_incidents``, least reported: listed, not summarized or quoted.
    other_incidents: tuple[Incident, ...] = ()
    #: New, updated or continuing, by incident id (none without a history to compare with).
    marks: Mapping[str, IncidentMark] = field(default_factory=dict)
    #: The bottom line up front: one sentence per most important incident.
    key_points: tuple[KeyPoint, ...] = ()
    #: Incidents shown in full that continue one story.
    storylines: tuple[Storyline, ...] = ()

    @property
    def newest_article(self) -> date | None:
        """The date of the newest dated article, or None when no article has a date."""
        return max((a.published for a in self.articles if a.published is not None), default=None)

    @property
    def stale_days(self) -> int | None:
        """How many days the newest article is older than the brief, when that is more than
        ``STALE_AFTER_DAYS`` (a pile left unrefreshed); None for a fresh or undated pile."""
        newest = self.newest_article
        if newest is None or (self.as_of - newest).days <= STALE_AFTER_DAYS:
            return None
        return (self.as_of - newest).days

    def mark(self, incident: Incident) -> IncidentMark | None:
        """The incident's mark, or None."""
        return self.marks.get(incident.id)

    def storyline(self, incident: Incident) -> Storyline | None:
        """The storyline the incident is part of, or None."""
        return next((s for s in self.storylines if incident.id in s.incident_ids), None)
