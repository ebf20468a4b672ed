"""Reading newsletters and forwarded stories saved as email (``.eml``).

The body is the message's HTML part when it has one (newsletters put their real layout
there), else its plain-text part; attachments are never read. The HTML goes through
trafilatura, after its layout tables are turned into plain blocks (almost every newsletter is
laid out with tables, which trafilatura would otherwise flatten into ``| cell |`` rows);
when trafilatura finds no article in it, the plain-text part is tried, and then the HTML's
whole text. Lines every newsletter carries ("View this email in your browser",
"Unsubscribe") are dropped.

Title, source, date and URL come from the headers: the Subject without ``Fwd:`` or
``[List]`` prefixes, the From display name (or its domain), the Date header, and an
``Archived-At``, ``List-Post`` or ``List-Archive`` web address. A story forwarded by a
colleague ("---------- Forwarded message ---------") takes its source and date from the
forwarded message's own From and Date lines, and those lines leave the body.

A newsletter that holds several stories stays one article: no separator between stories is
common to enough newsletters to split them reliably, and one article per email is what the
reader of the brief can trace back to the file.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import email.utils
import re
from dataclasses import dataclass
from email.message import EmailMessage, Message

from briefing.dates import parse_metadata_date
from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers.common import (
    MAX_NAME_CHARS,
    article_from_parts,
    html_fragment_to_paragraphs,
    http_url,
    text_to_paragraphs,
    title_too_long,
)
from briefing.readers.content import decode_as, decode_text
from briefing.readers.document import Document, Kind

# Reply and forward markers in a few languages, and a list's "[Name]" tag, at the start.
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|fw|aw|wg|tr|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:|\[[^\]]{1,60}\])\s*",
    re.IGNORECASE,
)
#: Headers that may hold the message's web address, most specific first.
_URL_HEADERS = ("Archived-At", "List-Post", "List-Archive")
_HEADER_URL = re.compile(r"<\s*(https?://[^>\s]+)\s*>|^\s*(https?://\S+)\s*$", re.IGNORECASE)

# The line that opens a forwarded message in Gmail, Apple Mail, Outlook and Thunderbird.
_FORWARD_MARK = re.compile(
    r"^[ \t>]*(?:-{2,}\s*(?:forwarded message|original message)\s*-{2,}"
    r"|begin forwarded message:|-{2,}\s*message transféré\s*-{2,})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_HEADER = re.compile(
    r"^[ \t>]*(from|date|sent|subject|to|cc|reply-to)[ \t]*:[ \t]*(.*)$", re.IGNORECASE
)

# Paragraphs that are a newsletter's furniture, not its story: short, and about the email.
_CHROME = re.compile(
    r"view (?:this |it |the )?(?:email |e-mail |newsletter |message )?(?:in|on) (?:your |a |the )?"
    r"(?:browser|web)|unsubscribe|manage (?:your )?(?:preferences|subscription)"
    r"|update (?:your )?(?:preferences|subscription)|having trouble (?:viewing|reading)"
    r"|you (?:are )?receiv(?:e|ed|ing) this (?:email|e-mail|newsletter|message|because)"
    r"|forward (?:this (?:email|e-mail|newsletter)|to a friend)|add us to your address book",
    re.IGNORECASE,
)
_CHROME_MAX_WORDS = 30
_WORD = re.compile(r"\w")
# The signature delimiter (RFC 3676 "-- ", often sent without its space).
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_SIGNATURE_MAX_WORDS = 60
#: A header longer than this, as written (encoded words and all), is not parsed: the email
#: module takes minutes over a 5 MB Subject, and no real header comes near it.
MAX_HEADER_CHARS = 8_000


def read_email(document: Document) -> list[Article | Skipped]:
    """One Article from one email; ArticleError when it has no usable text.

    Never more than one article, even for a digest of several stories (see the module's
    docstring).
    """
    message = email.message_from_bytes(document.data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):  # the default policy always makes one
        raise ArticleError("not an email")
    raw_subject = _raw_header(message, "Subject")
    if raw_subject is not None and len(raw_subject) > MAX_HEADER_CHARS:
        raise ArticleError(f"{title_too_long(raw_subject)} (the Subject)")
    title = _subject(message)
    too_long = title_too_long(title) if title else None
    if too_long is not None:
        raise ArticleError(f"{too_long} (the Subject)")
    source = _sender(_header(message, "From"))
    published = _header(message, "Date")
    url = _web_address(message) or document.url
    error: ArticleError | None = None
    for body in _bodies(message):
        story = _story(body)
        # A forwarded story's own date, when it reads as one, rather than the forward's.
        dated = story.date if parse_metadata_date(story.date) is not None else published
        try:
            return [
                article_from_parts(
                    article_id=document.article_id,
                    location=document.location,
                    title=title,
                    paragraphs=story.paragraphs,
                    source=story.source or source,
                    url=url,
                    published=dated,
                )
            ]
        except ArticleError as failure:
            error = error or failure  # the best body's reason is the one to report
    if error is not None:
        raise error
    raise ArticleError(_why_no_body(message))


@dataclass(frozen=True)
class _Body:
    """A candidate body: its text, and whether that text is one paragraph per line."""

    text: str
    lines_are_paragraphs: bool


def _bodies(message: EmailMessage) -> list[_Body]:
    """The candidate bodies, best first: HTML (trafilatura), plain text, HTML (all text)."""
    html_part = message.get_body(preferencelist=("html",))
    plain_part = message.get_body(preferencelist=("plain",))
    html = _part_text(html_part) if html_part is not None else None
    plain = _part_text(plain_part) if plain_part is not None else None
    bodies: list[_Body] = []
    if html and html.strip():
        extracted = _extract_html(html)
        if extracted:
            bodies.append(_Body(extracted, lines_are_paragraphs=True))
    if plain and plain.strip():
        bodies.append(_Body(plain, lines_are_paragraphs=False))
    if html and html.strip():
        bodies.append(_Body("\n".join(html_fragment_to_paragraphs(html)), True))
    return bodies


def _part_text(part: Message) -> str | None:
    """A text part's content, decoded from its transfer encoding and its charset."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return None
    charset = part.get_content_charset()
    if charset:
        # Mail that says Latin-1 is nearly always Windows-1252 (curly quotes at 0x91-0x94).
        for encoding in ("cp1252", charset) if charset in ("iso-8859-1", "latin1") else (charset,):
            text = decode_as(payload, encoding)
            if text is not None:
                return text
    try:
        return decode_text(payload)
    except ArticleError:
        return None


