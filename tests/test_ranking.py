"""briefing.ranking's LexRank and TextRank return exactly what sumy's own classes return."""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRankSummarizer
from sumy.utils import get_stop_words

from briefing import ranking
from briefing.ranking import LexRankSummarizer, TextRankSummarizer
from briefing.text import OfflineTokenizer

# sumy's own power method divides by a zero norm on some tiny documents; that is its business.
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOKENIZER = OfflineTokenizer()
STEMMER = Stemmer("english")
PAIRS = [
    pytest.param((SumyLexRankSummarizer, LexRankSummarizer), id="lexrank"),
    pytest.param((SumyTextRankSummarizer, TextRankSummarizer), id="textrank"),
]


def _document(size: int, seed: int, *, duplicates: float = 0.05) -> ObjectDocumentModel:
    """Zipfian sentences of news-like length; some repeated verbatim or re-cased, a few tiny."""
    rng = random.Random(seed)
    function_words = ["the", "and", "of", "said", "a", "in", "to"]
    vocabulary = function_words + [f"w{index}" for index in range(1500)]
    weights = [1.0 / (index + 1) for index in range(len(vocabulary))]
    sentences: list[str] = []
    for _ in range(size):
        if sentences and rng.random() < duplicates:
            repeated = rng.choice(sentences)
            # Verbatim, or the same words re-cased (another sentence with identical terms).
            sentences.append(repeated if rng.random() < 0.5 else repeated.upper())
            continue
        length = 1 if rng.random() < 0.03 else max(2, int(rng.gauss(20, 8)))
        sentences.append(" ".join(rng.choices(vocabulary, weights, k=length)).capitalize() + ".")
    paragraphs = [sentences[start : start + 6] for start in range(0, len(sentences), 6)]
    return ObjectDocumentModel(
        [Paragraph([Sentence(text, TOKENIZER) for text in group]) for group in paragraphs]
    )


def _texts(sentences: tuple[Any, ...]) -> list[str]:
    return [str(sentence) for sentence in sentences]


def _both(pair: tuple[type, type], *, stop_words: bool = True) -> tuple[Any, Any]:
    theirs, ours = pair[0](STEMMER), pair[1](STEMMER)
    if stop_words:
        theirs.stop_words = ours.stop_words = get_stop_words("english")
    return theirs, ours


@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("size", [1, 2, 3, 10, 40, 120, 300, 600])
def test_same_sentences_as_sumy_on_documents_of_many_sizes(
    pair: tuple[type, type], size: int
) -> None:
    document = _document(size, seed=size)
    theirs, ours = _both(pair)
    for count in (1, 5, 12, "20%"):
        assert _texts(ours(document, count)) == _texts(theirs(document, count))


@pytest.mark.parametrize("pair", PAIRS)
def test_same_sentences_without_stop_words_and_with_heavy_duplication(
    pair: tuple[type, type],
) -> None:
    for seed in range(6):
        document = _document(90, seed=100 + seed, duplicates=0.3)
        theirs, ours = _both(pair, stop_words=False)
        assert _texts(ours(document, "30%")) == _texts(theirs(document, "30%"))


@pytest.mark.parametrize("pair", PAIRS)
def test_ties_and_duplicates_keep_sumys_order(pair: tuple[type, type]) -> None:
    # Every sentence repeated, some with the same words in another order or case, some with
    # no word shared with any other: ratings tie everywhere, and only document order decides.
    base = ["Alpha beta gamma.", "Beta gamma alpha.", "Delta epsilon.", "ALPHA BETA GAMMA."]
    texts = base * 6 + ["Zeta."] * 3 + ["Eta theta.", "Iota kappa.", "Lambda mu."]
    document = ObjectDocumentModel([Paragraph([Sentence(t, TOKENIZER) for t in texts])])
    theirs, ours = _both(pair, stop_words=False)
    for count in range(1, len(texts) + 1):
        assert _texts(ours(document, count)) == _texts(theirs(document, count))


def test_duplicates_share_the_rating_of_their_last_occurrence_as_in_sumy() -> None:
    texts = ["Alpha beta.", "Gamma delta.", "Alpha beta.", "Alpha beta gamma delta."]
    document = ObjectDocumentModel([Paragraph([Sentence(t, TOKENIZER) for t in texts])])
    chosen = _texts(LexRankSummarizer(STEMMER)(document, 4))
    assert chosen == texts
    assert chosen == _texts(SumyLexRankSummarizer(STEMMER)(document, 4))


