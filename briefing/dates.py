"""Dates in article text, and the policy for an article's own date.

Policy (the JSON's ``date_confidence`` says which rule applied, ``date_basis`` says it in words):

- **high**: a dateline or document metadata gives a full date with a year, or a publication
  line in the text does ("PUBLISHED : Wednesday, 20 September, 2017", "Posted on March 3, 2024
  at 10:15") and nothing in the text is dated later.
- **medium**: no such date, but a full date that belongs to the article itself: the date of
  an embedded post (a tweet quoted in the page), a standalone page-header date with a year
  ("FRIDAY AUGUST 11 2017") that nothing in the text contradicts, or the date the lead gives
  the news ("On January 19, 2025, the court ...") when the text mentions none later.
- **low**: only a date without a year (a wire dateline such as "July 22."), or a page-header
  date the text contradicts. We never invent the year: ``published`` stays empty and
  ``not_before`` carries the latest full date the text mentions, a safe lower bound.
- **none**: nothing to go on.

Dates are calendar days in the article's own frame (datelines are local dates); no timezone
conversion is applied to them. Timestamps from metadata (feeds, JSON exports, HTML ``<meta>``,
email headers) that carry a timezone are converted to UTC before their day is taken, so one
export's articles are dated on one clock; timestamps without a timezone are taken as written.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from briefing.models import Article, DateConfidence

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATED = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
_ABBREVIATED |= {"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTH_NUMBERS = MONTHS | _ABBREVIATED

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "22 September 2023", "Monday, 22 September 2023", "22 Sept"
_DAY_MONTH = re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")
# "September 22, 2023", "Sept. 22", "July 22"
_MONTH_DAY = re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")
# "2023-09-22"
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


@dataclass(frozen=True)
class DateMention:
    """A date written in the text; ``year`` is None when the text gives none."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int

    @property
    def full_date(self) -> date | None:
        """The date, when it has a year and exists in the calendar."""
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def _mention(match: re.Match[str]) -> DateMention | None:
    month_text = match["month"].lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS.get(month_text)
    day = int(match["day"])
    if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    year = int(match["year"]) if match["year"] else None
    # "May 5" is a date but "may" alone is a verb: the month must be capitalised (checked by
    # the pattern) and a bare "May" needs a day right after it, which the pattern requires.
    return DateMention(match.start(), match.end(), match[0], year, month, day)


# Every date form above has a capitalised month name or an ISO date: text without either
# has no date, and a few substring searches are much cheaper than the three patterns.
_MONTH_STEM = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


def _may_hold_a_date(text: str) -> bool:
    # One search for the twelve stems is twice as fast as twelve substring tests.
    return _MONTH_STEM.search(text) is not None or ("-" in text and bool(_ISO.search(text)))


