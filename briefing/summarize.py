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
from itertools import pairwise
from types import MappingProxyType
from typing import Any, cast

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.utils import get_stop_words

from briefing import caches
from briefing.models import Article, Sentence
from briefing.pool import (
    DUPLICATE_JACCARD,
    NearDuplicateIndex,
    RoughSentence,
    choose_pool,
    more_rough_sentences_than,
)

# sumy's LexRank and TextRank, vectorized: the same sentences, far faster (see ranking.py).
from briefing.ranking import LexRankSummarizer, TextRankSummarizer
from briefing.selection import Ranked, centrality, select
from briefing.stemming import stem_for
from briefing.text import OfflineTokenizer, sentence_spans, tokenize_words, words_of

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
    """One of our sentences, where it stands, and its words for duplicate checks."""

    text: str
    article_index: int
    paragraph: int
    start: int  # offset of the sentence in its paragraph
    word_set: frozenset[str]

    @property
    def order(self) -> tuple[int, int, int]:
        """Article order, then the order of the sentences in the article."""
        return (self.article_index, self.paragraph, self.start)


#: Sentences of an incident ranked at most (the candidate pool, see briefing.pool), by method.
#: 1,000 is an incident of about 35 articles of 600 words (every group of DUC 2004, up to 508
#: sentences, is ranked whole); what a pool bounds is mostly the exact work on each of its
#: sentences (Punkt, NLTK's word tokenizer, stems: about 0.5 ms). sumy's LSA (a dense SVD),
#: Reduction (all pairs in Python) and KL (greedy, about cubic: 180 s for 500 sentences) are
#: given fewer. An incident with no more sentences is ranked whole.
POOL_SIZE = 1000
POOL_SIZES: Mapping[str, int] = MappingProxyType({"lsa": 250, "reduction": 500, "kl": 120})


def summarize_incident(
    articles: Sequence[Article],
    *,
    sentences: int,
    summarizer: str,
    language: str = "english",
    pool_size: int | None = None,
) -> tuple[Sentence, ...]:
    """Pick up to ``sentences`` sentences that summarise the incident the articles report.

    ``articles`` are the incident's articles in the order the summary should follow (the
    pipeline passes them by date); ``summarizer`` names one of :data:`SUMMARIZERS`.
    Returns verbatim sentences, each with its article id, paragraph index and position in
    the article, ordered by article then position; fewer when the articles have fewer usable
    sentences. Raises ValueError for an unknown summarizer name.

    An incident with more sentences than ``pool_size`` (default: the method's entry in
    :data:`POOL_SIZES`, else :data:`POOL_SIZE`) is ranked on a pool of that many of its
    sentences, chosen in linear time (see briefing.pool): time and memory stay bounded by the
    pool, plus a linear pass over the text. With no more sentences, all are ranked.
    """
    try:
        factory = SUMMARIZERS[summarizer]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise ValueError(f"unknown summarizer {summarizer!r}; choose one of {known}") from None
    if sentences < 1 or not articles:
        return ()

    stem, stop_words = _language_tools(language)
    splits = _Splits(articles)
    if pool_size is None:
        pool_size = POOL_SIZES.get(summarizer, POOL_SIZE)
    if more_rough_sentences_than(articles, pool_size):
        spans = splits.overlapping(choose_pool(articles, pool_size, _may_be_reporting))
        pooled = sorted({article_index for article_index, _, _, _ in spans})
    else:
        spans = splits.every_sentence()
        pooled = list(range(len(articles)))
    titles = [articles[i].title for i in pooled if articles[i].title.strip()]
    known_words: dict[str, tuple[str, ...]] = {}
    candidates = _deduplicate(_candidates(articles, spans, titles, stem, known_words))
    if not candidates:
        return ()

    tokenizer = _KnownWordsTokenizer(language, known_words)
    document, sumy_to_candidate = _document(articles, pooled, candidates, tokenizer)
    ranker = factory(stem)
    _configure(ranker, stem, stop_words, titles, candidates, tokenizer)
    if len(sumy_to_candidate) <= sentences:
        picked = list(sumy_to_candidate.values())  # every one is chosen, whatever the rating
    else:
        picked = _select(ranker, document, sumy_to_candidate, sentences, language, stem)
    picked.sort(key=lambda item: item.order)
    return tuple(
        Sentence(
            item.text,
            articles[item.article_index].id,
            item.paragraph,
            splits.position(item.article_index, item.paragraph, item.start),
        )
        for item in picked[:sentences]
    )


