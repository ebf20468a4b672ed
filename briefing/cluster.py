"""Articles -> incidents: one real-world event in time and place per incident, not one topic.

Method
------
1. **What the article is about now.** Each article becomes a TF-IDF vector of stemmed content
   words, numbers (casualty figures, counts) and names. The title and the lead (first two
   paragraphs) weigh three times a body paragraph; a *background* paragraph, one that recalls
   an earlier year or talks in the language of history ("in 2020", "years ago", "since the
   war"), weighs a fifth. So two reports of different clashes in one long conflict share only
   their background, which barely counts. Words most articles share ("said", the names of the
   two countries of a conflict every article mentions) get little weight from IDF.
2. **When.** Two articles whose dates are known and further apart than ``window_days`` are
   never one incident; a cluster's known dates must all fit in one window. An undated article
   cannot join an incident dated before its ``not_before`` bound, and needs stronger content
   evidence (``threshold + UNDATED_MARGIN``) to join anything, since time cannot vouch for it.
3. **Topic, then incident.** Articles are first grouped into topics without regard to time;
   each topic is then split into incidents with IDF computed inside the topic, where the words
   every report of a long conflict shares (its countries, its main actors) weigh nothing and
   only what sets one event apart counts.
4. **Grouping.** Candidate pairs come from an inverted index over each article's most
   distinctive terms (a sparse product of pruned vectors), so no step compares all pairs of the
   whole input. Pairs are merged best-first, centroid linkage: two groups join when the cosine
   of their centroids is at least ``threshold``, the time rules hold, and they name at least
   one place, person or body in common (two strikes over pay on one day read alike, but in
   different towns, with different unions, they are two incidents).

The threshold (``cluster_threshold``, default 0.12) is the centroid cosine two dated articles need
to be one incident. It was set on the hand-labelled corpora in ``tests/data/corpora/clusters``
and the seeds (``benchmarks/quality.py`` prints BCubed F1 for them): re-reports of one event
score 0.15-0.6, different events in the same conflict mostly below 0.12; undated articles need 0.28.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, repeat
from operator import add, mul

import numpy as np
from nltk.stem.snowball import SnowballStemmer
from scipy import sparse
from sumy.utils import get_stop_words

from briefing.models import Article, DateConfidence, Incident

#: Extra similarity an undated article needs, since time cannot confirm the match.
UNDATED_MARGIN = 0.16
#: Similarity that puts two articles in one topic, before incidents are told apart.
TOPIC_THRESHOLD = 0.1
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
_CONFIDENCE_ORDER: tuple[DateConfidence, ...] = ("high", "medium", "low", "none")


@lru_cache(maxsize=4)
def _stop_words(language: str) -> frozenset[str]:
    try:
        return frozenset(get_stop_words(language))
    except LookupError:
        return frozenset()


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Callable[[str], str]:
    try:
        stemmer = SnowballStemmer(language)
    except ValueError:
        stemmer = SnowballStemmer("english")
    # Memoised: news vocabulary is Zipfian, and stemming is the costliest step here.
    return lru_cache(maxsize=200_000)(stemmer.stem)


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


@lru_cache(maxsize=500_000)
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


def weighted_terms(article: Article) -> dict[str, float]:
    """Term weights of one article: title and lead count more, background far less.

    A term's weight is the sum of the weights of the places it occurs, added in text order.
    """
    reference_year = _reference_year(article)
    parts = [(_terms(article.title, article.language), LEAD_WEIGHT)]
    for index, paragraph in enumerate(article.paragraphs):
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
    # A term in (nearly) every article says nothing about which event it reports.
    if count >= 4:
        idf[document_frequency >= 0.8 * count] = 0.0
    matrix = sparse.csr_matrix(term_frequencies @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row pruned to its ``keep`` largest entries among its rarer terms: the inverted
    index's keys. A term in more than ``max(KEY_MIN_DF, share)`` of the articles is no key:
    its posting list would pair up most of the input, and what it says is said better by the
    rarer terms the same articles share."""
    pruned = sparse.csr_matrix(matrix, copy=True)
    document_frequency = np.bincount(pruned.indices, minlength=pruned.shape[1])
    common = document_frequency > max(KEY_MIN_DF, KEY_MAX_SHARE * pruned.shape[0])
    pruned.data[common[pruned.indices]] = 0.0
    # Rank every entry within its row, largest first, all rows at once.
    row_of = np.repeat(np.arange(pruned.shape[0]), np.diff(pruned.indptr))
    order = np.lexsort((-pruned.data, row_of))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - pruned.indptr[row_of[order]]
    pruned.data[rank >= keep] = 0.0
    pruned.eliminate_zeros()
    return pruned


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
                and word not in stop_words
            ):
                found.add(word)
    return frozenset(found)


