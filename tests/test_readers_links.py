"""Following the links of headline-only feed entries and cut-short export items.

A real HTTP server on 127.0.0.1 serves a feed, a news-API export and the pages they link to,
and records every request: what is fetched, how often, and what is refused.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from web_server import serving

import briefing.readers.links as links
from briefing.cli import app
from briefing.models import Article, Skipped
from briefing.readers import Document, read_inputs
from briefing.readers.fetch import FetchOptions

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "html"
HARBOUR_FIRE = (PAGES / "port-halden-grain-fire.html").read_bytes()
POWER_CUTS = (PAGES / "kyiv-grid-power-cuts.html").read_bytes()
FIRE_TITLE = "Fire at Port Halden grain terminal forces evacuation of dockside homes"
GRID_TITLE = "Ukraine orders rolling power cuts after drone strikes on substations"
FULL_TEXT = (
    "Engineers reopened the Ostrel bridge on Friday, three days after floodwaters forced its "
    "closure, the regional roads agency said. Traffic on the main road to the coast was "
    "moving again by noon, although a weight limit of 12 tonnes stays in place until the "
    "piers have been inspected by divers next week."
)


def _item(title: str, link: str, description: str = "Read the full story.") -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link>"
        f"<description>{description}</description>"
        "<pubDate>Tue, 19 Sep 2023 08:00:00 GMT</pubDate></item>"
    )


def _feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk Wire</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class _Server(ThreadingHTTPServer):
    """Serves ``pages`` (path -> (content type, body)) and records each path requested."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requested: list[str] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def count(self, path: str) -> int:
        with self.lock:
            return self.requested.count(path)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requested.append(self.path)
        if self.path == "/moved":
            # To the same server under another name: a host nobody gave as an input.
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/fire")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        found = self.server.pages.get(self.path)
        status, (content_type, body) = (200, found) if found else (404, ("text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[_Server]:
    with serving(_Server()) as running:
        yield running


def _serve_headline_feed(server: _Server) -> str:
    """A feed of one full-text entry and three headlines, one of them a dead link."""
    server.pages.update(
        {
            "/fire": ("text/html; charset=utf-8", HARBOUR_FIRE),
            "/grid.html": ("text/html; charset=utf-8", POWER_CUTS),
            "/feed.xml": (
                "application/rss+xml",
                _feed(
                    _item("Ostrel bridge reopens", f"{server.base}/bridge", FULL_TEXT),
                    _item("Grain fire at Port Halden", f"{server.base}/fire"),
                    _item("Power cuts in Kyiv", f"{server.base}/grid.html#top"),
                    _item("Gone", f"{server.base}/gone"),
                ),
            ),
        }
    )
    return f"{server.base}/feed.xml"


def test_without_follow_links_each_headline_is_reported_with_its_link(server: _Server) -> None:
    feed = _serve_headline_feed(server)
    articles, skipped = read_inputs([feed])
    assert [article.title for article in articles] == ["Ostrel bridge reopens"]
    assert [item.link for item in skipped] == [
        f"{server.base}/fire",
        f"{server.base}/grid.html#top",
        f"{server.base}/gone",
    ]
    assert skipped[0].path == f"{feed} entry 2 ('Grain fire at Port Halden')"
    assert skipped[0].error == f"only a link or a teaser in the feed ({server.base}/fire)"
    assert server.requested == ["/feed.xml"]  # nothing the feed names is fetched


def test_follow_links_reads_each_linked_page_once(server: _Server) -> None:
    feed = _serve_headline_feed(server)
    articles, skipped = read_inputs([feed], follow_links=True)
    by_title = {article.title: article for article in articles}
    assert set(by_title) == {
        "Ostrel bridge reopens",
        FIRE_TITLE,
        GRID_TITLE,
    }
    fire = by_title[FIRE_TITLE]
    assert fire.path == f"{server.base}/fire"  # where it was read; its url is the canonical one
    assert fire.id == "fire" and by_title[GRID_TITLE].id == "grid"
    [gone] = skipped
    assert gone.path == f"{server.base}/gone"
    assert gone.error == f"HTTP 404 Not Found (linked from {feed} entry 4 ('Gone'))"
    assert gone.link is None
    assert [server.count(path) for path in ("/feed.xml", "/fire", "/grid.html", "/gone")] == [
        1,
        1,
        1,
        1,
    ]


def test_a_page_also_given_as_an_input_or_linked_twice_is_fetched_once(server: _Server) -> None:
    feed = _serve_headline_feed(server)
    server.pages["/second.xml"] = (
        "application/rss+xml",
        _feed(
            _item("Fire again", f"{server.base}/fire"), _item("Grid", f"{server.base}/grid.html")
        ),
    )
    articles, _ = read_inputs(
        [feed, f"{server.base}/second.xml", f"{server.base}/grid.html"], follow_links=True
    )
    assert server.count("/fire") == 1
    assert server.count("/grid.html") == 1
    assert len({article.id for article in articles}) == len(articles) == 3


def test_a_feed_of_headlines_is_one_line_when_links_are_not_followed(server: _Server) -> None:
    server.pages["/headlines.xml"] = (
        "application/rss+xml",
        _feed(_item("A", f"{server.base}/fire"), _item("B", f"{server.base}/grid.html")),
    )
    articles, skipped = read_inputs(
        [f"{server.base}/headlines.xml", PAGES / "port-halden-grain-fire.html"]
    )
    assert len(articles) == 1
    assert [(item.path, item.error) for item in skipped] == [
        (
            f"{server.base}/headlines.xml",
            "no article text in it: all 2 of its entries only link to their pages "
            "(--follow-links reads the pages)",
        )
    ]


def test_links_in_a_local_file_to_a_private_address_are_not_fetched(
    server: _Server, tmp_path: Path
) -> None:
    server.pages["/fire"] = ("text/html", HARBOUR_FIRE)
    feed = tmp_path / "desk.xml"
    feed.write_bytes(
        _feed(_item("Fire", f"{server.base}/fire"), _item("Bridge", "http://b.example/", FULL_TEXT))
    )
    articles, skipped = read_inputs([feed], follow_links=True)
    assert [article.title for article in articles] == ["Bridge"]
    [refused] = skipped
    assert refused.error.startswith(
        "not fetched: 127.0.0.1 is a private, loopback or link-local address (127.0.0.1)"
    )
    assert refused.error.endswith(f"(linked from {feed} entry 1 ('Fire'))")
    assert server.requested == []


def test_a_redirect_from_a_trusted_host_to_another_private_host_is_refused(
    server: _Server,
) -> None:
    server.pages["/feed.xml"] = (
        "application/rss+xml",
        _feed(_item("Moved", f"{server.base}/moved")),
    )
    articles, skipped = read_inputs(
        [f"{server.base}/feed.xml", PAGES / "kyiv-grid-power-cuts.html"], follow_links=True
    )
    assert len(articles) == 1
    [refused] = skipped
    assert refused.error.startswith("not fetched: localhost is a private, loopback")
    assert server.requested == ["/feed.xml", "/moved"]  # /fire never


def test_an_export_cut_short_is_read_from_its_page(server: _Server) -> None:
    server.pages["/fire"] = ("text/html", HARBOUR_FIRE)
    export = {
        "status": "ok",
        "articles": [
            {
                "title": "Grain terminal fire",
                "url": f"{server.base}/fire",
                "content": "Fire crews fought a blaze at the grain terminal… [+2714 chars]",
            },
            {"title": "Ostrel bridge reopens", "url": "https://b.example/", "content": FULL_TEXT},
        ],
    }
    server.pages["/export.json"] = ("application/json", json.dumps(export).encode())
    articles, skipped = read_inputs([f"{server.base}/export.json"], follow_links=True)
    assert skipped == []
    assert sorted(article.title for article in articles) == [
        FIRE_TITLE,
        "Ostrel bridge reopens",
    ]


def test_followed_pages_come_from_the_cache_on_the_next_run(
    server: _Server, tmp_path: Path
) -> None:
    feed = _serve_headline_feed(server)
    cached = FetchOptions(cache_dir=tmp_path / "cache")
    first, _ = read_inputs([feed], fetch_options=cached, follow_links=True)
    offline = FetchOptions(cache_dir=tmp_path / "cache", offline=True)
    second, _ = read_inputs([feed], fetch_options=offline, follow_links=True)
    assert [article.id for article in second] == [article.id for article in first]
    assert server.count("/fire") == 1


def test_a_name_that_resolves_to_a_private_address_is_refused_at_connection(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # news.example resolves to 127.0.0.1 here: the check is on the address connected to,
    # so a name that answers with a public address first and a private one next fails too.
    real = socket.getaddrinfo

    def resolve(host: str | None, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "news.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    server.pages["/fire"] = ("text/html", HARBOUR_FIRE)
    feed = tmp_path / "desk.xml"
    feed.write_bytes(_feed(_item("Fire", f"http://news.example:{server.server_port}/fire")))
    articles, skipped = read_inputs([feed, PAGES / "kyiv-grid-power-cuts.html"], follow_links=True)
    assert len(articles) == 1
    [refused] = skipped
    assert refused.error.startswith(
        "not fetched: news.example is a private, loopback or link-local address (127.0.0.1)"
    )
    assert server.requested == []


def test_offline_following_asks_no_dns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str | None] = []
    real = socket.getaddrinfo

    def resolve(host: str | None, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    feed = tmp_path / "desk.xml"
    feed.write_bytes(_feed(*(_item(f"E{n}", f"http://news{n}.example/a") for n in range(5))))
    offline = FetchOptions(cache_dir=tmp_path / "cache", offline=True)
    _, skipped = read_inputs(
        [feed, PAGES / "kyiv-grid-power-cuts.html"], fetch_options=offline, follow_links=True
    )
    assert len(skipped) == 5
    assert all("working offline" in item.error for item in skipped)
    assert asked == []  # not even a lookup tells the feed's author it was read


def test_only_a_few_fetched_pages_wait_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting: list[int] = [0]
    most: list[int] = [0]
    lock = threading.Lock()

    def fetched(url: str, article_id: str, options: object) -> Document:
        with lock:
            waiting[0] += 1
            most[0] = max(most[0], waiting[0])
        return Document(url, "page.html", HARBOUR_FIRE, article_id, url=url)

    def read(document: Document) -> list[Article | Skipped]:
        with lock:
            waiting[0] -= 1
        return []

    monkeypatch.setattr(links, "fetch_document", fetched)
    monkeypatch.setattr(links, "read_document", read)
    feed = tmp_path / "desk.xml"
    feed.write_bytes(_feed(*(_item(f"E{n}", f"https://news.example/{n}") for n in range(60))))
    read_inputs([feed, PAGES / "kyiv-grid-power-cuts.html"], follow_links=True)
    assert 1 <= most[0] <= 2 * links.FETCH_THREADS + 1


def test_a_broken_address_among_the_inputs_does_not_stop_following(server: _Server) -> None:
    feed = _serve_headline_feed(server)
    articles, skipped = read_inputs(["http://[oops/x#top", feed], follow_links=True)
    assert len(articles) == 3
    assert skipped[0].path == "http://[oops/x#top"


def test_at_most_max_links_are_followed_in_one_run(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links, "MAX_LINKS", 1)
    feed = _serve_headline_feed(server)
    articles, skipped = read_inputs([feed], follow_links=True)
    assert len(articles) == 2
    assert [(item.path, item.error) for item in skipped] == [
        (
            f"{feed} entry 3 ('Power cuts in Kyiv')",
            "2 links from here on not followed: at most 1 links are followed in one run",
        )
    ]
    assert server.count("/grid.html") == server.count("/gone") == 0


def test_cli_follow_links_and_the_links_in_the_json_brief(server: _Server, tmp_path: Path) -> None:
    feed = _serve_headline_feed(server)
    seed = ROOT / "seeds"
    common = [
        "build", feed, str(seed), "--format", "json", "--no-cache", "--as-of", "2023-09-30",
    ]  # fmt: skip
    plain = CliRunner().invoke(app, [*common, "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0, plain.output
    brief = json.loads((tmp_path / "plain" / "brief.json").read_text())
    assert {item.get("link") for item in brief["skipped"]} == {
        f"{server.base}/fire",
        f"{server.base}/grid.html#top",
        f"{server.base}/gone",
    }
    followed = CliRunner().invoke(app, [*common, "--follow-links", "--out", str(tmp_path / "f")])
    assert followed.exit_code == 0, followed.output
    brief = json.loads((tmp_path / "f" / "brief.json").read_text())
    assert {article["id"] for article in brief["articles"]} >= {"fire", "grid"}
    assert [item["path"] for item in brief["skipped"]] == [f"{server.base}/gone"]
    assert "link" not in brief["skipped"][0]
