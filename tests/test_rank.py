"""Our vectorized LexRank and TextRank return exactly what sumy's own classes return."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRank
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRank
from sumy.utils import get_stop_words

from briefing import rank
from briefing.summarize import LexRankSummarizer, TextRankSummarizer
from briefing.text import OfflineTokenizer, split_paragraphs

# sumy's own power method divides by a zero norm on some tiny documents; that is its business.
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = OfflineTokenizer()
STEMMER = Stemmer("english")
PAIRS = [(SumyLexRank, LexRankSummarizer), (SumyTextRank, TextRankSummarizer)]


def _document(size: int, seed: int, *, duplicates: float = 0.05) -> ObjectDocumentModel:
    """Zipfian sentences of realistic length, some repeated verbatim, a few one-word ones."""
    rng = random.Random(seed)
    vocabulary = [f"w{index}" for index in range(1500)] + ["the", "and", "of", "said"]
    weights = [1.0 / (index + 1) for index in range(len(vocabulary))]
    sentences: list[str] = []
    for _ in range(size):
        if sentences and rng.random() < duplicates:
            sentences.append(rng.choice(sentences))
            continue
        length = 1 if rng.random() < 0.03 else max(2, int(rng.gauss(18, 8)))
        sentences.append(" ".join(rng.choices(vocabulary, weights, k=length)).capitalize() + ".")
    paragraphs = [sentences[start : start + 7] for start in range(0, len(sentences), 7)]
    return ObjectDocumentModel(
        [Paragraph([Sentence(text, TOKENIZER) for text in group]) for group in paragraphs]
    )


def _texts(sentences: tuple[Sentence, ...]) -> list[str]:
    return [str(sentence) for sentence in sentences]


def _both(pair: tuple[type, type], stop_words: bool = True) -> tuple[Any, Any]:
    theirs, ours = pair[0](STEMMER), pair[1](STEMMER)
    if stop_words:
        theirs.stop_words = ours.stop_words = get_stop_words("english")
    return theirs, ours


@pytest.mark.parametrize("pair", PAIRS, ids=["lexrank", "textrank"])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 25, 80, 200, 450])
def test_same_sentences_as_sumy(pair: tuple[type, type], size: int) -> None:
    document = _document(size, seed=size)
    theirs, ours = _both(pair)
    for count in (1, 5, 12):
        assert _texts(ours(document, count)) == _texts(theirs(document, count))


@pytest.mark.parametrize("pair", PAIRS, ids=["lexrank", "textrank"])
def test_ties_and_duplicates_keep_sumys_order(pair: tuple[type, type]) -> None:
    # Every sentence twice, and many sentences with the same words: ratings tie everywhere.
    base = ["Alpha beta gamma.", "Beta gamma alpha.", "Delta epsilon.", "Alpha beta gamma."]
    texts = base * 6 + ["Zeta."] * 3
    document = ObjectDocumentModel([Paragraph([Sentence(t, TOKENIZER) for t in texts])])
    theirs, ours = _both(pair, stop_words=False)
    for count in (1, 3, 6):
        assert _texts(ours(document, count)) == _texts(theirs(document, count))


@pytest.mark.parametrize("pair", PAIRS, ids=["lexrank", "textrank"])
def test_options_and_percentage_counts(pair: tuple[type, type]) -> None:
    document = _document(150, seed=3, duplicates=0.2)
    theirs, ours = _both(pair, stop_words=False)
    if pair[0] is SumyLexRank:
        for threshold, epsilon in ((0.05, 0.1), (0.3, 0.01)):
            theirs.threshold = ours.threshold = threshold
            theirs.epsilon = ours.epsilon = epsilon
            assert _texts(ours(document, "10%")) == _texts(theirs(document, "10%"))
    else:
        theirs.damping = ours.damping = 0.7
        assert _texts(ours(document, "10%")) == _texts(theirs(document, "10%"))


@pytest.mark.parametrize("pair", PAIRS, ids=["lexrank", "textrank"])
def test_the_sparse_path_for_big_documents_agrees_too(
    pair: tuple[type, type], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rank, "DENSE_LIMIT", 10)
    document = _document(300, seed=11, duplicates=0.0)
    theirs, ours = _both(pair)
    assert _texts(ours(document, 8)) == _texts(theirs(document, 8))


@pytest.mark.parametrize("pair", PAIRS, ids=["lexrank", "textrank"])
def test_the_seeds_as_one_document(pair: tuple[type, type]) -> None:
    paragraphs = [
        Paragraph([Sentence(text, TOKENIZER) for text in TOKENIZER.to_sentences(paragraph)])
        for seed in sorted((ROOT / "seeds").glob("*.txt"))
        for paragraph in split_paragraphs(seed.read_text(encoding="utf-8"))
    ]
    document = ObjectDocumentModel(paragraphs)
    theirs, ours = _both(pair)
    assert _texts(ours(document, 10)) == _texts(theirs(document, 10))


def test_empty_document() -> None:
    document = ObjectDocumentModel([])
    assert LexRankSummarizer(STEMMER)(document, 3) == ()
    assert TextRankSummarizer(STEMMER)(document, 3) == ()
