"""Reading inputs: files, folders and URLs in, Articles out, and every unusable input explained.

``read_inputs`` walks what it is given (folders recursively, in sorted order, hidden entries
skipped, symlink loops survived), fetches URLs, and hands each input's bytes to the reader for
its kind. The kind comes from the content when the content says so clearly (gzip, HTML, a feed,
JSON, an email, binary data) and from the extension otherwise, so a page saved as ``.txt`` is
still read as HTML. One broken input becomes a :class:`~briefing.models.Skipped` entry and a
warning; the rest still make the brief.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from charset_normalizer import from_bytes

from briefing.errors import ArticleError, InputError
from briefing.language import unsupported_language
from briefing.models import Article, Skipped
from briefing.parallel import MapFunction

logger = logging.getLogger(__name__)

#: The largest input read (a file, a fetched page, or a .gz once unpacked); bigger ones are
#: reported, never loaded whole into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: The most text of one article the brief reads (about 33,000 words: a long feature is a
#: third of it). Every later stage (language, copies, clusters, summaries, quotes) costs time
#: and memory in proportion to an article's text, so this bounds what one article can cost;
#: the rest of a longer one is left out, and the brief's skipped list says so.
MAX_ARTICLE_CHARS = 200_000


@dataclass(frozen=True)
class Document:
    """The raw bytes of one input, and what is known of it before it is read.

    ``location`` is what the user named or what was found (a path, a URL, ``x.json.gz``);
    ``name`` is the file name whose extension hints at the kind (for a URL, the last part of
    its path). A reader that makes several articles of one document numbers them
    ``<article_id>-1``, ``-2``...
    """

    location: str
    name: str
    data: bytes
    article_id: str
    url: str | None = None
    content_type: str | None = None

    @property
    def extension(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


#: Reads one document into articles. It raises ArticleError when nothing in it is usable,
#: and returns a Skipped entry for each part it had to leave out (a feed entry with no text).
Reader = Callable[[Document], Sequence[Article | Skipped]]

_Read = TypeVar("_Read")


def _read_text(document: Document) -> list[Article | Skipped]:
    from briefing.readers.text import read_text_article

    article = read_text_article(document.location, decode_document(document), document.article_id)
    return [replace(article, url=document.url) if document.url else article]


def _reader(module: str, function: str) -> Reader:
    """A reader imported when first used: trafilatura and feedparser cost time to import."""

    def read(document: Document) -> Sequence[Article | Skipped]:
        import importlib

        found: Reader = getattr(importlib.import_module(module), function)
        return found(document)

    read.__name__ = function
    return read


#: Readers by kind. Adding an input kind is one entry here and one in EXTENSIONS.
READERS: dict[str, Reader] = {
    "text": _read_text,
    "html": _reader("briefing.readers.html", "read_html"),
    "json": _reader("briefing.readers.json", "read_json"),
    "feed": _reader("briefing.readers.feed", "read_feed"),
    "email": _reader("briefing.readers.email", "read_email"),
}

#: Kinds by file extension. ``.gz`` is unpacked and the name inside decides.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".eml": "email",
}
COMPRESSED = ".gz"

# Binary formats people save next to articles, by their first bytes: named in the error.
_BINARY_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_EMAIL_HEADER = re.compile(
    rb"^(?:from|to|subject|date|message-id|mime-version|received|return-path|delivered-to):",
    re.IGNORECASE | re.MULTILINE,
)


#: How JSON articles begin: an object with a key, or a list of objects (or strings, lists).
#: "[UPDATED] Flood in Marlow" and "{Exclusive}" begin plain-text articles.
_JSON_START = re.compile(rb'^(?:\{\s*["}]|\[\s*[{\["\]])')


def _start_of(data: bytes) -> bytes:
    """The first bytes, as ASCII-compatible bytes, without a BOM or leading white space."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8).lstrip()


