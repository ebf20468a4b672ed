"""sumy's LexRank and TextRank on sparse matrices: the same sentences as sumy's, far faster.

sumy's ``LexRankSummarizer`` and ``TextRankSummarizer`` compare every pair of sentences in
Python loops, which is quadratic: about 23 s (LexRank) and 15 s (TextRank) for 2,000 sentences.
The classes here are subclasses of sumy's and keep everything that decides the result: sumy's
word normalisation, stop words and stemmer, its TF, IDF and similarity formulas, LexRank's
``threshold`` and ``epsilon``, TextRank's ``damping`` and ``epsilon``, the power method with its
stopping rule, and sumy's own ``_get_best_sentences`` (a stable sort on ratings, so ties keep
document order; duplicate sentences share one rating, as in sumy's dict). Only the arithmetic
moves from Python loops to numpy/scipy.

Floating point. Ratings of different sentences can be mathematically equal (duplicates, graph
symmetries), and then the order sumy returns depends on the last bit of its BLAS sums. So up to
``LEXRANK_DENSE_LIMIT`` / ``TEXTRANK_DENSE_LIMIT`` sentences we hand sumy's own ``power_method``
the very dense matrix sumy builds (every entry computed with the same IEEE operations on the same
values: integer counts, the same divisions and ``math.log``), which makes our ratings sumy's bit for
bit. The one exception is a LexRank cosine whose sums round differently (sumy sums in set order,
which varies with Python's hash seed, so sumy itself is not reproducible there): it only matters
if a cosine lies within a few ulps of ``threshold``. Beyond the limits a dense matrix would cost
too much memory and time (20,000 sentences: 3.2 GB), so the power method runs on the sparse
matrix with the same stopping rule; ratings then agree with sumy's to rounding, and sentences
with identical words still tie exactly.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRankSummarizer

from briefing import caches
from briefing.stemming import english_stem_for

__all__ = [
    "LEXRANK_DENSE_LIMIT",
    "TEXTRANK_DENSE_LIMIT",
    "LexRankSummarizer",
    "TextRankSummarizer",
]

#: Up to this many sentences LexRank's power method runs on sumy's own dense matrix.
LEXRANK_DENSE_LIMIT = 3000
#: The same for TextRank, whose power method needs more iterations over a full matrix.
TEXTRANK_DENSE_LIMIT = 1000

#: Words remembered per summarizer (raw token -> stem); cleared when it grows past this.
_WORD_CACHE_SIZE = 500_000

FloatArray = NDArray[np.float64]

# Stems by stemmer, shared by all summarizers using it: Snowball takes ~30 us a word, which
# would otherwise dominate. A stemmer is assumed to be a pure function of the word, as sumy's are.
_STEMS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
caches.register(_STEMS.clear)


def _stem_cache(stemmer: Any) -> dict[str, str]:
    """The shared word -> stem dict of ``stemmer`` (a private one if it cannot be weakly held)."""
    try:
        cache = _STEMS.get(stemmer)
        if cache is None or len(cache) > _WORD_CACHE_SIZE:
            cache = _STEMS[stemmer] = {}
        return cache
    except TypeError:
        return {}


class _TermCounter:
    """Turns sumy sentences into a sentence x term count matrix, as sumy's ``_to_words_set``.

    sumy normalises (lower-cases), drops stop words and stems every word of every sentence in
    Python; news vocabulary is Zipfian, so we do that once per distinct token and remember it.
    """

    def __init__(self) -> None:
        self._term_ids: dict[str, int] = {}  # raw token -> stem id, or -1 for a stop word
        self._stem_ids: dict[str, int] = {}
        self._settings: tuple[object, object] | None = None

    def count(
        self, summarizer: Any, sentences: Sequence[Any]
    ) -> tuple[sparse.csr_matrix, NDArray[np.int64]]:
        """Return the count matrix (columns: this document's stems) and each sentence's length.

        ``summarizer`` supplies ``normalize_word``, ``stem_word`` and ``stop_words`` exactly as
        sumy's ``_to_words_set`` uses them; the length is the number of kept words.
        """
        settings = (summarizer._stop_words, summarizer._stemmer)
        if (
            self._settings is None
            or self._settings[0] is not settings[0]
            or self._settings[1] is not settings[1]
            or len(self._term_ids) > _WORD_CACHE_SIZE
        ):
            self._term_ids.clear()
            self._stem_ids.clear()
            self._settings = settings
        term_ids = self._term_ids
        stem_ids = self._stem_ids
        stems = _stem_cache(summarizer._stemmer)
        stem_word = _stem_function(summarizer)
        stop_words = summarizer._stop_words
        words_of = [sentence.words for sentence in sentences]
        tokens = list(chain.from_iterable(words_of))
        try:
            ids = list(map(term_ids.__getitem__, tokens))
        except KeyError:
            # New tokens, taken in order of first use so stem ids are numbered in that order.
            for word in dict.fromkeys(tokens):
                if word in term_ids:
                    continue
                normalized = summarizer.normalize_word(word)
                if normalized in stop_words:
                    term_ids[word] = -1
                    continue
                stem = stems.get(normalized)
                if stem is None:
                    stem = stems[normalized] = stem_word(normalized)
                term_ids[word] = stem_ids.setdefault(stem, len(stem_ids))
            ids = list(map(term_ids.__getitem__, tokens))
        all_ids = np.fromiter(ids, dtype=np.int64, count=len(ids))
        rows = np.repeat(np.arange(len(sentences)), np.fromiter(map(len, words_of), dtype=np.int64))
        kept = all_ids >= 0
        all_ids, rows = all_ids[kept], rows[kept]
        # Number this document's stems 0..V-1 so the matrix has only the columns it uses.
        used, columns = np.unique(all_ids, return_inverse=True)
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, columns.ravel())),
            shape=(len(sentences), max(len(used), 1)),
        )
        counts.sum_duplicates()
        counts.sort_indices()
        kept_lengths = np.bincount(rows, minlength=len(sentences)).astype(np.int64)
        return counts, kept_lengths


def _stem_function(summarizer: Any) -> Callable[[str], str]:
    """``summarizer.stem_word``, or the same function, faster, for sumy's English stemmer.

    sumy's ``stem_word(word)`` is ``stemmer(normalize_word(word))``; for an already normalized
    (lower-cased) word that is the stemmer itself, since lower-casing twice changes nothing.
    """
    overridden = (
        type(summarizer).stem_word is not AbstractSummarizer.stem_word
        or type(summarizer).normalize_word is not AbstractSummarizer.normalize_word
    )
    fast = None if overridden else english_stem_for(summarizer._stemmer)
    return fast or summarizer.stem_word


def _all_fit(sentences: Sequence[Any], sentences_count: Any) -> bool:
    """Every sentence is chosen whatever its rating, and sumy returns them in document order.

    Rating them anyway is worse than wasted: sumy's idf is log(n / (1 + df)), 0 for every
    word of a two-sentence document, so its power method divides zero by zero.
    """
    return (
        isinstance(sentences_count, int)
        and not isinstance(sentences_count, bool)
        and len(sentences) <= sentences_count
    )


def _rating_dict(sentences: Sequence[Any], scores: FloatArray) -> dict[Any, float]:
    # A dict keyed by sentence, like sumy's: a repeated sentence keeps its last rating.
    return dict(zip(sentences, scores.tolist(), strict=True))


class _SparseRanker(AbstractSummarizer):  # type: ignore[misc]
    """What LexRank and TextRank share: a term counter, and sumy's ``__call__`` around a rating.

    A subclass puts this before sumy's own class (``class X(_SparseRanker, SumyX)``), so that
    ``__init__`` reaches sumy's, and supplies :meth:`_scores`.
    """

    def __init__(self, stemmer: Any = null_stemmer) -> None:
        super().__init__(stemmer)
        self._counter = _TermCounter()

    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        self._ensure_dependencies_installed()
        sentences = document.sentences
        if not sentences:
            return ()
        if _all_fit(sentences, sentences_count):
            return tuple(sentences)
        with np.errstate(divide="ignore", invalid="ignore"):  # an all-zero graph: sumy's NaNs
            scores = self._scores(document)
        return tuple(
            self._get_best_sentences(sentences, sentences_count, _rating_dict(sentences, scores))
        )

    def _scores(self, document: Any) -> FloatArray:
        """Each sentence's rating, in document order."""
        raise NotImplementedError


class LexRankSummarizer(_SparseRanker, SumyLexRankSummarizer):  # type: ignore[misc]
    """sumy's ``LexRankSummarizer`` computed on sparse matrices; same options, same result.

    ``LexRankSummarizer(stemmer)``; set ``stop_words``, ``threshold`` and ``epsilon`` as on
    sumy's class; ``summarizer(document, sentences_count)`` returns a tuple of the document's
    sentences (``sentences_count`` an int or a string such as ``"10%"``, as sumy accepts).
    """

    def _scores(self, document: Any) -> FloatArray:
        return self.rate_sentences(document.sentences)

    def rate_sentences(self, sentences: Sequence[Any]) -> FloatArray:
        """Return sumy's LexRank score of each sentence, in document order."""
        counts, _ = self._counter.count(self, sentences)
        similar = self._similarity_graph(counts)
        count = len(sentences)
        degrees = np.asarray(similar.sum(axis=1), dtype=np.float64).ravel()
        degrees[degrees == 0] = 1
        if count <= LEXRANK_DENSE_LIMIT:
            # sumy: matrix[row][col] / degrees[row] on a 0/1 matrix, then its power method.
            matrix = similar.toarray() / degrees[:, np.newaxis]
            return np.asarray(self.power_method(matrix, self.epsilon), dtype=np.float64)
        normalized = sparse.csr_matrix(sparse.diags(1.0 / degrees) @ similar)
        return _power_method(sparse.csr_matrix(normalized.T), self.epsilon, normalize=True)

    def _similarity_graph(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """The 0/1 matrix of sentence pairs whose idf-modified cosine exceeds ``threshold``."""
        count = counts.shape[0]
        highest = counts.max(axis=1).toarray().ravel()
        highest[highest == 0] = 1
        # sumy: tf = count / the sentence's highest count (exact ints, one correctly rounded
        # division, so the same float), idf = math.log(N / (1 + sentences with the term)).
        tf = counts.copy()
        tf.data = counts.data / np.repeat(highest, np.diff(counts.indptr))
        document_frequency = np.diff(sparse.csc_matrix(counts).indptr)
        frequencies, where = np.unique(document_frequency, return_inverse=True)
        # math.log, not np.log: numpy's SIMD log may differ from libm's in the last bit.
        logs = np.array([math.log(count / (1 + int(df))) for df in frequencies])
        idf = logs[where.ravel()]
        # sumy's numerator: the sum over shared terms of tf1 * tf2 * idf ** 2.
        weighted = tf.copy()
        weighted.data = tf.data * (idf * idf)[tf.indices]
        dots = sparse.csr_matrix(tf @ weighted.T).tocoo()
        # sumy's denominators: the sum over a sentence's terms of (tf * idf) ** 2.
        vectors = tf.copy()
        vectors.data = tf.data * idf[tf.indices]
        lengths = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
        # sumy: numerator / (sqrt(d1) * sqrt(d2)), or 0.0 unless both sums are positive.
        denominators = lengths[dots.row] * lengths[dots.col]
        positive = (lengths[dots.row] > 0) & (lengths[dots.col] > 0)
        cosine = np.zeros_like(dots.data)
        cosine[positive] = dots.data[positive] / denominators[positive]
        keep = cosine > self.threshold
        if self.threshold >= 0.0:
            return sparse.csr_matrix(
                (np.ones(int(keep.sum())), (dots.row[keep], dots.col[keep])), shape=(count, count)
            )
        # A negative threshold: pairs without a shared term (cosine 0.0) pass it too.
        similar = np.ones((count, count))
        similar[dots.row[~keep], dots.col[~keep]] = 0.0
        return sparse.csr_matrix(similar)


class TextRankSummarizer(_SparseRanker, SumyTextRankSummarizer):  # type: ignore[misc]
    """sumy's ``TextRankSummarizer`` computed on sparse matrices; same options, same result.

    ``TextRankSummarizer(stemmer)``; set ``stop_words``, ``damping`` and ``epsilon`` as on
    sumy's class; ``summarizer(document, sentences_count)`` returns a tuple of sentences.
    """

    def _scores(self, document: Any) -> FloatArray:
        return self.rate_sentences(document)

    def rate_sentences(self, document: Any) -> FloatArray:
        """Return sumy's TextRank score of each sentence of ``document``, in document order."""
        sentences = document.sentences
        counts, lengths = self._counter.count(self, sentences)
        count = len(sentences)
        weights = self._edge_weights(counts, lengths)
        teleport = (1.0 - self.damping) / count
        if count <= TEXTRANK_DENSE_LIMIT:
            # sumy's own steps on the dense matrix, so its sums round exactly as sumy's do.
            matrix = weights.toarray()
            matrix /= matrix.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
            # sumy: full(teleport) + damping * weights; the same bits, computed in place.
            matrix *= self.damping
            matrix += teleport
            return np.asarray(self.power_method(matrix, self.epsilon), dtype=np.float64)
        row_sums = np.asarray(weights.sum(axis=1)).ravel() + self._ZERO_DIVISION_PREVENTION
        # The weights are symmetric (bit for bit), so the transposed normalised matrix is the
        # weights divided by the row sum of each entry's column: no transposition needed
        # (and no copy: the weights themselves are not needed any more).
        weights.data /= row_sums[weights.indices]
        return _power_method(
            weights, self.epsilon, normalize=False, damping=self.damping, teleport=teleport
        )

    @staticmethod
    def _edge_weights(counts: sparse.csr_matrix, lengths: NDArray[np.int64]) -> sparse.csr_matrix:
        """sumy's edge: shared word occurrences / (log len1 + log len2), or the count if 0."""
        # Integer counts: the products and sums are exact whatever the order. The counts are
        # positive, so the product holds no zeros (pairs sharing no word are absent).
        weights = sparse.csr_matrix(counts @ counts.T)
        logs = np.array([math.log(n) if n > 0 else 0.0 for n in lengths.tolist()])
        # log len1 + log len2 for every entry: its row's log, plus its column's.
        norms = np.repeat(logs, np.diff(weights.indptr))
        norms += logs[weights.indices]
        # numpy.isclose(norm, 0.) as sumy (atol 1e-8; a norm is never negative): only when
        # both sentences have one word, and then the edge is the count itself.
        np.divide(weights.data, norms, out=weights.data, where=norms > 1e-8)
        return weights


def _power_method(
    transposed: sparse.csr_matrix,
    epsilon: float,
    *,
    normalize: bool,
    damping: float = 1.0,
    teleport: float = 0.0,
) -> FloatArray:
    """sumy's power method on a sparse transposed matrix, with the same stopping rule.

    LexRank (``normalize``) rescales each step to unit length; TextRank's dense matrix is
    ``teleport + damping * transposed.T``, applied here without building it.
    """
    count = transposed.shape[0]
    p_vector = np.full(count, 1.0 / count)
    change = 1.0
    while change > epsilon:
        next_p = transposed @ p_vector
        if teleport or damping != 1.0:
            next_p = teleport * p_vector.sum() + damping * next_p
        if normalize:
            next_p /= np.linalg.norm(next_p)
        change = float(np.linalg.norm(next_p - p_vector))
        p_vector = next_p
    return np.asarray(p_vector, dtype=np.float64)
