"""Collapse copies of one story into one Article, with every publication of it listed.

The same wire story reaches the pile many times: syndicated by other outlets under another
headline, saved twice, exported once from a feed and once from a news API. Left alone, copies
inflate an incident's article count and repeat the same sentences in its summary and quotes.

How: each article's body becomes the set of its five-word sequences (shingles, hashed). Exact
copies share all of them. For near copies, a MinHash signature of each set goes into an LSH
index (datasketch), which proposes candidate pairs without comparing all pairs; each candidate
pair is then checked exactly on the full shingle sets. Two articles are copies when

- they share at least ``NEAR_DUPLICATE_JACCARD`` of their shingles (Jaccard similarity): the
  same text with another headline, dateline, or a sentence changed; or
- one is the other cut short: at least ``CONTAINED_SHARE`` of the shorter one's shingles are
  in the longer one (an outlet trimming the wire copy), when Jaccard is still at least the LSH
  threshold, so LSH can find them.

A group of copies keeps one article, the fullest text (ties: a dated one, the earliest, the
smallest id); the others become its ``copies``. It takes the earliest date of the group when
it has none of its own. The result is the same whatever the input order.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from briefing.models import Article, ArticleCopy

logger = logging.getLogger(__name__)

#: Words per shingle: long enough that shared phrases ("the UN Security Council said on")
#: between different stories rarely make a shingle in common, short enough to survive edits.
SHINGLE_WORDS = 5
#: Share of shingles in common (of the union) that makes two articles copies.
NEAR_DUPLICATE_JACCARD = 0.6
#: Share of the shorter article's shingles found in the longer one that makes it a cut copy.
CONTAINED_SHARE = 0.9
#: The LSH index proposes pairs whose estimated Jaccard similarity is at least this.
CANDIDATE_JACCARD = 0.4
#: Fewer shingles than this (about 30 words) is too little text to call two articles copies
#: unless they are exactly the same.
MIN_SHINGLES = 25
NUM_PERMUTATIONS = 128
#: Signatures are computed on the shingles whose hash is 0 modulo this (about one in four):
#: the same subset for every article, so estimates stay unbiased, at a quarter of the cost.
#: Candidates are checked on all shingles.
SAMPLE_MODULUS = 4

_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class Fingerprint:
    exact: bytes
    shingles: npt.NDArray[np.uint32]  # sorted, unique


class TokenHashes:
    """crc32 of each word, cached: deterministic across processes, unlike hash()."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> npt.NDArray[np.uint64]:
        cache = self._cache
        for token in set(tokens).difference(cache):
            cache[token] = zlib.crc32(token.encode("utf-8"))
        return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


_PRIME = np.uint64(1_000_003)


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """64 bits folded to 32 and finalized (murmur3's mixer), so hashes spread evenly."""
    values = (values ^ (values >> np.uint64(32))) & _MASK32
    values ^= values >> np.uint64(16)
    values = (values * np.uint64(0x85EBCA6B)) & _MASK32
    values ^= values >> np.uint64(13)
    values = (values * np.uint64(0xC2B2AE35)) & _MASK32
    values ^= values >> np.uint64(16)
    return values


def fingerprint_of(article: Article, token_hashes: TokenHashes) -> Fingerprint:
    # Words as split by white space, punctuation and all: copies keep their punctuation, and
    # splitting this way is several times cheaper than a word pattern.
    tokens = article.text.lower().split()
    exact = zlib.crc32(" ".join(tokens).encode("utf-8")).to_bytes(4, "big") + len(tokens).to_bytes(
        4, "big"
    )
    hashes = token_hashes(tokens)
    if len(hashes) < SHINGLE_WORDS:
        combined = np.array([int(hashes.sum()) if len(hashes) else 0], dtype=np.uint64)
    else:
        count = len(hashes) - SHINGLE_WORDS + 1
        combined = hashes[:count].copy()
        for offset in range(1, SHINGLE_WORDS):  # a polynomial hash of five words, wrapping
            combined = combined * _PRIME + hashes[offset : offset + count]
    shingles = np.sort(_mix(combined).astype(np.uint32))
    return Fingerprint(exact, shingles[np.r_[True, shingles[1:] != shingles[:-1]]])


def _identity(value: int) -> int:
    return value