def sniff_kind(data: bytes) -> str | None:
    """The kind the content itself declares, or None when only the extension can tell.

    Returns ``"gzip"``, ``"binary"``, or a key of READERS.
    """
    if data.startswith(_GZIP_MAGIC):
        return "gzip"
    if any(data.startswith(magic) for magic, _ in _BINARY_MAGIC):
        return "binary"
    head = _start_of(data)
    if _JSON_START.match(head):
        return "json"
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if _HTML_START.search(head):
            return "html"
    # An email starts with headers: at least two known ones before the first blank line.
    headers = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    if not head.startswith(b"<") and len(_EMAIL_HEADER.findall(headers)) >= 2:
        first = headers.split(b"\n", 1)[0]
        if re.match(rb"^[\w-]+:|^From ", first):
            return "email"
    return None


def _binary_kind(data: bytes) -> str:
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return name
    return "binary data"


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), else a declared or sniffed encoding.

    Raises ArticleError for empty files, binary data and text no encoding explains.
    """
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleError(f"broken {encoding} text at byte {error.start}") from error
    if b"\x00" in data[:8192]:
        raise ArticleError("not text: the file holds binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # Text pasted together from several sources: UTF-8 with a few Windows-1252 bytes
        # ("caf\xe9" beside "café"). Each stray byte is read as Windows-1252.
        return data.decode("utf-8", errors=_STRAY_BYTES_AS_CP1252)
    declared = _DECLARED_CHARSET.search(data[:4096])
    # A UTF-16 or UTF-32 declaration readable as ASCII is wrong (the HTML standard reads
    # such a page as UTF-8): decoding by it would make the text CJK noise.
    if declared and not declared.group(1).lower().startswith((b"utf-16", b"utf-32", b"utf16")):
        text = decode_as(data, declared.group(1).decode("ascii"))
        if text is not None:
            return text
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise ArticleError("not text: no character encoding fits (binary data?)")
    try:
        text = data.decode(best.encoding)
    except (LookupError, UnicodeError) as error:
        raise ArticleError(f"not text: cannot decode as {best.encoding}") from error
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if control > 0.01 * min(len(text), 20000):
        raise ArticleError("not text: the file holds binary data")
    return text


_DECLARED_CHARSET = re.compile(rb"""charset=["']?([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset=["']?([\w.:-]+)""", re.IGNORECASE)


def decode_document(document: Document) -> str:
    """A document's text: the charset its HTTP header names, else as :func:`decode_text`."""
    declared = _HEADER_CHARSET.search(document.content_type or "")
    if declared and not document.data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE)):
        text = decode_as(document.data, declared.group(1))
        if text is not None and text.strip():
            return text
    return decode_text(document.data)


#: Codecs Python has that no text is written in: a charset naming them is a mistake or a trap.
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined", "mbcs", "oem"}
)


def decode_as(data: bytes, charset: str) -> str | None:
    """``data`` in the character set a document declares, or None when that cannot be."""
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        return None
    if (
        not getattr(codec, "_is_text_encoding", True)
        or codec.name.replace("-", "_") in _NOT_CHARSETS
    ):
        return None  # "base64", "rot13", "punycode": not how text is stored
    try:
        return data.decode(codec.name)
    except (UnicodeError, ValueError):
        return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_STRAY_BYTES_AS_CP1252 = "briefing-stray-bytes-as-cp1252"


