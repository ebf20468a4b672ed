"""Quote precision and recall against hand-labelled gold: right text, right speaker.

A predicted quote matches a gold quote of the same article when their texts agree (token
F1 of at least ``TEXT_MATCH``, after folding case, accents and punctuation, so a trailing
period or comma does not decide) and their speakers are the same actor after alias folding
(accents, case, articles; a surname matches the full name that ends with it). Each gold
quote is matched at most once. Kind (direct/reported) is not part of a match.

Run as a script to print the numbers for the seeds and tests/data/corpora/quotes.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

TEXT_MATCH = 0.8


#: One labelled quote: {"speaker", "text", "kind"}.
GoldQuote = dict[str, str]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("’", "'").lower()


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _speaker_tokens(name: str) -> tuple[str, ...]:
    folded = re.sub(r"'s\b", "", _fold(name))
    return tuple(
        word for word in re.findall(r"[a-z0-9\-]+", folded) if word not in {"the", "a", "an"}
    )


def text_overlap(predicted: str, gold: str) -> float:
    """Token F1 between two texts (0.0 to 1.0)."""
    left, right = Counter(_tokens(predicted)), Counter(_tokens(gold))
    common = sum((left & right).values())
    if common == 0:
        return 0.0
    precision = common / sum(left.values())
    recall = common / sum(right.values())
    return 2 * precision * recall / (precision + recall)


def same_speaker(predicted: str, gold: str) -> bool:
    """Whether two speakers are one actor: equal once folded, or one a run of the other's words."""
    left, right = _speaker_tokens(predicted), _speaker_tokens(gold)
    if not left or not right:
        return False
    short, long = sorted((left, right), key=len)
    return any(
        long[start : start + len(short)] == short for start in range(len(long) - len(short) + 1)
    )


def score_quotes(
    predicted: Mapping[str, Sequence[Mapping[str, str]]],
    gold: Mapping[str, Sequence[Mapping[str, str]]],
) -> tuple[float, float]:
    """Precision and recall of predicted quotes against gold, per article id.

    Both map an article id to a list of ``{"speaker", "text", "kind"}`` dicts (the gold
    file's shape). Returns ``(precision, recall)``; an empty side counts as 1.0.
    """
    matched = 0
    predicted_total = sum(len(items) for items in predicted.values())
    gold_total = sum(len(items) for items in gold.values())
    for article_id, items in predicted.items():
        remaining = list(gold.get(article_id, ()))
        for item in items:
            best: int | None = None
            best_overlap = TEXT_MATCH
            for position, candidate in enumerate(remaining):
                overlap = text_overlap(item["text"], candidate["text"])
                if overlap >= best_overlap and same_speaker(item["speaker"], candidate["speaker"]):
                    best, best_overlap = position, overlap
            if best is not None:
                matched += 1
                remaining.pop(best)
    precision = matched / predicted_total if predicted_total else 1.0
    recall = matched / gold_total if gold_total else 1.0
    return precision, recall


def load_gold(path: Path) -> dict[str, list[GoldQuote]]:
    """The ``articles`` mapping of a gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles: dict[str, list[GoldQuote]] = data["articles"]
    return articles


def _articles_from(paths: Iterable[Path]) -> list[object]:
    from briefing.models import Article
    from briefing.text import split_paragraphs

    return [
        Article(
            id=path.stem,
            path=str(path),
            title="",
            paragraphs=tuple(split_paragraphs(path.read_text(encoding="utf-8"))),
        )
        for path in paths
    ]


def main() -> int:
    """Print quote precision/recall over the seeds and the constructed corpus."""
    from briefing.models import Article
    from briefing.quotes import extract_quotes

    root = Path(__file__).resolve().parent.parent
    gold = load_gold(root / "tests" / "data" / "gold" / "quotes.json")
    groups = {
        "seeds": sorted((root / "seeds").glob("*.txt")),
        "constructed": sorted((root / "tests" / "data" / "corpora" / "quotes").glob("*.txt")),
    }
    every_predicted: dict[str, list[dict[str, str]]] = {}
    every_gold: dict[str, list[GoldQuote]] = {}
    for label, paths in groups.items():
        predicted: dict[str, list[dict[str, str]]] = {}
        for article in _articles_from(paths):
            assert isinstance(article, Article)
            predicted[article.id] = [
                {"speaker": quote.speaker, "text": quote.text, "kind": quote.kind}
                for quote in extract_quotes(article)
            ]
        subset = {article_id: gold.get(article_id, []) for article_id in predicted}
        precision, recall = score_quotes(predicted, subset)
        print(f"quotes {label:12} precision {precision:.3f} recall {recall:.3f}")
        every_predicted.update(predicted)
        every_gold.update(subset)
    precision, recall = score_quotes(every_predicted, every_gold)
    print(f"quotes {'all':12} precision {precision:.3f} recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
