"""Articles -> incidents: one real-world event in time and place per incident, not one topic.

Method
------
1. **What the article is about now.** Each article becomes a TF-IDF vector of stemmed content
   words, numbers (casualty figures, counts) and names, IDF computed over the whole input. The
   title and the lead (first two paragraphs) weigh three times a body paragraph; a
   *background* paragraph, one that recalls an earlier year or talks in the language of
   history ("in 2020", "years ago", "since the war"), weighs a fifth, so two reports of
   different clashes in one long conflict share only their background, which barely counts.
   A paragraph one source prints in three or more of its articles (a transcript notice, a
   copyright line, a newsletter box) is that source's boilerplate and counts for nothing: it
   would tie the source's reports of unrelated events together.
2. **How alike two groups are: average linkage.** The similarity of two groups of articles is
   the mean cosine over all pairs of their members, computed from the sums of the members'
   vectors (one dot product, whatever the groups' sizes). A centroid drifts as a group grows
   and ends up close to anything of the same week and sector; the mean over members does not:
   every member has to vouch.
3. **When.** Within ``window_days`` of each other, dates do not count against a merge. Past
   the window, the similarity of the groups' *dated* members (an undated article never vouches
   across time) must exceed the threshold by ``PAST_WINDOW_MARGIN`` plus
   ``PAST_WINDOW_PER_DAY`` for each day the dates spread beyond the window, and dates spread
   over more than ``PAST_WINDOW_LIMIT`` windows are never one incident: a late report that is
   clearly about the event (the inquiry into last week's ferry disaster, in its words) joins
   it, the next clash at the same border pass three weeks later does not. An undated article
   cannot join an incident dated before its ``not_before`` bound, and needs stronger evidence
   (``threshold + UNDATED_MARGIN``) to join anything, since time cannot vouch for it; in an
   input that is (almost) all undated (at most ``UNDATED_PILE_SHARE`` dated), time vouches
   for nothing, and undated articles are held to the threshold alone.
4. **Names.** Two groups that each name at least two places, people or bodies must name one
   in common (two strikes over pay on one day read alike, but in different towns, with
   different unions, they are two incidents); a teaser that names nothing is not held to it.
5. **Grouping, close to linear.** Candidate pairs come from an inverted index over each
   article's most distinctive rarer terms (a sparse product of pruned vectors) and, for the
   words of a big story that too many articles share to pair them all, a chain through the
   articles holding each such word in date order (``_common_key_links``). Only pairs of
   articles at least ``threshold`` alike are queued, best first; when a pair comes up and its
   groups have changed since it was scored, it is scored again and merges if it lost at most
   ``MERGE_TOLERANCE``, else goes back in the queue at its new place (at most
   ``MAX_REQUEUES`` times). A merge adds the smaller group's sums into the larger's, so no
   step rescans a big group's members and a story of thousands of reports costs what its
   pairs cost.

The threshold (``cluster_threshold``, default 0.12) is the mean cosine two dated groups need to
be one incident within the window; ``benchmarks/quality.py`` prints BCubed F1 for the
hand-labelled corpora and for the public labelled news in ``../shared/eval`` (README,
"Quality, measured", for the figures and how they move with the threshold).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain, repeat
from operator import add, mul

import numpy as np
from scipy import sparse
from sumy.utils import get_stop_words

from briefing import caches
from briefing.dates import chronological_key
from briefing.models import Article, DateConfidence, Incident, Location
from briefing.places import locations, rank_places
from briefing.stemming import stem_for
from briefing.titles import incident_title

#: Extra similarity an undated article needs, since time cannot confirm the match,
UNDATED_MARGIN = 0.16
#: unless at most this share of the input's articles is dated: an archive or a wire dump with
#: no dates, in which time says nothing about any pair, so words alone decide (the reports of
#: one story over weeks stay one incident instead of breaking up by wording).
UNDATED_PILE_SHARE = 0.1
#: Past the window, two groups need this much more similarity among their dated members,
PAST_WINDOW_MARGIN = 0.15
#: and this much more for each day their dates spread beyond the window,
PAST_WINDOW_PER_DAY = 0.01
#: up to this many windows; dates spread wider are never one incident.
PAST_WINDOW_LIMIT = 2
#: The name rule applies to groups naming at least this many names (a teaser names none).
NAMES_FOR_THE_NAME_RULE = 2
#: A paragraph one source prints in this many of its articles is its boilerplate.
BOILERPLATE_REPEATS = 3
#: Big stories: an article's strongest this many terms of those too common to be keys ...
COMMON_KEY_TERMS = 10
#: ... each link it to this many next articles (in date order) holding the same term.
COMMON_KEY_LINKS = 3
#: A queued pair whose groups changed merges if it lost at most this much similarity,
MERGE_TOLERANCE = 0.01
#: and is queued again at most this many times.
MAX_REQUEUES = 4
#: Terms per article used to find candidate pairs (its most distinctive ones).
CANDIDATE_TERMS = 40
#: Terms in more articles than this (or this share of them) are not used to find pairs.
KEY_MIN_DF = 50
KEY_MAX_SHARE = 0.005
LEAD_PARAGRAPHS = 2
LEAD_WEIGHT = 3.0
BACKGROUND_WEIGHT = 0.2

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_RECOLLECTION = re.compile(
    r"\b(?:years? ago|decades?|history|historically|since the|back in|in the past|"
    r"previous(?:ly)?|former(?:ly)?|earlier this year|last year|broke out in|dates back)\b",
    re.IGNORECASE,
)
# Every match of _RECOLLECTION contains one of these, lower-cased; scanning for them is far
# cheaper than the case-insensitive alternation.
_RECOLLECTION_CUES = (
    "ago",
    "decade",
    "histor",
    "since the",
    "back in",
    "in the past",
    "previous",
    "former",
    "earlier this year",
    "last year",
    "broke out in",
    "dates back",
)
_RECOLLECTION_CUE = re.compile("|".join(map(re.escape, _RECOLLECTION_CUES)))  # one search
# The only characters beyond ASCII that re.IGNORECASE matches to an ASCII letter (İ ı ſ K):
# with one of them in the text, lower-casing may hide a match, so the regex decides.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
# Words (with inner apostrophes or hyphens) and numbers: all clustering needs of a tokenizer,
# at a fraction of the cost of NLTK's.
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_](?:[\w’'-]*\w)?")
_MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# "Feb 6" opens many a sentence; the abbreviation is no name.
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_CONFIDENCE_ORDER: tuple[DateConfidence, ...] = ("high", "medium", "low", "none")


@caches.memoised(maxsize=4)
def _stop_words(language: str) -> frozenset[str]:
    try:
        return frozenset(get_stop_words(language))
    except LookupError:
        return frozenset()


def _stemmer(language: str) -> Callable[[str], str]:
    stem = stem_for(language) or stem_for("english")  # English stems beat none
    assert stem is not None  # NLTK always has English
    return stem


def _reference_year(article: Article) -> int | None:
    if article.published is not None:
        return article.published.year
    years = [int(y) for p in article.paragraphs[:LEAD_PARAGRAPHS] for y in _YEAR.findall(p)]
    if article.not_before is not None:
        years.append(article.not_before.year)
    return max(years) if years else None


def is_background(paragraph: str, reference_year: int | None) -> bool:
    """Does this paragraph recall earlier events rather than report the new one?"""
    # The cheap substring tests below only skip regex scans that cannot match.
    if (
        reference_year is not None
        and ("19" in paragraph or "20" in paragraph)
        and any(int(year) < reference_year for year in _YEAR.findall(paragraph))
    ):
        return True
    return _recollects(paragraph)


def _recollects(paragraph: str) -> bool:
    """``_RECOLLECTION.search(paragraph)``, skipped when no cue it needs is in the text."""
    lowered = paragraph.lower()
    if _RECOLLECTION_CUE.search(lowered) is None and (
        paragraph.isascii() or not any(char in paragraph for char in _FOLDS_TO_ASCII)
    ):
        return False
    return _RECOLLECTION.search(paragraph) is not None


@caches.memoised(maxsize=500_000)
def _term_of(token: str, language: str) -> str | None:
    """The clustering term a token stands for, or None. Memoised: vocabulary is Zipfian."""
    if token[0].isdigit():
        if token in {"1", "2"} or _YEAR.fullmatch(token):
            return None
        return "#" + token.replace(",", "")
    lowered = token.lower()
    if len(lowered) <= 2 or lowered in _stop_words(language) or lowered in _MONTHS_AND_DAYS:
        return None
    return _stemmer(language)(lowered)


#: Whitespace-separated chunks remembered per language (chunk -> its terms); cleared past this.
_CHUNK_CACHE_SIZE = 1_000_000


class _ChunkTerms(dict[str, tuple[str, ...]]):
    """Chunk -> its terms, for one language, computed on first use."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        terms = tuple(
            term
            for token in _TOKEN.findall(chunk)
            if (term := _term_of(token, self.language)) is not None
        )
        self[chunk] = terms
        return terms