def _stray_bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error(_STRAY_BYTES_AS_CP1252, _stray_bytes_as_cp1252)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 multi-byte sequences outnumber the bytes that are not valid UTF-8."""
    multibyte = len(_UTF8_MULTIBYTE.findall(data))
    if multibyte == 0:
        return False
    invalid = len(data.decode("utf-8", errors="replace").split("\ufffd")) - 1
    return multibyte >= invalid


#: Members of one gzip file read at most: bgzip writes one per 64 KiB, so 20 MB is ~320.
MAX_GZIP_MEMBERS = 10_000
_GZIP_CHUNK = 64 * 1024


def gunzip(data: bytes, limit: int) -> bytes:
    """All members of gzip data (pigz, bgzip and ``cat a.gz b.gz`` write several), unpacked.

    Stops past ``limit`` bytes (returning ``limit + 1``: the caller refuses them). Raises
    zlib.error for broken data (or past :data:`MAX_GZIP_MEMBERS` members) and EOFError when
    the data ends inside a member; bytes after the last member that do not start another one
    (padding) are ignored. Input goes in in chunks, so that what zlib hands back unread after
    a member is never the whole rest of the file (which would make many members quadratic).
    """
    unpacked = bytearray()
    view = memoryview(data)
    offset = 0
    for _ in range(MAX_GZIP_MEMBERS):
        unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        while not unpacker.eof:
            if offset >= len(view):
                raise EOFError("the gzip data ends too early")
            chunk = view[offset : offset + _GZIP_CHUNK]
            offset += len(chunk)
            unpacked += unpacker.decompress(chunk, limit + 1 - len(unpacked))
            if len(unpacked) > limit:
                return bytes(unpacked)
        offset -= len(unpacker.unused_data)
        if bytes(view[offset : offset + 2]) != _GZIP_MAGIC:
            return bytes(unpacked)
    raise zlib.error(f"more than {MAX_GZIP_MEMBERS:,} gzip members")


def _gunzip(data: bytes) -> bytes:
    """Unpack gzip data, refusing more than MAX_FILE_BYTES (a small .gz can unpack to GBs)."""
    try:
        unpacked = gunzip(data, MAX_FILE_BYTES)
    except zlib.error as error:
        raise ArticleError(f"broken gzip file: {error}") from error
    except EOFError as error:
        raise ArticleError("broken gzip file: it ends too early") from error
    if len(unpacked) > MAX_FILE_BYTES:
        raise ArticleError(f"unpacks to more than {MAX_FILE_BYTES // (1024 * 1024)} MB; not read")
    return unpacked


def kind_of(document: Document) -> str:
    """The reader kind for a document (content first, then extension); ArticleError if none."""
    sniffed = sniff_kind(document.data)
    if sniffed == "binary":
        raise ArticleError(f"not an article: the file is {_binary_kind(document.data)}")
    if sniffed is not None and sniffed != "gzip":
        return sniffed
    by_extension = EXTENSIONS.get(document.extension)
    if by_extension is not None:
        return by_extension
    if document.content_type:
        by_type = _kind_of_content_type(document.content_type)
        if by_type is not None:
            return by_type
    if not document.data.strip():
        raise ArticleError("empty file")
    if document.extension in ("", ".htm", ".php", ".asp", ".aspx") or document.url:
        return "text"  # no extension (or a URL without one): plain text is the best guess
    kinds = ", ".join(sorted({*EXTENSIONS, COMPRESSED}))
    raise ArticleError(f"unsupported kind of file {document.extension}; briefing reads {kinds}")


def _kind_of_content_type(content_type: str) -> str | None:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if media in ("application/xml", "text/xml"):
        return "feed"
    if media in ("application/json", "application/x-ndjson", "application/jsonl"):
        return "json"
    if media == "message/rfc822":
        return "email"
    if media.startswith("text/"):
        return "text"
    return None


def read_document(document: Document) -> list[Article | Skipped]:
    """The articles in one document (and the parts of it skipped); ArticleError if none."""
    if not document.data.strip():
        raise ArticleError("empty file")
    if document.data.startswith(_GZIP_MAGIC) or document.extension == COMPRESSED:
        inner_name = document.name[: -len(COMPRESSED)] if document.extension == COMPRESSED else ""
        unpacked = _gunzip(document.data)
        if unpacked.startswith(_GZIP_MAGIC):
            raise ArticleError("a .gz inside a .gz; not read")
        return read_document(
            Document(
                location=document.location,
                name=inner_name or document.name,
                data=unpacked,
                article_id=document.article_id,
                url=document.url,
                content_type=None,
            )
        )
    parts = list(READERS[kind_of(document)](document))
    read: list[Article | Skipped] = []
    for part in parts:
        if isinstance(part, Article):
            where = document.location if len(parts) == 1 else f"{document.location} ({part.title})"
            part, cut = within_budget(part, where)
            if cut is not None:
                read.append(cut)
            part = _in_a_language_we_read(part, where)
        read.append(part)
    return read


def within_budget(article: Article, where: str) -> tuple[Article, Skipped | None]:
    """The article cut to :data:`MAX_ARTICLE_CHARS` of text, and a note of what was left out.

    Whole paragraphs are kept while they fit; the paragraph that does not is cut at its last
    space that fits. Returns the article as it is, and None, when it fits.
    """
    length = sum(len(paragraph) for paragraph in article.paragraphs)
    if length <= MAX_ARTICLE_CHARS:
        return article, None
    kept: list[str] = []
    room = MAX_ARTICLE_CHARS
    for paragraph in article.paragraphs:
        if len(paragraph) <= room:
            kept.append(paragraph)
            room -= len(paragraph)
            continue
        space = paragraph.rfind(" ", 0, room + 1)
        if space > 0:
            kept.append(paragraph[:space].rstrip())
        elif not kept:  # a word cut in two is worth keeping only when nothing else is
            kept.append(paragraph[:room])
        break
    note = Skipped(
        where,
        f"its text after the first {MAX_ARTICLE_CHARS:,} characters (of {length:,}) is not "
        "read: an article is cut there, to keep the brief's time and memory bounded",
    )
    return replace(article, paragraphs=tuple(kept)), note


def _in_a_language_we_read(article: Article, where: str) -> Article | Skipped:
    reason = unsupported_language(article.text)
    return article if reason is None else Skipped(where, reason)


def read_file(path: Path, article_id: str) -> list[Article | Skipped]:
    """Read one file with the reader for its kind; ArticleError says why it cannot be used."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise ArticleError("a folder where a file was expected")
        if not stat.S_ISREG(status.st_mode):
            # Opening a named pipe waits for a writer that may never come.
            raise ArticleError("not a regular file (a pipe, socket or device); not read")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(
                f"too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB)"
            )
        with path.open("rb") as handle:
            # Read what stat() promised (read(n) reserves n bytes up front), and more only if
            # the file grew since.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except FileNotFoundError as error:
        raise ArticleError("the file disappeared while it was being read") from error
    except IsADirectoryError as error:
        raise ArticleError("a folder where a file was expected") from error
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror or error}") from error
    if len(data) > MAX_FILE_BYTES:
        raise ArticleError("grew past the size limit while it was being read")
    return read_document(Document(str(path), path.name, data, article_id))


