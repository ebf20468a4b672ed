"""Key figures of an incident: the numbers an analyst looks for first, each with its source.

Killed, injured, missing, displaced, arrested, an earthquake's magnitude, a vote share, a
turnout and sums of money, read from the articles' sentences by number patterns next to a
lexicon of roles ("at least 1,200 people were killed", "killing 12", "the death toll rose to
310", "a 6.8-magnitude quake", "52.3% of the vote", "turnout of 61 percent", "$2.5 billion").
Nothing here knows any place, person or event: the same patterns read a flood, a trial, a
truce or a budget.

Numbers are digits ("1,200", "4.5 million") or the words one to ninety-nine and "a dozen";
vague plurals ("dozens", "hundreds", "thousands of") are deliberately left out: they give no
figure to compare, and the sentence that says them is still in the summary.

Each article gives at most one figure of each kind, its largest (an article that reports
"four soldiers were killed" and "the toll rose to 40" means 40), so a kind's figures are one
per article and can be set side by side: the latest first, and where two sources give
different values, both, with their sources. Background paragraphs (one that names a year
before the article's: "the 2011 landslide killed 300") are not read. Every figure keeps the
verbatim sentence and the article it came from.

Only the first :data:`PARAGRAPHS_READ` paragraphs of an article are read (figures lead the
news; a long feature's later pages recall other things), and only
:data:`ARTICLES_READ` articles of an incident, the latest: the cost is bounded whatever the
pile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import get_args

from briefing.models import Article, Figure, FigureKind
from briefing.text import sentence_spans

#: Paragraphs of an article read for figures.
PARAGRAPHS_READ = 12
#: Articles of one incident read for figures, the latest first.
ARTICLES_READ = 200
#: Characters of a paragraph read (a pasted table of thousands of numbers stays cheap).
PARAGRAPH_CHARS = 4000

KINDS: tuple[FigureKind, ...] = get_args(FigureKind)
#: The kinds of figure that count people harmed or held: a toll (key points, importance).
PEOPLE_KINDS: frozenset[FigureKind] = frozenset(
    ("killed", "injured", "missing", "displaced", "arrested")
)

_UNITS = {
    "ones": {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19,
    },
    "tens": {
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90,
    },
}  # fmt: skip
_ONES = "|".join(sorted(_UNITS["ones"], key=len, reverse=True))
_TENS = "|".join(_UNITS["tens"])
_WORD_NUMBER = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_ONES}|a dozen)"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|mn|bn|m|k)\b)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_DIGITS}{_SCALE}?|\b{_WORD_NUMBER}\b)"
_QUALIFIER = (
    r"(?:at least|at most|more than|over|nearly|almost|about|around|roughly|some|up to|"
    r"fewer than|less than|an estimated|approximately|as many as|close to)"
)
_AMOUNT_OF = rf"(?:(?:{_QUALIFIER})\s+)?{_NUMBER}"
# Up to three words naming who (people, civilians, police officers, Israeli soldiers): no
# digits, no words that start another clause.
_WHO = r"(?:\s+(?!(?:and|or|of|in|on|at|to|from|by|with|who|which|that|were|was)\b)[A-Za-z-]+){0,3}"
_BE = (
    r"(?:\s+(?:were|was|are|is|have been|has been|had been|been|reported))?"
    r"(?:\s+(?:still|now|later|reportedly|also|already|confirmed))?"
)

_NUMBER_FIRST_ROLES: dict[FigureKind, str] = {
    "killed": r"(?:killed|dead|died|slain|perished|lost their lives|confirmed dead|deaths|"
    r"fatalities|bodies (?:were )?(?:found|recovered))",
    "injured": r"(?:injured|wounded|hurt|injuries)",
    "missing": r"(?:missing|unaccounted for|feared dead)",
    "displaced": r"(?:displaced|homeless|evacuated|left homeless|forced from their homes|"
    r"fled their homes|in shelters)",
    "arrested": r"(?:arrested|detained|taken into custody|in custody|charged)",
}
_VERB_FIRST_ROLES: dict[FigureKind, str] = {
    "killed": r"(?:killed|killing|kills|killed off)",
    "injured": r"(?:injured|injuring|injures|wounded|wounding|wounds)",
    "displaced": r"(?:displaced|displacing|displaces|evacuated|evacuating)",
    "arrested": r"(?:arrested|arresting|arrests|detained|detaining|detains)",
}
_PATTERNS: list[tuple[FigureKind, re.Pattern[str]]] = [
    *(
        (kind, re.compile(rf"(?P<figure>{_AMOUNT_OF}){_WHO}{_BE}\s+{role}\b", re.IGNORECASE))
        for kind, role in _NUMBER_FIRST_ROLES.items()
    ),
    *(
        (
            kind,
            re.compile(
                rf"\b{role}\s+(?P<figure>{_AMOUNT_OF})(?!\s*(?:%|percent|per cent|years?|"
                r"days?|hours?|times|km|kilometres|kilometers|miles|metres|meters)\b)",
                re.IGNORECASE,
            ),
        )
        for kind, role in _VERB_FIRST_ROLES.items()
    ),
    (
        "killed",
        re.compile(
            rf"\b(?:death|casualty|the) toll\b(?:[^.;]|\.\d){{0,80}}?\b(?:to|of|at|reached|hit|"
            rf"passed|topped|exceeded|is|was|now)\s+(?P<figure>{_AMOUNT_OF})",
            re.IGNORECASE,
        ),
    ),
    (
        "magnitude",
        re.compile(
            r"(?:\bmagnitude(?:\s+of)?\s*[-–]?\s*(?P<figure>\d(?:\.\d)?)\b"
            r"|\b(?P<before>\d(?:\.\d)?)[- ]magnitude\b"
            r"|\bmeasuring\s+(?P<measuring>\d\.\d)\b"
            r"|\b(?P<richter>\d\.\d) on the Richter scale)",
            re.IGNORECASE,
        ),
    ),
    (
        "turnout",
        re.compile(
            r"\bturnout\b[^.;\d%]{0,30}?(?P<figure>\d{1,2}(?:\.\d+)?\s?(?:%|percent|per cent))"
            r"|(?P<before>\d{1,2}(?:\.\d+)?\s?(?:%|percent|per cent))\s+turnout\b",
            re.IGNORECASE,
        ),
    ),
    (
        "vote share",
        re.compile(
            r"(?P<figure>\d{1,2}(?:\.\d+)?\s?(?:%|percent|per cent))\s+of\s+(?:the\s+)?"
            r"(?:\w+\s+)?(?:votes?|ballots)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "amount",
        re.compile(
            rf"(?P<figure>(?:(?:{_QUALIFIER})\s+)?(?:US\$|\$|€|£|¥|₹)\s?{_DIGITS}{_SCALE}?"
            rf"|(?:(?:{_QUALIFIER})\s+)?{_DIGITS}{_SCALE}?\s+(?:dollars|euros|pounds|"
            r"yuan|rupees|roubles|rubles|yen|francs|shillings|naira|rand|pesos|lira|dinars|"
            r"rials|riyals|dirhams|hryvnias|zlotys|kronor|kroner|crowns|won|rupiah|ringgit|"
            r"US dollars)\b)",
            re.IGNORECASE,
        ),
    ),
]
#: A cheap test that a paragraph may hold a figure at all: digits or a number word.
_MAY_HOLD = re.compile(rf"\d|\b(?:{_WORD_NUMBER})\b", re.IGNORECASE)
_NUMBER_IN = re.compile(
    rf"(?P<digits>{_DIGITS})(?P<scale>{_SCALE})?|\b(?P<word>{_WORD_NUMBER})\b", re.IGNORECASE
)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
           "bn": 1e9, "trillion": 1e12}  # fmt: skip
_YEAR_LIKE = re.compile(r"^(?:1[89]|20)\d\d$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _recalls_an_earlier_year(paragraph: str, year: int | None) -> bool:
    """A paragraph naming a year before the article's is background ("the 2011 landslide
    killed 300"): its figures are of another event. (Clustering's wider test for background,
    which also reads words like "former", would drop "the former minister stole $2m".)"""
    return year is not None and any(int(y) < year for y in _YEAR.findall(paragraph))


def _word_value(word: str) -> float:
    word = word.lower().replace("-", " ")
    if word == "a dozen":
        return 12.0
    parts = word.split()
    value = _UNITS["tens"].get(parts[0]) or _UNITS["ones"].get(parts[0], 0)
    if len(parts) > 1:
        value += _UNITS["ones"].get(parts[1], 0)
    return float(value)


def _value(figure_text: str) -> float | None:
    """The number a figure's words stand for: "at least 1,200" is 1200, "4.5 million" 4.5e6."""
    match = _NUMBER_IN.search(figure_text)
    if match is None:
        return None
    if match.group("word"):
        return _word_value(match.group("word"))
    value = float(match.group("digits").replace(",", ""))
    scale = (match.group("scale") or "").strip().lower()
    return value * _SCALES.get(scale, 1.0)


