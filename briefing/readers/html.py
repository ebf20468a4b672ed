"""Saved web pages: the article's text and metadata, found by trafilatura.

trafilatura finds the main text (leaving out menus, cookie banners, related links, comments and
footers) and reads the page's metadata: the title, author and site name from OpenGraph, JSON-LD
and ``<meta>`` tags, and the publication date through htmldate. We add what it leaves to
heuristics we do not want: the canonical URL comes first, a site name it made up from the URL
or from a piece of the ``<title>`` is not one, and a line of page furniture before the text
(a byline, a time stamp) is not a paragraph.

Nothing in a page runs or is fetched: lxml parses without network access, trafilatura and
htmldate are given the parsed tree (never a URL, which htmldate would download), scripts,
styles, frames, templates and comments are dropped, and images are never looked at. Nor does
anything set a signal or an alarm (trafilatura's EXTRACTION_TIMEOUT is read by its command line
only), so pages can be read in worker threads and processes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from briefing.dates import find_date_mentions
from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers.common import (
    MIN_ARTICLE_WORDS,
    article_from_parts,
    clean_line,
    host_name,
    http_url,
)
from briefing.readers.content import decode_document
from briefing.readers.dateline import parse_dateline
from briefing.readers.document import Document, Kind

logger = logging.getLogger(__name__)

#: htmldate options. ``original_date`` prefers the publication date to the last-modified one.
#: ``extensive_search`` is off: it takes any date written in the text for the page's date,
#: which the date policy would then trust as metadata. The output keeps the time and zone so
#: that briefing.dates takes the UTC day, as for every other metadata timestamp.
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
#: Parts of a page trafilatura keeps but that are never article text.
_PRUNED = ["//template", "//dialog"]
#: trafilatura takes about 0.15 ms per element (15 s at this limit); news pages have a few
#: thousand. A bigger page is a dump or an endless scroll, not an article.
MAX_ELEMENTS = 100_000
#: libxml2 stops parsing at this depth (deeper pages would exhaust the C stack).
_MAX_PARSER_DEPTH = 255

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " : ")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?|gmt|utc)?\b", re.IGNORECASE)
_STAMP_WORDS = re.compile(
    r"\b(?:updated|published|posted|last modified|min(?:ute)?s? read|ago)\b", re.IGNORECASE
)
#: A line this long is article text, not a byline or a time stamp.
_FURNITURE_MAX_WORDS = 15
#: A sentence of article text has at least this many words and ends like a sentence.
_PROSE_MIN_WORDS = 6
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")


def read_html(document: Document) -> list[Article | Skipped]:
    """The article in a saved web page; ArticleError when the page has none.

    The page's bytes are decoded by :func:`~briefing.readers.content.decode_document` (which
    honours a declared charset), then trafilatura extracts the text and metadata. The
    article's URL is the canonical one, else ``og:url``, else the document's; its source is
    the site's name from the metadata, else the dateline's source, else the URL's host name.
    """
    import trafilatura
    from trafilatura.utils import load_html

    html = decode_document(document)
    try:
        # trafilatura refuses a fragment ("<div>...</div>" alone) as not quite HTML.
        tree = load_html(html)
        if tree is None:
            tree = load_html(f"<html><body>{html}</body></html>")
        if tree is None:
            raise ArticleError("not a web page: no HTML found in it")
        elements = sum(1 for _ in tree.iter())
        if elements > MAX_ELEMENTS:
            raise ArticleError(
                f"too large a page to read: {elements:,} HTML elements "
                f"(the limit is {MAX_ELEMENTS:,}; a news page has a few thousand)"
            )
        url = _page_url(tree, document.url)
        extracted = trafilatura.bare_extraction(
            tree,
            url=url,  # htmldate reads a date in it; nothing is fetched
            with_metadata=True,
            include_comments=False,  # readers' comments under the article
            include_tables=False,  # layout tables would come out as one run-on line
            include_images=False,
            include_links=False,
            prune_xpath=_PRUNED,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except ArticleError:
        raise
    except RecursionError as error:
        raise ArticleError("the page is nested too deeply to read") from error
    except Exception as error:
        # A page no one wrote for trafilatura can trip it anywhere; one such page is skipped
        # with the reason, not allowed to stop the brief.
        logger.debug("%s: trafilatura failed", document.location, exc_info=True)
        raise ArticleError(
            f"cannot read the page as HTML ({type(error).__name__}: {error})"
        ) from error

    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        if _deeper_than_parser_limit(tree):
            raise ArticleError(
                f"the page is nested more than {_MAX_PARSER_DEPTH} levels deep, where the "
                "HTML parser stops; no article text found above that"
            )
        raise ArticleError("no article text found in the page")

    title_element = clean_line(tree.findtext(".//head/title") or "")
    title = _title(getattr(extracted, "title", None), title_element)
    paragraphs, header_date = _body_lines(text, title)
    # When the page has no article, trafilatura's fallbacks return what text there is: a
    # menu, a list of headlines. An article has sentences.
    if sum(len(line.split()) for line in paragraphs if _is_prose(line)) < MIN_ARTICLE_WORDS:
        raise ArticleError("no article text found in the page (only menus, headlines or links)")
    article = article_from_parts(
        article_id=document.article_id,
        location=document.location,
        title=title,
        paragraphs=paragraphs,
        source=_site_name(extracted, title_element),
        url=url,
        published=getattr(extracted, "date", None),
        author=getattr(extracted, "author", None),
        header_date=header_date,
    )
    if article.source is None and url is not None:
        article = replace(article, source=host_name(url))
    return [article]


def _deeper_than_parser_limit(tree: Any) -> bool:
    deepest = tree.xpath(f"boolean(//*[count(ancestor::*) >= {_MAX_PARSER_DEPTH - 1}])")
    return bool(deepest)


def _title_parts(title_element: str) -> list[str]:
    """The pieces of a ``<title>`` such as "Headline | Site" or "Site - Headline"."""
    for separator in _TITLE_SEPARATORS:
        if separator in title_element:
            return [part.strip() for part in title_element.split(separator) if part.strip()]
    return [title_element] if title_element else []


def _title(found: str | None, title_element: str) -> str | None:
    """trafilatura's title, unless it took the site's name out of the ``<title>``.

    With no headline in the metadata or an ``<h1>``, trafilatura splits the ``<title>`` and
    keeps a part without a dot, so "Valley Record - U.S. grants aid" gives "Valley Record":
    then the longer part with words and a dot in it is the headline.
    """
    parts = _title_parts(title_element)
    if not found or "." in found or found not in parts:
        return found
    headlines = [part for part in parts if "." in part and " " in part and len(part) > len(found)]
    return max(headlines, key=len) if headlines else found


def _site_name(extracted: Any, title_element: str) -> str | None:
    """The site's name from the page's metadata, or None when trafilatura only guessed it.

    trafilatura falls back on the URL's domain (we want the dateline's source first) and on a
    part of the ``<title>`` with a dot in it, which is as often a headline ("U.S. grants aid").
    """
    name = clean_line(getattr(extracted, "sitename", None) or "")
    if not name or name.lower().startswith(("http://", "https://")):
        return None
    host = host_name(getattr(extracted, "url", None))
    if host and name.casefold() == host.casefold():
        return None
    parts = _title_parts(title_element)
    if len(parts) > 1 and name in parts and "." in name and " " in name:
        return None
    return name


def _page_url(tree: Any, document_url: str | None) -> str | None:
    """The canonical URL, else ``og:url``, else the URL the page was fetched from."""
    og_urls = tree.xpath("//head/meta[@property='og:url']/@content")
    og_url = _absolute(str(og_urls[0]).strip(), None) if og_urls else None
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            canonical = _absolute(link.get("href", "").strip(), document_url or og_url)
            if canonical:
                return canonical
            break
    return og_url or document_url


def _absolute(href: str, base: str | None) -> str | None:
    """``href`` as an absolute http(s) URL (resolved against ``base``), or None."""
    try:
        url = urljoin(base, href) if base else href
    except ValueError:  # a broken base or href ("http://[oops/")
        return None
    return http_url(url)


def _body_lines(text: str, title: str | None) -> tuple[list[str], str | None]:
    """trafilatura's text lines, less the headline, byline and time stamps above the text,
    and the first date among those stamps (a date shown on the page, not in its metadata)."""
    lines = [clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    first_paragraph = next(
        (index for index, line in enumerate(lines) if len(line.split()) > _FURNITURE_MAX_WORDS),
        len(lines),
    )
    head: list[str] = []
    header_date: str | None = None
    for line in lines[:first_paragraph]:
        if not _is_furniture(line, title):
            head.append(line)
        elif header_date is None and find_date_mentions(line):
            header_date = line
    return head + lines[first_paragraph:], header_date


def _is_furniture(line: str, title: str | None) -> bool:
    if not any(ch.isalnum() for ch in line):
        return True
    if title and line.casefold() == title.casefold():
        return True
    if parse_dateline(line) is not None:
        return False
    if line.startswith(("By ", "by ")) and not line.rstrip().endswith("."):
        return True
    return bool(find_date_mentions(line) or _CLOCK.search(line) or _STAMP_WORDS.search(line))


def _is_prose(line: str) -> bool:
    return len(line.split()) >= _PROSE_MIN_WORDS and line.endswith(_SENTENCE_END)


KIND = Kind(
    "html",
    extensions=(".html", ".htm", ".xhtml"),
    media_types=("text/html", "application/xhtml+xml"),
    read=read_html,
)
