"""Bytes before they are text: what the content declares itself, its encoding, and gzip.

:func:`sniff_kind` tells a kind from the first bytes (gzip, binary formats, JSON, a feed, HTML,
an email); :func:`decode_text` and :func:`decode_document` turn bytes into text by a BOM, a
declared charset or charset-normalizer's guess; :func:`gunzip` unpacks every member of gzip
data within a size limit. Nothing here knows the readers; they and the fetcher use it.
"""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes

from briefing.errors import ArticleError
from briefing.readers.document import MAX_FILE_BYTES, Document

#: The extension of gzip files: ``x.json.gz`` is unpacked and read by the name inside.
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
GZIP_MAGIC = b"\x1f\x8b"
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

    Returns ``"gzip"``, ``"binary"``, or the name of a reader's Kind.
    """
    if data.startswith(GZIP_MAGIC):
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


def binary_kind(data: bytes) -> str:
    """What binary data is, in words ("a PDF document"), by its first bytes."""
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
        if bytes(view[offset : offset + 2]) != GZIP_MAGIC:
            return bytes(unpacked)
    raise zlib.error(f"more than {MAX_GZIP_MEMBERS:,} gzip members")


def unpack(data: bytes) -> bytes:
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