#: Words one of a kind's patterns cannot match without (lower case): a pattern is only run
#: on text that holds one, since most paragraphs hold numbers and no figure.
_CUES: dict[FigureKind, tuple[str, ...]] = {
    "killed": ("kill", "dead", "died", "slain", "perish", "lost their lives", "death",
               "fatalit", "bodies", "toll"),
    "injured": ("injur", "wound", "hurt"),
    "missing": ("missing", "unaccounted", "feared"),
    "displaced": ("displac", "homeless", "evacuat", "their homes", "shelters"),
    "arrested": ("arrest", "detain", "custody", "charged"),
    "magnitude": ("magnitude", "measuring", "richter"),
    "turnout": ("turnout",),
    "vote share": ("vote", "ballot"),
    "amount": ("$", "€", "£", "¥", "₹", "dollar", "euro", "pound", "yuan", "rupee", "rouble",
               "ruble", "yen", "franc", "shilling", "naira", "rand", "peso", "lira", "dinar",
               "rial", "riyal", "dirham", "hryvnia", "zloty", "kron", "crown", "won", "rupiah",
               "ringgit"),
}  # fmt: skip


def _figures_in(sentence: str) -> Iterator[tuple[FigureKind, str, float]]:
    lowered = sentence.lower()
    for kind, pattern in _PATTERNS:
        if not any(cue in lowered for cue in _CUES[kind]):
            continue
        for match in pattern.finditer(sentence):
            text = next(group for group in match.groups() if group)
            text = match.group("figure") or text
            value = _value(text)
            if value is None or value <= 0:
                continue
            if kind == "magnitude" and not 1.0 <= value <= 10.0:
                continue
            if kind in ("vote share", "turnout") and value > 100:
                continue
            if kind in PEOPLE_KINDS and not value.is_integer():
                continue  # "6.4" next to "killed" is a magnitude, not a count of people
            digits = _NUMBER_IN.search(text)
            if kind not in ("magnitude", "amount") and digits and _YEAR_LIKE.match(digits.group()):
                continue  # "killed 2019" is a year, not a toll
            yield kind, text.strip(), value


