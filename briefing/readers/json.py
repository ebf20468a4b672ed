"""JSON and JSON Lines exports of articles: news APIs, scrapers, feeds saved as JSON.

What is read: one article object, a list of them, or an object that holds the list under a
common key (``articles``, ``items``, ``results``, ``data``, ``entries``, ``docs``...), up to
three objects down (``response.results``, ``response.docs``, ``hits.hits``); and JSON Lines
(``.jsonl``, ``.ndjson``), one object per line. The whole document is tried as JSON first, then
line by line. Field names are matched whatever their case and ``_``/``-`` (``publishedAt`` is
``published_at``), from the names news APIs use (the ``*_FIELDS`` tuples below); an object under
``fields``, ``_source`` or ``attributes`` (the Guardian, Elasticsearch, JSON:API) is read as part
of its item.

Nothing in JSON is trusted. Each field's type and size is checked: an item that is not an article
(a string, null, no body, a body that is a number, a title that is a list or a megabyte long)
is reported as skipped with the reason and the rest of the file is still read; a field that is
only wrong (a URL that is a number, a date that is not one) is left out. JSON nested too deeply
for the parser is refused with a reason.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefing.dates import parse_metadata_date
from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers import common
from briefing.readers.content import decode_document
from briefing.readers.document import Document, Kind, Part, Pointer

# Field names, normalized (lower case, no "_", "-", ":" or spaces after the first character),
# in the order they are tried.
TITLE_FIELDS = ("title", "headline", "webtitle", "name")
BODY_FIELDS = (
    "body", "bodyhtml", "text", "content", "contenthtml", "contenttext", "contentencoded",
    "fulltext", "articlebody", "articletext", "bodytext", "maintext", "story", "html",
)  # fmt: skip
#: Used only when an item has none of BODY_FIELDS: usually a teaser, sometimes the whole text.
TEASER_FIELDS = ("description", "summary", "abstract", "trailtext", "leadparagraph", "snippet")
URL_FIELDS = (
    "url", "link", "weburl", "canonicalurl", "permalink", "shareurl", "externalurl", "href",
)  # fmt: skip
SOURCE_FIELDS = (
    "source", "sourcename", "sitename", "publisher", "outlet", "publication", "provider",
    "feedtitle", "domain",
)  # fmt: skip
DATE_FIELDS = (
    "published", "publishedat", "publishdate", "publicationdate", "datepublished", "pubdate",
    "webpublicationdate", "firstpublished", "date", "datetime", "createdat", "created",
    "timestamp", "time", "updated", "updatedat", "modified", "datemodified", "lastmodified",
)  # fmt: skip
AUTHOR_FIELDS = ("author", "authors", "byline", "creator", "dccreator", "writer", "writers")
#: Keys that hold the list of articles in an API's response, or the object that holds it.
CONTAINER_FIELDS = (
    "articles", "items", "results", "data", "entries", "docs", "documents", "stories", "posts",
    "news", "records", "hits", "value", "response", "result", "feed", "channel",
)  # fmt: skip
#: Objects inside an item whose fields belong to the item.
NESTED_FIELDS = ("fields", "_source", "attributes")
#: Keys of an object that wraps a single value: {"rendered": "<p>..."} (WordPress),
#: {"main": "..."} (a headline), {"name": "..."} (a source or an author), {"$date": ...}.
_WRAPPED_VALUE_KEYS = (
    "rendered", "main", "text", "html", "value", "content", "body", "name", "title",
    "displayname", "original", "$date", "date", "default",
)  # fmt: skip
#: How deep CONTAINER_FIELDS are followed from the top (``{"response": {"data": {"items"``).
_MAX_CONTAINER_DEPTH = 3

LINE_EXTENSIONS = (".jsonl", ".ndjson")

_KEY_SEPARATORS = re.compile(r"(?<=.)[_\-:\s]")
_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*|/[a-zA-Z][\w:-]*)(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]\w*);")
#: News APIs cut long text and say how much is missing: "... the bridge… [+2714 chars]".
_CUT_MARK = re.compile(r"\[\+(?P<missing>\d+) chars?\]\s*$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)


class _Unusable(Exception):
    """An item that is not an article; the message says why, ``link`` where it points."""

    def __init__(self, message: str, link: str | None = None) -> None:
        super().__init__(message)
        self.link = link


@dataclass(frozen=True)
class _Item:
    where: str  # "item 3" or "line 3"
    number: int
    value: object = None
    problem: str | None = None  # set for a line that is not valid JSON


def read_json(document: Document) -> list[Part]:
    """The articles in a JSON or JSON Lines document, and the items in it that are not articles.

    Articles are ``<article_id>-<n>`` for the item (or line) ``n``, or ``<article_id>`` when
    the document holds a single item; an item left out is reported as ``<location> item <n>``
    (``line <n>`` for JSON Lines) with the reason. Raises ArticleError for a document that is
    not valid JSON, holds no articles, or in which no item is usable.
    """
    text = decode_document(document)
    items = _items(text, document)
    if not items:
        raise ArticleError("no articles in it: the list of articles is empty")
    if len(items) == 1:
        return [_article(items[0], document, document.article_id)]
    parts: list[Part] = []
    for item in items:
        try:
            parts.append(_article(item, document, f"{document.article_id}-{item.number}"))
        except ArticleError as error:
            where = f"{document.location} {item.where}"
            parts.append(
                Pointer(where, str(error), error.link) if error.link else Skipped(where, str(error))
            )
    if not any(isinstance(part, Article | Pointer) for part in parts):
        reasons = "; ".join(
            f"{part.path.removeprefix(document.location).strip()}: {part.error}"
            for part in parts[:3]
            if isinstance(part, Skipped)
        )
        more = "; ..." if len(parts) > 3 else ""
        raise ArticleError(f"no usable article in its {len(parts)} items ({reasons}{more})")
    return parts


# --- Finding the items ------------------------------------------------------------------


def _items(text: str, document: Document) -> list[_Item]:
    """The items of the document: a list's elements, a wrapped list's, one object, or lines."""
    try:
        value = _parse(text)
    except _NotJSON as whole:
        lines = _lines(text) if whole.extra_data or document.extension in LINE_EXTENSIONS else []
        if len(lines) > 1 and any(line.problem is None for line in lines):
            return lines
        raise ArticleError(str(whole)) from None
    found = _articles_in(value)
    if isinstance(found, list):
        return [_Item(f"item {number}", number, item) for number, item in enumerate(found, 1)]
    return [_Item("item 1", 1, found)]


class _NotJSON(Exception):
    def __init__(self, message: str, *, extra_data: bool = False) -> None:
        super().__init__(message)
        self.extra_data = extra_data


def _parse(text: str, *, line: bool = False) -> Any:
    """``text`` parsed as JSON; _NotJSON says why it is not (where, by column on a ``line``)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"column {error.colno}" if line else f"line {error.lineno} column {error.colno}"
        # Some messages end in "at" already: "Unterminated string starting at".
        at = " " if error.msg.endswith(" at") else " at "
        raise _NotJSON(
            f"not valid JSON: {error.msg}{at}{where}", extra_data=error.msg == "Extra data"
        ) from None
    except RecursionError:
        raise _NotJSON(
            "not readable JSON: lists or objects nested too deeply (hundreds of levels)"
        ) from None
    except ValueError as error:  # a number of thousands of digits
        raise _NotJSON(f"not valid JSON: {str(error).split(';')[0]}") from None


