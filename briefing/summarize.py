"""Incident -> summary sentences: extractive, with sumy, every sentence traced to its article.

The incident's articles become one sumy document built from our own sentence splits (see
briefing.text), so each sentence sumy picks maps straight back to its article, paragraph
and position, and the text we return is an exact slice of the article. Before ranking,
sentences that are site chrome rather than reporting are dropped, and a sentence that
several articles share (wire copy) is kept once, from the first article that has it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

import numpy as np
from scipy import sparse
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer, null_stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.utils import get_stop_words

from briefing.models import Article, Sentence

# sumy's LexRank and TextRank, vectorized: the same sentences, far faster (see ranking.py).
from briefing.ranking import LexRankSummarizer, TextRankSummarizer
from briefing.text import _WORD_PATTERN, OfflineTokenizer, iter_sentences, tokenize_words

logger = logging.getLogger(__name__)

__all__ = ["SUMMARIZERS", "LexRankSummarizer", "TextRankSummarizer", "summarize_incident"]

#: A word stemmer as sumy uses it: a word in, its stem out.
WordStemmer = Callable[[str], str]
#: Builds a ranking object with sumy's interface: ``summarizer(document, count)`` returns the
#: chosen sumy sentences. Optional attributes ``stop_words`` and Edmundson's ``bonus_words``,
#: ``stigma_words``, ``null_words`` are filled in when present.
SummarizerFactory = Callable[[WordStemmer], Any]

#: The ranking methods by name: sumy's classes, with LexRank and TextRank replaced by our
#: vectorized subclasses that return the same sentences. A factory only takes a stemmer.
SUMMARIZERS: Mapping[str, SummarizerFactory] = MappingProxyType(
    {
        "lexrank": LexRankSummarizer,
        "lsa": LsaSummarizer,
        "textrank": TextRankSummarizer,
        "luhn": LuhnSummarizer,
        "edmundson": EdmundsonSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
    }
)

# A sentence shorter than this says too little to stand alone in a brief (captions, section
# heads, "Read more:"); one longer than the maximum is nearly always text glued together by a
# scraper (a run of list items or a whole paragraph without stops).
MIN_WORDS = 6
MAX_WORDS = 80
# Word-set Jaccard at or above which two sentences count as the same sentence: wire copy
# reprinted with a changed word or two, or a paraphrase that adds nothing.
DUPLICATE_JACCARD = 0.7
# A sentence whose words are mostly capitalised is a headline or a name list, not prose.
_MAX_CAPITALISED_SHARE = 0.75
# A token with a letter or digit in it (str.isalnum, character by character).
_HAS_ALNUM = re.compile(r"[^\W_]")

# Lines that belong to the page, not the story: navigation, sharing and subscription prompts,
# cross-links, photo and copyright credits. Matched at the start of a sentence.
_CHROME_START = re.compile(
    r"""^\W*(?:
        read\s+(?:more|also|next|the\s+full)|also\s+read|see\s+also|related(?:\s+\w+)?\s*:|
        more\s+on\s+this|(?:recommended|trending|sponsored)\s*(?::|for\s+you|now|stories|content)|
        advertisement|follow\s+(?:us|@|\S+\s+on\s+(?:twitter|x|facebook|instagram|telegram))|
        like\s+us\s+on|join\s+us\s+on|subscribe|sign\s+up|click\s+here|tap\s+here|
        share\s+(?:this|on)|download\s+(?:our|the)\s+app|
        (?:photo|image|picture|video|file\s+photo|caption|credit)s?\s*(?::|by\b)|source\s*:|
        copyright\s*(?:©|\(c\)|\d{4})|©
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Anywhere in a sentence: links, social-media embeds (handles, hashtags, pic.twitter.com),
# agency photo credits in brackets.
_CHROME_ANYWHERE = re.compile(
    r"""https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|co|io|ly|gov|int)/|pic\.twitter\.com|
        (?:^|\s)[@#][A-Za-z_]\w*|\(\s*(?:photo|image|picture)\b[^)]*\)|
        \b(?:getty\s+images|shutterstock)\b|\ball\s+rights\s+reserved\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Prose ends with a stop, possibly inside closing quotes or brackets; headlines, captions,
# bylines and "label:" lines do not.
_TERMINAL = re.compile(r"[.!?…][\"'’”»)\]]*$")
# A tweet or video embed's signature line starts with a dash: "— Name (@handle) date".
_DASH_START = re.compile(r"^[—–―-]")
# The tail of a sentence split too early ("”, the minister added."): it starts with closing
# punctuation and a comma, or with a lower-case word, and cannot stand alone.
_FRAGMENT_START = re.compile(r"^(?:[\"'”’»)\]]*\s*[,;:]|[\"'”’»)\]]+\s*[a-z])")

# Edmundson's cue method needs words that mark a sentence as unimportant. These are hedges
# and page chrome, generic to news in English; for other languages they simply never match.
_STIGMA_WORDS = frozenset(
    """
    hardly perhaps maybe possibly reportedly unclear unconfirmed rumor rumour
    read subscribe click follow share newsletter advertisement photo video copyright
    """.split()
)
# How many of the incident's most frequent content words Edmundson treats as bonus words,
# alongside the words of the titles.
_BONUS_FREQUENT = 20
# When a language has no stop-word list, its most frequent words stand in for one.
_FALLBACK_STOP_WORDS = 30


@dataclass(frozen=True)
class _Candidate:
    """One of our sentences, where it came from, and its words for duplicate checks."""

    sentence: Sentence
    article_index: int
    word_set: frozenset[str]


def summarize_incident(
    articles: Sequence[Article],
    *,
    sentences: int,
    summarizer: str,
    language: str = "english",
) -> tuple[Sentence, ...]:
    """Pick up to ``sentences`` sentences that summarise the incident the articles report.

    ``articles`` are the incident's articles in the order the summary should follow (the
    pipeline passes them by date); ``summarizer`` names one of :data:`SUMMARIZERS`.
    Returns verbatim sentences, each with its article id, paragraph index and position in
    the article, ordered by article then position; fewer when the articles have fewer usable
    sentences. Raises ValueError for an unknown summarizer name.
    """
    try:
        factory = SUMMARIZERS[summarizer]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise ValueError(f"unknown summarizer {summarizer!r}; choose one of {known}") from None
    if sentences < 1 or not articles:
        return ()

    stem, stop_words = _language_tools(language)
    titles = [article.title for article in articles if article.title.strip()]
    known_words: dict[str, tuple[str, ...]] = {}
    candidates = _deduplicate(_candidates(articles, titles, stem, known_words))
    if not candidates:
        return ()

    tokenizer = _KnownWordsTokenizer(language, known_words)
    document, sumy_to_candidate = _document(articles, candidates, tokenizer)
    ranker = factory(stem)
    _configure(ranker, stem, stop_words, titles, candidates, tokenizer)
    chosen = ranker(document, sentences)

    picked = [sumy_to_candidate[id(sumy_sentence)] for sumy_sentence in chosen]
    picked.sort(key=lambda item: (item.article_index, item.sentence.position))
    return tuple(item.sentence for item in picked[:sentences])


@lru_cache(maxsize=8)
def _language_tools(language: str) -> tuple[WordStemmer, frozenset[str]]:
    """sumy's stemmer and stop words for the language, or neutral ones when it has none.

    The stemmer is memoised: news vocabulary is Zipfian, so most words are stemmed again and
    again, and Snowball stemming is the costliest step of ranking sentences.
    """
    try:
        stem: WordStemmer = lru_cache(maxsize=200_000)(Stemmer(language))
    except LookupError:
        logger.warning("no stemmer for language %r; words are only lower-cased", language)
        stem = null_stemmer
    try:
        stop_words = frozenset(get_stop_words(language))
    except LookupError:
        logger.warning("no stop words for language %r", language)
        stop_words = frozenset()
    return stem, stop_words


class _KnownWordsTokenizer(OfflineTokenizer):
    """Our tokenizer, answering from the words already found for a sentence's text."""

    def __init__(self, language: str, known_words: Mapping[str, tuple[str, ...]]) -> None:
        super().__init__(language)
        self._known_words = known_words

    def to_words(self, sentence: str) -> tuple[str, ...]:
        found = self._known_words.get(sentence)
        return found if found is not None else super().to_words(sentence)


def _words_of(tokens: Sequence[str]) -> list[str]:
    """``briefing.text.words`` of a sentence, from its tokens: the tokens that are words."""
    return [token for token in tokens if _WORD_PATTERN.match(token)]


def _candidates(
    articles: Sequence[Article],
    titles: Sequence[str],
    stem: WordStemmer,
    known_words: dict[str, tuple[str, ...]],
) -> list[_Candidate]:
    """Every sentence of every article that reads as reporting, in article order.

    Each sentence is tokenized once: its words are also put in ``known_words`` (text ->
    words, as ``OfflineTokenizer.to_words`` gives them) for the ranker's sumy sentences.
    """
    stems: dict[str, str | None] = {}
    reporting: list[_Candidate] = []
    for article_index, article in enumerate(articles):
        for position, (paragraph, raw) in enumerate(iter_sentences(article.paragraphs)):
            text = raw.strip()
            tokens = tokenize_words(text)
            sentence_words = _words_of(tokens)
            if _is_boilerplate(text, sentence_words):
                continue
            known_words[text] = tuple(sentence_words)
            sentence = Sentence(text, article.id, paragraph, position)
            reporting.append(_Candidate(sentence, article_index, _word_set(tokens, stem, stems)))
    title_sets = [_word_set(tokenize_words(title), stem, stems) for title in titles]
    # A line of the body that repeats a headline is no summary sentence.
    repeats = _near_pairs([c.word_set for c in reporting], title_sets, size_filter=False)
    headlines = {row for row, _ in repeats}
    return [c for row, c in enumerate(reporting) if row not in headlines]


def _is_boilerplate(text: str, sentence_words: Sequence[str]) -> bool:
    """True for a line that is page furniture rather than a sentence of the story.

    ``sentence_words`` are the words of ``text`` (``briefing.text.words``)."""
    if not MIN_WORDS <= len(sentence_words) <= MAX_WORDS:
        return True
    if not _TERMINAL.search(text) or _DASH_START.match(text) or _FRAGMENT_START.match(text):
        return True
    if _CHROME_START.search(text) or _CHROME_ANYWHERE.search(text):
        return True
    capitalised = sum(1 for word in sentence_words if word[0].isupper())
    return capitalised / len(sentence_words) > _MAX_CAPITALISED_SHARE


def _word_set(
    tokens: Sequence[str], stem: WordStemmer, stems: dict[str, str | None]
) -> frozenset[str]:
    """Lower-cased, stemmed words and numbers of a text's tokens: what two duplicates share.

    ``stems`` remembers each token's stem (None: no letter or digit in it)."""
    found = list(map(stems.get, tokens))
    for index, token in enumerate(tokens):
        if found[index] is None and token not in stems:
            found[index] = stems[token] = stem(token.lower()) if _HAS_ALNUM.search(token) else None
    return cast(frozenset[str], frozenset(found) - {None})


#: Sentences compared at once for near-duplicates: bounds the memory of the count products.
_DUPLICATE_BLOCK = 2000


def _near_pairs(
    word_sets: Sequence[frozenset[str]],
    others: Sequence[frozenset[str]],
    *,
    size_filter: bool,
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` whose word-set Jaccard is at least ``DUPLICATE_JACCARD``, in order.

    Computed as ``len(a & b) / len(a | b)`` on integer counts from sparse products, which is
    the same float as the set arithmetic. ``size_filter`` also requires the smaller set to
    be at least ``DUPLICATE_JACCARD`` times the larger (as ``_deduplicate`` checks first).
    """
    if not word_sets or not others:
        return []
    vocabulary: dict[str, int] = {}
    left = _incidence(word_sets, vocabulary)
    right = _incidence(others, vocabulary)
    left.resize((left.shape[0], len(vocabulary)))
    right.resize((right.shape[0], len(vocabulary)))
    left_sizes = np.diff(left.indptr)
    right_sizes = np.diff(right.indptr)
    pairs: list[tuple[int, int]] = []
    for start in range(0, left.shape[0], _DUPLICATE_BLOCK):
        block = left[start : start + _DUPLICATE_BLOCK]
        shared = (block @ right.T).toarray()
        sizes = left_sizes[start : start + _DUPLICATE_BLOCK, np.newaxis]
        union = sizes + right_sizes[np.newaxis, :] - shared
        with np.errstate(divide="ignore", invalid="ignore"):
            near = (shared / union >= DUPLICATE_JACCARD) & (sizes > 0) & (right_sizes > 0)
        if size_filter:
            smaller = np.minimum(sizes, right_sizes[np.newaxis, :])
            larger = np.maximum(sizes, right_sizes[np.newaxis, :])
            near &= smaller >= DUPLICATE_JACCARD * larger
        rows, cols = np.nonzero(near)
        pairs.extend(zip((rows + start).tolist(), cols.tolist(), strict=True))
    return pairs


def _incidence(word_sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> Any:
    """A 0/1 sparse matrix: a row per set, a column per word (numbered in ``vocabulary``)."""
    columns = [
        vocabulary.setdefault(word, len(vocabulary)) for words in word_sets for word in words
    ]
    indptr = np.zeros(len(word_sets) + 1, dtype=np.int64)
    np.cumsum([len(words) for words in word_sets], out=indptr[1:])
    return sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int64), np.array(columns, dtype=np.int64), indptr),
        shape=(len(word_sets), max(len(vocabulary), 1)),
    )


def _deduplicate(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Drop each sentence that nearly repeats one kept before it (first by article order)."""
    word_sets = [candidate.word_set for candidate in candidates]
    earlier_twins: dict[int, list[int]] = {}
    for later, earlier in _near_pairs(word_sets, word_sets, size_filter=True):
        if earlier < later:
            earlier_twins.setdefault(later, []).append(earlier)
    kept_rows: set[int] = set()
    for row in range(len(candidates)):
        if not any(earlier in kept_rows for earlier in earlier_twins.get(row, ())):
            kept_rows.add(row)
    return [candidate for row, candidate in enumerate(candidates) if row in kept_rows]


def _document(
    articles: Sequence[Article],
    candidates: Sequence[_Candidate],
    tokenizer: OfflineTokenizer,
) -> tuple[ObjectDocumentModel, dict[int, _Candidate]]:
    """One sumy document over all articles: a sumy paragraph per article paragraph.

    Each article's title is a heading of its first paragraph (Edmundson's title and location
    methods read headings; headings are never returned as summary sentences). Returns the
    document and a map from each sumy sentence's ``id()`` to our candidate: sumy compares
    sentences by text, identity is the only exact link back.
    """
    by_paragraph: dict[tuple[int, int], list[_Candidate]] = {}
    for candidate in candidates:
        key = (candidate.article_index, candidate.sentence.paragraph)
        by_paragraph.setdefault(key, []).append(candidate)

    paragraphs: list[Any] = []
    sumy_to_candidate: dict[int, _Candidate] = {}
    for article_index, article in enumerate(articles):
        headings = [SumySentence(article.title, tokenizer, is_heading=True)]
        if not article.title.strip():
            headings = []
        for paragraph_index in range(len(article.paragraphs)):
            members: list[Any] = headings if paragraph_index == 0 else []
            for candidate in by_paragraph.get((article_index, paragraph_index), []):
                sumy_sentence = SumySentence(candidate.sentence.text, tokenizer)
                sumy_to_candidate[id(sumy_sentence)] = candidate
                members.append(sumy_sentence)
            if members:
                paragraphs.append(Paragraph(members))
    return ObjectDocumentModel(paragraphs), sumy_to_candidate


def _configure(
    ranker: Any,
    stem: WordStemmer,
    stop_words: frozenset[str],
    titles: Sequence[str],
    candidates: Sequence[_Candidate],
    tokenizer: OfflineTokenizer,
) -> None:
    """Give the ranker what its method needs: stop words, and Edmundson's word lists."""
    null_words = stop_words or _frequent_words(
        (c.sentence.text for c in candidates), tokenizer, _FALLBACK_STOP_WORDS, frozenset()
    )
    if hasattr(ranker, "stop_words"):
        ranker.stop_words = stop_words
    if isinstance(ranker, EdmundsonSummarizer) or hasattr(ranker, "bonus_words"):
        # Bonus: what the headlines are about, and the incident's own most frequent terms.
        title_words = {
            word.lower() for title in titles for word in tokenizer.to_words(title)
        } - null_words
        frequent = _frequent_words(
            (c.sentence.text for c in candidates), tokenizer, _BONUS_FREQUENT, null_words
        )
        ranker.bonus_words = sorted(title_words | frequent)
        ranker.stigma_words = sorted(_STIGMA_WORDS)
        ranker.null_words = sorted(null_words)


def _frequent_words(
    texts: Iterable[str], tokenizer: OfflineTokenizer, count: int, excluded: frozenset[str]
) -> frozenset[str]:
    """The ``count`` most frequent lower-cased words of the texts, ties broken alphabetically."""
    counts = Counter(
        word.lower()
        for text in texts
        for word in tokenizer.to_words(text)
        if word.lower() not in excluded
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(word for word, _ in ranked[:count])