@dataclass(frozen=True)
class InputFile:
    """One input to read (a file, or a URL when ``url`` is set), with its article id.

    ``error`` is set for an input known to be unusable before it is read (a folder that
    cannot be listed): it is reported as skipped, with that reason.
    """

    path: Path
    article_id: str
    url: str | None = None
    error: str | None = None

    @property
    def location(self) -> str:
        if self.url is None:
            return str(self.path)
        from briefing.fetch import without_credentials  # a password never reaches a report

        return without_credentials(self.url)


def is_url(item: str | Path) -> bool:
    return isinstance(item, str) and item.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class _Candidate:
    path: Path
    named: bool  # given by the user by name, not found in a folder
    error: str | None = None  # why it cannot be read at all (a folder that cannot be listed)


def _is_known(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == COMPRESSED:
        suffix = Path(path.stem).suffix.lower()
    return suffix in EXTENSIONS


@dataclass(frozen=True)
class _Folder:
    """A folder found inside a folder: to be walked next."""

    path: Path


@dataclass(frozen=True)
class _Unlisted:
    """A folder that could not be listed, and why: a skipped input like an unreadable file."""

    path: Path
    error: str


def _listing(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | _Folder | _Unlisted]:
    """One folder's entries, sorted: its files, its subfolders to walk, or why it cannot be."""
    try:
        status = folder.stat()
        key = (status.st_dev, status.st_ino)
        if key in seen:
            logger.warning("%s: folder already read (a symlink loop?); not read again", folder)
            return
        seen.add(key)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield _Unlisted(
            folder, f"cannot list this folder ({error.strerror or error}); its files are not read"
        )
        return
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            # A browser's "Save page, complete" puts the page's images, scripts and frames in
            # "<page>_files" beside "<page>.html": parts of a page, never articles.
            stem = entry.name.removesuffix("_files")
            if stem != entry.name and (f"{stem}.html" in names or f"{stem}.htm" in names):
                logger.debug("%s: a saved page's resources; passed over", path)
                continue
            yield _Folder(path)
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | _Unlisted]:
    """Files under ``folder``, sorted, following symlinks but never around a loop.

    Depth first with a stack of listings, not by recursion: a folder tree thousands of levels
    deep is walked like any other (the file system's limit on a path's length ends it, and the
    folder past that limit is reported as unlisted).
    """
    listings = [_listing(folder, seen)]
    while listings:
        for found in listings[-1]:
            if isinstance(found, _Folder):
                listings.append(_listing(found.path, seen))
                break
            yield found
        else:
            listings.pop()