_CHUNK_TERMS: dict[str, _ChunkTerms] = {}
caches.register(_CHUNK_TERMS.clear)


def _terms(text: str, language: str) -> list[str]:
    """The terms of ``text`` in order: its tokens' terms, stop words and the like left out."""
    # No token spans whitespace, so the text's tokens are its whitespace-separated chunks'
    # tokens in turn; chunks ("said", "attack,") repeat far more than texts, so each is
    # tokenized once and remembered.
    chunk_terms = _CHUNK_TERMS.get(language)
    if chunk_terms is None or len(chunk_terms) > _CHUNK_CACHE_SIZE:
        chunk_terms = _CHUNK_TERMS[language] = _ChunkTerms(language)
    return list(chain.from_iterable(map(chunk_terms.__getitem__, text.split())))


def _add_weights(weights: dict[str, float], terms: list[str], weight: float) -> None:
    """Add ``weight`` to each term's weight once per occurrence, first occurrences in order."""
    for term, count in Counter(terms).items():
        total = weights.get(term, 0.0)
        if weight.is_integer() and total.is_integer():
            weights[term] = total + weight * count  # whole numbers: exact, as adding one by one
        else:
            for _ in range(count):  # a fraction: add one by one, so the sum rounds the same
                total += weight
            weights[term] = total


