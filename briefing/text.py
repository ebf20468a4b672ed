"""Sentences and words, offline, in time linear in the text and the same on every run.

sumy's own ``Tokenizer("english")`` loads NLTK's ``punkt_tab`` data, which is not installed
and cannot be downloaded on the machines we run on. Punkt's algorithm itself needs no data:
an untrained ``PunktSentenceTokenizer`` given our list of abbreviations splits news prose
well, and ``NLTKWordTokenizer`` is rule-based. Everything in briefing that needs sentences or
words comes here, so summaries, quotes and clusters agree on where sentences start and end.

Two things keep hostile text (a megabyte of "Mr. U.S. Gen.", of quote marks, one line with
no stop or no space) from stopping a brief. NLTK is never given more than
:data:`MAX_PIECE_CHARS` at once: a longer line is cut first, at its last sentence end (else
space) before the limit, so every call costs a bounded time and the whole split is linear.
And NLTK runs its regular expressions under a wall-clock limit (``nltk.redos``: 5 s, then
``TimeoutError``), which would make the result depend on how busy the machine is: our
tokenizers run the same expressions without that limit. The bound on the input is what keeps
them fast, not a clock, so the same text is always split the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from nltk import redos
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import (
    _ORTHO_MID_LC,
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

from briefing import caches

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
)
# Single letters ("Antony J. Blinken") are not in the list: Punkt reads a capital letter and
# a period before a capitalised word as an initial by itself, unless the word is one that
# starts sentences and never follows a middle initial ("Plan B. Then the talks failed.").
# Those words are given to Punkt as seen in lower case mid-sentence (its orthographic
# evidence), which also ends "in the U.S. It was" after the abbreviation.
SENTENCE_STARTERS = frozenset(
    """
    the then but and it he she they we this that these those there his her their our its
    in on at a an so yet if when while after before as now still however meanwhile also
    since for with by from to not no what why how who where some many most all both each
    such even only just or nor because although though instead later earlier today
    yesterday
    """.split()
)

# Words for sumy: letters, optionally with inner apostrophes or hyphens (sumy's own rule).
_WORD_PATTERN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
# A piece Punkt split off that cannot start a sentence: the rest of a closing quote or
# bracket followed by , ; : ("”, he added."), or a lower-case word after a quotation that
# ended with a stop ("“We will win.” he said.").
_STARTS_WITH_CONTINUATION = re.compile(r"[\"'”’»)\]]*\s*[,;:]")
_ENDS_IN_CLOSED_QUOTE = re.compile(r"[.!?…][\"'”’»)\]]+$")


#: The most text NLTK is given in one call. Punkt and the word tokenizer cost up to ~10 µs a
#: character on some shapes (a run of "Mr. U.S. Gen.", of one-word quotations), so one call on
#: a 20 MB line would run for minutes; on pieces of this size each call is short and the
#: whole split linear. A paragraph of news is far shorter, so only text nobody writes is cut.
MAX_PIECE_CHARS = 10_000

# Where a long line is best cut: after a stop and its closing quotes, before white space.
_PIECE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")


def _untimed(pattern: Any) -> Any:
    """An ``nltk.redos`` pattern without its wall-clock limit (other values as they are)."""
    if isinstance(pattern, redos.TimedPattern):
        return redos.compile(pattern, timeout=None)
    if isinstance(pattern, tuple):
        return tuple(_untimed(item) for item in pattern)
    if isinstance(pattern, list):
        return [_untimed(item) for item in pattern]
    return pattern


class _UntimedPunktVars(PunktLanguageVars):  # type: ignore[misc]
    """Punkt's English rules, its expressions run without a wall-clock limit."""

    __slots__ = ()
    re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)

    def _word_tokenizer_re(self) -> Any:
        return _untimed(super()._word_tokenizer_re())

    def period_context_re(self) -> Any:
        return _untimed(super().period_context_re())


class _UntimedPunktToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its type tests run without a wall-clock limit."""

    _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)
    _RE_NON_PUNCT = redos.compile(r"[^\W\d]", re.UNICODE, timeout=None)

    @property
    def is_non_punct(self) -> bool:
        return bool(self._RE_NON_PUNCT.search(self.type))


class _UntimedWordTokenizer(NLTKWordTokenizer):  # type: ignore[misc]
    """NLTK's rule-based word tokenizer, its expressions run without a wall-clock limit."""


# Its rules are class attributes in capitals (STARTING_QUOTES, PUNCTUATION...): lists or pairs.
for _name in dir(NLTKWordTokenizer):
    _rules = getattr(NLTKWordTokenizer, _name)
    if _name.isupper() and isinstance(_rules, list | tuple):
        setattr(_UntimedWordTokenizer, _name, _untimed(_rules))
del _name, _rules


@caches.memoised(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = set(_ABBREVIATIONS)
    for word in SENTENCE_STARTERS:
        parameters.add_ortho_context(word, _ORTHO_MID_LC)
    return PunktSentenceTokenizer(
        parameters, lang_vars=_UntimedPunktVars(), token_cls=_UntimedPunktToken
    )


@caches.memoised(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    return _UntimedWordTokenizer()


def _piece_end(text: str, start: int) -> int:
    """Where the piece of ``text`` that begins at ``start`` ends (at most MAX_PIECE_CHARS on).

    The last sentence end in the second half of the window that does not follow an
    abbreviation, else the last white space there, else the window's end.
    """
    end = start + MAX_PIECE_CHARS
    if end >= len(text):
        return len(text)
    floor = start + MAX_PIECE_CHARS // 2
    best = None
    for match in _PIECE_END.finditer(text, floor, end):
        before = text[max(match.start() - 40, 0) : match.start() + 1].split()
        if not before or before[-1].rstrip(".").lower() not in _ABBREVIATIONS:
            best = match.end()
    if best is not None:
        return best
    space = max(text.rfind(" ", floor, end), text.rfind("\t", floor, end))
    return space + 1 if space >= 0 else end


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of at most MAX_PIECE_CHARS covering ``text``."""
    start = 0
    while start < len(text):
        end = _piece_end(text, start)
        yield start, end
        start = end


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
            for piece_start, piece_end in _pieces(stripped):
                piece = stripped[piece_start:piece_end]
                lead = len(piece) - len(piece.lstrip())
                piece, base = piece[lead:].rstrip(), line_start + piece_start + lead
                if not piece:
                    continue
                raw_spans = list(_sentence_tokenizer().span_tokenize(piece))
                for start, end in _merge_continuations(piece, raw_spans):
                    spans.append((base + start, base + end))
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
    """All word and punctuation tokens of a sentence (NLTK's rule-based tokenizer).

    A "sentence" longer than MAX_PIECE_CHARS (text nobody writes) is tokenized piece by piece.
    """
    if len(sentence) <= MAX_PIECE_CHARS:
        return list(_word_tokenizer().tokenize(sentence))
    return [
        token
        for start, end in _pieces(sentence)
        for token in _word_tokenizer().tokenize(sentence[start:end])
    ]


def words(sentence: str) -> list[str]:
    """Only the words of a sentence: tokens made of letters (no numbers, no punctuation)."""
    return words_of(tokenize_words(sentence))


def words_of(tokens: Iterable[str]) -> list[str]:
    """The tokens that are words (:func:`words` for a sentence already tokenized)."""
    return [token for token in tokens if _WORD_PATTERN.match(token)]


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
