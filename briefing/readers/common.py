"""What every structured reader (HTML, JSON, feeds, email) does once it has found the fields.

A reader finds a title, a body, a source, a URL and a date string in its own format; making an
Article of them is the same job everywhere: cut the body into paragraphs, read a dateline
("KYIV (Reuters) - ...") off the first paragraph, decide the date by the policy in
briefing.dates, and refuse bodies with no text in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from briefing.dates import (
    DateEvidence,
    DateLine,
    parse_date,
    parse_date_line,
    parse_metadata_date,
    resolve_publication_date,
)
from briefing.errors import ArticleError
from briefing.furniture import remove_furniture
from briefing.models import Article
from briefing.readers.dateline import take_dateline
from briefing.readers.text import MAX_TITLE_CHARS, derive_title

#: Fewer words than this in the whole body is a teaser or a link, not an article.
MIN_ARTICLE_WORDS = 25

_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "section", "article", "header", "footer", "figure", "figcaption", "pre", "dd", "dt",
)  # fmt: skip


__all__ = ["MAX_TITLE_CHARS"]  # the limit on headlines, defined beside the text reader's

#: The name of a source, a feed or an author is never longer than this.
MAX_NAME_CHARS = 300


def title_too_long(title: str) -> str | None:
    """Why ``title`` cannot be a headline (it is too long), or None when it can."""
    if len(title) <= MAX_TITLE_CHARS:
        return None
    return (
        f"the title is {len(title):,} characters long; a headline has at most {MAX_TITLE_CHARS:,}"
    )


#: Longer "URLs" in a feed or export are junk, not links.
MAX_URL_CHARS = 2048
_WWW = re.compile(r"^www\d*\.")


def http_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None (a field of any type)."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number is a broken URL
    except ValueError:  # "http://[oops/": a broken IPv6 literal
        return None
    if parts.scheme.lower() in ("http", "https") and parts.hostname and " " not in url:
        return url
    return None


def host_name(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``: a source name when the page gives none."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return _WWW.sub("", host) if host else None


def clean_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def text_to_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text body: blank-line blocks, or one per line when none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    paragraphs = []
    for block in blocks:
        lines = [clean_line(line) for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return paragraphs


def html_fragment_to_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed entry's or an API's ``content``), text only.

    Scripts, styles and every other element's markup are dropped; nothing is fetched.
    """
    if "<" not in fragment:
        return text_to_paragraphs(fragment)
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return text_to_paragraphs(re.sub(r"<[^>]*>", " ", fragment))
    for element in root.iter("script", "style", "noscript", "template", "iframe", "object"):
        element.drop_tree() if element.getparent() is not None else None
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag == "br":
            element.tail = "\n" + element.tail.lstrip("\n")
    return text_to_paragraphs(root.text_content())


def article_from_parts(
    *,
    article_id: str,
    location: str,
    title: str | None,
    paragraphs: Sequence[str],
    source: str | None = None,
    url: str | None = None,
    published: object = None,
    author: str | None = None,
    header_date: str | None = None,
) -> Article:
    """An Article from the fields a reader found; ArticleError when the body has no text.

    ``published`` is whatever the metadata held (a string in any common format, a timestamp,
    a date): it is parsed by briefing.dates.parse_metadata_date and wins over a dateline.
    ``header_date`` is a date line shown above the text ("12 January 2024, 9:14 GMT"): the
    policy trusts it as ``medium`` when nothing better is found and the text agrees.
    """
    body = [clean_line(paragraph) for paragraph in paragraphs]
    body = [paragraph for paragraph in body if paragraph]
    title = clean_line(title) if title else None
    too_long = title_too_long(title) if title else None
    if too_long is not None:
        raise ArticleError(too_long)
    if title and body and body[0].casefold() == title.casefold():
        body.pop(0)  # the headline repeated as the first line of the text
    # A date line above the text ("Published: 12 March 2024") is the page's date, not text.
    written_date: DateLine | None = None
    for index, paragraph in enumerate(body[:3]):
        written_date = parse_date_line(paragraph)
        if written_date is not None:
            del body[index]
            break
    dateline = take_dateline(body)
    seen: set[str] = set()
    unique: list[str] = []
    for paragraph in body:
        key = paragraph.casefold()
        if paragraph and key not in seen:
            seen.add(key)
            unique.append(paragraph)
    unique = remove_furniture(unique)
    if sum(len(paragraph.split()) for paragraph in unique) < MIN_ARTICLE_WORDS:
        raise ArticleError(
            "no article text: only a headline, a teaser or a link"
            if unique
            else "no article text in it"
        )
    header = parse_date(header_date) if header_date else None
    publication = None
    if written_date is not None and written_date.labelled:
        publication = written_date.mention
    elif written_date is not None and header is None:
        header = written_date.mention
    resolved = resolve_publication_date(
        DateEvidence(
            dateline=dateline.date if dateline else None,
            metadata=parse_metadata_date(published),
            header=header,
            publication=publication,
        ),
        unique,
    )
    return Article(
        id=article_id,
        path=location,
        title=title or derive_title(unique[0]),
        paragraphs=tuple(unique),
        source=clean_line(source) if source else (dateline.source if dateline else None),
        published=resolved.published,
        date_confidence=resolved.confidence,
        date_basis=resolved.basis,
        not_before=resolved.not_before,
        place=dateline.place if dateline else None,
        url=url,
        author=clean_line(author) if author else None,
    )