_NO_DIGITS = str.maketrans("", "", "0123456789")


def _paragraph_key(source: str | None, paragraph: str) -> int:
    """The same number for a source's paragraphs that differ only in case and figures
    ("Copyright 2017" and "copyright 2018"); a hash, so counting them holds no text."""
    return hash((source, paragraph.lower().translate(_NO_DIGITS)))


def boilerplate_of(articles: Sequence[Article]) -> frozenset[str]:
    """The paragraphs one source prints in ``BOILERPLATE_REPEATS`` or more of its articles
    (figures and case aside): its transcript notice, copyright line, newsletter box. Shared
    by the source's reports of unrelated events, they say nothing about which event one
    reports. Articles of unknown source count as one source."""
    counts: Counter[int] = Counter()
    for article in articles:
        counts.update({_paragraph_key(article.source, p) for p in article.paragraphs})
    repeated = {key for key, count in counts.items() if count >= BOILERPLATE_REPEATS}
    if not repeated:
        return frozenset()
    return frozenset(
        paragraph
        for article in articles
        for paragraph in article.paragraphs
        if _paragraph_key(article.source, paragraph) in repeated
    )


def weighted_terms(article: Article, boilerplate: frozenset[str] = frozenset()) -> dict[str, float]:
    """Term weights of one article: title and lead count more, background far less, and
    paragraphs in ``boilerplate`` (see ``boilerplate_of``) not at all.

    A term's weight is the sum of the weights of the places it occurs, added in text order.
    """
    reference_year = _reference_year(article)
    parts = [(_terms(article.title, article.language), LEAD_WEIGHT)]
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph in boilerplate:
            continue
        background = is_background(paragraph, reference_year)
        if index < LEAD_PARAGRAPHS and not background:
            weight = LEAD_WEIGHT
        elif background:
            weight = BACKGROUND_WEIGHT
        else:
            weight = 1.0
        parts.append((_terms(paragraph, article.language), weight))
    # Whole-number weights add up exactly in any order: up to the first fractional weight,
    # count each term's occurrences, repeated by their weights, in one go.
    whole: list[str] = []
    first_fraction = len(parts)
    for index, (terms, weight) in enumerate(parts):
        if not weight.is_integer():
            first_fraction = index
            break
        whole += terms * int(weight)
    weights = {term: float(count) for term, count in Counter(whole).items()}
    for terms, weight in parts[first_fraction:]:
        _add_weights(weights, terms, weight)
    return weights