def find_date_mentions(text: str) -> list[DateMention]:
    """Every date written in ``text``, in order, without overlaps (the longest wins)."""
    if not _may_hold_a_date(text):
        return []
    found: list[DateMention] = []
    for pattern in (_ISO, _DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            mention = _mention(match)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def parse_date(text: str) -> DateMention | None:
    """The one date that makes up ``text`` (a dateline's date part), or None."""
    mentions = find_date_mentions(text.strip())
    return mentions[0] if mentions else None


def latest_full_date(texts: Iterable[str]) -> date | None:
    """The latest full date (with a year) mentioned in any of ``texts``."""
    dates = [
        mention.full_date
        for text in texts
        for mention in find_date_mentions(text)
        if mention.full_date is not None
    ]
    return max(dates) if dates else None


#: A line that is only a date ("Monday, 22 September 2023 | Updated") is never longer.
MAX_DATE_LINE = 80
# "Published:", "PUBLISHED :", "Posted on", "Last updated", "Updated at", "Date:"
_DATE_LINE_LABEL = re.compile(
    r"^(?:(?:first|last)\s+)?(?:published|posted|updated|modified|released|dated?)"
    r"(?:\s+(?:on|at))?\s*[:|\u2013\u2014-]?\s*",
    re.IGNORECASE,
)
# What may follow the date on such a line: a time of day and a time zone.
_CLOCK = re.compile(r"(?:\bat\s+)?\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?", re.I)
_ZONE = re.compile(
    r"\b(?:UTC|GMT|BST|IST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AEST|AEDT|JST)"
    r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\b",
    re.IGNORECASE,
)
_LINE_WORDS = frozenset({"updated", "published", "posted", "last updated"})
_CAPITALS = re.compile(r"\b[A-Z]{3,}\b")
_ORDINAL = re.compile(r"(?<=\d)(?:ST|ND|RD|TH)\b")


def _lower(match: re.Match[str]) -> str:
    return match[0].lower()


@dataclass(frozen=True)
class DateLine:
    """A line that is only a date; ``labelled`` when it says it is the publication date."""

    mention: DateMention
    labelled: bool


def parse_date_line(line: str) -> DateLine | None:
    """The date of a line that holds nothing else, or None: "12 March 2024", "Monday, 22
    September 2023 | Updated", "PUBLISHED : Wednesday, 20 September, 2017", "Posted on March
    3, 2024 at 10:15 GMT", "FRIDAY AUGUST 11 2017" (capitals read as words)."""
    text = line.strip()
    if len(text) > MAX_DATE_LINE or not any(char.isdigit() for char in text):
        return None
    if _CAPITALS.search(text):
        # Month and day names in capitals ("AUGUST", "FRIDAY", "20TH"): the patterns want
        # "August", "Friday", "20th".
        text = _CAPITALS.sub(lambda word: word[0].capitalize(), _ORDINAL.sub(_lower, text))
    label = _DATE_LINE_LABEL.match(text)
    if label is not None:
        text = text[label.end() :]
    mention = parse_date(text)
    if mention is None:
        return None
    rest = _ZONE.sub("", _CLOCK.sub("", text[: mention.start] + text[mention.end :]))
    rest = " ".join(rest.replace("|", " ").split()).strip(" ,.-\u2013\u2014:()").lower()
    if rest and rest not in _LINE_WORDS:
        return None
    return DateLine(mention, label is not None or bool(rest))


#: A lead date is given near the start of the first paragraph.
LEAD_DATE_CHARS = 200


_ON = re.compile(r"(?:^|\bon\s+)$", re.IGNORECASE)


def lead_date(body: Sequence[str]) -> date | None:
    """The day the first paragraph says the news happened on, near its start ("On January
    19, 2025, ...", "The court on 3 March 2024 sentenced ..."), or None. A date it only
    names ("the ceasefire of 9 November 2021") is no day of the news."""
    if not body:
        return None
    lead = body[0][:LEAD_DATE_CHARS]
    for mention in find_date_mentions(lead):
        if mention.full_date is not None and _ON.search(lead[: mention.start]):
            return mention.full_date
    return None


@dataclass(frozen=True)
class DateEvidence:
    """What a reader found about an article's date, before the policy decides."""

    dateline: DateMention | None = None
    metadata: date | None = None
    embeds: Sequence[date] = ()
    header: DateMention | None = None
    #: A publication line ("Published: 12 March 2024") at the top of the text.
    publication: DateMention | None = None


@dataclass(frozen=True)
class ResolvedDate:
    """The article's date as the policy decides it."""

    published: date | None
    confidence: DateConfidence
    basis: str
    not_before: date | None


def resolve_publication_date(evidence: DateEvidence, body: Sequence[str]) -> ResolvedDate:
    """Apply the module's policy to what a reader found; ``body`` is the article's paragraphs."""
    mentioned = latest_full_date(body)
    if evidence.metadata is not None:
        return ResolvedDate(evidence.metadata, "high", "page metadata", None)
    dateline = evidence.dateline
    if dateline is not None and dateline.full_date is not None:
        return ResolvedDate(dateline.full_date, "high", "dateline", None)

    def uncontradicted(day: date | None) -> bool:
        """A full date that nothing in the text is dated after."""
        return day is not None and (mentioned is None or day >= mentioned)

    publication = evidence.publication
    if publication is not None and uncontradicted(publication.full_date):
        return ResolvedDate(publication.full_date, "high", "publication line", None)
    embed = max(evidence.embeds, default=None)
    if uncontradicted(embed):
        return ResolvedDate(embed, "medium", "date of a post embedded in the article", None)
    header = evidence.header
    if header is not None and uncontradicted(header.full_date):
        return ResolvedDate(header.full_date, "medium", "date at the top of the page", None)
    lead = lead_date(body)
    if (
        lead is not None
        and uncontradicted(lead)
        # A wire dateline without a year ("July 22.") takes its year from the lead's date.
        and (dateline is None or (dateline.month, dateline.day) == (lead.month, lead.day))
    ):
        return ResolvedDate(lead, "medium", "date in the lead", None)
    if dateline is not None:
        return ResolvedDate(
            None,
            "low",
            f"dateline gives no year ({dateline.text.strip()})",
            mentioned,
        )
    if publication is not None and header is None:
        header = publication
    if header is not None:
        reason = "no year" if header.full_date is None else "contradicted by the text"
        return ResolvedDate(
            None,
            "low",
            f"page-header date not trusted ({header.text.strip()}: {reason})",
            mentioned,
        )
    if mentioned is not None:
        return ResolvedDate(
            None, "low", "no date given; not before the latest date in the text", mentioned
        )
    return ResolvedDate(None, "none", "no date found", None)


#: Dates outside these years in metadata are typos or placeholders (1970-01-01), not dates.
_EARLIEST_YEAR = 1990


def _utc_day(moment: datetime) -> date | None:
    """The UTC day of a zoned moment, the written day of a naive one; None past year 9999."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00-02:00 is in the year 10000 in UTC
            return None
    return moment.date()


#: Seconds (or milliseconds) since 1970, written as a string.
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_CLOCK_TIME = re.compile(r"\d:\d\d")

#: A date as RFC 2822 writes it (feeds, email): "Tue, 19 Sep 2023 08:00:00 +0000". The
#: standard library's parser also takes looser text and then drops what it cannot place
#: ("11:30 PM -0500" loses both PM and the zone), so only this shape goes to it.
_RFC_2822 = re.compile(
    r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:[+-]\d{4}|[A-Za-z]{1,5}))?$"
)


def parse_metadata_date(value: object, *, latest: date | None = None) -> date | None:
    """An article's date from a metadata field (feed, JSON, HTML ``<meta>``, email header).

    Accepts ISO 8601, RFC 2822 (feeds, email), epoch seconds or milliseconds, ``date`` and
    ``datetime`` objects, and other written dates through ``dateparser``. A timestamp with a
    timezone is converted to UTC before its day is taken; one without is taken as written.
    Returns None for anything that is not a plausible date (empty, a relative phrase, before
    1990, or after ``latest``, default: tomorrow), so a bad field never makes a bad date.
    """
    latest = latest or date.today() + timedelta(days=1)
    found: date | None = None
    if isinstance(value, datetime):
        found = _utc_day(value)
    elif isinstance(value, date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = value / 1000 if value > 1e11 else value
            found = datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str) and _EPOCH.match(value.strip()):
        return parse_metadata_date(float(value), latest=latest)  # "1695110400" from an API
    elif isinstance(value, str):
        found = _parse_date_string(value.strip())
    if found is None or not (found.year >= _EARLIEST_YEAR and found <= latest):
        return None
    return found


def _parse_date_string(text: str) -> date | None:
    if not text or len(text) > 80:
        return None
    try:
        return _utc_day(datetime.fromisoformat(text))
    except ValueError:
        pass
    if _RFC_2822.match(text):
        try:
            return _utc_day(email.utils.parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    mention = parse_date(text)
    covers_text = mention is not None and mention.end - mention.start > 0.6 * len(text)
    written = mention.full_date if mention is not None and covers_text else None
    if written is not None and not _CLOCK_TIME.search(text):
        return written
    if not any(ch.isdigit() for ch in text):
        return None  # "yesterday", "last week": relative to a moment we do not know
    import dateparser  # slow to import; only odd formats get here

    parsed = dateparser.parse(
        text,
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "TO_TIMEZONE": "UTC",
            "STRICT_PARSING": True,
            # Absolute dates only: "3 hours ago" is relative to a moment we do not know.
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )
    # A time after the date may carry a zone ("11:30 PM EST") that moves the UTC day.
    return parsed.date() if parsed is not None else written


def chronological_key(article: Article) -> tuple[date, str]:
    """Sorts articles oldest first, undated last (their place in time is unknown, not early)."""
    return (article.published or date.max, article.id)
