"""Scores for the quality benchmark: BCubed precision, recall and F1 of a clustering."""

from __future__ import annotations

from collections.abc import Sequence


def bcubed(
    predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]
) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1) of ``predicted`` clusters against ``gold`` ones.

    For each item: precision is the share of its predicted cluster that shares its gold
    cluster, recall the share of its gold cluster found in its predicted cluster; both are
    averaged over items. Items missing from one side count as singletons there.
    """
    predicted_of = {item: frozenset(group) for group in predicted for item in group}
    gold_of = {item: frozenset(group) for group in gold for item in group}
    items = sorted(set(predicted_of) | set(gold_of))
    if not items:
        return 1.0, 1.0, 1.0
    precision = recall = 0.0
    for item in items:
        mine = predicted_of.get(item, frozenset({item}))
        truth = gold_of.get(item, frozenset({item}))
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