def _term_matrix(term_weights: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    """Rows: articles, columns: terms; sublinear term weights, built once for every pass."""
    # Columns number the terms in order of first use.
    vocabulary = {
        term: column for column, term in enumerate(dict.fromkeys(chain.from_iterable(term_weights)))
    }
    cols = np.fromiter(
        map(vocabulary.__getitem__, chain.from_iterable(term_weights)), dtype=np.int64
    )
    rows = np.repeat(np.arange(len(term_weights)), [len(weights) for weights in term_weights])
    weights = np.fromiter(
        chain.from_iterable(weights.values() for weights in term_weights),
        dtype=np.float64,
        count=len(cols),
    )
    # Few distinct weights: math.log on each (numpy's log may differ in the last bit).
    distinct, where = np.unique(weights, return_inverse=True)
    sublinear = np.array([1.0 + math.log(w) if w >= 1 else w for w in distinct.tolist()])
    return sparse.csr_matrix(
        (sublinear[where.ravel()], (rows, cols)),
        shape=(len(term_weights), max(len(vocabulary), 1)),
    )


def _tfidf(term_frequencies: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows weighted by IDF computed over these rows only, then L2-normalised."""
    count = term_frequencies.shape[0]
    document_frequency = np.bincount(term_frequencies.indices, minlength=term_frequencies.shape[1])
    idf = np.log((1 + count) / (1 + document_frequency)) + 1.0
    matrix = sparse.csr_matrix(term_frequencies @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _rank_in_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """Each stored entry's rank within its row, largest first (all rows at once)."""
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((-matrix.data, row_of))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - matrix.indptr[row_of[order]]
    return rank


def _common_key_limit(count: int) -> float:
    """Posting lists longer than this are not paired out in full (see ``_candidate_pairs``)."""
    return max(KEY_MIN_DF, KEY_MAX_SHARE * count)


def _top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row pruned to its ``keep`` largest entries among its rarer terms: the inverted
    index's keys. A term in more than ``max(KEY_MIN_DF, share)`` of the articles is no key:
    its posting list would pair up most of the input."""
    pruned = sparse.csr_matrix(matrix, copy=True)
    document_frequency = np.bincount(pruned.indices, minlength=pruned.shape[1])
    common = document_frequency > _common_key_limit(pruned.shape[0])
    pruned.data[common[pruned.indices]] = 0.0
    pruned.data[_rank_in_rows(pruned) >= keep] = 0.0
    pruned.eliminate_zeros()
    return pruned


def _common_key_links(matrix: sparse.csr_matrix, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs that link the reports of a big story, in time linear in its size.

    A story of thousands of reports is told in words that too many articles share to be
    keys of the inverted index (pairing them all would be quadratic). So for each such term
    among an article's ``COMMON_KEY_TERMS`` strongest, the articles holding it are put in
    date order and each is paired with the next ``COMMON_KEY_LINKS``: a chain through the
    story that the grouping then follows wherever the articles are similar enough.
    """
    strongest = sparse.csr_matrix(matrix, copy=True)
    document_frequency = np.bincount(strongest.indices, minlength=strongest.shape[1])
    common = document_frequency > _common_key_limit(strongest.shape[0])
    strongest.data[~common[strongest.indices]] = 0.0
    strongest.data[_rank_in_rows(strongest) >= COMMON_KEY_TERMS] = 0.0
    strongest.eliminate_zeros()
    by_term = sparse.csc_matrix(strongest)
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for term in np.flatnonzero(np.diff(by_term.indptr) > 0).tolist():
        holders = by_term.indices[by_term.indptr[term] : by_term.indptr[term + 1]]
        holders = holders[np.lexsort((holders, days[holders]))]
        for step in range(1, COMMON_KEY_LINKS + 1):
            firsts.append(holders[:-step])
            seconds.append(holders[step:])
    if not firsts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts).astype(np.int64), np.concatenate(seconds).astype(np.int64)


def _candidate_pairs(matrix: sparse.csr_matrix, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of articles worth scoring, each once (first < second), never all pairs:
    those sharing one of their most distinctive rarer terms (a sparse product of pruned
    vectors), and the chains through big stories (``_common_key_links``)."""
    pruned = _top_terms(matrix, CANDIDATE_TERMS)
    shared = sparse.triu(pruned @ pruned.T, k=1).tocoo()
    chain_firsts, chain_seconds = _common_key_links(matrix, days)
    # Each chain pair once (a pair the shared keys give too is only scored twice).
    count = np.int64(matrix.shape[0])
    keys = np.unique(
        np.minimum(chain_firsts, chain_seconds) * count + np.maximum(chain_firsts, chain_seconds)
    )
    firsts = np.concatenate([shared.row.astype(np.int64), keys // count])
    seconds = np.concatenate([shared.col.astype(np.int64), keys % count])
    return firsts, seconds


#: Candidate pairs scored at once: bounds the memory of the row products.
PAIR_BATCH = 20_000


def _pair_similarities(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of each (row, col) pair of L2-normalised rows, in batches."""
    scores = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), PAIR_BATCH):
        end = start + PAIR_BATCH
        product = matrix[rows[start:end]].multiply(matrix[cols[start:end]])
        scores[start:end] = np.asarray(product.sum(axis=1)).ravel()
    return scores


