"""Sentences and words, offline.

sumy's own ``Tokenizer("english")`` loads NLTK's ``punkt_tab`` data, which is not installed
and cannot be downloaded on the machines we run on. Punkt's algorithm itself needs no data:
an untrained ``PunktSentenceTokenizer`` given our list of abbreviations splits news prose
well, and ``NLTKWordTokenizer`` is rule-based. Everything in briefing that needs sentences or
words comes here, so summaries, quotes and clusters agree on where sentences start and end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Lower-case, without the final period, as Punkt stores them. Titles and honorifics, ranks,
# months, corporate and reference abbreviations, and dotted country/organisation initialisms:
# all of these are followed by a capitalised word far more often than they end a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof rev fr sr jr st sen rep gov pres amb sec gen
    lt col maj capt cpl sgt adm brig cmdr cdr insp supt det hon rt esq
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    inc ltd co corp plc llc bros dept univ assn est approx ca cf vs etc al ed eds
    no nos vol vols p pp fig figs art para ch sec op ibid viz
    e.g i.e a.m p.m u.s u.k u.n u.s.a e.u u.a.e d.c n.y l.a ph.d b.a m.a
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")  # initials: "Antony J. Blinken"

# Words for sumy: letters, optionally with inner apostrophes or hyphens (sumy's own rule).
_WORD_PATTERN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
# A piece Punkt split off that cannot start a sentence: the rest of a closing quote or
# bracket followed by , ; : ("”, he added."), or a lower-case word after a quotation that
# ended with a stop ("“We will win.” he said.").
_STARTS_WITH_CONTINUATION = re.compile(r"[\"'”’»)\]]*\s*[,;:]")
_ENDS_IN_CLOSED_QUOTE = re.compile(r"[.!?…][\"'”’»)\]]+$")


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


@lru_cache(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


def _merge_continuations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            piece, previous = text[start:end], text[merged[-1][0] : merged[-1][1]]
            if _STARTS_WITH_CONTINUATION.match(piece) or (
                _ENDS_IN_CLOSED_QUOTE.search(previous) and piece[:1].islower()
            ):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def split_paragraphs(text: str) -> list[str]:
    """Split text on blank lines; a single newline stays inside its paragraph."""
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of each sentence in one paragraph.

    A line break inside a paragraph always ends a sentence: scraped pages put headlines,
    captions and list items on lines of their own, and they must not glue onto the next
    sentence.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in paragraph.split("\n"):
        stripped = line.strip()
        if stripped:
            line_start = offset + line.index(stripped)
            raw_spans = list(_sentence_tokenizer().span_tokenize(stripped))
            for start, end in _merge_continuations(stripped, raw_spans):
                spans.append((line_start + start, line_start + end))
        offset += len(line) + 1
    return spans


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, paragraph breaks and line breaks first."""
    return [
        paragraph[start:end]
        for paragraph in split_paragraphs(text)
        for start, end in sentence_spans(paragraph)
    ]


def tokenize_words(sentence: str) -> list[str]:
    """All word and punctuation tokens of a sentence (NLTK's rule-based tokenizer)."""
    return list(_word_tokenizer().tokenize(sentence))


def words(sentence: str) -> list[str]:
    """Only the words of a sentence: tokens made of letters (no numbers, no punctuation)."""
    return [token for token in tokenize_words(sentence) if _WORD_PATTERN.match(token)]


def iter_sentences(paragraphs: tuple[str, ...] | list[str]) -> Iterator[tuple[int, str]]:
    """Yield ``(paragraph_index, sentence)`` for every sentence of an article's paragraphs."""
    for index, paragraph in enumerate(paragraphs):
        for start, end in sentence_spans(paragraph):
            yield index, paragraph[start:end]


class OfflineTokenizer:
    """A tokenizer with the interface sumy expects, needing no downloaded NLTK data.

    sumy calls ``language``, ``to_sentences(paragraph)`` and ``to_words(sentence)``; this
    class gives the same results as ``sumy.nlp.tokenizers.Tokenizer`` would with punkt data,
    except that our abbreviation list is used and line breaks end sentences.
    """

    def __init__(self, language: str = "english") -> None:
        self._language = language

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[start:end].strip() for start, end in sentence_spans(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
