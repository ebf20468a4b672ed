"""Speed: briefing.ranking's LexRank/TextRank against sumy's own classes, in the same run.

    .venv/bin/python benchmarks/summarizers.py         # 500, 2,000 with sumy; 20,000 ours only
    .venv/bin/python benchmarks/summarizers.py --full       # also 8,000 with sumy (minutes)
    .venv/bin/python benchmarks/summarizers.py --sizes 300 1000 --ours-only 50000
    .venv/bin/python benchmarks/summarizers.py --corpus DIR # sentences of real .txt articles

For each size and method it prints sumy's time, ours, their ratio and whether both returned the
same sentences (5, and 10%). Every figure printed is measured; "-" means not measured.
"ours cold" is a fresh summarizer with a fresh stemmer (every distinct word stemmed, as on a
first call); "ours warm" is a second call (stems cached, as for the next incident of a brief).
The document is tokenized once before timing, so both sides are timed on ranking alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRankSummarizer
from sumy.utils import get_stop_words

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus

from briefing.ranking import LexRankSummarizer, TextRankSummarizer
from briefing.text import OfflineTokenizer

TOKENIZER = OfflineTokenizer()
METHODS = (
    ("lexrank", SumyLexRankSummarizer, LexRankSummarizer),
    ("textrank", SumyTextRankSummarizer, TextRankSummarizer),
)
COUNTS: tuple[int | str, ...] = (5, "10%")


def corpus_sentences(folder: Path) -> list[str]:
    """Sentences of the .txt articles in ``folder`` (title line skipped), in file order."""
    sentences: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8", errors="replace").split("\n\n")[1:]
        for paragraph in paragraphs:
            sentences.extend(TOKENIZER.to_sentences(paragraph))
    return [sentence for sentence in sentences if sentence]


def make_document(texts: list[str]) -> ObjectDocumentModel:
    """A sumy document of ``texts``, tokenized up front so timing covers ranking only."""
    document = ObjectDocumentModel([Paragraph([Sentence(text, TOKENIZER) for text in texts])])
    for sentence in document.sentences:
        _ = sentence.words
    return document


def timed(summarizer: Any, document: ObjectDocumentModel) -> tuple[float, list[list[str]]]:
    """Seconds for the first count, and the sentences chosen for every count in COUNTS."""
    start = time.perf_counter()
    first = summarizer(document, COUNTS[0])
    seconds = time.perf_counter() - start
    chosen = [[str(s) for s in first]]
    chosen += [[str(s) for s in summarizer(document, count)] for count in COUNTS[1:]]
    return seconds, chosen


def build(summarizer_class: type, stop_words: frozenset[str]) -> Any:
    summarizer = summarizer_class(Stemmer("english"))  # a fresh stemmer: nothing cached
    summarizer.stop_words = stop_words
    return summarizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--full", action="store_true", help="also 8,000 sentences with sumy")
    parser.add_argument("--ours-only", type=int, nargs="*", default=[20000])
    parser.add_argument("--corpus", type=Path, help="a folder of .txt articles")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    sizes = arguments.sizes + ([8000] if arguments.full else [])
    stop_words = get_stop_words("english")
    real = corpus_sentences(arguments.corpus) if arguments.corpus else []
    if arguments.corpus and not real:
        parser.error(f"no sentences in {arguments.corpus}/*.txt")
    print(
        f"{'method':<9} {'sentences':>9} {'sumy s':>9} {'ours cold s':>11} {'ours warm s':>11} "
        f"{'ratio cold':>10} {'ratio warm':>10}  identical"
    )
    for size in [*sizes, *arguments.ours_only]:
        if real:
            texts = (real * (size // len(real) + 1))[:size]  # repeated if the folder is small
        else:
            texts = Corpus(arguments.seed).sentences(size)
        document = make_document(texts)
        for name, theirs_class, ours_class in METHODS:
            ours = build(ours_class, stop_words)
            cold, ours_choice = timed(ours, document)
            warm, _ = timed(ours, document)
            if size in arguments.ours_only and size not in sizes:
                print(
                    f"{name:<9} {size:>9} {'-':>9} {cold:>11.3f} {warm:>11.3f} "
                    f"{'-':>10} {'-':>10}  -"
                )
                continue
            theirs_time, theirs_choice = timed(build(theirs_class, stop_words), document)
            identical = "yes" if ours_choice == theirs_choice else "NO"
            print(
                f"{name:<9} {size:>9} {theirs_time:>9.2f} {cold:>11.3f} {warm:>11.3f} "
                f"{theirs_time / cold:>9.0f}x {theirs_time / warm:>9.0f}x  {identical}",
                flush=True,
            )
    if real and len(real) < max([*sizes, *arguments.ours_only]):
        print(f"(the folder has {len(real)} sentences: bigger sizes repeat them)")


if __name__ == "__main__":
    main()
