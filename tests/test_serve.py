"""The live preview server: routes, reloads, error pages and file watching, over loopback HTTP."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import struct
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from briefing import stemming
from briefing.config import Layers
from briefing.errors import InputError, RenderError
from briefing.serve import PreviewServer, _merged, serve, watch_changes

FAKE_PDF = b"%PDF-1.7\n% fake brief\n%%EOF\n"


class FakeBrief:
    """A render function whose output (or failure) the test sets between rebuilds."""

    def __init__(self, title: str = "Morning situation brief") -> None:
        self.title = title
        self.error: Exception | None = None
        self.renders = 0
        self.pdf_renders = 0

    def html(self) -> str:
        self.renders += 1
        if self.error is not None:
            raise self.error
        return (
            f"<!doctype html><html><head><title>{self.title}</title></head>"
            f"<body><h1>{self.title}</h1></body></html>"
        )

    def pdf(self, page: str) -> bytes:
        self.pdf_renders += 1
        assert "<h1>" in page
        return FAKE_PDF


def _get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    # http.client sends the path byte for byte: no client-side normalisation of "..".
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def brief() -> FakeBrief:
    return FakeBrief()


@pytest.fixture
def server(brief: FakeBrief) -> Iterator[PreviewServer]:
    with PreviewServer(brief.html, brief.pdf, port=0, poll_timeout=2.0) as preview:
        yield preview


def test_page_serves_the_rendered_html_with_the_reload_script(server: PreviewServer) -> None:
    status, headers, body = _get(server.port, "/")
    page = body.decode("utf-8")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Morning situation brief</h1>" in page
    assert "/__reload?since=" in page
    assert f"var generation = {server.generation};" in page
    # The script sits inside the body, so the page stays valid HTML.
    assert page.index("/__reload") < page.index("</body>")
    assert 'href="/brief.pdf"' in page


def test_page_policy_lets_only_the_reload_script_run(server: PreviewServer) -> None:
    _, headers, body = _get(server.port, "/")
    policy = headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in body.decode("utf-8")
    assert "default-src 'none'" in policy
    # A fresh nonce per response: a script copied from one page does not run in the next.
    _, second, _ = _get(server.port, "/")
    assert second["Content-Security-Policy"] != policy


def test_pdf_is_served_as_application_pdf_and_drawn_once_per_build(
    server: PreviewServer, brief: FakeBrief
) -> None:
    for _ in range(2):
        status, headers, body = _get(server.port, "/brief.pdf")
        assert status == 200
        assert headers["Content-Type"] == "application/pdf"
        assert body == FAKE_PDF
    assert brief.pdf_renders == 1
    server.rebuild()
    _get(server.port, "/brief.pdf")
    assert brief.pdf_renders == 2


def test_pdf_render_failure_shows_an_error_page(server: PreviewServer, brief: FakeBrief) -> None:
    def broken_pdf(page: str) -> bytes:
        raise RenderError("the PDF could not be drawn: <font> missing")

    with PreviewServer(brief.html, broken_pdf, port=0) as preview:
        status, _, body = _get(preview.port, "/brief.pdf")
    assert status == 500
    assert "&lt;font&gt; missing" in body.decode("utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "/index.html",
        "/brief.html",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/",
        "/..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/brief.pdf/../../etc/passwd",
        "/__reload/../../pyproject.toml",
        "/tests/test_serve.py",
    ],
)
def test_unknown_paths_and_traversal_attempts_are_404(server: PreviewServer, path: str) -> None:
    status, _, body = _get(server.port, path)
    assert status == 404
    assert b"root:" not in body
    assert b"Morning situation brief" not in body


def test_pdf_path_is_404_without_a_pdf_renderer(brief: FakeBrief) -> None:
    with PreviewServer(brief.html, port=0) as preview:
        status, _, _ = _get(preview.port, "/brief.pdf")
        _, _, page = _get(preview.port, "/")
    assert status == 404
    assert b"/brief.pdf" not in page


def test_server_listens_on_loopback_only(server: PreviewServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server._httpd.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "localhost", ""])
def test_other_hosts_are_refused(brief: FakeBrief, host: str) -> None:
    with pytest.raises(InputError, match=r"127\.0\.0\.1 only"):
        PreviewServer(brief.html, host=host, port=0)


def test_requests_for_a_foreign_host_name_are_refused(server: PreviewServer) -> None:
    status, _, body = _get(server.port, "/", headers={"Host": f"attacker.example:{server.port}"})
    assert status == 403
    assert b"Morning situation brief" not in body
    status, _, _ = _get(server.port, "/", headers={"Host": f"localhost:{server.port}"})
    assert status == 200


def test_a_taken_port_is_reported_as_an_input_error(server: PreviewServer) -> None:
    with pytest.raises(InputError, match="--port"):
        PreviewServer(lambda: "", port=server.port)


def test_rebuild_moves_the_generation_and_the_reload_poll_reports_it(
    server: PreviewServer, brief: FakeBrief
) -> None:
    before = server.generation
    answers: list[int] = []

    def poll() -> None:
        _, _, body = _get(server.port, f"/__reload?since={before}")
        answers.append(json.loads(body)["generation"])

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)
    assert answers == []  # the poll waits while nothing changed
    brief.title = "Evening situation brief"
    build = server.rebuild()
    poller.join(timeout=5)
    assert build.generation == before + 1
    assert answers == [before + 1]
    _, _, page = _get(server.port, "/")
    assert b"Evening situation brief" in page


def test_reload_poll_answers_the_same_generation_after_its_timeout(
    server: PreviewServer,
) -> None:
    server.poll_timeout = 0.1
    status, headers, body = _get(server.port, f"/__reload?since={server.generation}")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"generation": server.generation}


def test_reload_poll_answers_at_once_when_the_page_is_stale(server: PreviewServer) -> None:
    started = time.monotonic()
    _, _, body = _get(server.port, "/__reload?since=0")
    assert time.monotonic() - started < 1
    assert json.loads(body) == {"generation": server.generation}


def test_failed_render_shows_the_escaped_error_and_a_good_render_recovers(
    server: PreviewServer, brief: FakeBrief
) -> None:
    brief.error = RenderError('template brief.html, line 3: unexpected "}" in <script>alert(1)')
    failed = server.rebuild()
    status, _, body = _get(server.port, "/")
    page = body.decode("utf-8")
    assert status == 500
    assert failed.error is not None
    assert "template brief.html, line 3: unexpected &quot;}&quot; in &lt;script&gt;alert(1)" in page
    assert "<script>alert(1)" not in page
    # The error page still reloads by itself, so fixing the template brings the brief back.
    assert f"var generation = {failed.generation};" in page
    status, _, _ = _get(server.port, "/brief.pdf")
    assert status == 500

    brief.error = None
    recovered = server.rebuild()
    status, _, body = _get(server.port, "/")
    assert recovered.generation == failed.generation + 1
    assert status == 200
    assert b"<h1>Morning situation brief</h1>" in body


def test_an_unexpected_exception_in_the_render_does_not_stop_the_server(
    server: PreviewServer, brief: FakeBrief
) -> None:
    brief.error = KeyError("incidents")
    server.rebuild()
    status, _, body = _get(server.port, "/")
    assert status == 500
    assert "KeyError: &#x27;incidents&#x27;" in body.decode("utf-8")


def test_a_failing_first_build_still_starts_the_server() -> None:
    brief = FakeBrief()
    brief.error = RenderError("template brief.html not found")
    with PreviewServer(brief.html, port=0) as preview:
        status, _, body = _get(preview.port, "/")
    assert status == 500
    assert b"template brief.html not found" in body


def test_each_change_batch_from_the_watcher_rebuilds(brief: FakeBrief) -> None:
    batches = threading.Semaphore(0)

    def fake_watch(paths: Sequence[Path], stop: threading.Event) -> Iterator[object]:
        assert paths == (Path("inputs"), Path("templates"))
        while not stop.is_set():
            if batches.acquire(timeout=0.05):
                yield {"a change"}

    with PreviewServer(
        brief.html, port=0, watch_paths=["inputs", "templates"], watch=fake_watch
    ) as preview:
        assert preview.generation == 1
        batches.release()
        batches.release()
        deadline = time.monotonic() + 5
        while preview.generation < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert preview.generation == 3
    assert brief.renders == 3


def _rewrite_until_rebuilt(preview: PreviewServer, path: Path, text: str) -> None:
    # The watcher thread needs a moment to register before a change can be seen: write again
    # until the server has rebuilt, for at most 5 s.
    before = preview.generation
    deadline = time.monotonic() + 5
    while preview.generation == before and time.monotonic() < deadline:
        path.write_text(text, encoding="utf-8")
        time.sleep(0.2)
    assert preview.generation > before, f"no rebuild after editing {path.name}"


def test_editing_a_watched_template_or_input_rebuilds_with_the_real_watcher(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "brief.html"
    template.write_text("<h1>{title}</h1>", encoding="utf-8")
    article = tmp_path / "article.txt"  # a single file input, outside the template folder
    article.write_text("First title", encoding="utf-8")

    def render() -> str:
        return template.read_text(encoding="utf-8").format(title=article.read_text("utf-8"))

    with PreviewServer(render, port=0, watch_paths=[templates, article], debounce_ms=50) as preview:
        _rewrite_until_rebuilt(preview, template, "<h2>{title}</h2>")
        assert b"<h2>First title</h2>" in _get(preview.port, "/")[2]
        _rewrite_until_rebuilt(preview, article, "Second title")
        assert b"<h2>Second title</h2>" in _get(preview.port, "/")[2]


def test_the_watch_moves_when_what_is_to_be_watched_changes(brief: FakeBrief) -> None:
    # briefing.toml's inputs edited: after the rebuild, the new folders are watched, and the
    # watch of the old ones ends.
    named = [Path("news"), Path("briefing.toml")]
    rounds: list[tuple[tuple[Path, ...], threading.Event]] = []
    batches = threading.Semaphore(0)

    def fake_watch(paths: Sequence[Path], stop: threading.Event) -> Iterator[object]:
        rounds.append((tuple(paths), stop))
        while not stop.is_set():
            if batches.acquire(timeout=0.05):
                yield {"a change"}

    with PreviewServer(brief.html, port=0, watch_paths=lambda: named, watch=fake_watch) as preview:
        deadline = time.monotonic() + 5
        while not rounds and time.monotonic() < deadline:
            time.sleep(0.02)
        named.append(Path("more-news"))
        batches.release()
        while len(rounds) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [paths for paths, _ in rounds] == [
            (Path("news"), Path("briefing.toml")),
            (Path("news"), Path("briefing.toml"), Path("more-news")),
        ]
        assert rounds[0][1].is_set() and not rounds[1][1].is_set()
        assert preview.generation == 2
        batches.release()  # a change that moves nothing keeps the same watch
        while preview.generation < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert preview.generation == 3 and len(rounds) == 2
    assert rounds[1][1].is_set()  # closing ends the watch


def test_a_folder_added_to_the_inputs_is_watched_by_the_real_watcher(tmp_path: Path) -> None:
    first, added = tmp_path / "news", tmp_path / "more-news"
    first.mkdir()
    added.mkdir()
    named = [first]
    with PreviewServer(
        lambda: "<p>brief</p>", port=0, watch_paths=lambda: named, debounce_ms=50
    ) as preview:
        named.append(added)  # seen at the next rebuild, as an edited briefing.toml is
        _rewrite_until_rebuilt(preview, first / "a.txt", "An article.")
        _rewrite_until_rebuilt(preview, added / "b.txt", "An article in the new folder.")


def test_folders_are_watched_recursively_and_file_inputs_through_their_folder_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "inputs"
    (inputs / "nested").mkdir(parents=True)
    loose = tmp_path / "home" / "article.txt"
    loose.parent.mkdir()
    loose.write_text("An article.", encoding="utf-8")
    inside = inputs / "nested" / "also-listed.txt"
    calls: list[tuple[tuple[Path, ...], bool]] = []

    def recording_watch(*roots: Path, recursive: bool, **options: object) -> Iterator[object]:
        calls.append((roots, recursive))
        return iter(())

    monkeypatch.setattr("briefing.serve.watchfiles.watch", recording_watch)
    stop = threading.Event()
    assert list(watch_changes([loose, inputs, inside, tmp_path / "missing" / "x"], stop)) == []
    assert sorted(calls, key=lambda call: call[1]) == [
        ((loose.parent.resolve(),), False),
        ((inputs.resolve(),), True),
    ]


def test_real_watcher_ignores_unwatched_files_next_to_a_watched_file(tmp_path: Path) -> None:
    watched = tmp_path / "article.txt"
    watched.write_text("An article.", encoding="utf-8")
    neighbour = tmp_path / "notes.txt"
    stop = threading.Event()
    seen: list[set[tuple[object, str]]] = []

    def collect() -> None:
        for changes in watch_changes([watched], stop, debounce_ms=50):
            seen.append(changes)  # type: ignore[arg-type]

    watcher = threading.Thread(target=collect)
    watcher.start()
    try:
        time.sleep(0.3)
        neighbour.write_text("not an input", encoding="utf-8")
        time.sleep(0.5)
        assert seen == []
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            watched.write_text("An edited article.", encoding="utf-8")
            time.sleep(0.2)
        assert seen
        assert all(path == str(watched.resolve()) for batch in seen for _, path in batch)
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert not watcher.is_alive()


def test_close_answers_waiting_polls_and_frees_the_port(brief: FakeBrief) -> None:
    preview = PreviewServer(brief.html, port=0, poll_timeout=30)
    preview.start()
    port = preview.port
    generation = preview.generation
    answers: list[int] = []
    answered = threading.Event()

    def poll() -> None:
        _, _, body = _get(preview.port, f"/__reload?since={generation}")
        answers.append(json.loads(body)["generation"])
        answered.set()

    threading.Thread(target=poll, daemon=True).start()
    time.sleep(0.2)
    started = time.monotonic()
    preview.close()
    assert answered.wait(5)
    assert time.monotonic() - started < 5
    assert answers == [generation]
    with PreviewServer(brief.html, port=port):
        pass


def test_a_client_that_drops_its_reload_poll_is_not_reported_as_an_error(
    server: PreviewServer, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/__reload?since={server.generation}")
    time.sleep(0.1)
    # A reset rather than a polite close, as when a tab goes away: the answer cannot be sent.
    assert connection.sock is not None
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()
    server.rebuild()  # the poll answers now and finds its client gone
    time.sleep(0.2)
    assert "Traceback" not in capsys.readouterr().err
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_serve_previews_the_real_brief_with_the_users_template(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_a387850a4e64ecec.txt"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text(
        '{% extends "default/brief.html" %}'
        "{% block masthead %}<h1 id=masthead>Desk preview of {{ brief.title }}</h1>{% endblock %}",
        encoding="utf-8",
    )
    seen: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def on_ready(url: str) -> None:
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        seen["page"] = _get(port, "/")
        seen["pdf"] = _get(port, "/brief.pdf")
        raise KeyboardInterrupt  # what Ctrl+C does: serve() returns and frees the port

    layers = Layers(
        files={"brief": {"inputs": [str(seed)], "template_dir": str(templates)}}, environ={}
    )
    serve(layers, port=0, on_ready=on_ready)

    status, _, page = seen["page"]
    assert status == 200
    assert b"<h1 id=masthead>Desk preview of Situation brief</h1>" in page
    assert b"var generation = 1;" in page
    status, headers, pdf = seen["pdf"]
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")


def test_a_failing_watcher_is_logged_and_the_preview_keeps_serving(
    brief: FakeBrief, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_watch(paths: Sequence[Path], stop: threading.Event) -> Iterator[object]:
        raise OSError("inotify watch limit reached")
        yield  # a generator, as watchers are

    with PreviewServer(brief.html, port=0, watch_paths=["inputs"], watch=broken_watch) as preview:
        deadline = time.monotonic() + 5
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "stopped watching" in caplog.text
        assert _get(preview.port, "/")[0] == 200


def test_a_failing_merged_watcher_stops_the_others_but_not_the_caller() -> None:
    caller_stop = threading.Event()
    other_stopped = threading.Event()

    def failing(stop: threading.Event) -> Iterator[object]:
        yield "first batch"
        raise OSError("watch failed")

    def blocking(stop: threading.Event) -> Iterator[object]:
        stop.wait(5)
        other_stopped.set()
        yield from ()

    merged = _merged([failing, blocking], caller_stop)
    assert next(merged) == "first batch"
    with pytest.raises(OSError, match="watch failed"):
        next(merged)
    assert other_stopped.wait(5)
    assert not caller_stop.is_set()


def test_a_rebuild_starts_with_the_memos_of_the_last_build_cleared(server: PreviewServer) -> None:
    stem = stemming.stem_for("english")
    assert stem is not None and stem("voted") == "vote"
    assert stemming.stem_for.cache_info().currsize == 1
    server.rebuild()
    assert stemming.stem_for.cache_info().currsize == 0
