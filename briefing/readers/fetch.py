"""Fetching ``http(s)://`` inputs into Documents, through an optional on-disk cache.

:func:`fetch_document` is the one place where briefing reaches the network for an input. It
speaks only http and https, redirects included (at most :data:`MAX_REDIRECTS`), stops a body
past the size limit while it streams, ends the whole fetch at its timeout (a server that
sends a byte a second is cut off too), and turns every failure into an ArticleError that says
what happened ("HTTP 404 Not Found", "timed out after 20 s"), so that one dead link is one
skipped input.

The cache (``FetchOptions.cache_dir``) keeps one file per URL, named by the SHA-256 of the
URL: a line of JSON metadata (the final URL, the content type, when it was fetched, the
ETag and Last-Modified validators), then the body as received, decompressed. A copy younger
than ``max_age`` is used without a request, so a daily run does not refetch; an older one is
revalidated (``If-None-Match``/``If-Modified-Since``, and a 304 keeps it); when a fetch fails
and an old copy exists, the old copy is used and a warning says so. ``offline`` reads only
the cache. Credentials in a URL (``https://user:secret@host/``) are sent as HTTP Basic
authentication to that host and never appear in a log message, an error, a Document or the
cache.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import ipaddress
import json
import logging
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, replace
from email.message import Message
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit, urlunsplit

from briefing.errors import ArticleError, InputError
from briefing.readers.content import gunzip
from briefing.readers.document import MAX_FILE_BYTES, Document

logger = logging.getLogger(__name__)

#: Redirects followed for one URL before giving up.
MAX_REDIRECTS = 5
_SCHEMES = ("http", "https")
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_CHUNK_BYTES = 64 * 1024
_CACHE_FORMAT = 1
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


def _briefing_version() -> str:
    try:
        return version("briefing")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"briefing/{_briefing_version()} (+https://github.com/briefing)"


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched.

    ``timeout`` (seconds) bounds the whole fetch of one URL: looking up, connecting, the TLS
    handshake, the headers and the body, redirects included, however slowly the server
    sends; ``max_bytes`` bounds the body (after decompression). ``cache_dir`` None means no
    cache; a cached copy younger than ``max_age`` seconds is used without asking the server.
    ``offline`` uses only the cache.
    ``public_only`` refuses hosts with a private, loopback or link-local address (redirects
    included), except ``trusted_hosts``: for links that a feed names, not the user.
    """

    timeout: float = 20.0
    max_bytes: int = MAX_FILE_BYTES
    user_agent: str = USER_AGENT
    cache_dir: Path | None = None
    max_age: float = 20 * 3600
    offline: bool = False
    public_only: bool = False
    trusted_hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise InputError(f"the fetch timeout must be positive, got {self.timeout}")
        if self.max_bytes <= 0:
            raise InputError(f"the fetch size limit must be positive, got {self.max_bytes}")
        if self.max_age < 0:
            raise InputError(f"the cache's max age must not be negative, got {self.max_age}")