@pytest.mark.parametrize(
    ("threshold", "epsilon"), [(0.0, 0.1), (0.05, 0.01), (0.3, 0.5), (-1, 0.1)]
)
def test_lexrank_threshold_and_epsilon_as_sumy(threshold: float, epsilon: float) -> None:
    document = _document(150, seed=3, duplicates=0.2)
    theirs, ours = _both(PAIRS[0].values[0])  # type: ignore[arg-type]
    theirs.threshold = ours.threshold = threshold
    theirs.epsilon = ours.epsilon = epsilon
    assert _texts(ours(document, "10%")) == _texts(theirs(document, "10%"))


@pytest.mark.parametrize(("damping", "epsilon"), [(0.85, 1e-4), (0.5, 1e-6), (0.99, 1e-3)])
def test_textrank_damping_and_epsilon_as_sumy(damping: float, epsilon: float) -> None:
    document = _document(150, seed=4, duplicates=0.2)
    theirs, ours = _both(PAIRS[1].values[0])  # type: ignore[arg-type]
    theirs.damping = ours.damping = damping
    theirs.epsilon = ours.epsilon = epsilon
    assert _texts(ours(document, "10%")) == _texts(theirs(document, "10%"))


@pytest.mark.parametrize("pair", PAIRS)
def test_sparse_power_method_for_big_documents_agrees_too(
    pair: tuple[type, type], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranking, "LEXRANK_DENSE_LIMIT", 0)
    monkeypatch.setattr(ranking, "TEXTRANK_DENSE_LIMIT", 0)
    for seed, duplicates in ((11, 0.0), (12, 0.1)):
        document = _document(400, seed=seed, duplicates=duplicates)
        theirs, ours = _both(pair)
        assert _texts(ours(document, "5%")) == _texts(theirs(document, "5%"))


@pytest.mark.parametrize("pair", PAIRS)
def test_stop_words_changed_between_calls_are_honoured(pair: tuple[type, type]) -> None:
    document = _document(80, seed=5)
    theirs, ours = _both(pair, stop_words=False)
    assert _texts(ours(document, 6)) == _texts(theirs(document, 6))
    theirs.stop_words = ours.stop_words = ["the", "and", "of", "w0", "w1", "w2"]
    assert _texts(ours(document, 6)) == _texts(theirs(document, 6))


@pytest.mark.parametrize("pair", PAIRS)
def test_the_seeds_as_one_document(pair: tuple[type, type]) -> None:
    paragraphs = [
        Paragraph([Sentence(text, TOKENIZER) for text in TOKENIZER.to_sentences(paragraph)])
        for seed in sorted(SEEDS.glob("*.txt"))
        for paragraph in seed.read_text(encoding="utf-8").split("\n\n")
        if paragraph.strip()
    ]
    document = ObjectDocumentModel(paragraphs)
    theirs, ours = _both(pair)
    for count in (3, 10, "15%"):
        assert _texts(ours(document, count)) == _texts(theirs(document, count))


@pytest.mark.parametrize("pair", PAIRS)
def test_empty_document_gives_no_sentences(pair: tuple[type, type]) -> None:
    assert pair[1](STEMMER)(ObjectDocumentModel([]), 3) == ()


def test_a_stemmer_that_is_not_callable_is_refused_as_by_sumy() -> None:
    with pytest.raises(TypeError):
        LexRankSummarizer("english")


@pytest.mark.parametrize("pair", PAIRS)
def test_a_two_sentence_document_is_returned_whole_without_dividing_by_zero(
    pair: tuple[type, type],
) -> None:
    # sumy's idf is log(2 / (1 + 1)) = 0 for every word here: its graph is all zeros.
    texts = ["The ferry resumed on Monday after repairs.", "Two sailings a day will run."]
    document = ObjectDocumentModel([Paragraph([Sentence(t, TOKENIZER) for t in texts])])
    sumys = _texts(pair[0](STEMMER)(document, 1))  # with a RuntimeWarning for LexRank
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _texts(pair[1](STEMMER)(document, 5)) == texts
        assert _texts(pair[1](STEMMER)(document, 1)) == sumys