def _vector(matrix: sparse.csr_matrix, row: int) -> tuple[list[int], list[float]]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()


def _dot(small: dict[int, float], large: dict[int, float]) -> float:
    """The dot product of two sparse vectors, looping over the first (give it the smaller)."""
    return float(sum(map(mul, small.values(), map(large.get, small.keys(), repeat(0.0)))))


def _add_into(target: dict[int, float], source: dict[int, float]) -> None:
    """``target[term] += value`` for each of ``source``'s terms, looped in C."""
    target.update(
        zip(
            source.keys(),
            map(add, map(target.get, source.keys(), repeat(0.0)), source.values()),
            strict=True,
        )
    )


@dataclass
class _Group:
    """A group of articles being built: sums of its members' (unit) vectors, so the average
    similarity of two groups' members is one dot product, whatever their size."""

    size: int
    total: dict[int, float]  # sum of the members' vectors: term column -> weight
    dated_total: dict[int, float] | None  # sum over dated members; None: all are dated
    dated: int  # how many members are dated
    first: date | None
    last: date | None
    not_before: date | None
    names: set[str]
    stamp: int = 0  # changes at every merge: queued scores older than it are stale

    @property
    def dated_vector(self) -> dict[int, float]:
        return self.total if self.dated_total is None else self.dated_total


def _average_similarity(a: _Group, b: _Group, dated_only: bool = False) -> float:
    """Mean cosine over all pairs of members (one of a, one of b): average linkage."""
    if dated_only:
        left, right, pairs = a.dated_vector, b.dated_vector, a.dated * b.dated
    else:
        left, right, pairs = a.total, b.total, a.size * b.size
    if len(left) > len(right):
        left, right = right, left
    return _dot(left, right) / pairs if pairs else 0.0


def _linkage(a: _Group, b: _Group, window_days: int, undated_margin: float) -> float | None:
    """How strongly two groups are one incident, on the scale of the threshold; None when
    a hard rule forbids it (see the module docstring, "When" and "Grouping")."""
    known = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
    span = (max(known) - min(known)).days if known else 0
    if span > PAST_WINDOW_LIMIT * window_days:
        return None
    bound = max((d for d in (a.not_before, b.not_before) if d is not None), default=None)
    if bound is not None and known and max(known) < bound:
        return None
    if min(len(a.names), len(b.names)) >= NAMES_FOR_THE_NAME_RULE and a.names.isdisjoint(b.names):
        return None  # no place, person or body in common: two events that read alike
    similarity = _average_similarity(a, b)
    if not (a.dated and b.dated):
        similarity -= undated_margin  # time cannot vouch for the match
    if span > window_days:
        # Past the window only the dated members vouch, and more is needed day by day.
        past = span - window_days
        dated = _average_similarity(a, b, dated_only=True)
        similarity = min(similarity, dated - PAST_WINDOW_MARGIN - PAST_WINDOW_PER_DAY * past)
    return similarity


