"""Plain-text articles: text copied or scraped from a news page, site chrome and all.

What a scraped page looks like: navigation and widget lines ("All news", "Show news feed",
"A+ A-"), the headline (sometimes twice), a standfirst, a dateline opening the first paragraph
("New York, 22 September 2023 (TDI): ...", "UNITED NATIONS, July 22. /TASS/. ...",
"KYIV (Reuters) - ..."), the body, embedded posts ("pic.twitter.com/...", "— Name (@handle)
September 19, 2023"), "Read more" and "Also read" links, language switchers. We keep the title,
the body paragraphs and what the dateline says, and drop the rest by the shape of the lines, not
by the wording of any one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from briefing.dates import (
    DateEvidence,
    DateMention,
    parse_date,
    parse_date_line,
    resolve_publication_date,
)
from briefing.errors import ArticleError
from briefing.furniture import remove_furniture
from briefing.models import Article, Skipped
from briefing.readers.content import decode_document
from briefing.readers.dateline import take_dateline
from briefing.readers.document import Document, Kind
from briefing.text import split_sentences

# Whole lines that are page furniture, never article text (matched case-insensitively).
_CHROME_LINE = re.compile(
    r"""^(?:
        show\ news\ feed | all\ news | latest\ news | top\ stories | news\ feed | menu | home
      | a\+\s*a- | a-\s*a\+ | print | share | share\ this(?:\ article)? | tweet | email
      | advertisement | advertising | sponsored(?:\ content)? | skip\ to\ (?:main\ )?content
      | read\ more:? | read\ also:? | related(?:\ (?:news|articles|stories))?:?
      | (?:also\ read|read\ also|see\ also|related|more\ on\ this|recommended)\s*[:|].*
      | this\ text\ (?:is\ )?available\ in\b.* | (?:follow|like)\ us\ on\b.* | subscribe\b.*
      | sign\ up\b.* | (?:we\ use\ )?cookies?\b.* | accept(?:\ all)?(?:\ cookies)?
      | (?:photo|image|video|source|credit)s?\s*:.*
      | tags?\s*:.* | topics?\s*:.* | copyright\b.* | ©.* | all\ rights\ reserved\.?
      | click\ here\b.* | comments?(?:\ \(\d+\))? | \d+\ comments? | listen(?:\ to\ this\ article)?
      | (?:min(?:ute)?s?\ read|\d+\s*min(?:ute)?s?\ read)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# "Read more: <headline>" glued to the end of a paragraph.
_TRAILING_LINK = re.compile(
    r"\s*(?:Read more|Read also|Also read|See also|Related)\s*:.*$", re.IGNORECASE
)
_EMBED_LINK = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+", re.IGNORECASE)
# "— Name (@handle) September 19, 2023": the signature line of an embedded post.
_EMBED_SIGNATURE = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,30}\)\s*(?P<date>.+)$")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

#: Headlines are short and do not end like a sentence.
MAX_TITLE_WORDS = 25
#: A headline is never longer than this; a longer "title" is broken or hostile data.
MAX_TITLE_CHARS = 1000
#: A derived title (no headline on the page) is cut to about this many words,
DERIVED_TITLE_WORDS = 14
#: and this many characters (fourteen words of junk can be a megabyte).
DERIVED_TITLE_CHARS = 200


@dataclass
class _Page:
    lines: list[str]
    embed_dates: list[date] = field(default_factory=list)
    header_date: DateMention | None = None
    publication: DateMention | None = None


def _is_chrome(line: str) -> bool:
    return bool(_CHROME_LINE.match(line) or _URL_ONLY.match(line))


_LINK_CUES = ("read more", "read also", "also read", "see also", "related")
#: A line of this many words is body text: date lines after it are not the page's date.
_BODY_LINE_WORDS = 20


