"""Speed: our LexRank/TextRank against sumy's own classes, measured in the same run.

    .venv/bin/python benchmarks/summarizers.py         # 500 and 2,000; 20,000 ours only
    .venv/bin/python benchmarks/summarizers.py --full  # also sumy at 8,000 (minutes)
    .venv/bin/python benchmarks/summarizers.py --corpus DIR  # sentences of real articles

Prints, per size: sumy's time, ours, the ratio, and whether both chose the same sentences.
Sentences come from benchmarks/synthetic.py (Zipfian vocabulary, realistic lengths) or DIR.
Times cover ranking only: the document is built once and both summarizers get the same one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRank
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRank
from sumy.utils import get_stop_words

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Corpus

from briefing.readers import read_inputs
from briefing.summarize import LexRankSummarizer, TextRankSummarizer
from briefing.text import OfflineTokenizer, iter_sentences

TOKENIZER = OfflineTokenizer()


def synthetic_sentences(count: int, seed: int = 7) -> list[str]:
    corpus = Corpus(seed)
    sentences: list[str] = []
    for incident in corpus.incidents(max(2, count // 30)):
        text = corpus.article(incident, words=900)
        sentences.extend(s for _, s in iter_sentences(text.split("\n\n")[1:]))
        if len(sentences) >= count:
            break
    return sentences[:count]


def corpus_sentences(folder: Path, count: int) -> list[str]:
    articles, _ = read_inputs([folder])
    sentences = [s for article in articles for _, s in iter_sentences(article.paragraphs)]
    return (sentences * (count // max(1, len(sentences)) + 1))[:count]


def document(sentences: list[str]) -> ObjectDocumentModel:
    doc = ObjectDocumentModel([Paragraph([Sentence(text, TOKENIZER) for text in sentences])])
    for sentence in doc.sentences:
        _ = sentence.words  # tokenized once, up front: both sides are timed on ranking alone
    return doc


def timed(summarizer: Any, doc: ObjectDocumentModel) -> tuple[float, list[str]]:
    start = time.perf_counter()
    chosen = summarizer(doc, 5)
    return time.perf_counter() - start, [str(sentence) for sentence in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--full", action="store_true", help="also 8,000 sentences with sumy")
    parser.add_argument("--ours-only", type=int, nargs="*", default=[20000])
    parser.add_argument("--corpus", type=Path, help="a folder of .txt articles")
    arguments = parser.parse_args()
    sizes = arguments.sizes + ([8000] if arguments.full else [])
    stemmer = Stemmer("english")
    stop_words = get_stop_words("english")
    print(f"{'method':<9} {'sentences':>9} {'sumy s':>9} {'ours s':>8} {'ratio':>7}  same")
    for size in [*sizes, *arguments.ours_only]:
        texts = (
            corpus_sentences(arguments.corpus, size)
            if arguments.corpus
            else synthetic_sentences(size)
        )
        doc = document(texts)
        for name, theirs_class, ours_class in (
            ("lexrank", SumyLexRank, LexRankSummarizer),
            ("textrank", SumyTextRank, TextRankSummarizer),
        ):
            ours = ours_class(stemmer)
            ours.stop_words = stop_words
            ours_time, ours_choice = timed(ours, doc)
            if size in arguments.ours_only:
                print(f"{name:<9} {len(texts):>9} {'-':>9} {ours_time:>8.3f} {'-':>7}  -")
                continue
            theirs = theirs_class(stemmer)
            theirs.stop_words = stop_words
            theirs_time, theirs_choice = timed(theirs, doc)
            same = "yes" if ours_choice == theirs_choice else "NO"
            ratio = theirs_time / ours_time
            print(
                f"{name:<9} {len(texts):>9} {theirs_time:>9.2f} {ours_time:>8.3f} "
                f"{ratio:>6.0f}x  {same}"
            )


if __name__ == "__main__":
    main()