def _extract_html(html: str) -> str | None:
    """The story in a newsletter's HTML as lines of text, or None when trafilatura finds none."""
    import lxml.etree
    import lxml.html
    import trafilatura

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    # Layout tables become plain blocks, so trafilatura reads cells as text, not table rows.
    for element in root.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
        element.tag = "div"
    text = trafilatura.extract(root, include_comments=False, include_tables=False)
    return text if isinstance(text, str) and text.strip() else None


@dataclass(frozen=True)
class _Story:
    """A body's paragraphs, and the sender and date of a message forwarded in it."""

    paragraphs: list[str]
    source: str | None = None
    date: str | None = None


def _story(body: _Body) -> _Story:
    """The story in a body: without the note above a forwarded message ("FYI") and its
    header lines, without a closing signature, and without the newsletter's furniture.
    """
    text = body.text.replace("\r\n", "\n").replace("\r", "\n")
    mark = _FORWARD_MARK.search(text)
    source = date = None
    if mark is not None:
        lines = text[mark.end() :].lstrip("\n").split("\n")
        taken = 0
        for line in lines:
            header = _FORWARD_HEADER.match(line)
            if header is None:
                break
            name, value = header.group(1).lower(), header.group(2).strip()
            if name == "from":
                source = _sender(value)
            elif name in ("date", "sent"):
                date = value or None
            taken += 1
        if taken:
            text = "\n".join(lines[taken:])
    signatures = list(_SIGNATURE.finditer(text))
    # Only a short tail is a signature; a "--" line with stories after it is a separator.
    if signatures and len(text[signatures[-1].end() :].split()) <= _SIGNATURE_MAX_WORDS:
        text = text[: signatures[-1].start()]
    if body.lines_are_paragraphs:
        paragraphs = [line for line in text.split("\n") if line.strip()]
    else:
        paragraphs = text_to_paragraphs(text)
    return _Story(_without_chrome(paragraphs), source, date)


def _without_chrome(paragraphs: list[str]) -> list[str]:
    """Paragraphs without the newsletter's furniture ("View in browser", "Unsubscribe")
    and without rules between stories ("--", "* * *").
    """
    return [
        paragraph
        for paragraph in paragraphs
        if _WORD.search(paragraph)
        and (len(paragraph.split()) > _CHROME_MAX_WORDS or not _CHROME.search(paragraph))
    ]


def _raw_header(message: EmailMessage, name: str) -> str | None:
    """A header's value as written in the message, not decoded (cheap at any length)."""
    wanted = name.lower()
    return next((value for key, value in message.raw_items() if key.lower() == wanted), None)


def _header(message: EmailMessage, name: str) -> str | None:
    """A header's decoded value, or None when it is missing, too long or cannot be parsed."""
    raw = _raw_header(message, name)
    if raw is None or len(raw) > MAX_HEADER_CHARS:
        return None
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError, AttributeError, email.errors.MessageError):
        return None
    text = str(value).strip() if value is not None else ""
    return text or None


def _subject(message: EmailMessage) -> str | None:
    subject = _header(message, "Subject")
    if subject is None:
        return None
    subject = " ".join(subject.split())
    while True:
        shorter = _SUBJECT_PREFIX.sub("", subject, count=1)
        if shorter == subject:
            break
        subject = shorter
    return subject or None


def _sender(value: str | None) -> str | None:
    """The display name in a From value, else the domain of its address."""
    if not value:
        return None
    name, address = email.utils.parseaddr(value)
    name = name.strip().strip("\"'").strip()
    if name and "@" not in name and len(name) <= MAX_NAME_CHARS:
        return name
    domain = address.rpartition("@")[2].strip().lower()
    return domain or None


def _web_address(message: EmailMessage) -> str | None:
    for name in _URL_HEADERS:
        value = _header(message, name)
        found = _HEADER_URL.search(value) if value else None
        url = http_url(found.group(1) or found.group(2)) if found else None
        if url:
            return url
    return None


def _why_no_body(message: EmailMessage) -> str:
    attachments = [
        part.get_filename() or part.get_content_type() for part in message.iter_attachments()
    ]
    if attachments:
        return f"no article text: the email holds only attachments ({', '.join(attachments)})"
    if message.get_content_maintype() in ("text", "multipart"):
        return "no article text: the email's body is empty"
    return f"no article text: the email's body is {message.get_content_type()}, not text"


KIND = Kind("email", extensions=(".eml",), media_types=("message/rfc822",), read=read_email)