def _group_ids(
    articles: Sequence[Article],
    matrix: sparse.csr_matrix,
    names: Sequence[frozenset[str]],
    threshold: float,
    window_days: int,
    undated_margin: float = UNDATED_MARGIN,
) -> list[list[int]]:
    """Indices of ``articles`` grouped by average linkage, best-first (module docstring)."""
    count = len(articles)
    if count == 0:
        return []
    if sum(1 for a in articles if a.published is not None) <= UNDATED_PILE_SHARE * count:
        undated_margin = 0.0  # an undated pile: no article's date can vouch for any other's
    days = np.array(
        [a.published.toordinal() if a.published else 0 for a in articles], dtype=np.int64
    )
    rows, cols = _candidate_pairs(matrix, days)
    # Two dated articles further apart than the time rules allow are never in one group,
    # whatever else merges: their pair is not even scored.
    dated = days > 0
    limit = PAST_WINDOW_LIMIT * window_days
    near = ~(dated[rows] & dated[cols]) | (np.abs(days[rows] - days[cols]) <= limit)
    rows, cols = rows[near], cols[near]
    similarity = _pair_similarities(matrix, rows, cols)
    # Groups A and B can only be similar enough if some member of A is similar enough to
    # some member of B: only such pairs are queued.
    keep = similarity >= threshold
    rows, cols, similarity = rows[keep], cols[keep], similarity[keep]
    groups: dict[int, _Group] = {}
    parent = list(range(count))  # union-find: up to the group's id (one of its articles)

    def group_id(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]  # path halving
            index = parent[index]
        return index

    def group(index: int) -> _Group:
        # Made on first use: most articles never take part in a merge attempt.
        found = groups.get(index)
        if found is None:
            article = articles[index]
            terms, weights = _vector(matrix, index)
            is_dated = article.published is not None
            found = groups[index] = _Group(
                1,
                dict(zip(terms, weights, strict=True)),
                None if is_dated else {},
                int(is_dated),
                article.published,
                article.published,
                article.not_before,
                set(names[index]),
            )
        return found

    # The queue: (-score, article, article, stamps of their groups when scored). A pair of
    # single articles starts with their cosine (less the undated margin); a pair whose
    # groups have grown since it was scored is scored again when it comes up.
    undated = ~(dated[rows] & dated[cols])
    start_scores = similarity - undated * undated_margin
    spread = np.abs(days[rows] - days[cols]) * (dated[rows] & dated[cols])
    past = np.maximum(spread - window_days, 0)
    start_scores = np.where(
        past > 0,
        np.minimum(start_scores, similarity - PAST_WINDOW_MARGIN - PAST_WINDOW_PER_DAY * past),
        start_scores,
    )
    order = np.lexsort((cols, rows, -start_scores))
    order = order[start_scores[order] >= threshold]
    # Queued: (-score, article, article, the stamps of their groups when scored, times queued
    # again); best first.
    queue = [
        (-score, row, col, 0, 0, 0)
        for score, row, col in zip(
            start_scores[order].tolist(), rows[order].tolist(), cols[order].tolist(), strict=True
        )
    ]  # sorted: already a heap
    stamps = 0
    while queue:
        negative, row, col, row_stamp, col_stamp, requeued = heapq.heappop(queue)
        a_id, b_id = group_id(row), group_id(col)
        if a_id == b_id:
            continue
        a, b = group(a_id), group(b_id)
        changed = (a.stamp, b.stamp) != (row_stamp, col_stamp)
        if requeued and not changed:
            continue  # scored as it is now, and not enough
        score = _linkage(a, b, window_days, undated_margin)
        if score is None:
            continue
        if score < threshold or (changed and score < -negative - MERGE_TOLERANCE):
            # Weaker than when queued, or too weak for now: back in the queue at its new
            # place (below every pair strong enough, when too weak), a few times at most,
            # since its groups may still grow closer.
            if requeued < MAX_REQUEUES:
                heapq.heappush(queue, (-score, row, col, a.stamp, b.stamp, requeued + 1))
            continue
        # Merge b into a, adding the smaller of each pair of sums and sets into the larger:
        # a merge costs what the smaller group holds, not what the larger holds.
        known = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        if a.dated_total is not None or b.dated_total is not None:
            larger, smaller = a.dated_vector, b.dated_vector
            if len(larger) < len(smaller):
                larger, smaller = smaller, larger
            if larger is a.total or larger is b.total:
                larger = dict(larger)  # the sum over all members is summed into below
            _add_into(larger, smaller)
            a.dated_total = larger
        if len(a.total) < len(b.total):
            a.total, b.total = b.total, a.total
        _add_into(a.total, b.total)
        if len(a.names) < len(b.names):
            a.names, b.names = b.names, a.names
        a.names |= b.names
        a.size += b.size
        a.dated += b.dated
        a.first, a.last = (min(known), max(known)) if known else (None, None)
        a.not_before = max((d for d in (a.not_before, b.not_before) if d is not None), default=None)
        stamps += 1
        a.stamp = stamps
        parent[b_id] = a_id
        del groups[b_id]
    members: dict[int, list[int]] = {}
    for index in range(count):
        members.setdefault(group_id(index), []).append(index)
    return list(members.values())