def _lines(text: str) -> list[_Item]:
    """JSON Lines: one value per non-blank line, numbered by line.

    Lines end at a line feed only: a JSON string may hold U+2028 and other line separators.
    """
    items: list[_Item] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append(_Item(f"line {number}", number, _parse(line, line=True)))
        except _NotJSON as error:
            items.append(_Item(f"line {number}", number, problem=str(error)))
    return items


def _articles_in(value: object) -> object:
    """The list of articles in the parsed document, or the one article it is."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        raise ArticleError(f"no articles in it: the JSON holds {_kind(value)}")
    fields = _fields(value)
    if any(_has_text(fields.get(name), lists=True) for name in BODY_FIELDS):
        return value  # an article, even if it has a list under "data" or "items"
    wrapped = _wrapped_list(fields, depth=1)
    if wrapped is not None:
        return wrapped
    if any(name in fields for name in TITLE_FIELDS + BODY_FIELDS + TEASER_FIELDS):
        return value  # an article, perhaps with something wrong in it: read to say what
    _refuse_error_response(fields)
    lists = [item for item in value.values() if isinstance(item, list) and _has_objects(item)]
    if len(lists) == 1:
        return lists[0]
    keys = ", ".join(repr(key[:40]) for key in list(value)[:12])
    raise ArticleError(
        "no articles found in the JSON: expected an article, a list of articles, or a list "
        f"under a key such as 'articles' or 'items' (its keys: {keys or 'none'})"
    )


def _wrapped_list(fields: Mapping[str, Any], depth: int) -> list[Any] | None:
    for name in CONTAINER_FIELDS:
        inner = fields.get(name)
        if isinstance(inner, list) and (not inner or _has_objects(inner)):
            return inner
        if isinstance(inner, dict) and depth < _MAX_CONTAINER_DEPTH:
            found = _wrapped_list(_fields(inner), depth + 1)
            if found is not None:
                return found
    return None


def _has_objects(values: Sequence[Any]) -> bool:
    return any(isinstance(value, dict) for value in values[:100])


def _refuse_error_response(fields: Mapping[str, Any]) -> None:
    """An API's error ({"status": "error", "message": ...}) is named as one."""
    error = fields.get("error")
    message = fields.get("message")
    if isinstance(error, dict):
        message = _fields(error).get("message", message)
    elif isinstance(error, str):
        message = error
    if (error or fields.get("status") == "error") and isinstance(message, str):
        raise ArticleError(f"an error response from a news API, not articles: {message[:300]}")