@dataclass
class _Group:
    members: list[int]
    centroid: dict[int, float]  # sparse: term index -> summed weight of the members
    norm2: float  # squared length of the centroid, kept as groups merge
    first: date | None
    last: date | None
    not_before: date | None
    dated: bool = field(default=False)
    names: frozenset[str] | None = None  # None: names are not checked (the topic pass)


def _dates_fit(a: _Group, b: _Group, window: timedelta | None) -> bool:
    known = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
    if window is not None and known and max(known) - min(known) > window:
        return False
    bound = max((d for d in (a.not_before, b.not_before) if d is not None), default=None)
    return not (bound is not None and known and max(known) < bound)


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


def _group_ids(
    articles: Sequence[Article],
    term_frequencies: sparse.csr_matrix,
    threshold: float,
    window_days: int | None,
    undated_margin: float = UNDATED_MARGIN,
    names: Sequence[frozenset[str]] | None = None,
) -> list[list[int]]:
    """Indices of ``articles`` grouped (see the module docstring); no window: topics."""
    count = len(articles)
    if count == 0:
        return []
    matrix = _tfidf(term_frequencies)
    pruned = _top_terms(matrix, CANDIDATE_TERMS)
    candidates = sparse.triu(pruned @ pruned.T, k=1).tocoo()
    rows, cols = candidates.row, candidates.col
    window = timedelta(days=window_days) if window_days is not None else None
    if window_days is not None:
        # Two dated articles further apart than the window are never in one group, whatever
        # else merges: their pair can only be skipped, so it is not even scored.
        days = np.array(
            [a.published.toordinal() if a.published else 0 for a in articles], dtype=np.int64
        )
        dated = days > 0
        near = ~(dated[rows] & dated[cols]) | (np.abs(days[rows] - days[cols]) <= window_days)
        rows, cols = rows[near], cols[near]
    # Rank candidate pairs by their full similarity, best first; those below the threshold
    # can never merge anything.
    full = _pair_similarities(matrix, rows, cols)
    order = np.lexsort((cols, rows, -full))
    order = order[: int(np.count_nonzero(full >= threshold))]
    groups: dict[int, _Group] = {}
    # Union-find: each article's parent, up to its group's first article (the group's id).
    parent = list(range(count))

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
            start, end = matrix.indptr[index], matrix.indptr[index + 1]
            terms, weights = matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()
            vector = dict(zip(terms, weights, strict=True))
            found = groups[index] = _Group(
                [index],
                vector,
                sum(map(mul, vector.values(), vector.values())),  # squares summed in order
                article.published,
                article.published,
                article.not_before,
                article.published is not None,
                names[index] if names is not None else None,
            )
        return found

    for row, col in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        a_id, b_id = group_id(row), group_id(col)
        if a_id == b_id:
            continue
        a, b = group(a_id), group(b_id)
        if not _dates_fit(a, b, window):
            continue
        if a.names is not None and b.names is not None and a.names.isdisjoint(b.names):
            continue  # no place, person or body in common: two events that read alike
        small, large = sorted((a.centroid, b.centroid), key=len)
        # sum(value * large.get(term, 0.0) for term, value in small.items()), looped in C.
        dot = sum(map(mul, small.values(), map(large.get, small.keys(), repeat(0.0))))
        similarity = dot / (math.sqrt(a.norm2 * b.norm2) or 1.0)
        needed = threshold if (a.dated and b.dated) else threshold + undated_margin
        if similarity < needed:
            continue
        if len(b.centroid) > len(a.centroid):
            # Merge the smaller into the larger: a keeps its id but takes b's (larger) members
            # and centroid, so each merge costs what the smaller group holds.
            a.members, b.members = b.members, a.members
            a.centroid, b.centroid = b.centroid, a.centroid
        a.members.extend(b.members)
        # a.centroid[term] = a.centroid.get(term, 0.0) + value for each of b's terms, in order.
        a.centroid.update(
            zip(
                b.centroid.keys(),
                map(add, map(a.centroid.get, b.centroid.keys(), repeat(0.0)), b.centroid.values()),
                strict=True,
            )
        )
        a.norm2 += b.norm2 + 2 * dot
        known = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        a.first, a.last = (min(known), max(known)) if known else (None, None)
        a.not_before = max((d for d in (a.not_before, b.not_before) if d is not None), default=None)
        a.dated = a.dated or b.dated
        if a.names is not None and b.names is not None:
            a.names = a.names | b.names
        parent[b_id] = a_id
        del groups[b_id]
    return [
        sorted(groups[index].members) if index in groups else [index]
        for index in range(count)
        if group_id(index) == index
    ]