def article_figures(article: Article) -> list[Figure]:
    """The figures one article gives, at most one per kind (its largest), in kind order."""
    year = article.published.year if article.published else None
    best: dict[FigureKind, Figure] = {}
    for paragraph in article.paragraphs[:PARAGRAPHS_READ]:
        paragraph = paragraph[:PARAGRAPH_CHARS]
        if not _MAY_HOLD.search(paragraph) or _recalls_an_earlier_year(paragraph, year):
            continue
        if next(_figures_in(paragraph), None) is None:
            continue  # splitting sentences costs far more than the patterns: only if needed
        for start, end in sentence_spans(paragraph):
            sentence = paragraph[start:end]
            for kind, text, value in _figures_in(sentence):
                known = best.get(kind)
                if known is None or value > known.value:
                    best[kind] = Figure(kind, value, text, sentence, article.id, article.published)
    return [best[kind] for kind in KINDS if kind in best]


def incident_figures(articles: Sequence[Article]) -> tuple[Figure, ...]:
    """An incident's figures: by kind (in :data:`KINDS` order), then the latest report first.

    Reports of the same day are in article id order; undated ones come last.
    """
    latest_first = sorted(articles, key=_recency, reverse=True)[:ARTICLES_READ]
    found = [figure for article in latest_first for figure in article_figures(article)]
    found.sort(
        key=lambda f: (KINDS.index(f.kind), -(f.published or date.min).toordinal(), f.article_id)
    )
    return tuple(found)


def _recency(article: Article) -> tuple[date, str]:
    return (article.published or date.min, article.id)