def _select(
    ranker: Any,
    document: ObjectDocumentModel,
    sumy_to_candidate: Mapping[int, _Candidate],
    count: int,
    language: str,
    stem: WordStemmer,
) -> list[_Candidate]:
    """``count`` candidates by the ranker's centrality and the news rules of briefing.selection."""
    sumy_sentences = [s for s in document.sentences if id(s) in sumy_to_candidate]
    candidates = [sumy_to_candidate[id(s)] for s in sumy_sentences]
    null_stems = _stop_stems(language, stem)
    positions: dict[int, int] = {}
    ranked = []
    for candidate in sorted(candidates, key=lambda c: c.order):
        position = positions.get(candidate.article_index, 0)
        positions[candidate.article_index] = position + 1
        ranked.append(
            (
                candidate,
                Ranked(
                    candidate.text,
                    candidate.article_index,
                    position,
                    candidate.word_set - null_stems,
                    _word_pairs(candidate.text, stem, null_stems),
                ),
            )
        )
    by_candidate = {id(candidate): item for candidate, item in ranked}
    ranks = centrality(ranker, document, sumy_sentences)
    items = [by_candidate[id(candidate)] for candidate in candidates]
    return [candidates[index] for index in select(items, ranks, count, language)]


_PAIR_WORD = re.compile(r"[^\W_]+")


def _word_pairs(
    text: str, stem: WordStemmer, null_stems: frozenset[str]
) -> frozenset[tuple[str, str]]:
    """Pairs of adjacent stemmed words of the text, less those of two stop words."""
    stems = [stem(word.lower()) for word in _PAIR_WORD.findall(text)]
    return frozenset(
        (a, b) for a, b in pairwise(stems) if a not in null_stems or b not in null_stems
    )


@caches.memoised(maxsize=8)
def _stop_stems(language: str, stem: WordStemmer) -> frozenset[str]:
    """The language's stop words, lower-cased and stemmed as in a candidate's word set."""
    _, stop_words = _language_tools(language)
    return frozenset(stop_words) | frozenset(stem(word.lower()) for word in stop_words)


#: A sentence found by briefing.text: article index, paragraph index, start and end offsets.
_Span = tuple[int, int, int, int]


class _Splits:
    """The articles' sentences as briefing.text splits them, each paragraph split once."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._spans: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def of(self, article_index: int, paragraph: int) -> list[tuple[int, int]]:
        key = (article_index, paragraph)
        found = self._spans.get(key)
        if found is None:
            text = self._articles[article_index].paragraphs[paragraph]
            found = self._spans[key] = sentence_spans(text)
        return found

    def every_sentence(self) -> list[_Span]:
        return [
            (article_index, paragraph, start, end)
            for article_index, article in enumerate(self._articles)
            for paragraph in range(len(article.paragraphs))
            for start, end in self.of(article_index, paragraph)
        ]

    def overlapping(self, rough: Iterable[RoughSentence]) -> list[_Span]:
        """The sentences that overlap these rough sentences, in article order."""
        found: set[_Span] = set()
        for piece in rough:
            for start, end in self.of(piece.article, piece.paragraph):
                if start < piece.end and piece.start < end:
                    found.add((piece.article, piece.paragraph, start, end))
        return sorted(found)

    def position(self, article_index: int, paragraph: int, start: int) -> int:
        """The number of the sentence starting at ``start`` among all of its article's."""
        before = sum(len(self.of(article_index, earlier)) for earlier in range(paragraph))
        starts = [span_start for span_start, _ in self.of(article_index, paragraph)]
        return before + starts.index(start)


def _is_furniture(text: str) -> bool:
    """What ``_is_boilerplate`` can tell from the text alone, before it is tokenized."""
    if not _TERMINAL.search(text) or _DASH_START.match(text) or _FRAGMENT_START.match(text):
        return True
    return bool(_CHROME_START.search(text) or _CHROME_ANYWHERE.search(text))


def _may_be_reporting(text: str) -> bool:
    """A cheap first look at a rough sentence (see briefing.pool): False for page furniture.

    ``_is_boilerplate`` decides on the exact sentences later; this only keeps a pool's places
    for sentences that may pass it (its word count is only estimated here, loosely)."""
    return not _is_furniture(text) and MIN_WORDS // 2 <= text.count(" ") + 1 <= 2 * MAX_WORDS


@caches.memoised(maxsize=8)
def _language_tools(language: str) -> tuple[WordStemmer, frozenset[str]]:
    """The stemmer (briefing.stemming's, memoised) and sumy's stop words for the language,
    or neutral ones when it has none."""
    stem: WordStemmer | None = stem_for(language)
    if stem is None:
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


