"""sumy's LexRank and TextRank, computed with sparse matrices instead of Python loops.

sumy's own classes compare every pair of sentences in pure Python: quadratic, about 23 s for
2,000 sentences. These subclasses keep everything that defines the result (sumy's word
normalisation and stemming, its TF and IDF formulas, LexRank's ``threshold`` and ``epsilon``,
TextRank's ``damping`` and ``epsilon``, the power method and its stopping rule, and sumy's own
``_get_best_sentences`` with its tie order), and only compute the similarity matrix as sparse
products. They return the same sentences as sumy's, in the same order.

Up to ``DENSE_LIMIT`` sentences the power method runs on the same dense matrix sumy builds, with
the same numpy calls, so the scores are sumy's bit for bit except for the last-bit rounding of
a similarity sum (which only matters if a similarity lands exactly on LexRank's threshold).
Beyond it, the matrix stays sparse (a dense one of 20,000 sentences would take 3 GB): scores then
agree with sumy's to rounding, and only sentences whose scores tie to within rounding could
swap.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRank
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRank

#: Sentence counts up to which the power method uses sumy's dense matrix exactly.
DENSE_LIMIT = 3000


def _term_counts(
    sentences_words: Sequence[Sequence[str]],
) -> tuple[sparse.csr_matrix, list[Counter[str]]]:
    """Sentence x term count matrix (terms numbered in order of first appearance)."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    counters = []
    for row, words in enumerate(sentences_words):
        counts = Counter(words)
        counters.append(counts)
        for term, count in counts.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(float(count))
    matrix = sparse.csr_matrix(
        (values, (rows, cols)), shape=(len(sentences_words), max(len(vocabulary), 1))
    )
    return matrix, counters


def _memoised(stemmer: Any) -> Any:
    """Stems each distinct word once: news vocabulary is Zipfian, and Snowball is slow."""
    if not callable(stemmer):
        raise TypeError("Stemmer has to be a callable object")  # sumy's own check and words
    return lru_cache(maxsize=200_000)(stemmer)


class LexRankSummarizer(SumyLexRank):  # type: ignore[misc]
    """sumy's ``LexRankSummarizer``, vectorized: same constructor, options and result."""

    def __init__(self, stemmer: Any = null_stemmer) -> None:
        super().__init__(_memoised(stemmer))

    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        self._ensure_dependencies_installed()
        sentences_words = [self._to_words_set(s) for s in document.sentences]
        if not sentences_words:
            return ()
        scores = self.rate(sentences_words)
        ratings = dict(zip(document.sentences, scores, strict=True))
        return tuple(self._get_best_sentences(document.sentences, sentences_count, ratings))

    def rate(self, sentences_words: Sequence[Sequence[str]]) -> np.ndarray:
        """LexRank scores of sentences given as lists of normalised, stemmed words."""
        counts, _ = _term_counts(sentences_words)
        count = len(sentences_words)
        # sumy: tf = count / the sentence's highest count; idf = log(N / (1 + sentences with t)).
        highest = counts.max(axis=1).toarray().ravel()
        highest[highest == 0] = 1
        tf = sparse.csr_matrix(sparse.diags(1.0 / highest) @ counts)
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        # math.log, as sumy: numpy's vectorised log may differ from it in the last bit.
        idf = np.array([math.log(count / (1 + int(df))) for df in document_frequency])
        vectors = sparse.csr_matrix(tf @ sparse.diags(idf))
        dots = sparse.csr_matrix(vectors @ vectors.T)
        norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
        if count <= DENSE_LIMIT:
            return self._rate_dense(dots, norms)
        return self._rate_sparse(dots, norms)

    def _similar(self, dots: sparse.csr_matrix, norms: np.ndarray) -> sparse.csr_matrix:
        """The 0/1 matrix of sentence pairs more similar than the threshold."""
        coo = dots.tocoo()
        denominators = norms[coo.row] * norms[coo.col]
        with np.errstate(divide="ignore", invalid="ignore"):
            cosine = np.where(denominators > 0, coo.data / denominators, 0.0)
        keep = cosine > self.threshold
        return sparse.csr_matrix(
            (np.ones(int(keep.sum())), (coo.row[keep], coo.col[keep])), shape=dots.shape
        )

    def _rate_dense(self, dots: sparse.csr_matrix, norms: np.ndarray) -> np.ndarray:
        matrix = self._similar(dots, norms).toarray()
        degrees = matrix.sum(axis=1)
        degrees[degrees == 0] = 1
        matrix = matrix / degrees[:, np.newaxis]
        return np.asarray(self.power_method(matrix, self.epsilon))

    def _rate_sparse(self, dots: sparse.csr_matrix, norms: np.ndarray) -> np.ndarray:
        similar = self._similar(dots, norms)
        degrees = np.asarray(similar.sum(axis=1)).ravel()
        degrees[degrees == 0] = 1
        transposed = sparse.csr_matrix((sparse.diags(1.0 / degrees) @ similar).T)
        count = similar.shape[0]
        p_vector = np.full(count, 1.0 / count)
        change = 1.0
        while change > self.epsilon:  # sumy's power method, on a sparse matrix
            next_p = transposed @ p_vector
            next_p /= np.linalg.norm(next_p)
            change = float(np.linalg.norm(next_p - p_vector))
            p_vector = next_p
        return p_vector


class TextRankSummarizer(SumyTextRank):  # type: ignore[misc]
    """sumy's ``TextRankSummarizer``, vectorized: same constructor, options and result."""

    def __init__(self, stemmer: Any = null_stemmer) -> None:
        super().__init__(_memoised(stemmer))

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        sentences_words = [self._to_words_set(sentence) for sentence in document.sentences]
        ranks = self.rate(sentences_words)
        return dict(zip(document.sentences, ranks, strict=True))

    def rate(self, sentences_words: Sequence[Sequence[str]]) -> np.ndarray:
        """TextRank scores of sentences given as lists of normalised, stemmed words."""
        counts, _ = _term_counts(sentences_words)
        count = len(sentences_words)
        # sumy's edge: shared word occurrences / (log len1 + log len2); when both sentences
        # have one word the norm is 0 and the edge is the shared count itself.
        shared = sparse.csr_matrix(counts @ counts.T).tocoo()
        log_lengths = np.array(
            [math.log(len(words)) if words else -math.inf for words in sentences_words]
        )
        norm = log_lengths[shared.row] + log_lengths[shared.col]
        near_zero = np.isclose(norm, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            edge = np.where(near_zero, shared.data, shared.data / np.where(near_zero, 1, norm))
        weights = sparse.csr_matrix((edge, (shared.row, shared.col)), shape=(count, count))
        if count <= DENSE_LIMIT:
            # sumy's own steps on the dense matrix, so the sums round exactly as sumy's do.
            dense = weights.toarray()
            dense /= dense.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
            matrix = np.full((count, count), (1.0 - self.damping) / count) + self.damping * dense
            return np.asarray(self.power_method(matrix, self.epsilon))
        row_sums = np.asarray(weights.sum(axis=1)).ravel() + self._ZERO_DIVISION_PREVENTION
        normalised = sparse.csr_matrix(sparse.diags(1.0 / row_sums) @ weights)
        transposed = sparse.csr_matrix(normalised.T)
        teleport = (1.0 - self.damping) / count
        p_vector = np.full(count, 1.0 / count)
        change = 1.0
        while change > self.epsilon:  # sumy's power method with the damping term folded in
            next_p = teleport * p_vector.sum() + self.damping * (transposed @ p_vector)
            change = float(np.linalg.norm(next_p - p_vector))
            p_vector = next_p
        return p_vector
