"""A local live preview of the rendered brief, for people tuning templates (``briefing serve``).

``PreviewServer`` serves exactly three things on 127.0.0.1, and nothing else:

- ``/``: the latest rendered HTML brief, with a small script that reloads the page by itself
  after a rebuild and a link to the PDF;
- ``/brief.pdf``: the PDF of the same brief, drawn lazily on the first request after a rebuild;
- ``/__reload?since=N``: a long poll that answers ``{"generation": M}`` as soon as the build
  generation ``M`` differs from ``N`` (or after a timeout, and the page polls again).

Every other path is 404: the server never maps a URL to a file, so no file outside what it
renders can be reached, whatever the path says (``/../../etc/passwd``, ``/%2e%2e/``).

The server does not know how a brief is built: it is given a ``render_html()`` callable (and a
``render_pdf(html)`` one) and calls them on every rebuild. A background thread watches the
inputs and the template folder with watchfiles and rebuilds when they change; after each
rebuild it asks again what to watch, so an edited ``inputs =`` in briefing.toml is followed.
A failed build shows an error page (the message escaped, the reload script still in it)
instead of stopping the server, so fixing a template brings the brief back by itself, as
``mkdocs serve`` does.

``serve()`` wires the real pipeline (``briefing.pipeline.build_brief``) and renderer
(``briefing.render``) in; the CLI calls it.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import logging
import queue
import re
import secrets
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import watchfiles

from briefing import caches
from briefing.config import Settings
from briefing.errors import BriefingError, InputError
from briefing.readers import is_url

if TYPE_CHECKING:
    from briefing.config import Layers

logger = logging.getLogger(__name__)

#: The only address the preview listens on: it shows unpublished work and has no access control.
HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: How long watchfiles waits for more changes before reporting a batch (an editor's save is
#: often several writes; one rebuild per save is what a user expects).
DEBOUNCE_MS = 300
#: How long a ``/__reload`` request waits for a new build before answering "no change".
POLL_TIMEOUT_S = 20.0

RenderHtml = Callable[[], str]
RenderPdf = Callable[[str], bytes]
#: What to watch: fixed paths, or a callable asked again after every rebuild.
WatchPaths = Sequence[str | Path] | Callable[[], Sequence[str | Path]]
#: ``watch(paths, stop_event)`` yields one item per batch of changes until ``stop_event`` is set.
WatchFunction = Callable[[Sequence[Path], threading.Event], Iterable[object]]

PAGE_PATH = "/"
PDF_PATH = "/brief.pdf"
RELOAD_PATH = "/__reload"


@dataclass(frozen=True)
class Build:
    """One build's outcome: the brief's HTML, or the message of the error that stopped it."""

    generation: int
    html: str | None
    error: str | None


class PreviewServer:
    """Serves the latest rendered brief on 127.0.0.1 and reloads the browser after a rebuild.

    ``render_html()`` returns the brief as HTML; ``render_pdf(html)`` draws that HTML as a PDF
    (None: ``/brief.pdf`` is 404). ``watch_paths`` are the files and folders whose changes
    trigger a rebuild, or a callable that names them, asked again after every rebuild (the
    watch moves when they change); ``watch`` replaces the watchfiles watcher (tests).
    ``port=0`` picks a free port. Raises InputError for a host other than 127.0.0.1 or a port
    that is taken.

    Use as a context manager, or call ``start()`` and ``close()``.
    """

    def __init__(
        self,
        render_html: RenderHtml,
        render_pdf: RenderPdf | None = None,
        *,
        watch_paths: WatchPaths = (),
        host: str = HOST,
        port: int = DEFAULT_PORT,
        watch: WatchFunction | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        poll_timeout: float = POLL_TIMEOUT_S,
    ) -> None:
        if host != HOST:
            raise InputError(
                f"the preview listens on {HOST} only, not {host}: it has no access control"
            )
        self._render_html = render_html
        self._render_pdf = render_pdf
        self._watch_paths_of = watch_paths if callable(watch_paths) else lambda: watch_paths
        self._watch = watch or functools.partial(watch_changes, debounce_ms=debounce_ms)
        self.poll_timeout = poll_timeout

        self._state = threading.Condition()
        self._build = Build(generation=0, html=None, error="the brief has not been built yet")
        self._closing = False
        self._build_lock = threading.Lock()  # one rebuild at a time, in generation order
        self._pdf_lock = threading.Lock()
        self._pdf_cache: tuple[int, bytes] | None = None
        self._stop = threading.Event()
        self._watch_round = threading.Event()  # set to end the current watch (close, or moved)
        self._threads: list[threading.Thread] = []
        self._started = False

        try:
            self._httpd = _HTTPServer((HOST, port), _handler_class(self))
        except OSError as error:
            raise InputError(
                f"cannot listen on {HOST}:{port} ({error.strerror or error}): "
                "choose another port with --port"
            ) from error

    @property
    def watch_paths(self) -> tuple[Path, ...]:
        """The files and folders watched now (what ``watch_paths`` names at this moment)."""
        return tuple(Path(path) for path in self._watch_paths_of())

    @property
    def port(self) -> int:
        """The port the server is bound to (the free one chosen when asked for port 0)."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The address of the preview page, e.g. ``http://127.0.0.1:8000/``."""
        return f"http://{HOST}:{self.port}/"

    @property
    def generation(self) -> int:
        """How many builds have finished (successful or not); the page reloads when it moves."""
        with self._state:
            return self._build.generation

    def current(self) -> Build:
        """The latest build."""
        with self._state:
            return self._build

    def rebuild(self) -> Build:
        """Render the brief again and publish it (or its error); returns the new build.

        Never raises for a failed render: the error becomes the page, so the server lives on.
        """
        with self._build_lock:
            started = time.monotonic()
            caches.clear()  # memos of the last build's words are not kept for ever
            page: str | None = None
            error: str | None = None
            try:
                page = self._render_html()
            except BriefingError as failure:
                error = str(failure)
                logger.error("preview build failed: %s", error)
            except Exception as failure:  # a bug must not stop the preview; it is logged whole
                error = f"{type(failure).__name__}: {failure}"
                logger.exception("preview build failed")
            with self._state:
                self._build = Build(self._build.generation + 1, page, error)
                self._state.notify_all()
                build = self._build
            if error is None:
                logger.info(
                    "preview rebuilt (generation %d) in %.2f s",
                    build.generation,
                    time.monotonic() - started,
                )
            return build

    def start(self) -> PreviewServer:
        """Build once, then serve and watch in background threads; returns self."""
        if self._started:
            return self
        self._started = True
        self.rebuild()
        # A short poll interval: close() waits for the serving loop to notice the shutdown.
        self._spawn("preview-http", functools.partial(self._httpd.serve_forever, 0.05))
        self._spawn("preview-watch", self._watch_loop)
        logger.info("preview at %s", self.url)
        return self

    def serve_forever(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Start, call ``on_ready(url)``, and block until Ctrl+C or ``close()``; then close.

        Ctrl+C (KeyboardInterrupt) is the normal way out and is not re-raised.
        """
        try:
            self.start()
            if on_ready is not None:
                on_ready(self.url)
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            logger.info("preview stopped")
        finally:
            self.close()

    def close(self) -> None:
        """Stop watching and serving, answer waiting reload polls, free the port."""
        self._stop.set()
        self._watch_round.set()
        with self._state:
            self._closing = True
            self._state.notify_all()
        if self._started:
            self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- used by the request handler -------------------------------------------------------

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the generation differs from ``since`` (or timeout/close); return it."""
        with self._state:
            self._state.wait_for(
                lambda: self._build.generation != since or self._closing, timeout=timeout
            )
            return self._build.generation

    def pdf(self, build: Build) -> bytes:
        """The PDF of ``build``'s HTML, drawn once per generation. Raises what render_pdf does."""
        if self._render_pdf is None or build.html is None:
            raise LookupError("no PDF for this build")
        with self._pdf_lock:
            if self._pdf_cache is not None and self._pdf_cache[0] == build.generation:
                return self._pdf_cache[1]
            pdf = self._render_pdf(build.html)
            self._pdf_cache = (build.generation, pdf)
            return pdf

    @property
    def has_pdf(self) -> bool:
        """Whether the preview can draw a PDF (a ``render_pdf`` was given)."""
        return self._render_pdf is not None

    # -- internals -------------------------------------------------------------------------

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _watch_loop(self) -> None:
        try:
            paths = self.watch_paths
            while paths and not self._stop.is_set():
                paths = self._watch_until_moved(paths)
        except Exception:  # the page keeps being served; the user restarts to watch again
            logger.exception("the preview stopped watching for changes")

    def _watch_until_moved(self, paths: tuple[Path, ...]) -> tuple[Path, ...]:
        """Rebuild on each change under ``paths`` until they are no longer what is to be watched
        (returns the new ones), the server closes or the watcher ends (returns ())."""
        round_over = self._watch_round = threading.Event()
        if self._stop.is_set():
            return ()
        changes = iter(self._watch(paths, round_over))
        try:
            for _changes in changes:
                if self._stop.is_set():
                    return ()
                logger.info("change detected, rebuilding the preview")
                self.rebuild()
                now = self.watch_paths
                if now != paths:
                    logger.info("now watching %s", ", ".join(map(str, now)) or "nothing")
                    return now
            return ()
        finally:
            round_over.set()
            close = getattr(changes, "close", None)
            if close is not None:
                close()


def watch_changes(
    paths: Sequence[Path], stop_event: threading.Event, *, debounce_ms: int = DEBOUNCE_MS
) -> Iterator[object]:
    """Yield a set of changes each time files under ``paths`` change, until ``stop_event``.

    Folders are watched recursively. A file is watched through its folder, not recursively
    (editors often save by writing a new file and renaming it over the old one, which a watch
    on the file itself would lose; and ``briefing serve article.txt`` run from a home folder
    must not watch the whole home folder); changes to the other files there are ignored.
    Paths that do not exist are skipped with a warning.
    """
    folders: set[Path] = set()
    files: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved.is_dir():
            folders.add(resolved)
        elif resolved.is_file() or resolved.parent.is_dir():
            files.add(resolved)  # a file not there yet is watched for when it appears
        else:
            logger.warning("not watching %s: it does not exist", path)

    def inside_a_folder(path: Path) -> bool:
        return any(path != folder and path.is_relative_to(folder) for folder in folders)

    default_filter = watchfiles.DefaultFilter()

    def relevant(change: watchfiles.Change, name: str) -> bool:
        changed = Path(name)
        return default_filter(change, name) and (changed in files or inside_a_folder(changed))

    recursive_roots = sorted(folder for folder in folders if not inside_a_folder(folder))
    flat_roots = sorted(
        {file.parent for file in files if not inside_a_folder(file)} - set(recursive_roots)
    )
    groups = [
        (roots, recursive)
        for roots, recursive in ((recursive_roots, True), (flat_roots, False))
        if roots
    ]

    def watch_group(roots: list[Path], recursive: bool, stop: threading.Event) -> Iterator[object]:
        return watchfiles.watch(
            *roots,
            watch_filter=relevant,
            debounce=debounce_ms,
            stop_event=stop,
            raise_interrupt=False,
            recursive=recursive,
        )

    if len(groups) == 1:
        yield from watch_group(*groups[0], stop_event)
    elif groups:
        yield from _merged([functools.partial(watch_group, *group) for group in groups], stop_event)


def _merged(
    sources: Sequence[Callable[[threading.Event], Iterable[object]]], stop_event: threading.Event
) -> Iterator[object]:
    """The items of several blocking iterables, as they come, until ``stop_event`` or their end.

    Each source gets an event of its own, set when the merge ends (stopped, failed or closed),
    so one failing source stops the others without touching the caller's ``stop_event``.
    """
    items: queue.Queue[tuple[object, BaseException | None]] = queue.Queue()
    sources_stop = threading.Event()

    finished = object()

    def pump(source: Callable[[threading.Event], Iterable[object]]) -> None:
        try:
            for item in source(sources_stop):
                items.put((item, None))
        except BaseException as error:  # handed to the consumer, which raises it
            items.put((None, error))
        else:
            items.put((finished, None))

    threads = [threading.Thread(target=pump, args=(source,), daemon=True) for source in sources]
    for thread in threads:
        thread.start()
    running = len(threads)
    try:
        while running and not stop_event.is_set():
            try:
                item, error = items.get(timeout=0.05)
            except queue.Empty:
                continue
            if error is not None:
                raise error
            if item is finished:
                running -= 1
            else:
                yield item
    finally:
        sources_stop.set()
        for thread in threads:
            thread.join(timeout=5)


def brief_renderers(layers: Layers) -> tuple[RenderHtml, RenderPdf]:
    """The ``render_html`` and ``render_pdf`` callables that build the real brief.

    Each ``render_html()`` call reads the settings again (an edited briefing.toml counts) and
    runs the whole pipeline, so new and edited articles show up: the page is what ``build``
    writes with the same options.
    """
    state: dict[str, object] = {}

    def render_html() -> str:
        # Imported here so the server does not pull in the NLP stack until it builds.
        from briefing.history import HISTORY_NAME
        from briefing.pipeline import build_brief
        from briefing.render import inline_assets
        from briefing.render import render_html as html_of

        settings = layers.reload().build(Settings)
        state["settings"] = settings
        # The same history build and send use, read only: the preview changes nothing in it,
        # and marks what is new against what was sent, as the next send will.
        history = settings.out / HISTORY_NAME if settings.history else None
        brief = build_brief(settings.inputs, settings, history=history, against="sent")
        page = html_of(brief, template_dir=settings.template_dir)
        served = inline_assets(page, template_dir=settings.template_dir)
        # The PDF loads the template's images by name, as build draws it, not as data: URLs.
        state["served"], state["page"] = served, page
        return served

    def render_pdf(page: str) -> bytes:
        from briefing.render import render_pdf as pdf_of

        settings = state.get("settings")
        if not isinstance(settings, Settings):
            settings = layers.build(Settings)
        drawn = state.get("page") if page == state.get("served") else None
        return pdf_of(drawn if isinstance(drawn, str) else page, template_dir=settings.template_dir)

    return render_html, render_pdf


def watched_paths(layers: Layers) -> list[Path]:
    """What the preview watches: the inputs (not URLs), the template folder, briefing.toml."""
    try:
        settings = layers.build(Settings)
    except BriefingError:
        return [layers.config_file] if layers.config_file is not None else []
    files = [Path(item) for item in settings.inputs if not is_url(item)]
    templates = [settings.template_dir] if settings.template_dir is not None else []
    config = [layers.config_file] if layers.config_file is not None else []
    return [*files, *templates, *config]


def serve(
    layers: Layers,
    *,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Preview the brief the settings describe at http://127.0.0.1:PORT/ until Ctrl+C.

    Rebuilds when an input, the template folder or briefing.toml changes. ``on_ready(url)`` is
    called once the first build is served. Raises InputError when the port is taken.
    """
    render_html, render_pdf = brief_renderers(layers)
    server = PreviewServer(
        render_html,
        render_pdf,
        # Read again after each rebuild: an edited inputs list or template_dir is followed.
        watch_paths=lambda: watched_paths(layers.reload()),
        port=port,
    )
    server.serve_forever(on_ready)


# -- HTTP --------------------------------------------------------------------------------------


class _HTTPServer(http.server.ThreadingHTTPServer):
    # Reload polls hang for a while; they must not keep the process alive or delay close().
    daemon_threads = True
    block_on_close = False

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can stall for seconds
        # on a machine without DNS; the name is only used in logs, and it is known.
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that reloads or closes the tab drops its pending reload poll: normal, quiet.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            logger.debug("client %s went away: %s", client_address, error)
            return
        logger.exception("preview request from %s failed", client_address)


_RELOAD_SCRIPT = """<script nonce="{nonce}">
(function () {{
  var generation = {generation};
  function poll() {{
    fetch("{reload_path}?since=" + generation, {{cache: "no-store"}})
      .then(function (response) {{ return response.json(); }})
      .then(function (data) {{
        if (data.generation !== generation) {{ window.location.reload(); }} else {{ poll(); }}
      }})
      .catch(function () {{ setTimeout(poll, 1000); }});  // server restarting: try again
  }}
  poll();
}})();
</script>"""

_PDF_LINK = (
    '<a id="briefing-preview-pdf" href="{pdf_path}" style="position:fixed;right:1rem;bottom:1rem;'
    "z-index:2147483647;padding:.3rem .6rem;border-radius:.3rem;background:#222;color:#fff;"
    'font:13px/1.4 sans-serif;text-decoration:none;opacity:.85">PDF</a>'
)

_ERROR_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Build failed — briefing preview</title>
<style>
body {{ font: 16px/1.5 sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }}
h1 {{ color: #a00; font-size: 1.4rem; }}
pre {{ white-space: pre-wrap; background: #fff4f4; border-left: 4px solid #a00; padding: 1rem; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<pre id="briefing-error">{message}</pre>
<p>Fix it and save: this page reloads by itself.</p>
</body>
</html>
"""

_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def _inject(page: str, extra: str) -> str:
    """``page`` with ``extra`` just before its last ``</body>`` (at the end when it has none)."""
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + extra
    cut = matches[-1].start()
    return page[:cut] + extra + page[cut:]


def _content_security_policy(nonce: str) -> str:
    # Article text is untrusted: whatever slipped into the page, only our own reload script
    # runs, and the page loads nothing from anywhere (as in the PDF, which fetches nothing).
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        f"script-src 'nonce-{nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


def _handler_class(preview: PreviewServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(_PreviewHandler):
        server_preview = preview

    return Handler


class _PreviewHandler(http.server.BaseHTTPRequestHandler):
    server_preview: PreviewServer
    server_version = "briefing-preview"
    sys_version = ""

    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def _dispatch(self, *, send_body: bool) -> None:
        if not self._host_allowed():
            # A page on another site must not read the preview through a DNS name that
            # resolves to 127.0.0.1 (DNS rebinding): only our own host names are answered.
            self._send(403, "text/plain; charset=utf-8", b"forbidden host\n", send_body)
            return
        target = urlsplit(self.path)
        # The raw path is compared as is, never decoded or mapped to a file.
        if target.path == PAGE_PATH:
            self._page(send_body)
        elif target.path == PDF_PATH and self.server_preview.has_pdf:
            self._pdf(send_body)
        elif target.path == RELOAD_PATH:
            self._reload(target.query, send_body)
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found\n", send_body)

    def _host_allowed(self) -> bool:
        host = self.headers.get("Host", "")
        port = self.server_preview.port
        return host in {f"{HOST}:{port}", f"localhost:{port}"}

    def _page(self, send_body: bool) -> None:
        build = self.server_preview.current()
        if build.html is None:
            self._error_page(build, "The brief could not be built", build.error or "", send_body)
            return
        nonce = secrets.token_urlsafe(16)
        extra = ""
        if self.server_preview.has_pdf:
            extra += _PDF_LINK.format(pdf_path=PDF_PATH)
        extra += _RELOAD_SCRIPT.format(
            nonce=nonce, generation=build.generation, reload_path=RELOAD_PATH
        )
        body = _inject(build.html, extra).encode("utf-8")
        self._send(200, "text/html; charset=utf-8", body, send_body, nonce=nonce)

    def _pdf(self, send_body: bool) -> None:
        build = self.server_preview.current()
        if build.html is None:
            self._error_page(build, "The brief could not be built", build.error or "", send_body)
            return
        try:
            pdf = self.server_preview.pdf(build)
        except BriefingError as failure:
            logger.error("preview PDF failed: %s", failure)
            self._error_page(build, "The PDF could not be drawn", str(failure), send_body)
            return
        except Exception as failure:  # shown on the page and logged whole, the server lives on
            logger.exception("preview PDF failed")
            message = f"{type(failure).__name__}: {failure}"
            self._error_page(build, "The PDF could not be drawn", message, send_body)
            return
        self._send(
            200,
            "application/pdf",
            pdf,
            send_body,
            extra_headers={"Content-Disposition": 'inline; filename="brief.pdf"'},
        )

    def _reload(self, query: str, send_body: bool) -> None:
        values = parse_qs(query).get("since", [])
        try:
            since = int(values[0]) if values else -1
        except ValueError:
            since = -1
        generation = self.server_preview.wait_for_change(
            since, timeout=self.server_preview.poll_timeout
        )
        body = json.dumps({"generation": generation}).encode("utf-8")
        self._send(200, "application/json", body, send_body)

    def _error_page(self, build: Build, heading: str, message: str, send_body: bool) -> None:
        nonce = secrets.token_urlsafe(16)
        page = _ERROR_PAGE.format(heading=html.escape(heading), message=html.escape(message))
        script = _RELOAD_SCRIPT.format(
            nonce=nonce, generation=build.generation, reload_path=RELOAD_PATH
        )
        body = _inject(page, script).encode("utf-8")
        self._send(500, "text/html; charset=utf-8", body, send_body, nonce=nonce)

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        send_body: bool,
        *,
        nonce: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if nonce is not None:
            self.send_header("Content-Security-Policy", _content_security_policy(nonce))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)