# --- One item -----------------------------------------------------------------------------


def _article(item: _Item, document: Document, article_id: str) -> Article:
    """The article in one item; ArticleError says why the item is not one."""
    if item.problem is not None:
        raise ArticleError(item.problem)
    if not isinstance(item.value, dict):
        raise ArticleError(f"not an article: {_kind(item.value)} where an object should be")
    fields = _fields(item.value)
    for name in NESTED_FIELDS:
        nested = fields.get(name)
        if isinstance(nested, dict):
            for key, value in _fields(nested).items():
                fields.setdefault(key, value)
    url = _url(fields)
    try:
        title = _title(fields)
        paragraphs = _body(fields, url)
    except _Unusable as error:
        raise ArticleError(str(error), link=error.link) from None
    try:
        return common.article_from_parts(
            article_id=article_id,
            location=document.location,
            title=title,
            paragraphs=paragraphs,
            source=_source(fields) or common.host_name(url),
            url=url,
            published=_published(fields),
            author=_author(fields),
        )
    except ArticleError as error:
        if url is None:
            raise
        raise ArticleError(f"{error}; only a link to the page ({url})", link=url) from None


def _fields(value: Mapping[Any, Any]) -> dict[str, Any]:
    """An object's fields by normalized name; the first of two names that normalize alike wins."""
    fields: dict[str, Any] = {}
    for key, field in value.items():
        if isinstance(key, str) and len(key) <= 100:
            fields.setdefault(_KEY_SEPARATORS.sub("", key.lower()), field)
    return fields


