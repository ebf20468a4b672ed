"""Fetching URLs from a real HTTP server on 127.0.0.1: redirects, limits, errors and the cache."""

from __future__ import annotations

import gzip
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from web_server import serving

from briefing.errors import ArticleError
from briefing.readers import read_inputs
from briefing.readers.fetch import (
    MAX_REDIRECTS,
    FetchOptions,
    fetch_document,
    is_public_address,
    without_credentials,
)

ROOT = Path(__file__).resolve().parent.parent
EMAIL = ROOT / "tests" / "data" / "email"

STORY = (
    "Engineers reopened the Ostrel bridge on Friday, three days after floodwaters forced its "
    "closure, the regional roads agency said. Traffic on the main road to the coast was "
    "moving again by noon, although a weight limit of 12 tonnes stays in place until the "
    "piers have been inspected by divers next week."
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Ostrel bridge reopens</title></head><body>"
    f"<article><h1>Ostrel bridge reopens</h1><p>{STORY}</p></article></body></html>"
).encode()
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
    b"<item><title>Ostrel bridge reopens</title><link>http://example.org/a</link></item>"
    b"</channel></rss>"
)
ETAG = '"v1"'
LAST_MODIFIED = "Fri, 08 Mar 2024 10:00:00 GMT"


class _Server(ThreadingHTTPServer):
    """Records each request (path, headers) and the status it answered."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.statuses: list[tuple[str, int]] = []
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stopped reading (size cap, timeout) is what the tests want

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for seen, _ in self.requests if seen == path)

    def last_headers(self, path: str) -> dict[str, str]:
        with self.lock:
            return [headers for seen, headers in self.requests if seen == path][-1]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        with self.server.lock:
            self.server.statuses.append((self.path, status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requests.append((self.path, dict(self.headers.items())))
        path = self.path
        if path in ("/page.html", "/folder/"):
            self._send(200, PAGE, Content_Type="text/html; charset=utf-8")
        elif path == "/story.txt":
            self._send(
                200, f"Ostrel bridge reopens\n\n{STORY}\n".encode(), Content_Type="text/plain"
            )
        elif path == "/feed":
            self._send(200, FEED, Content_Type="application/rss+xml")
        elif path == "/redirect":
            self._send(302, Location="/hop")
        elif path == "/hop":
            self._send(301, Location=f"http://127.0.0.1:{self.server.server_port}/page.html")
        elif path == "/to-file":
            self._send(302, Location="file:///etc/passwd")
        elif path.startswith("/loop/"):
            self._send(302, Location=f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/slow":
            self.server.stopping.wait(1.5)
            self._send(200, PAGE, Content_Type="text/html")
        elif path == "/endless":
            self._endless()
        elif path == "/trickled-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 400)
        elif path == "/trickled-body":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n"
            self.wfile.write(head)
            self._trickle(b"<html>" + b"x" * 400)
        elif path == "/trickled-body-without-length":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
            self._trickle(PAGE * 4)
        elif path == "/declared-huge":
            self._send(200, b"x" * 100, Content_Length=str(10**9))
        elif path == "/gzip":
            assert "gzip" in self.headers.get("Accept-Encoding", "")
            self._send(200, gzip.compress(PAGE), Content_Type="text/html", Content_Encoding="gzip")
        elif path == "/gzip-bomb":
            self._send(200, gzip.compress(b" " * 200_000), Content_Encoding="gzip")
        elif path == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, ETag=ETAG)
            else:
                self._send(200, PAGE, ETag=ETAG, Last_Modified=LAST_MODIFIED)
        elif path == "/flaky":
            if self.server.count(path) == 1:
                self._send(200, PAGE)
            else:
                self._send(503)
        elif path == "/private":
            if self.headers.get("Authorization") == "Basic dXNlcjpzM2NyZXQ=":  # user:s3cret
                self._send(200, PAGE, Content_Type="text/html")
            else:
                self._send(401)
        else:
            self._send(404, b"<html><body>Not here</body></html>", Content_Type="text/html")

    def _trickle(self, data: bytes) -> None:
        """Send ``data`` a byte every 50 ms: every read gets something, none ever times out."""
        try:
            for index in range(len(data)):
                if self.server.stopping.wait(0.05):
                    return
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()  # no Content-Length: the body runs until the connection closes
        try:
            while not self.server.stopping.is_set():
                self.wfile.write(b"all work and no play " * 3000)
        except OSError:
            pass


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server() -> Iterator[_Server]:
    with serving(_Server(), poll_interval=0.02) as running:
        try:
            yield running
        finally:
            running.stopping.set()  # releases the handlers that wait, before the shutdown


def _url(server: _Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_port}{path}"


def test_a_page_is_fetched_with_its_name_type_and_our_user_agent(server: _Server) -> None:
    document = fetch_document(_url(server, "/page.html"), "page")
    assert document.data == PAGE
    assert (document.location, document.url) == (_url(server, "/page.html"),) * 2
    assert (document.name, document.article_id) == ("page.html", "page")
    assert document.content_type == "text/html; charset=utf-8"
    assert server.last_headers("/page.html")["User-Agent"].startswith("briefing/")


def test_a_feed_keeps_its_content_type_and_a_folder_is_an_index_page(server: _Server) -> None:
    feed = fetch_document(_url(server, "/feed"), "feed")
    assert (feed.name, feed.content_type, feed.data) == ("feed", "application/rss+xml", FEED)
    assert fetch_document(_url(server, "/folder/"), "folder").name == "index.html"


def test_redirects_are_followed_to_the_final_url(server: _Server) -> None:
    document = fetch_document(_url(server, "/redirect"), "r")
    assert document.data == PAGE
    assert document.location == _url(server, "/redirect")
    assert document.url == _url(server, "/page.html")
    assert document.name == "page.html"


def test_a_redirect_to_a_local_file_is_refused(server: _Server) -> None:
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, "/to-file"), "f")
    assert str(raised.value) == (
        "redirected to file:///etc/passwd, which is not an http(s) address; not followed"
    )


def test_other_schemes_are_refused_outright() -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/plain,hello"):
        with pytest.raises(ArticleError, match="only http and https"):
            fetch_document(url, "x")


def test_redirects_stop_after_the_limit(server: _Server) -> None:
    with pytest.raises(ArticleError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch_document(_url(server, "/loop/0"), "loop")
    assert server.count(f"/loop/{MAX_REDIRECTS}") == 1
    assert server.count(f"/loop/{MAX_REDIRECTS + 1}") == 0


def test_an_address_as_a_browser_shows_it_is_sent_encoded(server: _Server) -> None:
    with pytest.raises(ArticleError, match="HTTP 404 Not Found"):
        fetch_document(_url(server, "/Straße news.html#top"), "s")
    assert server.requests[-1][0] == "/Stra%C3%9Fe%20news.html"


def test_an_address_with_a_broken_port_is_refused() -> None:
    with pytest.raises(ArticleError, match="not a valid web address"):
        fetch_document("http://127.0.0.1:port/page.html", "p")


def test_http_errors_are_named(server: _Server) -> None:
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, "/missing"), "m")
    assert str(raised.value) == "HTTP 404 Not Found"


def test_a_slow_server_times_out_quickly(server: _Server) -> None:
    started = time.monotonic()
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, "/slow"), "s", FetchOptions(timeout=0.3))
    assert str(raised.value) == "timed out after 0.3 s"
    assert time.monotonic() - started < 1.2


@pytest.mark.parametrize(
    "path", ["/trickled-headers", "/trickled-body", "/trickled-body-without-length"]
)
def test_the_timeout_bounds_the_whole_fetch_not_each_read(server: _Server, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, path), "s", FetchOptions(timeout=0.5))
    assert str(raised.value) == "timed out after 0.5 s"
    # A read timeout alone would wait out the whole trickle: 20 seconds or more.
    assert time.monotonic() - started < 5


def test_a_refused_connection_is_explained() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(ArticleError) as raised:
        fetch_document(f"http://127.0.0.1:{port}/page.html", "x", FetchOptions(timeout=2))
    assert str(raised.value) == f"connection refused by 127.0.0.1:{port}"


def test_an_unknown_host_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # the machine has no DNS
    with pytest.raises(ArticleError) as raised:
        fetch_document("https://news.invalid/today", "t")
    assert str(raised.value) == (
        "cannot find the server news.invalid (DNS: Name or service not known)"
    )


def test_an_endless_body_stops_at_the_size_limit(server: _Server) -> None:
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, "/endless"), "e", FetchOptions(max_bytes=256 * 1024))
    assert str(raised.value) == "larger than the limit of 256 KB; not read"


def test_a_declared_length_over_the_limit_is_refused_before_reading(server: _Server) -> None:
    with pytest.raises(ArticleError) as raised:
        fetch_document(_url(server, "/declared-huge"), "h")
    assert str(raised.value) == "too large (954 MB; the limit is 20 MB)"


def test_gzip_content_encoding_is_unpacked_within_the_limit(server: _Server) -> None:
    assert fetch_document(_url(server, "/gzip"), "g").data == PAGE
    with pytest.raises(ArticleError, match="unpacks to more than the limit of 100 KB"):
        fetch_document(_url(server, "/gzip-bomb"), "b", FetchOptions(max_bytes=100 * 1024))


def test_a_fresh_cached_copy_is_used_and_a_stale_one_revalidated(
    server: _Server, tmp_path: Path
) -> None:
    url = _url(server, "/etag")
    first = fetch_document(url, "e", FetchOptions(cache_dir=tmp_path))
    again = fetch_document(url, "e", FetchOptions(cache_dir=tmp_path))
    assert server.count("/etag") == 1  # within max_age: no request at all
    assert again == first
    stale = fetch_document(url, "e", FetchOptions(cache_dir=tmp_path, max_age=0))
    assert server.count("/etag") == 2
    assert server.last_headers("/etag")["If-None-Match"] == ETAG
    assert server.last_headers("/etag")["If-Modified-Since"] == LAST_MODIFIED
    assert server.statuses[-1] == ("/etag", 304)  # no body sent
    assert stale.data == PAGE
    fetch_document(url, "e", FetchOptions(cache_dir=tmp_path))
    assert server.count("/etag") == 2  # the 304 made the copy fresh again


def test_the_cache_entry_is_one_file_of_metadata_and_body(server: _Server, tmp_path: Path) -> None:
    fetch_document(_url(server, "/redirect"), "r", FetchOptions(cache_dir=tmp_path))
    [entry] = tmp_path.iterdir()
    header, body = entry.read_bytes().split(b"\n", 1)
    meta = json.loads(header)
    assert meta["final_url"] == _url(server, "/page.html")
    assert meta["size"] == len(body) and body == PAGE
    assert time.time() - meta["fetched_at"] < 60


def test_offline_reads_only_the_cache(server: _Server, tmp_path: Path) -> None:
    url = _url(server, "/page.html")
    with pytest.raises(ArticleError, match="working offline, and no copy of it in the cache"):
        fetch_document(url, "p", FetchOptions(cache_dir=tmp_path, offline=True))
    fetch_document(url, "p", FetchOptions(cache_dir=tmp_path))
    offline = FetchOptions(cache_dir=tmp_path, offline=True, max_age=0)
    assert fetch_document(url, "p", offline).data == PAGE
    assert server.count("/page.html") == 1


def test_a_failed_fetch_falls_back_to_a_stale_copy_with_a_warning(
    server: _Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = _url(server, "/flaky")
    fetch_document(url, "f", FetchOptions(cache_dir=tmp_path))
    with caplog.at_level(logging.WARNING, logger="briefing.readers.fetch"):
        document = fetch_document(url, "f", FetchOptions(cache_dir=tmp_path, max_age=0))
    assert document.data == PAGE
    assert server.statuses[-1] == ("/flaky", 503)
    assert f"{url}: HTTP 503 Service Unavailable; using the copy cached" in caplog.text


def test_credentials_are_sent_but_never_shown(
    server: _Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = _url(server, "/private").replace("//", "//user:s3cret@", 1)
    with caplog.at_level(logging.DEBUG, logger="briefing.readers.fetch"):
        document = fetch_document(url, "p", FetchOptions(cache_dir=tmp_path))
        assert document.data == PAGE
        with pytest.raises(ArticleError) as raised:
            fetch_document(url.replace("/private", "/missing"), "m")
    assert document.location == document.url == _url(server, "/private")
    assert without_credentials(url) == _url(server, "/private")
    shown = [caplog.text, str(raised.value), *(p.read_bytes().decode() for p in tmp_path.iterdir())]
    assert not any("s3cret" in text for text in shown)


def test_a_password_that_breaks_the_address_is_not_shown_either(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # An unescaped "#" or "/" ends the host early: "me" becomes the host, "s3cr" the port.
    for url in ("https://me:s3cr#et@news.example/feed", "https://me:s3cr/et@news.example/feed"):
        assert without_credentials(url) == "https://news.example/feed"
        with caplog.at_level(logging.DEBUG):
            articles, skipped = read_inputs([url, EMAIL / "with-attachment.eml"])
        assert len(articles) == 1
        assert skipped[0].path == "https://news.example/feed"
        assert not any("s3cr" in text for text in (caplog.text, skipped[0].error))
    assert without_credentials("https://h.example/p?mail=a@b.example") == (
        "https://h.example/p?mail=a@b.example"  # an @ in the query is no password
    )
    # What is left of the password may parse as a port (or as nothing): hidden all the same.
    for url in ("https://me:#s3cret@h.example/f", "https://me:2024#s3cret@h.example/f"):
        assert without_credentials(url) == "https://…@h.example/f"
        [broken] = read_inputs([url, EMAIL / "with-attachment.eml"])[1]
        assert "s3cret" not in broken.path + broken.error and "2024" not in broken.error


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),  # a cloud's metadata service
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("64:ff9b::a00:1", False),  # NAT64 in front of 10.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 in front of 8.8.8.8
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
    ],
)
def test_public_addresses_are_told_from_private_ones_in_every_wrapping(
    address: str, public: bool
) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_a_dead_url_is_skipped_with_its_reason_and_the_rest_read(
    server: _Server, tmp_path: Path
) -> None:
    articles, skipped = read_inputs(
        [_url(server, "/page.html"), _url(server, "/gone.html"), EMAIL / "with-attachment.eml"],
        fetch_options=FetchOptions(cache_dir=tmp_path),
    )
    assert [article.title for article in articles] == [
        "Cholera cases rise in Marrow district camps",
        "Ostrel bridge reopens",
    ]
    assert articles[1].paragraphs == (STORY,)
    assert articles[1].path == _url(server, "/page.html")
    assert [(entry.path, entry.error) for entry in skipped] == [
        (_url(server, "/gone.html"), "HTTP 404 Not Found")
    ]


@pytest.fixture
def news_example_is_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name news.example resolves to 127.0.0.1 (the machine has no DNS of its own)."""
    real = socket.getaddrinfo

    def resolve(host: str | None, *args: object, **kwargs: object) -> object:
        return real("127.0.0.1" if host == "news.example" else host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.usefixtures("news_example_is_loopback")
def test_a_private_peer_is_refused_before_any_tls_hello_is_sent() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(ArticleError) as raised:
            fetch_document(
                f"https://news.example:{port}/today", "t", FetchOptions(public_only=True, timeout=2)
            )
        listener.settimeout(0.3)
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            hello = None  # nothing connected: the check came first
        else:
            with connection:
                connection.settimeout(1)
                hello = connection.recv(4096)  # a TLS ClientHello naming news.example
    assert str(raised.value).startswith(
        "not fetched: news.example is a private, loopback or link-local address (127.0.0.1)"
    )
    assert hello is None


@pytest.mark.usefixtures("news_example_is_loopback")
def test_a_private_peer_is_refused_alike_whether_its_port_is_open_or_closed(
    server: _Server,
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = unused.getsockname()[1]
    errors = []
    for port in (server.server_port, closed):
        with pytest.raises(ArticleError) as raised:
            fetch_document(
                f"http://news.example:{port}/page.html", "p", FetchOptions(public_only=True)
            )
        errors.append(str(raised.value))
    assert errors[0] == errors[1]  # no port scanning through a feed's links
    assert errors[0].startswith("not fetched: news.example is a private")
    assert server.count("/page.html") == 0
