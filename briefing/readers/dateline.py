"""The dateline that opens a news article: "KYIV (Reuters) - ", "GENEVA, March 3 — ".

Every reader reads it the same way, off one of the first paragraphs of the body
(:func:`take_dateline`): the place and the source it names, and its date, which the date
policy (briefing.dates) weighs with the rest of the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.dates import DateMention, parse_date
from briefing.places import dateline_place
from briefing.text import words

_PLACE = r"(?P<place>[A-Z][\w.'’-]*(?:[ ,]{1,2}[A-Z][\w.'’-]*){0,4})"
_SOURCE = r"(?P<source>[A-Za-z][\w .&'-]{0,30}?)"
# Dateline shapes, each anchored at the start of the first paragraph.
_DATELINES = [
    # "New York, 22 September 2023 (TDI): " / "LONDON, March 3, 2024 (AFP) - "
    re.compile(rf"^{_PLACE},\s+(?P<date>[^()]{{4,40}}?)\s*\({_SOURCE}\)\s*[:—–-]+\s+"),
    # "UNITED NATIONS, July 22. /TASS/. "
    re.compile(rf"^{_PLACE},\s+(?P<date>[^/]{{4,30}}?)\.?\s*/{_SOURCE}/\.?\s+"),
    # "KYIV (Reuters) - " / "WASHINGTON (AP) — "
    re.compile(rf"^{_PLACE}\s*\({_SOURCE}\)\s*[:—–-]+\s+"),
    # "GENEVA, March 3 — " / "Paris, 3 March 2024 - " (no source)
    re.compile(rf"^{_PLACE},\s+(?P<date>[^—–:]{{4,30}}?)\s*[—–-]+\s+"),
]


@dataclass(frozen=True)
class Dateline:
    """What a dateline says, and how many characters of its paragraph it takes."""

    place: str | None
    source: str | None
    date: DateMention | None
    length: int


def _tidy_place(place: str) -> str | None:
    return dateline_place(place)


#: Words NLTK's tokenizer splits in two ("cannot" -> "can", "not").
_SPLIT_WORDS = frozenset({"cannot", "gimme", "gonna", "gotta", "lemme", "wanna"})


def _word_count(place: str) -> int:
    """``len(words(place))``, without NLTK's tokenizer when every chunk is a plain word."""
    chunks = place.replace(",", " ").split()
    if all(chunk.isalpha() and chunk.lower() not in _SPLIT_WORDS for chunk in chunks):
        return len(chunks)  # what the tokenizer would say, for a tenth of the time
    return len(words(place))


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens ``paragraph``, if any: place, source, date and its length."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        date_text = groups.get("date")
        mention = parse_date(date_text) if date_text else None
        if date_text and mention is None:
            continue  # "Paris, where ... -" is not a dateline
        place = groups["place"]
        if _word_count(place) > 5:
            continue
        source = groups.get("source")
        return Dateline(
            place=_tidy_place(place),
            source=source.strip() if source else None,
            date=mention,
            length=match.end(),
        )
    return None


#: A dateline opens one of the first paragraphs of the body: those before it are a standfirst
#: or a byline the page kept.
DATELINE_PARAGRAPHS = 4


def take_dateline(paragraphs: list[str]) -> Dateline | None:
    """The dateline opening one of the first :data:`DATELINE_PARAGRAPHS` paragraphs, if any,
    cut off its paragraph (``paragraphs`` is changed in place; the rest starts with a capital)."""
    for index, paragraph in enumerate(paragraphs[:DATELINE_PARAGRAPHS]):
        dateline = parse_dateline(paragraph)
        if dateline is not None:
            rest = paragraph[dateline.length :].strip()
            paragraphs[index] = rest[:1].upper() + rest[1:]
            return dateline
    return None