class _Groups:
    """Union-find over article indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[max(root_first, root_second)] = min(root_first, root_second)


def are_copies(first: npt.NDArray[np.uint32], second: npt.NDArray[np.uint32]) -> bool:
    smaller = min(len(first), len(second))
    if smaller < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(first, second, assume_unique=True))
    union = len(first) + len(second) - shared
    return shared >= NEAR_DUPLICATE_JACCARD * union or (
        shared >= CONTAINED_SHARE * smaller and shared >= CANDIDATE_JACCARD * union
    )


#: LSH banding of the 128-value signatures: 42 bands of 3 values. Two articles become a
#: candidate pair when any band is equal: with probability 0.94 at Jaccard 0.4, 0.996 at 0.5
#: and 1.0 at 0.6, but 0.04 at 0.1. Recall over precision: every candidate is checked
#: exactly, so a false candidate costs microseconds while a missed one leaves a copy.
BANDS, ROWS = 42, 3
#: Articles sharing one band value beyond this many are compared with their neighbours only
#: (a run of hundreds means near-identical boilerplate; the exact copies are already grouped).
MAX_BUCKET = 64


def _signatures(fingerprints: Sequence[Fingerprint]) -> tuple[npt.NDArray[np.uint64], list[int]]:
    """MinHash signatures (datasketch) of the articles with enough text, and their numbers."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERMUTATIONS, seed=1)
    rows, numbers = [], []
    for number, fingerprint in enumerate(fingerprints):
        shingles = fingerprint.shingles
        if len(shingles) < MIN_SHINGLES:
            continue
        sample = shingles[shingles % SAMPLE_MODULUS == 0]
        if len(sample) < MIN_SHINGLES // SAMPLE_MODULUS:
            sample = shingles
        signature = MinHash(
            num_perm=NUM_PERMUTATIONS,
            hashfunc=_identity,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        signature.update_batch(sample.tolist())
        rows.append(signature.hashvalues.astype(np.uint64))
        numbers.append(number)
    if not rows:
        return np.zeros((0, NUM_PERMUTATIONS), dtype=np.uint64), []
    return np.vstack(rows), numbers


def _near_pairs(fingerprints: Sequence[Fingerprint]) -> list[tuple[int, int]]:
    """Pairs of articles that are copies, found through LSH buckets and checked exactly."""
    signatures, numbers = _signatures(fingerprints)
    if len(numbers) < 2:
        return []
    candidates: set[tuple[int, int]] = set()
    for band in range(BANDS):
        values = signatures[:, band * ROWS : (band + 1) * ROWS]
        keys = values[:, 0]
        for column in range(1, ROWS):
            keys = keys * _PRIME + values[:, column]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(sorted_keys)])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            bucket = order[start : start + size].tolist()
            for position, first in enumerate(bucket):
                for second in bucket[position + 1 : position + 1 + MAX_BUCKET]:
                    candidates.add((min(first, second), max(first, second)))
    shingles = [fingerprints[number].shingles for number in numbers]
    return [
        (numbers[first], numbers[second])
        for first, second in sorted(candidates)
        if are_copies(shingles[first], shingles[second])
    ]


def _keeper_key(article: Article, words: int) -> tuple[int, bool, date, str]:
    return (-words, article.published is None, article.published or date.max, article.id)


def _as_copy(article: Article) -> ArticleCopy:
    return ArticleCopy(
        id=article.id,
        path=article.path,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
    )


def collapse_duplicates(articles: Sequence[Article]) -> list[Article]:
    """The articles with copies of one story collapsed into one (see the module docstring).

    Order is kept: each group stands where its kept article stood.
    """
    if len(articles) < 2:
        return list(articles)
    token_hashes = TokenHashes()
    fingerprints = [fingerprint_of(article, token_hashes) for article in articles]
    groups = _Groups(len(articles))
    first_with: dict[bytes, int] = {}
    for number, fingerprint in enumerate(fingerprints):
        earlier = first_with.setdefault(fingerprint.exact, number)
        if earlier != number:
            groups.union(earlier, number)
    for first, second in _near_pairs(fingerprints):
        groups.union(first, second)

    members: dict[int, list[int]] = {}
    for number in range(len(articles)):
        members.setdefault(groups.find(number), []).append(number)
    if all(len(group) == 1 for group in members.values()):
        return list(articles)

    kept: dict[int, Article] = {}
    for group in members.values():
        if len(group) == 1:
            kept[group[0]] = articles[group[0]]
            continue
        ordered = sorted(
            group,
            key=lambda n: _keeper_key(articles[n], len(fingerprints[n].shingles)),
        )
        keeper, others = articles[ordered[0]], [articles[n] for n in ordered[1:]]
        copies = [*keeper.copies]
        for other in others:
            copies.append(_as_copy(other))
            copies.extend(other.copies)
        copies.sort(key=lambda copy: (copy.published or date.max, copy.id))
        keeper = replace(keeper, copies=tuple(copies))
        dated = [other for other in others if other.published is not None]
        if keeper.published is None and dated:
            earliest = min(dated, key=lambda other: (other.published or date.max, other.id))
            keeper = replace(
                keeper,
                published=earliest.published,
                date_confidence=earliest.date_confidence,
                date_basis=f"date of a copy of the same story ({earliest.id}: "
                f"{earliest.date_basis})",
                not_before=None,
            )
        logger.info(
            "%s: %d copies of the same story collapsed into it (%s)",
            keeper.id,
            len(others),
            ", ".join(other.id for other in others),
        )
        kept[ordered[0]] = keeper
    return [kept[number] for number in sorted(kept)]