def _kind(value: object) -> str:
    """What a JSON value is, in the words of JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _unwrap(value: object, *, lists: bool = False) -> object:
    """The value inside a one-value object ({"rendered": ...}, {"main": ...}); else ``value``.

    The inner value is a string, or with ``lists`` a list (a body's paragraphs).
    """
    if isinstance(value, dict):
        inner = {key.lower(): field for key, field in value.items() if isinstance(key, str)}
        kinds = (str, list) if lists else (str,)
        for key in _WRAPPED_VALUE_KEYS:
            if isinstance(inner.get(key), kinds):
                return inner[key]
    return value


def _has_text(value: object, *, lists: bool = False) -> bool:
    """A string with text in it, or (with ``lists``) a list of strings, perhaps wrapped."""
    value = _unwrap(value, lists=lists)
    if isinstance(value, str):
        return bool(value.strip())
    if not lists or not isinstance(value, list) or not value:
        return False
    return all(isinstance(element, str) for element in value)


def _title(fields: Mapping[str, Any]) -> str | None:
    wrong: str | None = None
    for name in TITLE_FIELDS:
        if name not in fields:
            continue
        value = _unwrap(fields[name])
        if isinstance(value, str):
            too_long = common.title_too_long(value.strip())
            if too_long:
                raise _Unusable(too_long)
            title = _plain(value)
            if title:
                return title
        elif value is not None and wrong is None and name != "name":
            field = "the title" if name == "title" else f"the title ({name!r})"
            wrong = f"{field} is {_kind(value)}, not text"
    if wrong is not None:
        raise _Unusable(wrong)
    return None


def _plain(text: str) -> str:
    """A title or a name as plain text: markup dropped, entities (``&#8217;``) decoded."""
    if _TAG.search(text):
        return common.clean_line(" ".join(common.html_fragment_to_paragraphs(text)))
    if _ENTITY.search(text):
        text = html.unescape(text)
    return common.clean_line(text)


def _body(fields: Mapping[str, Any], url: str | None) -> list[str]:
    """The paragraphs of the fullest text among the body fields (teaser fields as a last resort).

    Raises _Unusable when no field holds text: none is there, or they are of the wrong type,
    or the only text is one an API cut short.
    """
    wrong: str | None = None
    cut: str | None = None
    for names in (BODY_FIELDS, TEASER_FIELDS):
        best: list[str] = []
        best_words = 0
        for name in names:
            if name not in fields:
                continue
            value = _unwrap(fields[name], lists=True)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if not _has_text(value, lists=True):
                field = "the body" if name == "body" else f"the body ({name!r})"
                wrong = wrong or f"{field} is {_kind(value)}, not text"
                continue
            texts = [value] if isinstance(value, str) else _string_list(value)
            # Searched in the last characters only: the mark ends the text.
            marked = _CUT_MARK.search(texts[-1][-100:])
            if marked:
                cut = cut or f"{int(marked['missing']):,} characters"
                continue
            paragraphs = [
                paragraph
                for text in texts
                for paragraph in (
                    common.html_fragment_to_paragraphs(text)
                    if _TAG.search(text)
                    else common.text_to_paragraphs(text)
                )
            ]
            words = sum(len(paragraph.split()) for paragraph in paragraphs)
            if words > best_words:
                best, best_words = paragraphs, words
        if best:
            return best
        if cut is not None:
            # The teaser beside a text an API cut short is shorter still.
            where = f" ({url})" if url else ""
            raise _Unusable(
                f"only the start of the text: the export left out the other {cut}{where}", url
            )
    if wrong is not None:
        raise _Unusable(wrong)
    present = ", ".join(repr(name[:40]) for name in list(fields)[:12])
    raise _Unusable(
        "no article text: no 'body', 'text' or 'content' field with text in it "
        f"(its fields: {present or 'none'})",
        url,
    )


def _string_list(value: object) -> list[str]:
    return (
        [element for element in value if isinstance(element, str)]
        if isinstance(value, list)
        else []
    )


def _strings(value: object) -> Iterator[str]:
    """The strings in a field that may be a string, an object naming one, or a list of them."""
    value = _unwrap(value)
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for element in value[:20]:
            element = _unwrap(element)
            if isinstance(element, str):
                yield element


def _url(fields: Mapping[str, Any]) -> str | None:
    for name in URL_FIELDS:
        url = common.http_url(fields.get(name))
        if url is not None:
            return url
    return None


def _source(fields: Mapping[str, Any]) -> str | None:
    for name in SOURCE_FIELDS:
        for text in _strings(fields.get(name)):
            source = _plain(text) if len(text) <= 2 * common.MAX_NAME_CHARS else None
            if source and len(source) <= common.MAX_NAME_CHARS:
                return source
    return None


def _published(fields: Mapping[str, Any]) -> date | None:
    """The first date field that holds a plausible date (briefing.dates decides the day)."""
    for name in DATE_FIELDS:
        value = _unwrap(fields.get(name))
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        found = parse_metadata_date(value)
        if found is not None:
            return found
    return None


def _author(fields: Mapping[str, Any]) -> str | None:
    for field in AUTHOR_FIELDS:
        texts = [
            text for text in _strings(fields.get(field)) if len(text) <= 2 * common.MAX_NAME_CHARS
        ]
        names = [_BY.sub("", _plain(text)) for text in texts]
        names = [name for name in names if name and len(name) <= common.MAX_NAME_CHARS]
        if names:
            return ", ".join(dict.fromkeys(names))
    return None


KIND = Kind(
    "json",
    extensions=(".json", ".jsonl", ".ndjson"),
    media_types=("application/json", "application/x-ndjson", "application/jsonl"),
    read=read_json,
)
