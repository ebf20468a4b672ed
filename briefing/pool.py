"""The candidate pool: which sentences of a big incident are worth ranking, found in linear time.

Ranking is what sumy's methods do best, but its cost grows faster than the sentence count, and
so does everything exact around it: splitting every sentence with Punkt, tokenizing it with
NLTK, comparing it with every other for near-duplicates. An incident of 5,000 articles has
about 135,000 sentences. So when an incident has more sentences than a pool holds, a first pass
over all of them uses only cheap, linear work (a regex split at stops and line breaks, lower-cased
word tokens, a MinHash signature of each distinct sentence) and chooses a bounded pool; only
the pool's sentences are then split, tokenized, deduplicated and ranked exactly
(``briefing.summarize``). An incident small enough has all its sentences in the pool, and its
summary is exactly what ranking every sentence gives.

What the first pass knows of each sentence (``PoolFeatures``, one row per group of
near-duplicates): how many articles carry it, weighted by the copies each stands for (wire
copy republished: counted once, with its weight), its best position in an article (news puts
the facts in the lead), whether it holds a figure, and which article it comes from first.
``POOL_SIGNALS`` fill the pool from these: each signal orders the sentences it wants by its
own score and takes its share of the pool, in turn. A new signal (a sentence's similarity to
the headline, a casualty figure, the lead of the most central article) is one more entry.

Near-duplicates are grouped with MinHash and LSH (banded signatures, candidate pairs only
within a band's bucket, each checked on its estimated Jaccard similarity): linear in the
sentence count, never all pairs; a group's first sentence in article order stands for it.

:class:`NearDuplicateIndex` is the exact counterpart used on the pool itself: it finds a set
whose Jaccard similarity to a given one reaches a threshold without comparing all pairs (prefix
filtering, as in Bayardo, Ma and Srikant's All-Pairs).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from briefing.models import Article

__all__ = [
    "DUPLICATE_JACCARD",
    "POOL_SIGNALS",
    "NearDuplicateIndex",
    "PoolFeatures",
    "PoolSignal",
    "RoughSentence",
    "choose_pool",
    "more_rough_sentences_than",
    "rough_spans",
]

# A rough sentence break: a stop, possibly inside closing quotes or brackets, then white space;
# or a line break (which ends a sentence in briefing.text too). Linear: no nested repetition.
_ROUGH_BREAK = re.compile(r"[.!?…][\"'’”»)\]]*\s+|\n")
_ROUGH_TOKEN = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")

#: Word-set Jaccard similarity at or above which two sentences count as the same sentence:
#: wire copy reprinted with a changed word or two, or a paraphrase that adds nothing.
DUPLICATE_JACCARD = 0.7

#: MinHash signature: BANDS bands of ROWS values. Two sentences land in one bucket of a band
#: with probability J ** ROWS, so they become candidates with 1 - (1 - J ** 4) ** 12: 0.96 at
#: Jaccard 0.7, 0.9998 at 0.8, but 0.02 at 0.2 (unrelated sentences sharing function words).
#: A near-duplicate missed here only costs the pool a place: the pool's own check is exact.
BANDS, ROWS = 12, 4
#: A candidate joins its bucket's first sentence when their signatures agree on this share of
#: values (an estimate of their Jaccard similarity, give or take 0.07 with 48 values): a little
#: below DUPLICATE_JACCARD, so that true near-duplicates are rarely left apart by chance.
ESTIMATED_JACCARD = 0.6
SIGNATURE = BANDS * ROWS
_KEY_PRIME = np.uint64(1_000_003)
#: A sentence in the first LEAD_SENTENCES of some article counts as a lead.
LEAD_SENTENCES = 3
# The golden ratio's fractional part: article numbers multiplied by it and taken modulo 1
# spread evenly over [0, 1), so ties are broken across the whole incident, not by date.
_SPREAD = (math.sqrt(5) - 1) / 2

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def rough_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character ranges that tile ``paragraph``, one per rough sentence (its trailing white
    space included): cut after each stop followed by white space, and at each line break."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _ROUGH_BREAK.finditer(paragraph):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans


def more_rough_sentences_than(articles: Iterable[Article], limit: int) -> bool:
    """Do the articles have more than ``limit`` rough sentences (a cheap, close estimate of
    Punkt's count)? Stops counting as soon as they do."""
    count = 0
    for article in articles:
        for paragraph in article.paragraphs:
            count += len(_ROUGH_BREAK.findall(paragraph)) + 1
            if count > limit:
                return True
    return False


@dataclass(frozen=True)
class RoughSentence:
    """Where a rough sentence stands: its article (index), paragraph and character range."""

    article: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class PoolFeatures:
    """What the first pass knows, one row per group of near-duplicate sentences.

    ``support``: the articles carrying the group, each weighted by 1 + its collapsed copies;
    ``position``: its best (lowest) sentence number in any of them; ``figure``: its first
    sentence holds a digit; ``spread``: a tie-breaker in [0, 1) that spreads picks evenly over
    the incident's articles; ``first``: the group's first sentence in article order.
    """

    support: FloatArray
    position: IntArray
    figure: NDArray[np.bool_]
    spread: FloatArray
    first: IntArray


#: A signal scores every group (higher is better); NaN: the signal does not want it.
Score = Callable[[PoolFeatures], FloatArray]


@dataclass(frozen=True)
class PoolSignal:
    """One reason to rank a sentence: ``score`` orders the groups, ``share`` of the pool."""

    name: str
    share: float
    score: Score


def _shared(features: PoolFeatures) -> FloatArray:
    return np.where(features.support >= 2, features.support, np.nan)


def _lead(features: PoolFeatures) -> FloatArray:
    return np.where(features.position < LEAD_SENTENCES, -features.position, np.nan)


def _figures(features: PoolFeatures) -> FloatArray:
    return np.where(features.figure, -features.position.astype(np.float64), np.nan)


def _early(features: PoolFeatures) -> FloatArray:
    return -features.position.astype(np.float64)


#: The pool's signals, in the order they take their shares; the last takes what is left.
POOL_SIGNALS: tuple[PoolSignal, ...] = (
    # Sentences many articles carry (wire copy, the agreed facts): the core of the story.
    PoolSignal("shared", 0.3, _shared),
    # Leads: where reporters put what happened.
    PoolSignal("lead", 0.4, _lead),
    # Tolls, magnitudes, counts.
    PoolSignal("figures", 0.1, _figures),
    # The rest, earliest in their articles first.
    PoolSignal("early", 1.0, _early),
)


def choose_pool(
    articles: Sequence[Article],
    size: int,
    acceptable: Callable[[str], bool],
    signals: Sequence[PoolSignal] = POOL_SIGNALS,
) -> list[RoughSentence]:
    """Up to ``size`` rough sentences of the articles worth ranking, in article order.

    One per group of near-duplicates (its first occurrence), chosen by ``signals``; a sentence
    ``acceptable`` rejects (its text: page chrome, a fragment) takes no place in the pool.
    Time and memory are linear in the articles' text.
    """
    outline = _Outline(articles)
    if not len(outline.positions):
        return []
    group = outline.groups()
    features = outline.features(group, articles)
    taken = np.zeros(len(features.first), dtype=bool)
    chosen: list[int] = []
    for number, signal in enumerate(signals):
        last = number == len(signals) - 1
        quota = size - len(chosen) if last else min(size - len(chosen), round(signal.share * size))
        if quota <= 0:
            continue
        score = signal.score(features)
        wanted = np.flatnonzero(~np.isnan(score) & ~taken)
        # Best score first, ties spread over the articles, then in article order.
        order = wanted[
            np.lexsort((features.first[wanted], features.spread[wanted], -score[wanted]))
        ]
        added = 0
        for candidate in order.tolist():
            if added == quota:
                break
            taken[candidate] = True
            if acceptable(outline.text(int(features.first[candidate]), articles)):
                chosen.append(int(features.first[candidate]))
                added += 1
    return [outline.sentence(index) for index in sorted(chosen)]


def _distinct(values: IntArray) -> IntArray:
    """The distinct values, sorted (``np.unique``, which hashes and is several times slower
    on millions of integers in numpy 2.4)."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


class _Numbering(dict[str, int]):
    """Numbers each new key in order of first use (``numbering[key]`` adds it if missing)."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


class _Outline:
    """Every rough sentence of an incident, with the distinct token set of each distinct text."""

    def __init__(self, articles: Sequence[Article]) -> None:
        # The hot loop of the first pass: one rough sentence at a time, in C where it can.
        places: list[int] = []  # article, paragraph, start and end: four ints a sentence
        figures: list[bool] = []
        distinct_of: list[int] = []
        texts: dict[str, int] = {}  # lower-cased tokens joined -> distinct number
        vocabulary = _Numbering()
        token_ids: list[int] = []  # the tokens of each distinct text in turn, repeats and all
        ends = [0]
        find_tokens, find_digit = _ROUGH_TOKEN.findall, _DIGIT.search
        for article_number, article in enumerate(articles):
            for paragraph_number, paragraph in enumerate(article.paragraphs):
                lowered = paragraph.lower()
                same_offsets = len(lowered) == len(paragraph)  # not so for a few letters
                for start, end in rough_spans(paragraph):
                    if same_offsets:
                        tokens = find_tokens(lowered, start, end)
                    else:
                        tokens = find_tokens(paragraph[start:end].lower())
                    if not tokens:
                        continue
                    key = " ".join(tokens)
                    distinct = texts.get(key)
                    if distinct is None:
                        distinct = texts[key] = len(texts)
                        token_ids += map(vocabulary.__getitem__, tokens)
                        ends.append(len(token_ids))
                    places += (article_number, paragraph_number, start, end)
                    figures.append(find_digit(paragraph, start, end) is not None)
                    distinct_of.append(distinct)
        self.places = np.array(places, dtype=np.int64).reshape(-1, 4)
        # A sentence's number in its article: its index less that of its article's first.
        article_of = self.places[:, 0]
        first_of_article = np.searchsorted(article_of, article_of, side="left")
        self.positions = np.arange(len(article_of), dtype=np.int64) - first_of_article
        self.figures = np.array(figures, dtype=bool)
        self.distinct_of = np.array(distinct_of, dtype=np.int64)
        # Each distinct text's token set: its (text, token) pairs made unique, all at once.
        width = max(len(vocabulary), 1)
        lengths = np.asarray(np.diff(np.array(ends, dtype=np.int64)), dtype=np.int64)
        text_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        pairs = _distinct(text_of * width + np.array(token_ids, dtype=np.int64))
        self.token_ids = pairs % width
        self.ends = np.r_[0, np.cumsum(np.bincount(pairs // width, minlength=len(lengths)))]
        self.vocabulary = vocabulary

    def sentence(self, index: int) -> RoughSentence:
        article, paragraph, start, end = self.places[index].tolist()
        return RoughSentence(article, paragraph, start, end)

    def text(self, index: int, articles: Sequence[Article]) -> str:
        where = self.sentence(index)
        return articles[where.article].paragraphs[where.paragraph][where.start : where.end].strip()

    def groups(self) -> IntArray:
        """The near-duplicate group of each rough sentence: the number of its first sentence."""
        distinct_count = len(self.ends) - 1
        signatures = _signatures(self.vocabulary, self.token_ids, self.ends)
        rows: list[IntArray] = []
        cols: list[IntArray] = []
        for band in range(BANDS):
            values = signatures[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
            keys = values[:, 0]
            with np.errstate(over="ignore"):
                for column in range(1, ROWS):
                    keys = keys * _KEY_PRIME + values[:, column]
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            new_bucket = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
            # Each member of a bucket is a candidate twin of the bucket's first member only:
            # linear in the bucket, and chains of twins still join through union-find.
            heads = order[np.flatnonzero(new_bucket)][np.cumsum(new_bucket) - 1]
            members = ~new_bucket
            member, head = order[members], heads[members]
            if len(member) == 0:
                continue
            agreement = np.count_nonzero(signatures[member] == signatures[head], axis=1)
            near = agreement >= ESTIMATED_JACCARD * SIGNATURE
            rows.append(member[near])
            cols.append(head[near])
        edges = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        targets = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        graph = sparse.csr_matrix(
            (np.ones(len(edges), dtype=np.int8), (edges, targets)),
            shape=(distinct_count, distinct_count),
        )
        _, component = connected_components(graph, directed=False)
        # A component is named by its first rough sentence in article order.
        label = component[self.distinct_of]
        first = np.full(int(label.max()) + 1, len(label), dtype=np.int64)
        np.minimum.at(first, label, np.arange(len(label)))
        return np.asarray(first[label], dtype=np.int64)

    def features(self, group: IntArray, articles: Sequence[Article]) -> PoolFeatures:
        """One row per group, for the pool's signals."""
        firsts = _distinct(group)
        row = np.searchsorted(firsts, group)
        article_of = self.places[:, 0]
        weight = np.array([1.0 + len(article.copies) for article in articles])
        # Each article counts once per group, however often it repeats the sentence.
        pairs = _distinct(row * len(articles) + article_of)
        support = np.asarray(
            np.bincount(
                pairs // len(articles), weights=weight[pairs % len(articles)], minlength=len(firsts)
            ),
            dtype=np.float64,
        )
        position = np.full(len(firsts), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(position, row, self.positions)
        spread = np.modf(article_of[firsts] * _SPREAD)[0]
        return PoolFeatures(support, position, self.figures[firsts], spread, firsts)


def _signatures(
    vocabulary: dict[str, int], token_ids: IntArray, ends: IntArray
) -> NDArray[np.uint32]:
    """MinHash signature of each distinct sentence's token set (``token_ids[ends[i]:ends[i+1]]``).

    Each token is hashed once (crc32: the same in every process, unlike ``hash``), then by
    SIGNATURE multiply-shift hash functions drawn from a fixed seed.
    """
    token_hashes = np.fromiter(
        (zlib.crc32(token.encode("utf-8", "surrogatepass")) for token in vocabulary),
        dtype=np.uint64,
        count=len(vocabulary),
    )
    generator = np.random.default_rng(15)
    multipliers = generator.integers(1, 2**63, SIGNATURE, dtype=np.uint64) | np.uint64(1)
    offsets = generator.integers(0, 2**63, SIGNATURE, dtype=np.uint64)
    signatures = np.empty((len(ends) - 1, SIGNATURE), dtype=np.uint32)
    for number in range(SIGNATURE):
        # One hash function at a time: a table of the vocabulary's values, then each text's
        # minimum over its tokens (contiguous runs of token_ids).
        with np.errstate(over="ignore"):
            table = (token_hashes * multipliers[number] + offsets[number]) >> np.uint64(32)
        values = table.astype(np.uint32)[token_ids]
        signatures[:, number] = np.minimum.reduceat(values, ends[:-1])
    return signatures


Key = TypeVar("Key", bound=Hashable)


class NearDuplicateIndex(Generic[Key]):
    """Sets added under a key; :meth:`find` returns the first added set whose Jaccard similarity
    to a query reaches ``threshold``, exactly, without comparing the query with every set.

    Prefix filtering: tokens are ordered rarest first (by ``frequency``, then by token); two
    sets with Jaccard >= t share at least ceil(t * max size) tokens, so the first token they
    share lies within the first ``n - ceil(t * n) + 1`` tokens of each (its prefix). Only the
    prefixes are indexed and probed, and each candidate is then checked on the full sets with
    the same arithmetic as ``len(a & b) / len(a | b) >= threshold``. ``size_filter`` also asks
    that the smaller set hold at least ``threshold`` times as many tokens as the larger.
    """

    def __init__(
        self, frequency: dict[str, int], threshold: float, *, size_filter: bool = False
    ) -> None:
        self._frequency = frequency
        self._threshold = threshold
        self._size_filter = size_filter
        self._postings: dict[str, list[int]] = {}
        self._sets: list[frozenset[str]] = []
        self._keys: list[Key] = []

    def _prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda word: (self._frequency.get(word, 0), word))
        # A lower bound of ceil(t * n) despite rounding, so the prefix is never too short.
        overlap = max(1, math.floor(self._threshold * len(words) - 1e-9))
        return ordered[: len(words) - overlap + 1]

    def add(self, key: Key, words: frozenset[str]) -> None:
        """Index ``words`` under ``key`` (an empty set is never anyone's near-duplicate)."""
        if not words:
            return
        number = len(self._sets)
        self._sets.append(words)
        self._keys.append(key)
        for word in self._prefix(words):
            self._postings.setdefault(word, []).append(number)

    def find(self, words: frozenset[str]) -> Key | None:
        """The key of an added set near ``words`` (the first found), or None."""
        if not words:
            return None
        seen: set[int] = set()
        for word in self._prefix(words):
            for number in self._postings.get(word, ()):
                if number not in seen:
                    seen.add(number)
                    if self._near(words, self._sets[number]):
                        return self._keys[number]
        return None

    def _near(self, first: frozenset[str], second: frozenset[str]) -> bool:
        shared = len(first & second)
        union = len(first) + len(second) - shared
        if shared / union < self._threshold:
            return False
        if self._size_filter:
            smaller, larger = sorted((len(first), len(second)))
            return smaller >= self._threshold * larger
        return True