def _clean_lines(text: str) -> _Page:
    """Drop page furniture and embeds; remember the dates they carried."""
    page = _Page(lines=[])
    previous_blank = True
    body_started = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if not previous_blank:
                page.lines.append("")
            previous_blank = True
            continue
        previous_blank = False
        signature = _EMBED_SIGNATURE.match(line)
        if signature:
            mention = parse_date(signature["date"])
            if mention is not None and mention.full_date is not None:
                page.embed_dates.append(mention.full_date)
            continue
        lowered = line.lower()
        # Substring tests first: the patterns are costly on every line of every article.
        has_link = "t.co/" in lowered or "pic.twitter" in lowered
        if (has_link and _EMBED_LINK.search(line)) or _is_chrome(line):
            continue
        date_line = parse_date_line(line)
        if date_line is not None:
            # Above the body (before or after the headline, a byline): the page's own date.
            if page.header_date is None and page.publication is None and not body_started:
                if date_line.labelled:
                    page.publication = date_line.mention
                else:
                    page.header_date = date_line.mention
            continue
        if any(cue in lowered for cue in _LINK_CUES):
            line = _TRAILING_LINK.sub("", line)
        if line:
            page.lines.append(line)
            body_started = body_started or line.count(" ") + 1 >= _BODY_LINE_WORDS
    return page


def _looks_hard_wrapped(block: list[str]) -> bool:
    """Lines cut at a fixed width (email, wire copy) rather than one paragraph per line."""
    if len(block) < 3:
        return False
    body = block[:-1]
    wrapped = [
        line for line in body if 45 <= len(line) <= 100 and not line.endswith((".", '"', "”"))
    ]
    return len(wrapped) >= 0.6 * len(body)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks between blank lines; inside a block, each line is a paragraph unless hard-wrapped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        if _looks_hard_wrapped(block):
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _is_headline(line: str) -> bool:
    if len(line) > MAX_TITLE_CHARS:  # two "words" of a megabyte each are not a headline
        return False
    count = len(line.split())
    return 2 <= count <= MAX_TITLE_WORDS and not line.rstrip().endswith((".", ":", ";", ","))


#: A derived title needs only the start of its paragraph (a 20 MB paragraph is not split).
_DERIVED_TITLE_SOURCE_CHARS = 2_000


def derive_title(paragraph: str) -> str:
    """A short title from a first sentence, for pages whose headline was not kept."""
    paragraph = paragraph[:_DERIVED_TITLE_SOURCE_CHARS]
    sentences = split_sentences(paragraph)
    first = (sentences[0] if sentences else paragraph).rstrip(" .")
    tokens = first.split()
    if len(tokens) <= DERIVED_TITLE_WORDS and len(first) <= DERIVED_TITLE_CHARS:
        return first
    shorter = " ".join(tokens[:DERIVED_TITLE_WORDS])[:DERIVED_TITLE_CHARS]
    return shorter.rstrip(",;:") + "…"


def read_text_article(path: Path | str, text: str, article_id: str) -> Article:
    """Read a scraped or plain-text article. Raises ArticleError when it holds no text."""
    page = _clean_lines(text)
    paragraphs = _paragraphs(page.lines)
    if not paragraphs:
        raise ArticleError("no article text left after removing page furniture")

    title: str | None = None
    if _is_headline(paragraphs[0]) and len(paragraphs) > 1:
        title = paragraphs.pop(0)
    # A page repeats its headline (breadcrumb, then the article's own <h1>).
    while title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs.pop(0)

    # Lines before the dateline are the standfirst; they stay as the lead.
    dateline = take_dateline(paragraphs)

    # Exact repeats (a standfirst printed again in the body) say nothing new.
    seen: set[str] = set()
    body: list[str] = []
    for paragraph in paragraphs:
        key = " ".join(paragraph.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            body.append(paragraph)
    body = remove_furniture(body)
    if not body or not any(len(p.split()) >= 5 for p in body):
        raise ArticleError("no article text: only headlines or page furniture")

    resolved = resolve_publication_date(
        DateEvidence(
            dateline=dateline.date if dateline else None,
            embeds=tuple(page.embed_dates),
            header=page.header_date,
            publication=page.publication,
        ),
        body,
    )
    return Article(
        id=article_id,
        path=str(path),
        title=title or derive_title(body[0]),
        paragraphs=tuple(body),
        source=dateline.source if dateline else None,
        published=resolved.published,
        date_confidence=resolved.confidence,
        date_basis=resolved.basis,
        not_before=resolved.not_before,
        place=dateline.place if dateline else None,
    )


def read_text(document: Document) -> list[Article | Skipped]:
    """The one article of a plain-text document (its URL kept when it was fetched)."""
    article = read_text_article(document.location, decode_document(document), document.article_id)
    return [replace(article, url=document.url) if document.url else article]


KIND = Kind(
    "text", extensions=(".txt", ".text", ".md"), media_types=("text/plain",), read=read_text
)