def _candidates(inputs: Sequence[str | Path]) -> Iterator[_Candidate]:
    seen: set[tuple[int, int]] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for found in _walk(path, seen):
                if isinstance(found, _Unlisted):
                    yield _Candidate(found.path, named=True, error=found.error)
                else:
                    yield _Candidate(found, named=False)
        else:
            yield _Candidate(path, named=True)


class _Ids:
    """Article ids from file stems, made unique deterministically (``name``, ``name-2``...)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, stem: str) -> str:
        candidate, number = stem, 1
        while candidate in self._used:
            number += 1
            candidate = f"{stem}-{number}"
        self._used.add(candidate)
        return candidate


def id_stem(path: PurePosixPath | Path) -> str:
    name = path.name
    for suffix in (COMPRESSED, *EXTENSIONS):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "article"


def collect_inputs(inputs: Sequence[str | Path]) -> list[InputFile]:
    """The inputs to read, in order, each with a unique id (``name``, ``name-2``...).

    Files met inside folders whose kind briefing does not read are passed over quietly (a
    folder of saved pages has images and scripts too); a file named explicitly is kept, to be
    read by its content or reported. Raises InputError for a path that does not exist.
    """
    ids = _Ids()
    files: list[InputFile] = []
    urls: list[str] = []
    paths: list[str | Path] = []
    for item in inputs:
        (urls if is_url(item) else paths).append(item)  # type: ignore[arg-type]
    for candidate in _candidates(paths):
        path = candidate.path
        if candidate.error is not None:
            files.append(InputFile(path, "", error=candidate.error))
            continue
        if not _is_known(path) and not candidate.named:
            logger.debug("%s: not an article file; passed over", path)
            continue
        files.append(InputFile(path, ids.claim(id_stem(path))))
    for url in urls:
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(url)
            url_path = PurePosixPath(parts.path or "/")
            stem = id_stem(url_path) if url_path.name else parts.hostname or "page"
        except ValueError:  # a broken address: the fetch reports it as a skipped input
            url_path, stem = PurePosixPath("/"), "page"
        files.append(InputFile(Path(url_path.name or "index.html"), ids.claim(stem), url=url))
    return files


def read_input(item: InputFile, fetch_options: Any = None) -> list[Article | Skipped] | Skipped:
    """Read one input: its articles (and parts skipped), or why it cannot be used at all.

    Never raises for bad input, so it can run on a worker process of a distributed scheduler.
    ``fetch_options`` (a :class:`briefing.fetch.FetchOptions`) is used for URLs.
    """
    if item.error is not None:
        return Skipped(item.location, item.error)
    if item.url is not None:
        from briefing.fetch import FetchOptions, fetch_document

        url = item.url
        return guarded(
            item.location,
            lambda: read_document(
                fetch_document(url, item.article_id, fetch_options or FetchOptions())
            ),
        )
    return guarded(item.location, lambda: read_file(item.path, item.article_id))


def guarded(location: str, read: Callable[[], _Read]) -> _Read | Skipped:
    """``read()``, or why the input at ``location`` cannot be used: never raises for bad input."""
    try:
        return read()
    except ArticleError as error:
        return Skipped(location, str(error), error.link)
    except RecursionError:
        return Skipped(location, "too deeply nested to read")
    except ImportError:
        raise  # a broken installation, not a broken file
    except Exception as error:
        # A reader failed in a way nobody foresaw: that file is reported, the rest still
        # make the brief, and the traceback is kept for the bug report.
        logger.debug("%s: unexpected error while reading", location, exc_info=True)
        return Skipped(
            location,
            f"could not be read ({type(error).__name__}: {error}); this is a bug in "
            "briefing, please report it with the file",
        )


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    map_function: MapFunction | None = None,
    fetch_options: Any = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Articles from files, folders and URLs, and the inputs that could not be used, with why.

    ``map_function`` (like the builtin ``map``, the default) may spread the reading over
    processes or machines; the result is the same. Raises InputError for a missing path.
    ``follow_links`` reads the pages that feed entries and export items only link to.
    """
    return read_files(
        collect_inputs(inputs),
        map_function=map_function,
        fetch_options=fetch_options,
        follow_links=follow_links,
    )