# A capitalised word inside a sentence: a name (of a person, place, body, ship...).
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*[a-z][\w’'-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_SENTENCE_OPENERS = frozenset(".!?\"“‘'([:;—–-")
# Capitalised words that are not names of anything in particular: titles and ranks.
_NOT_NAMES = frozenset(
    """mr mrs ms dr sir president minister prime secretary general spokesperson spokesman
    spokeswoman ministry government chief director head deputy foreign interior defence defense
    state national council committee commission office department agency court police army
    officials official north south east west northern southern eastern western central
    """.split()
)


def names_in(article: Article) -> frozenset[str]:
    """The names an article's body uses: capitalised words inside sentences, lower-cased,
    without titles, months and days. Two reports of one event share at least one (a place,
    a person, a body); two events on the same day that read alike (two strikes over pay)
    often share none."""
    found: set[str] = set()
    stop_words = _stop_words(article.language)
    for paragraph in article.paragraphs:
        for match in _CAPITALISED.finditer(paragraph):
            # The text before the word, right-stripped, ends at ``end`` (looked at in place:
            # slicing it off for every word was quadratic in the paragraph's length).
            end = match.start()
            while end and paragraph[end - 1].isspace():
                end -= 1
            if not end or paragraph[end - 1] in _SENTENCE_OPENERS:
                continue  # the first word of a sentence is capitalised anyway
            word = _POSSESSIVE.sub("", match.group().lower())
            if (
                len(word) > 2
                and word not in _NOT_NAMES
                and word not in _MONTHS_AND_DAYS
                and word not in _MONTH_ABBREVIATIONS
                and word not in stop_words
            ):
                found.add(word)
    return frozenset(found)


def _places(articles: Sequence[Article]) -> tuple[tuple[str, ...], tuple[Location, ...]]:
    """Where: the dateline and the places the articles' leads name (see briefing.places),
    as names and as the gazetteer's places."""
    ranked = rank_places(articles)
    return tuple(name for _, name in ranked), locations(ranked)


def cluster_articles(
    articles: Sequence[Article], *, window_days: int, threshold: float
) -> list[Incident]:
    """Group articles into incidents, newest first (undated last), ids ``incident-1``...

    The pipeline then orders them by importance (briefing.importance); the ids stay.
    """
    boilerplate = boilerplate_of(articles)
    matrix = _tfidf(_term_matrix([weighted_terms(article, boilerplate) for article in articles]))
    names = [names_in(article) for article in articles]
    groups = _group_ids(articles, matrix, names, threshold, window_days)
    drafts = []
    for members in groups:
        group = sorted((articles[i] for i in members), key=chronological_key)
        dates = [a.published for a in group if a.published is not None]
        place_names, located = _places(group)
        confidence: DateConfidence = min(
            (a.date_confidence for a in group), key=_CONFIDENCE_ORDER.index, default="none"
        )
        drafts.append(
            Incident(
                id="",
                title=incident_title(group),
                article_ids=tuple(a.id for a in group),
                start=min(dates) if dates else None,
                end=max(dates) if dates else None,
                places=place_names,
                date_confidence=confidence if dates else _undated_confidence(group),
                locations=located,
            )
        )
    drafts.sort(
        key=lambda incident: (
            incident.end is None,
            -(incident.end.toordinal() if incident.end else 0),
            incident.title,
            incident.article_ids,
        )
    )
    # The ids follow the order, known only once every draft is made.
    return [replace(draft, id=f"incident-{number}") for number, draft in enumerate(drafts, start=1)]


def _undated_confidence(group: Sequence[Article]) -> DateConfidence:
    return "low" if any(a.not_before or a.date_confidence == "low" for a in group) else "none"