_PLACE_CUE = re.compile(
    r"\b(?:in|near|at|from|across|outside|around)\s+(?:the\s+)?"
    r"((?:[A-Z][\w’'-]+)(?:[ -](?:[A-Z][\w’'-]+)){0,2})"
)


def _places(articles: Sequence[Article]) -> tuple[str, ...]:
    """Where: datelines first, then places the titles and leads name after "in", "near"..."""
    counts: Counter[str] = Counter()
    for article in articles:
        if article.place:
            counts[article.place] += 3
        lead = " ".join((article.title, *article.paragraphs[:LEAD_PARAGRAPHS]))
        for match in _PLACE_CUE.finditer(lead):
            name = match.group(1)
            if name.lower() not in _MONTHS_AND_DAYS and not name.isupper():
                counts[name] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(name for name, count in ranked if count >= 2)[:3]


def _has_headline(article: Article) -> bool:
    # A title derived from the first sentence ends in an ellipsis or repeats the lead.
    first = article.paragraphs[0] if article.paragraphs else ""
    return not article.title.endswith("…") and not first.startswith(article.title)


def _incident_title(articles: Sequence[Article]) -> str:
    """The headline of the earliest article that has a real headline."""
    ranked = sorted(
        articles,
        key=lambda a: (not _has_headline(a), a.published or date.max, a.id),
    )
    return ranked[0].title


def _date_key(article: Article) -> tuple[date, str]:
    return (article.published or date.max, article.id)


def cluster_articles(
    articles: Sequence[Article], *, window_days: int, threshold: float
) -> list[Incident]:
    """Group articles into incidents, newest first (undated last), ids ``incident-1``..."""
    groups: list[list[int]] = []
    # Topics first, ignoring time; then incidents inside each topic, with IDF computed within
    # the topic, so words every article of a long conflict shares weigh nothing there.
    frequencies = _term_matrix([weighted_terms(article) for article in articles])
    names = [names_in(article) for article in articles]
    for topic in _group_ids(articles, frequencies, TOPIC_THRESHOLD, None, undated_margin=0.0):
        if len(topic) == 1:
            groups.append(topic)  # one article, one incident: nothing to split
            continue
        topic_articles = [articles[i] for i in topic]
        topic_frequencies = sparse.csr_matrix(frequencies[topic])
        incidents = _group_ids(
            topic_articles,
            topic_frequencies,
            threshold,
            window_days,
            names=[names[i] for i in topic],
        )
        groups.extend([topic[i] for i in group] for group in incidents)
    drafts = []
    for members in groups:
        group = sorted((articles[i] for i in members), key=_date_key)
        dates = [a.published for a in group if a.published is not None]
        confidence: DateConfidence = min(
            (a.date_confidence for a in group), key=_CONFIDENCE_ORDER.index, default="none"
        )
        drafts.append(
            Incident(
                id="",
                title=_incident_title(group),
                article_ids=tuple(a.id for a in group),
                start=min(dates) if dates else None,
                end=max(dates) if dates else None,
                places=_places(group),
                date_confidence=confidence if dates else _undated_confidence(group),
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
    return [
        Incident(
            id=f"incident-{number}",
            title=draft.title,
            article_ids=draft.article_ids,
            start=draft.start,
            end=draft.end,
            places=draft.places,
            date_confidence=draft.date_confidence,
        )
        for number, draft in enumerate(drafts, start=1)
    ]


def _undated_confidence(group: Sequence[Article]) -> DateConfidence:
    return "low" if any(a.not_before or a.date_confidence == "low" for a in group) else "none"
