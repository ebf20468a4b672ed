"""Feeds: RSS 0.9x and 2.0, RSS 1.0 (RDF) and Atom, read with feedparser.

An entry that carries the article's text (``content:encoded``, Atom ``content``, or a
``description`` long enough to be an article) becomes an Article. An entry that only links to
the page (a headline, a teaser) is reported as skipped, with its link: ``--follow-links``
fetches and reads the page instead (briefing.readers.links); it is never dropped silently.

Nothing is fetched and no other file is opened. feedparser downloads what it is given when that
is a URL, and opens a file when it is given a string *or bytes* that name one, so it only ever
gets the document's bytes wrapped in a file object. Its XML parser (expat, through xml.sax) has
external entities turned off by feedparser, and does not read external DTDs, so an entity
``SYSTEM "file:///etc/passwd"`` or ``"http://..."`` is left unexpanded and never loaded; expat
also refuses entity-expansion bombs ("billion laughs"), after which feedparser's lenient parser
reads the feed with the entities left as written.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers.common import (
    MAX_NAME_CHARS,
    article_from_parts,
    clean_line,
    host_name,
    html_fragment_to_paragraphs,
    http_url,
    text_to_paragraphs,
    title_too_long,
)
from briefing.readers.document import Document, Kind, Part, Pointer

logger = logging.getLogger(__name__)

_PLAIN_TEXT_TYPES = ("text/plain", "text")
_EMAIL = re.compile(r"<?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+>?")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>")
# "<unknown>:2:0: syntax error": expat's position in feedparser's copy of the document, which
# is not the user's line, so it is left out of the message.
_PARSER_POSITION = re.compile(r"^<unknown>:\d+:\d+:\s*")


def read_feed(document: Document) -> list[Part]:
    """The articles in an RSS, RDF or Atom feed, and its entries that only link to a page.

    Entries are numbered from 1 in the feed's order: the article ids are
    ``<article_id>-<n>``, and an entry left out is reported as ``<location> entry <n>
    ('<title>')`` with the reason (and its ``link`` when it has one). Raises ArticleError
    when the document is not a feed, has no entries, or none of its entries holds an
    article's text or a link to one.
    """
    import feedparser

    # A fetched feed's own URL resolves the relative links in it; feedparser never fetches it.
    headers = {"content-location": document.url} if document.url else None
    try:
        parsed = feedparser.parse(io.BytesIO(document.data), response_headers=headers)
    except RecursionError as error:
        raise ArticleError("the feed is nested too deeply to read") from error
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            raise ArticleError(
                f"not a feed: {_parser_problem(parsed.get('bozo_exception'))} "
                "(expected an RSS, Atom or RDF document)"
            )
        if not parsed.get("version"):
            raise ArticleError("not a feed: no RSS, Atom or RDF document in it")
        raise ArticleError("the feed has no entries")
    if parsed.get("bozo"):
        # Slightly malformed feeds are common (a stray "&", a wrong encoding declaration);
        # feedparser's lenient parser still reads their entries.
        logger.debug(
            "%s: malformed feed read leniently: %s",
            document.location,
            _parser_problem(parsed.get("bozo_exception")),
        )
    feed: Mapping[str, Any] = parsed.get("feed") or {}
    feed_title = _plain_title(feed)
    parts = [
        _read_entry(entry, number, document, feed_title)
        for number, entry in enumerate(entries, start=1)
    ]
    if not any(isinstance(part, Article | Pointer) for part in parts):
        which = "its one entry is" if len(parts) == 1 else f"all {len(parts)} of its entries are"
        raise ArticleError(f"no article text in the feed: {which} without text or a link")
    return parts


def _parser_problem(exception: object) -> str:
    message = _PARSER_POSITION.sub("", str(exception or "")).strip()
    return message or "the XML cannot be parsed"


def _read_entry(
    entry: dict[str, Any], number: int, document: Document, feed_title: str | None
) -> Part:
    title = _plain_title(entry)
    url = http_url(entry.get("link"))
    where = f"{document.location} entry {number}"
    too_long = title_too_long(title) if title is not None else None
    if too_long:
        return Skipped(where, too_long)
    if title:
        where += f" ({title!r})"
    source = entry.get("source")
    if not isinstance(source, Mapping):
        source = {}
    try:
        return article_from_parts(
            article_id=f"{document.article_id}-{number}",
            location=document.location,
            title=title,
            paragraphs=_body(entry),
            source=_name(_plain_title(source)) or _name(feed_title) or host_name(url),
            url=url,
            published=_published(entry),
            author=_author(entry),
        )
    except ArticleError:
        if url:
            return Pointer(where, f"only a link or a teaser in the feed ({url})", url)
        return Skipped(where, "only a title or a teaser in the feed, and no link to the page")


def _plain_title(element: Mapping[str, Any]) -> str | None:
    """An entry's (or a feed's) title as plain text: an HTML title loses its markup."""
    title = element.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    detail: Mapping[str, Any] = element.get("title_detail") or {}
    if detail.get("type") not in _PLAIN_TEXT_TYPES and "<" in title:
        title = " ".join(html_fragment_to_paragraphs(title))
    return clean_line(title) or None


def _body(entry: Mapping[str, Any]) -> list[str]:
    """The fullest text the entry has: its content (there may be several), or its summary."""
    candidates: list[Mapping[str, Any]] = list(entry.get("content") or [])
    summary = entry.get("summary")
    if isinstance(summary, str):
        detail: Mapping[str, Any] = entry.get("summary_detail") or {}
        candidates.append({"value": summary, "type": detail.get("type")})
    best: list[str] = []
    best_words = 0
    for candidate in candidates:
        value = candidate.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        if candidate.get("type") in _PLAIN_TEXT_TYPES:
            paragraphs = text_to_paragraphs(value)
        else:
            paragraphs = html_fragment_to_paragraphs(value)
        words = sum(len(paragraph.split()) for paragraph in paragraphs)
        if words > best_words:
            best, best_words = paragraphs, words
    return best


def _published(entry: dict[str, Any]) -> datetime | str | None:
    """When the entry was published (else last updated), for briefing.dates to take the day.

    feedparser's parsed time is in UTC and covers more date formats than we read; the string
    as written is the fallback when feedparser could not parse it.
    """
    # dict.get: feedparser's own get() maps "updated" to "published" with a warning.
    for name in ("published", "updated", "created"):
        parsed = dict.get(entry, f"{name}_parsed")
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, OSError, TypeError, ValueError):
                pass
        written = dict.get(entry, name)
        if isinstance(written, str) and written.strip():
            return written
    return None


def _author(entry: Mapping[str, Any]) -> str | None:
    """The entry's author (or authors), by name: e-mail addresses are left out.

    RSS writes ``desk@site.example (Name)``, which feedparser splits wrongly for some domains,
    so the name is taken from the string as written.
    """
    names: list[object]
    authors: Sequence[Any] = entry.get("authors") or []
    if len(authors) > 1:
        names = [author.get("name") for author in authors if isinstance(author, Mapping)]
    else:
        names = [entry.get("author")]
    cleaned = [name for name in (_person(raw) for raw in names) if name]
    return ", ".join(dict.fromkeys(cleaned)) or None


def _person(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    name = _EMPTY_BRACKETS.sub("", _EMAIL.sub("", raw))
    name = clean_line(name).strip(" ,;")
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1].strip()
    if not name or len(name) > MAX_NAME_CHARS:
        return None
    return name


def _name(text: str | None) -> str | None:
    return text if text and len(text) <= MAX_NAME_CHARS else None


KIND = Kind(
    "feed",
    extensions=(".xml", ".rss", ".atom", ".rdf"),
    media_types=(
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    ),
    read=read_feed,
)