def _candidates(
    articles: Sequence[Article],
    spans: Sequence[_Span],
    titles: Sequence[str],
    stem: WordStemmer,
    known_words: dict[str, tuple[str, ...]],
) -> list[_Candidate]:
    """The sentences at ``spans`` that read as reporting, in article order.

    Each distinct text is tokenized once: its words are also put in ``known_words`` (text ->
    words, as ``OfflineTokenizer.to_words`` gives them) for the ranker's sumy sentences. A
    sentence that nearly repeats one of ``titles`` (a headline in the body) is left out.
    """
    stems: dict[str, str | None] = {}
    tokens_of: dict[str, list[str]] = {}

    def tokens(text: str) -> list[str]:
        found = tokens_of.get(text)
        if found is None:
            found = tokens_of[text] = tokenize_words(text)
            known_words[text] = tuple(words_of(found))
        return found

    reporting: list[_Candidate] = []
    for article_index, paragraph, start, end in spans:
        text = articles[article_index].paragraphs[paragraph][start:end].strip()
        if _is_furniture(text):  # known without tokenizing it
            continue
        sentence_tokens = tokens(text)
        if _is_boilerplate(text, known_words[text]):
            continue
        word_set = _word_set(sentence_tokens, stem, stems)
        reporting.append(_Candidate(text, article_index, paragraph, start, word_set))
    title_sets = [_word_set(tokens(title), stem, stems) for title in dict.fromkeys(titles)]
    # A line of the body that repeats a headline is no summary sentence.
    headlines = NearDuplicateIndex[bool](
        _frequencies([c.word_set for c in reporting], title_sets), DUPLICATE_JACCARD
    )
    for title_set in title_sets:
        headlines.add(True, title_set)
    return [c for c in reporting if headlines.find(c.word_set) is None]


def _frequencies(*collections: Sequence[frozenset[str]]) -> dict[str, int]:
    """In how many of the sets each word is: rarer words make the better index keys."""
    return Counter(word for sets in collections for words in sets for word in words)


def _is_boilerplate(text: str, sentence_words: Sequence[str]) -> bool:
    """True for a line that is page furniture rather than a sentence of the story.

    ``sentence_words`` are the words of ``text`` (``briefing.text.words``)."""
    if not MIN_WORDS <= len(sentence_words) <= MAX_WORDS or _is_furniture(text):
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


def _deduplicate(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Drop each sentence that nearly repeats one kept before it (first by article order).

    Near: word-set Jaccard >= ``DUPLICATE_JACCARD``, the smaller set at least that share of
    the larger. Found through an index of the kept sentences, never all pairs, so a text of
    thousands of near-identical sentences costs linear time and memory."""
    kept_sentences = NearDuplicateIndex[int](
        _frequencies([c.word_set for c in candidates]), DUPLICATE_JACCARD, size_filter=True
    )
    kept: list[_Candidate] = []
    for candidate in candidates:
        if kept_sentences.find(candidate.word_set) is None:
            kept_sentences.add(len(kept), candidate.word_set)
            kept.append(candidate)
    return kept


def _document(
    articles: Sequence[Article],
    article_numbers: Iterable[int],
    candidates: Sequence[_Candidate],
    tokenizer: OfflineTokenizer,
) -> tuple[ObjectDocumentModel, dict[int, _Candidate]]:
    """One sumy document over the articles numbered: a sumy paragraph per article paragraph.

    Each article's title is a heading of its first paragraph (Edmundson's title and location
    methods read headings; headings are never returned as summary sentences). Returns the
    document and a map from each sumy sentence's ``id()`` to our candidate: sumy compares
    sentences by text, identity is the only exact link back.
    """
    by_paragraph: dict[tuple[int, int], list[_Candidate]] = {}
    for candidate in candidates:
        key = (candidate.article_index, candidate.paragraph)
        by_paragraph.setdefault(key, []).append(candidate)
    paragraphs_of: dict[int, set[int]] = {}
    for article_index, paragraph_index in by_paragraph:
        paragraphs_of.setdefault(article_index, set()).add(paragraph_index)

    paragraphs: list[Any] = []
    sumy_to_candidate: dict[int, _Candidate] = {}
    for article_index in article_numbers:
        article = articles[article_index]
        headings = [SumySentence(article.title, tokenizer, is_heading=True)]
        if not article.title.strip():
            headings = []
        # Paragraph 0 (the headings) and those with candidates: the others add nothing.
        for paragraph_index in sorted({0} | paragraphs_of.get(article_index, set())):
            members: list[Any] = headings if paragraph_index == 0 else []
            for candidate in by_paragraph.get((article_index, paragraph_index), []):
                sumy_sentence = SumySentence(candidate.text, tokenizer)
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
        (c.text for c in candidates), tokenizer, _FALLBACK_STOP_WORDS, frozenset()
    )
    if hasattr(ranker, "stop_words"):
        ranker.stop_words = stop_words
    if isinstance(ranker, EdmundsonSummarizer) or hasattr(ranker, "bonus_words"):
        # Bonus: what the headlines are about, and the incident's own most frequent terms.
        title_words = {
            word.lower() for title in titles for word in tokenizer.to_words(title)
        } - null_words
        frequent = _frequent_words(
            (c.text for c in candidates), tokenizer, _BONUS_FREQUENT, null_words
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