def read_files(
    files: Sequence[InputFile],
    *,
    map_function: MapFunction | None = None,
    fetch_options: Any = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Read what :func:`collect_inputs` found: the articles, and the inputs skipped, with why.

    Article ids are unique in the result: an id met twice (a feed ``news`` has entry
    ``news-1``, and a file is called ``news-1.txt``) gets ``-2``, ``-3`` in reading order.
    """
    ids = _Ids()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    pointers: list[Skipped] = []  # parts that only link to an article, to follow
    reader = partial(read_input, fetch_options=fetch_options)
    for item, outcome in zip(files, (map_function or map)(reader, files), strict=True):
        parts = [
            _safe_to_show(part) for part in ([outcome] if isinstance(outcome, Skipped) else outcome)
        ]
        found = [_with_unique_id(part, ids) for part in parts if isinstance(part, Article)]
        left = [part for part in parts if isinstance(part, Skipped)]
        if follow_links:
            pointers += [part for part in left if part.link]
            left = [part for part in left if not part.link]
        elif not found and len(left) > 1 and all(part.link for part in left):
            # A feed of headlines is one line in the report, not fifty.
            left = [
                Skipped(
                    item.location,
                    f"no article text in it: all {len(left)} of its entries only link to "
                    "their pages (--follow-links reads the pages)",
                )
            ]
        articles += found
        for part in left:
            _report(part, follow_links)
        skipped += left
    if pointers:
        from briefing.readers.links import read_links

        linked, unread = read_links(pointers, files, fetch_options)
        articles += [_with_unique_id(_safe_to_show(article), ids) for article in linked]
        unread = [_safe_to_show(part) for part in unread]
        for part in unread:
            _report(part, follow_links)
        skipped += unread
    return articles, skipped


def _report(part: Skipped, following: bool) -> None:
    hint = " (--follow-links reads the page)" if part.link and not following else ""
    logger.warning("%s: skipped: %s%s", part.path, part.error, hint)


#: Half of a UTF-16 surrogate pair, alone: JSON can say "\ud800", UTF-8 cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters that change how text around them is shown without being seen themselves:
#: bidirectional embeddings, overrides, isolates and marks (an RLO makes a quote read
#: backwards), zero-width spaces and joiners, the word joiner, invisible operators, the byte
#: order mark, and tag characters. From an article they can only mislead; briefing reads
#: English, which needs none of them.
_INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)

_Part = TypeVar("_Part", Article, Skipped)


def _shown_safely(text: str) -> str:
    return _INVISIBLE.sub("", _SURROGATE.sub("\ufffd", text))


def _safe_to_show(part: _Part) -> _Part:
    """The part with every text field fit to be written and shown: each lone surrogate
    replaced by U+FFFD (UTF-8 cannot hold it), and characters that spoof the display removed,
    in HTML, JSON and PDF alike (every text the brief shows comes from these fields)."""
    values = {field.name: getattr(part, field.name) for field in fields(part)}
    texts = [value for value in values.values() if isinstance(value, str)]
    for value in values.values():
        if isinstance(value, tuple):
            texts += [item for item in value if isinstance(item, str)]
    joined = "".join(texts)
    if joined.isascii():  # the usual case, checked in no time
        return part
    try:
        joined.encode("utf-8")
        if not _INVISIBLE.search(joined):
            return part
    except UnicodeEncodeError:
        pass
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            changes[name] = _shown_safely(value)
        elif isinstance(value, tuple) and any(isinstance(item, str) for item in value):
            changes[name] = tuple(
                _shown_safely(item) if isinstance(item, str) else item for item in value
            )
    return replace(part, **changes)


def _with_unique_id(article: Article, ids: _Ids) -> Article:
    unique = ids.claim(article.id)
    return article if unique == article.id else replace(article, id=unique)
