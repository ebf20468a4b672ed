"""Following links: the pages that feed entries and export items only point to.

Most real feeds carry a headline and a teaser, and news-API exports cut the text short; the
article is on the page at the link. With ``--follow-links`` (Settings.follow_links) those
pages are fetched, through the same cache and limits as URLs given as inputs, and read like
them. The links are named by the feed, not by the user, so they are held to more:

- one step only: links on a followed page are reported, not followed;
- each page once, and none that was also given as an input;
- at most :data:`MAX_LINKS` in one run (a hostile feed may hold a hundred thousand);
- public hosts only (briefing.readers.fetch ``public_only``), except the hosts of URLs given as
  inputs: a feed cannot point a scheduled run at the machine's own services.

Pages are fetched on a few threads (the wait is the network's), then read one by one.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urlsplit

from briefing.models import Article, Skipped
from briefing.readers.document import Document, Part, Pointer
from briefing.readers.fetch import FetchOptions, fetch_document, without_credentials
from briefing.readers.inputs import InputFile, id_stem
from briefing.readers.registry import guarded, read_document

logger = logging.getLogger(__name__)

#: Links followed in one run at most; the rest are reported.
MAX_LINKS = 1000
#: Pages fetched at once: enough to hide the network's latency, few enough to be polite.
FETCH_THREADS = 4


def read_links(
    pointers: Sequence[Pointer],
    inputs: Sequence[InputFile],
    fetch_options: FetchOptions | None,
) -> tuple[list[Article], list[Skipped]]:
    """The articles on the pages that ``pointers`` (parts that only link to them) name.

    ``inputs`` are what the user gave (their URLs are not fetched twice, their hosts are
    trusted). Article ids come from the links' file names; the caller makes them unique. A
    page that cannot be fetched or read is skipped, named by its link and by the entry that
    pointed to it.
    """
    given = {_page(item.url) for item in inputs if item.url is not None}
    trusted = frozenset(host for item in inputs if item.url and (host := _host(item.url)))
    options = replace(fetch_options or FetchOptions(), public_only=True, trusted_hosts=trusted)
    skipped: list[Skipped] = []
    to_fetch: list[tuple[Pointer, InputFile]] = []
    seen: set[str] = set()
    over_the_cap: list[Pointer] = []
    for pointer in pointers:
        page = _page(pointer.link)
        if page in given or page in seen:
            logger.debug("%s: %s is read once", pointer.path, without_credentials(page))
            continue
        seen.add(page)
        if len(to_fetch) == MAX_LINKS:
            over_the_cap.append(pointer)
            continue
        name = PurePosixPath(urlsplit(page).path).name
        stem = id_stem(PurePosixPath(name)) if name else _host(page)
        item = InputFile(Path(name or "index.html"), stem or "page", url=page)
        to_fetch.append((pointer, item))
    if over_the_cap:
        # One line, not one per link: a hostile feed may hold a hundred thousand.
        first = over_the_cap[0]
        skipped.append(
            Skipped(
                first.path,
                f"{len(over_the_cap):,} links from here on not followed: at most "
                f"{MAX_LINKS:,} links are followed in one run",
            )
        )
    if not to_fetch:
        return [], skipped
    logger.info("following %d links from feeds and exports", len(to_fetch))

    def fetch(item: InputFile) -> Document | Skipped | Pointer:
        assert item.url is not None
        return guarded(item.location, partial(fetch_document, item.url, item.article_id, options))

    articles: list[Article] = []
    with ThreadPoolExecutor(FETCH_THREADS, thread_name_prefix="briefing-fetch") as pool:
        # A few pages fetched ahead of the one being read, in order: memory holds a handful
        # of pages (each up to 20 MB), not every page of the run.
        ahead: deque[Future[Document | Skipped | Pointer]] = deque()
        waiting = iter(to_fetch)
        for pointer, item in to_fetch:
            while len(ahead) < 2 * FETCH_THREADS and (queued := next(waiting, None)):
                ahead.append(pool.submit(fetch, queued[1]))
            document = ahead.popleft().result()
            outcome = (
                guarded(item.location, partial(read_document, document))
                if isinstance(document, Document)
                else document
            )
            del document
            for part in [outcome] if isinstance(outcome, Skipped | Pointer) else outcome:
                if isinstance(part, Article):
                    articles.append(part)
                else:
                    skipped.append(_from_link(part, pointer))
    return articles, skipped


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a broken address given as an input: reported by its own fetch
        return None
    return host.lower() if host else None


def _page(url: str) -> str:
    """The page a link names: the same page whatever its #fragment."""
    try:
        return urldefrag(url.strip())[0]
    except ValueError:  # a broken address given as an input: reported by its own fetch
        return url.strip().partition("#")[0]


def _from_link(part: Part, pointer: Pointer) -> Skipped:
    """A part of a followed page that is skipped, saying which entry linked to it."""
    if isinstance(part, Pointer):
        error = part.reason + "; links on a followed page are not followed in turn"
    else:
        assert isinstance(part, Skipped)
        error = part.error
    return Skipped(part.path, f"{error} (linked from {pointer.path})")