def fetch_document(url: str, article_id: str, options: FetchOptions | None = None) -> Document:
    """The Document at an http(s) URL, from the cache or the network.

    Returns a Document whose ``location`` is the URL, ``url`` the final URL after redirects,
    ``name`` the last part of that URL's path (``index.html`` for a folder) and
    ``content_type`` the server's. Raises ArticleError saying why the URL cannot be read.
    """
    options = options or FetchOptions()
    shown = without_credentials(url)
    parts = _checked(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise ArticleError("only http and https addresses are fetched")
    if options.public_only:
        _refuse_private_literal(parts, options.trusted_hosts)  # before the cache, too
    cache = _Cache(options.cache_dir) if options.cache_dir is not None else None
    cached = cache.load(url) if cache is not None else None
    if cached is not None and options.public_only:
        # Cached when a user named it: its final address is checked as a redirect would be.
        _refuse_private_literal(_checked(cached.final_url), options.trusted_hosts)
    if options.offline:
        if cached is None:
            where = "in the cache" if cache is not None else "(no cache folder given)"
            raise ArticleError(f"not fetched: working offline, and no copy of it {where}")
        logger.info("%s: offline; using the copy cached %s ago", shown, _age(cached))
        return _document(url, article_id, cached)
    if cached is not None and 0 <= time.time() - cached.fetched_at < options.max_age:
        logger.debug("%s: using the copy cached %s ago", shown, _age(cached))
        return _document(url, article_id, cached)
    try:
        fetched = _fetch(url, options, cached)
    except ArticleError as error:
        if cached is None:
            raise
        logger.warning("%s: %s; using the copy cached %s ago", shown, error, _age(cached))
        return _document(url, article_id, cached)
    if fetched is None:  # 304 Not Modified: the cached copy is current again
        assert cached is not None
        logger.info("%s: not modified since it was cached %s ago", shown, _age(cached))
        fetched = replace(cached, fetched_at=time.time())
    else:
        logger.info("%s: fetched %d bytes", shown, len(fetched.body))
    if cache is not None:
        cache.store(url, fetched)
    return _document(url, article_id, fetched)


def without_credentials(url: str) -> str:
    """The URL without a ``user:password@`` part, fit for logs, errors and the brief.

    A password with an unescaped ``#``, ``/`` or ``?`` in it ends the host early for every
    URL parser ("https://me:pa#ss@host/" has the host "me" and the port "pa"): such a broken
    address is shown without anything up to its last ``@``.
    """
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        scheme, separator, rest = url.partition("://")
        if separator and "@" in rest:
            return f"{scheme}://{rest.rpartition('@')[2]}"
        return url
    if "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if _PORT_OR_PASSWORD.match(parts.netloc) and "@" in url.partition(parts.netloc)[2]:
        # "https://me:2024#pw@host/": "2024" parses as a port, "#pw@host/" as a fragment. It
        # may also be a real port and an "@" in the query; either way, nothing before the
        # last "@" is shown.
        return f"{parts.scheme}://…@{url.rpartition('@')[2]}"
    return url


#: A netloc that may be "user:" and the start of a password cut short: "me:", "me:2024".
_PORT_OR_PASSWORD = re.compile(r"^[^:@\[\]]*:\d*$")


@dataclass(frozen=True)
class _Fetched:
    """A response body and what the cache keeps about it (URLs without credentials)."""

    final_url: str
    content_type: str | None
    body: bytes
    fetched_at: float
    etag: str | None = None
    last_modified: str | None = None


def _document(url: str, article_id: str, fetched: _Fetched) -> Document:
    url_path = urlsplit(fetched.final_url).path
    name = "" if url_path.endswith("/") else PurePosixPath(unquote(url_path)).name
    if not name:
        media = (fetched.content_type or "text/html").split(";", 1)[0].strip().lower()
        # A folder's page: HTML unless the server says otherwise (then the type decides).
        name = "index.html" if media in ("text/html", "application/xhtml+xml") else "index"
    return Document(
        location=without_credentials(url),
        name=name,
        data=fetched.body,
        article_id=article_id,
        url=fetched.final_url,
        content_type=fetched.content_type,
    )


def _checked(url: str) -> SplitResult:
    """The parts of a URL; ArticleError when it cannot be one (a bad port, a broken [IPv6])."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # parsed on access: raises for a port that is not a number
    except ValueError as error:
        if "port" in str(error).lower():
            # The "port" may be the start of a password cut short by a "#", "/" or "?".
            raise ArticleError(
                "not a valid web address: what follows the host's ':' is not a port number "
                "(a password holding '#', '/' or '?' must be percent-encoded)"
            ) from None
        raise ArticleError(f"not a valid web address ({error})") from None
    return parts


class PrivateAddressError(OSError):
    """A connection, for a link a feed names, reached a private, loopback or link-local peer."""


def _refusal(host: str, address: object) -> str:
    return (
        f"not fetched: {host} is a private, loopback or link-local address ({address}); a "
        "link found in a feed or an export is fetched only from public hosts and the hosts of "
        "URLs given as inputs"
    )


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable address, also when an IPv6 form wraps a private IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in _NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return inner.is_global
    return address.is_global


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _refuse_private_literal(parts: SplitResult, trusted_hosts: frozenset[str]) -> None:
    """ArticleError for a host that names a private address itself: an IP in any spelling
    ("127.1", "2130706433", "[::ffff:127.0.0.1]") or localhost. No DNS is asked: names are
    checked when connecting (:func:`_connect_public`), and offline not at all.
    """
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or host in trusted_hosts:
        return
    if host == "localhost" or host.endswith(".localhost"):
        raise ArticleError(_refusal(host, "loopback"))
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        try:  # the spellings C's inet_aton takes, as a connection would: "127.1", "0x7f000001"
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, UnicodeError, ValueError):
            return  # a name, not an address
    if not is_public_address(address):
        raise ArticleError(_refusal(host, address))


class _Deadline:
    """The moment a fetch must be over, enforced on its sockets whatever the server does.

    A socket's own timeout bounds each read, not the fetch: a server sending a byte a second
    (in its headers or its body) never lets one read time out. At the deadline a timer shuts
    every socket of the fetch down (from another thread, which wakes a blocked read), and
    the fetch fails as timed out.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left (a tiny positive amount once it has passed: sockets want one)."""
        return max(self.ends - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (at once if it has passed)."""
        # A duplicate of the descriptor: shutting it down ends the connection under any TLS
        # layer later wrapped around ``sock`` (which takes the original descriptor over).
        duplicate = socket.socket(fileno=os.dup(sock.fileno()))
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                _shut(duplicate)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


def _connect_public(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """``socket.create_connection`` to public addresses only, the check made before connecting.

    The name is looked up once and only its public addresses are tried, so nothing (not a
    SYN, not a TLS ClientHello with the host's name) reaches a private one, a name answering
    with a public address once and a private one next (DNS rebinding) cannot get through,
    and a private address gives the same refusal whether its port is open or closed.
    """
    host, port = address
    resolved = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    public = [
        info
        for info in resolved
        if is_public_address(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
    ]
    if not public:
        refused = ipaddress.ip_address(str(resolved[0][4][0]).split("%", 1)[0])
        raise PrivateAddressError(_refusal(host, refused))
    failure: OSError | None = None
    for family, kind, proto, _, peer in public:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(peer)
            return sock
        except OSError as error:
            sock.close()
            failure = error
    assert failure is not None
    raise failure


class _Connection(http.client.HTTPConnection):
    """An HTTP connection held to the fetch's deadline, and to public peers when asked.

    ``trusted_hosts`` (the hosts of the URLs given as inputs, and any proxy) are exempt from
    the public-address check; ``public_only`` False checks nothing.
    """

    deadline: _Deadline
    public_only: bool = False
    trusted_hosts: frozenset[str] = frozenset()

    def connect(self) -> None:
        self.timeout = self.deadline.remaining()
        if self.public_only and self.host.lower().rstrip(".") not in self.trusted_hosts:
            self._create_connection = _connect_public
        super().connect()
        self.deadline.watch(self.sock)


class _TLSConnection(http.client.HTTPSConnection, _Connection):
    """HTTPS on :class:`_Connection`: the peer is checked before the TLS handshake starts."""


def _handlers(
    options: FetchOptions, fetch_deadline: _Deadline
) -> tuple[urllib.request.HTTPHandler, urllib.request.HTTPSHandler]:
    """urllib handlers whose connections keep the deadline (and refuse private peers)."""
    proxies = {
        host.lower()
        for address in urllib.request.getproxies().values()
        if isinstance(address, str) and (host := urlsplit(address).hostname)
    }
    trusted = options.trusted_hosts | proxies  # through a proxy, the peer is the proxy

    class Connection(_Connection):
        deadline = fetch_deadline
        public_only = options.public_only
        trusted_hosts = trusted

    class TLSConnection(_TLSConnection):
        deadline = fetch_deadline
        public_only = options.public_only
        trusted_hosts = trusted

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class TLSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(TLSConnection, req, context=ssl.create_default_context())

    return Handler(), TLSHandler()


def _request_url(parts: SplitResult) -> str:
    """The URL to request: no credentials, the host in IDNA, the rest percent-encoded.

    http.client sends only ASCII; people paste addresses as their browser shows them.
    """
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as error:
        raise ArticleError(f"not a valid host name: {host} ({error})") from None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    safe = "/%:@!$&'()*+,;=~-._"
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            "",  # a fragment is never sent
        )
    )


def _opener(options: FetchOptions, deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener for http and https only, that follows no redirect by itself."""
    opener = urllib.request.OpenerDirector()
    plain, tls = _handlers(options, deadline)
    for handler in (
        urllib.request.ProxyHandler(),  # the environment's http(s)_proxy and no_proxy
        plain,
        tls,
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _fetch(url: str, options: FetchOptions, cached: _Fetched | None) -> _Fetched | None:
    """The response at ``url`` after redirects, or None for 304 Not Modified, all of it
    within ``options.timeout`` seconds."""
    deadline = _Deadline(options.timeout)
    try:
        fetched = _fetch_by(_opener(options, deadline), url, options, cached)
    except ArticleError:
        if deadline.expired:  # the server's answer was cut off: say why, not how
            raise ArticleError(f"timed out after {options.timeout:g} s") from None
        raise
    finally:
        deadline.close()
    if deadline.expired:  # a body without a length ends where its connection was shut
        raise ArticleError(f"timed out after {options.timeout:g} s")
    return fetched


def _fetch_by(
    opener: urllib.request.OpenerDirector,
    url: str,
    options: FetchOptions,
    cached: _Fetched | None,
) -> _Fetched | None:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = _checked(current)
        if parts.scheme.lower() not in _SCHEMES:
            raise ArticleError(
                f"redirected to {without_credentials(current)}, which is not an http(s) "
                "address; not followed"
            )
        if options.public_only and current != url:
            _refuse_private_literal(parts, options.trusted_hosts)
        request_url = _request_url(parts)
        headers = {
            "User-Agent": options.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        if parts.username is not None:
            # Credentials go only to the URL that names them, never on to a redirect's host.
            secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
        if cached is not None and cached.final_url == request_url:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        request = urllib.request.Request(request_url, headers=headers)
        try:
            response = opener.open(request, timeout=options.timeout)
        except urllib.error.HTTPError as error:
            with error:
                if error.code == 304 and (
                    "If-None-Match" in headers or "If-Modified-Since" in headers
                ):
                    return None
                if error.code in _REDIRECT_CODES:
                    location = error.headers.get("Location")
                    if not location:
                        raise ArticleError(
                            f"HTTP {error.code} redirect without a Location"
                        ) from None
                    current = urljoin(current, location.strip())
                    logger.debug(
                        "%s: redirected (%d) to %s",
                        request_url,
                        error.code,
                        without_credentials(current),
                    )
                    continue
                reason = error.reason or http.client.responses.get(error.code, "")
                raise ArticleError(f"HTTP {error.code} {reason}".strip()) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            raise ArticleError(_why_failed(error, parts, options.timeout)) from error
        with response:
            try:
                return _read_body(response, request_url, options)
            except (OSError, http.client.HTTPException) as error:
                raise ArticleError(_why_failed(error, parts, options.timeout)) from error
    raise ArticleError(f"more than {MAX_REDIRECTS} redirects; not followed")


def _read_body(
    response: http.client.HTTPResponse, final_url: str, options: FetchOptions
) -> _Fetched:
    """Stream a 2xx response's body, stopping past the size limit, and decompress it."""
    headers: Message = response.headers
    declared = (headers.get("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise ArticleError(
            f"too large ({_size(int(declared))}; the limit is {_size(options.max_bytes)})"
        )
    body = bytearray()
    while chunk := response.read(_CHUNK_BYTES):
        body += chunk
        if len(body) > options.max_bytes:
            raise ArticleError(f"larger than the limit of {_size(options.max_bytes)}; not read")
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    return _Fetched(
        final_url=final_url,
        content_type=headers.get("Content-Type"),
        body=_decompress(bytes(body), encoding, options.max_bytes),
        fetched_at=time.time(),
        etag=headers.get("ETag"),
        last_modified=headers.get("Last-Modified"),
    )


def _decompress(body: bytes, encoding: str, max_bytes: int) -> bytes:
    if encoding in ("identity", ""):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ArticleError(
            f"the server sent {encoding}-compressed content; briefing cannot unpack it"
        )
    try:
        if encoding == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
            raw = len(body) < 2 or (body[0] * 256 + body[1]) % 31 != 0
            unpacker = zlib.decompressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
            unpacked = unpacker.decompress(body, max_bytes + 1)
            if len(unpacked) <= max_bytes and not unpacker.eof:
                raise EOFError
        else:
            unpacked = gunzip(body, max_bytes)
    except zlib.error as error:
        raise ArticleError(f"broken {encoding} content: {error}") from error
    except EOFError as error:
        raise ArticleError(f"broken {encoding} content: it ends too early") from error
    if len(unpacked) > max_bytes:
        raise ArticleError(f"unpacks to more than the limit of {_size(max_bytes)}; not read")
    return unpacked


def _why_failed(error: BaseException, parts: SplitResult, timeout: float) -> str:
    """What went wrong reaching a server, in words, without credentials."""
    host = parts.hostname or "the server"
    if without_credentials(urlunsplit(parts)).startswith(f"{parts.scheme}://…@"):
        host, parts = "the server", parts._replace(netloc="")  # its "port" may be a password
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, PrivateAddressError):
        return str(reason)
    if isinstance(reason, ValueError):
        return f"not a valid web address ({reason})"
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        server = host if host == "the server" else f"the server {host}"
        return f"cannot find {server} (DNS: {reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {host}{f':{parts.port}' if parts.port else ''}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{host}'s TLS certificate is not valid ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failure with {host} ({reason.reason or reason})"
    if isinstance(reason, http.client.HTTPException):
        return f"broken HTTP response from {host} ({type(reason).__name__}: {reason})"
    if isinstance(reason, OSError):
        return f"cannot reach {host}: {reason.strerror or reason}"
    return f"cannot reach {host}: {reason}"


class _Cache:
    """Fetched bodies on disk, one file per URL: a JSON line of metadata, then the body."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".cache")

    def load(self, url: str) -> _Fetched | None:
        path = self.path(url)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            logger.warning("cannot read the cache file %s: %s", path, error.strerror or error)
            return None
        header, _, body = content.partition(b"\n")
        try:
            meta = json.loads(header)
            if meta.get("format") != _CACHE_FORMAT or meta.get("size") != len(body):
                raise ValueError("format or size mismatch")
            return _Fetched(
                final_url=str(meta["final_url"]),
                content_type=meta.get("content_type"),
                body=body,
                fetched_at=float(meta["fetched_at"]),
                etag=meta.get("etag"),
                last_modified=meta.get("last_modified"),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            logger.warning("cache file %s is damaged; fetching again", path)
            return None

    def store(self, url: str, fetched: _Fetched) -> None:
        """Write an entry atomically (a temporary file, then a rename); warn if it fails."""
        meta = {
            "format": _CACHE_FORMAT,
            "url": without_credentials(url),
            "final_url": fetched.final_url,
            "content_type": fetched.content_type,
            "fetched_at": fetched.fetched_at,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "size": len(fetched.body),
        }
        path = self.path(url)
        temporary: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(json.dumps(meta, sort_keys=True).encode("utf-8") + b"\n")
                file.write(fetched.body)
            os.replace(temporary, path)
            temporary = None
        except OSError as error:
            logger.warning(
                "%s: cannot write to the cache %s: %s",
                without_credentials(url),
                self.folder,
                error.strerror or error,
            )
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


def _age(cached: _Fetched) -> str:
    seconds = max(0.0, time.time() - cached.fetched_at)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    if count >= 1024:
        return f"{count / 1024:.3g} KB"
    return f"{count} bytes"
