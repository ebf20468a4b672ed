"""Which ranked sentences make a news summary: sumy's centrality, then what a brief needs.

sumy's methods rate sentences by how central they are to the text; a brief also needs the
story's lead, the figures (dead, injured, magnitude, vote share, amounts), no sentence said
twice in other words, and no sentence that cannot stand alone. The steps, in order:

1. **Centrality** (:func:`centrality`): the rating the chosen sumy method gives each sentence,
   read through sumy's own ``sentences_count`` hook, so ``--summarizer`` still decides it.
   Ratings become ranks (1.0 the most central, near 0.0 the least): methods rate on different
   scales, ranks are comparable.
2. **Standing alone** (:func:`stands_alone`): a sentence that opens with a pronoun pointing back
   ("He said ...", "They were freed ..."), that carries half a quote (its quote marks do not
   pair: a quote split across two sentences), that is attributed to a pronoun in a sentence
   naming nobody ("..., he said.") or that says what was said is before it ("X said this.")
   is left out while enough others remain.
3. **Relevance** (:func:`relevance`): the centrality rank, plus a bonus for an article's lead
   (news puts the essentials first) and for a sentence that carries a figure: a number next to
   a word of a small per-language lexicon (dead, injured, displaced, magnitude, percent,
   turnout, dollars...).
4. **The lead first** (:func:`most_central_article`): the first sentence that stands alone of
   the article whose sentences are the most central on average opens the selection.
5. **No repeats, more of the story** (:func:`select`): the rest is chosen greedily by maximal
   marginal relevance: each sentence's relevance, less ``REDUNDANCY`` times its greatest word
   overlap (cosine of content-word sets) with a sentence already chosen, plus ``COVERAGE``
   times the weight of the word pairs it adds that no chosen sentence has yet: a pair of
   adjacent words (not both stop words) printed by k articles weighs k - 1, so what several
   sources report outweighs one writer's phrasing, in any language. A sentence whose figures
   are all given already (the same toll in other words) loses its figure bonus and
   ``REPEATED_FIGURE`` more.

The weights were tuned on half of DUC 2004's groups (the even-numbered in sorted order) and
checked on the other half (README, "Quality, measured").

Every step works on our sentences as the summarizer found them: the text is never changed.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

__all__ = [
    "COVERAGE",
    "FIGURE_BONUS",
    "LEAD_BONUS",
    "REDUNDANCY",
    "REPEATED_FIGURE",
    "Ranked",
    "carries_figure",
    "centrality",
    "figures_of",
    "most_central_article",
    "relevance",
    "select",
    "stands_alone",
]

#: Added to the relevance of an article's first sentence (the lead), and half of it to its second.
LEAD_BONUS = 0.6
#: Added to the relevance of a sentence that carries a figure (see :func:`carries_figure`).
FIGURE_BONUS = 0.15
#: How much a sentence's greatest overlap with one already chosen costs it (MMR's trade-off).
REDUNDANCY = 0.6
#: What a sentence loses when every figure it carries is one a chosen sentence already gives
#: (the winner's vote share, said a third time), besides the figure bonus.
REPEATED_FIGURE = 0.2
#: How much covering word pairs that other articles also print is worth (see :func:`select`).
COVERAGE = 0.6


@dataclass(frozen=True)
class Ranked:
    """A candidate sentence as selection sees it.

    ``article``: its article's index; ``position``: its number among that article's
    candidates (0 is the lead); ``words``: its content words (stemmed, without stop words),
    for the overlap between two sentences; ``pairs``: its adjacent stemmed word pairs, less
    those of two stop words."""

    text: str
    article: int
    position: int
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]] = frozenset()


class _RatingRecorder:
    """A ``sentences_count`` as sumy accepts it (a callable over the rated sentences, best
    first) that keeps every sentence's rating and lets all of them through."""

    def __init__(self) -> None:
        self.ratings: dict[int, float] = {}

    def __call__(self, infos: Sequence[Any]) -> Sequence[Any]:
        for info in infos:
            self.ratings[id(info.sentence)] = float(info.rating)
        return infos


def centrality(ranker: Any, document: Any, sentences: Sequence[Any]) -> list[float]:
    """The rank of each of ``sentences`` (sumy sentences of ``document``) by ``ranker``'s rating.

    1.0 for the best rated, down to 1/len for the worst; sentences rated alike share the
    better rank, a rating that is not a number (sumy's NaN on an all-zero graph) ranks last.
    """
    recorder = _RatingRecorder()
    ranker(document, recorder)
    ratings = [recorder.ratings.get(id(sentence), -math.inf) for sentence in sentences]
    ratings = [-math.inf if math.isnan(r) else r for r in ratings]
    ordered = sorted(set(ratings), reverse=True)
    place = {rating: index for index, rating in enumerate(ordered)}
    count = len(sentences)
    return [1.0 - place[rating] / count for rating in ratings]


# Pronouns that refer back to someone named before, by language: a sentence opening with one
# is only clear after the sentence it follows. Only personal and demonstrative ones; "It is
# raining" opens with "it" too, so "it" is not among them.
_BACK_REFERENCES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "english": frozenset(
            "he she they him her them his hers their theirs these those this".split()
        ),
        "french": frozenset("il elle ils elles lui leur leurs ceux celles celui celle".split()),
        "spanish": frozenset("él ella ellos ellas su sus éste ésta estos estas".split()),
        "german": frozenset("er sie ihr ihre ihm ihn ihnen dieser diese".split()),
        "italian": frozenset("lui lei loro egli ella essi esse".split()),
        "portuguese": frozenset("ele ela eles elas seu sua seus suas".split()),
    }
)
# "..., he said." / "..., they added": attribution to a pronoun at the end of a sentence.
_PRONOUN_ATTRIBUTION: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "english": re.compile(
            r",[\"'”’»]*\s+(?:he|she|they)\s+(?:said|says|added|told|warned|noted|explained|"
            r"wrote|insisted|argued|stressed)\b[^,]*[.!?…][\"'”’»)]*$",
            re.IGNORECASE,
        ),
        "french": re.compile(
            r",[\"'”’»]*\s+(?:a-t-il|a-t-elle|ont-ils|ont-elles)\s+\w+[^,]*[.!?…][\"'”’»)]*$",
            re.IGNORECASE,
        ),
    }
)
# "..., the minister said this." / "... said so.": what was said is in the sentence before.
_SAID_THIS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "english": re.compile(
            r"\b(?:said|says|stated|announced|added|reported|confirmed)\s+(?:this|that|so)"
            r"[.!…][\"'”’»)]*$",
            re.IGNORECASE,
        ),
    }
)
_FIRST_WORD = re.compile(r"[\"'“‘«(\[]*([^\W\d_][\w’'-]*)")
# A name: a capitalised word after the sentence's first word.
_NAME = re.compile(r"(?<=[\s(\"“‘«])[^\W\d_a-z][\w’'.-]*[^\W\d_]")
_DOUBLE_QUOTES = re.compile(r"[\"“”«»]|``|''")


def stands_alone(text: str, language: str) -> bool:
    """True unless the sentence reads as the middle of something (step 2).

    False for a sentence opening with a pronoun that points back, for one whose double quote
    marks do not pair (half a quote) and for one attributed to a pronoun while naming
    nobody. Languages without a lexicon here are only checked for half quotes."""
    first = _FIRST_WORD.match(text)
    if first and first.group(1).lower() in _BACK_REFERENCES.get(language, frozenset()):
        return False
    if _quote_marks_unpaired(text):
        return False
    said_this = _SAID_THIS.get(language)
    if said_this is not None and said_this.search(text):
        return False
    attribution = _PRONOUN_ATTRIBUTION.get(language)
    if attribution is not None and attribution.search(text):
        return bool(_NAME.search(text))
    return True


def _quote_marks_unpaired(text: str) -> bool:
    """True when the sentence opens or closes a quotation that it does not also close or open."""
    marks = _DOUBLE_QUOTES.findall(text)
    if not marks:
        return False
    opening = sum(1 for mark in marks if mark in ("“", "«", "``"))
    closing = sum(1 for mark in marks if mark in ("”", "»", "''"))
    straight = sum(1 for mark in marks if mark == '"')
    if straight % 2:
        return True
    return opening != closing


# A figure: a number (digits, with separators or a decimal part) ...
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?%)?")
# ... or a number spelled out, where a lexicon has the words,
_NUMBER_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "english": frozenset(
            """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
            forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
            millions billion billions dozen dozens""".split()
        ),
    }
)
# ... within a few words of what it counts, by language (word stems: a prefix match).
_FIGURE_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "english": tuple(
            """dead death die died kill injur wound hurt missing displac homeless evacu refugee
            flee fled arrest detain casualt victim survivor rescued magnitude richter percent
            per cent % vote ballot turnout seat majority dollar $ € £ euro pound yuan rupee
            budget billion million people troops soldiers civilians houses homes buildings
            families""".split()
        ),
        "french": tuple(
            """mort morts décès tué blessé disparu déplacé évacu réfugié arrêt victime magnitude
            pour cent % voix vote scrutin participation siège euro dollar milliard million
            personnes""".split()
        ),
        "spanish": tuple(
            """muert fallec herid desaparec desplazad evacu refugiad detenid víctima magnitud
            por ciento % voto votos participación escaño euro dólar millones personas""".split()
        ),
        "german": tuple(
            """tot tote getötet verletzt vermisst vertrieben evakuiert flüchtling festgenommen
            opfer stärke prozent % stimme wahlbeteiligung sitz euro dollar milliarde million
            menschen""".split()
        ),
    }
)
_FIGURE_REACH = 4  # words between a number and what it counts


def carries_figure(text: str, language: str) -> bool:
    """True when a number stands within a few words of something it counts (step 3).

    "At least 40 people died", "a magnitude 6.8 quake", "52.3 percent of the vote", "$2
    billion in aid": a number (digits, or a number word of the language) and a word of the
    figure lexicon close together. A bare year or date does not count."""
    return bool(figures_of(text, language))


def figures_of(text: str, language: str) -> frozenset[str]:
    """The numbers of the sentence that count something (see :func:`carries_figure`), as
    written, lower-cased: two sentences giving the same toll share one."""
    lexicon = _FIGURE_WORDS.get(language, ())
    tokens = text.lower().replace("%", " % ").replace("$", " $ ").split()
    number_words = _NUMBER_WORDS.get(language, frozenset())
    numbers = [
        index
        for index, token in enumerate(tokens)
        if (_NUMBER.match(token) and not _is_year(token)) or token.strip(",.;:") in number_words
    ]
    if not lexicon:  # no lexicon: any number that is not a year
        return frozenset(tokens[index].strip(",.;:()") for index in numbers)
    return frozenset(
        tokens[index].strip(",.;:()")
        for index in numbers
        if any(
            token.strip(",.;:()\"'").startswith(lexicon)
            for token in tokens[max(0, index - _FIGURE_REACH) : index + _FIGURE_REACH + 1]
        )
    )


def _is_year(token: str) -> bool:
    digits = token.strip(",.;:()")
    return len(digits) == 4 and digits.isdigit() and digits[:2] in ("19", "20")


def relevance(sentences: Sequence[Ranked], ranks: Sequence[float], language: str) -> list[float]:
    """Step 3: centrality rank plus the lead and figure bonuses."""
    scores = []
    for sentence, rank in zip(sentences, ranks, strict=True):
        score = rank
        if sentence.position == 0:
            score += LEAD_BONUS
        elif sentence.position == 1:
            score += LEAD_BONUS / 2
        if carries_figure(sentence.text, language):
            score += FIGURE_BONUS
        scores.append(score)
    return scores


def most_central_article(sentences: Sequence[Ranked], ranks: Sequence[float]) -> int | None:
    """Step 4: the article whose sentences have the highest mean centrality rank (ties: the
    earlier article); None without sentences."""
    totals: dict[int, list[float]] = {}
    for sentence, rank in zip(sentences, ranks, strict=True):
        totals.setdefault(sentence.article, []).append(rank)
    if not totals:
        return None
    return max(sorted(totals), key=lambda article: sum(totals[article]) / len(totals[article]))


def _pair_weights(sentences: Sequence[Ranked]) -> dict[tuple[str, str], int]:
    """Each word pair printed by k > 1 articles, weighing k - 1."""
    printed_by: dict[tuple[str, str], set[int]] = {}
    for sentence in sentences:
        for pair in sentence.pairs:
            printed_by.setdefault(pair, set()).add(sentence.article)
    return {pair: len(articles) - 1 for pair, articles in printed_by.items() if len(articles) > 1}


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two word sets: 1.0 for the same words, 0.0 for none in common."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def select(
    sentences: Sequence[Ranked], ranks: Sequence[float], count: int, language: str
) -> list[int]:
    """Steps 2 to 5: the indices of up to ``count`` of ``sentences`` to summarise with, in the
    order chosen. ``ranks`` are the centrality ranks of :func:`centrality`."""
    if count < 1 or not sentences:
        return []
    alone = [stands_alone(sentence.text, language) for sentence in sentences]
    eligible = [index for index in range(len(sentences)) if alone[index]]
    if len(eligible) < count:  # too few stand alone: the best of the others fill in
        others = sorted(
            (index for index in range(len(sentences)) if not alone[index]),
            key=lambda index: -ranks[index],
        )
        eligible += others[: count - len(eligible)]
    scores = relevance(sentences, ranks, language)
    chosen: list[int] = []
    central = most_central_article([sentences[i] for i in eligible], [ranks[i] for i in eligible])
    if central is not None:
        lead = min(
            (i for i in eligible if sentences[i].article == central),
            key=lambda i: sentences[i].position,
        )
        chosen.append(lead)
    _choose_the_rest(sentences, eligible, scores, chosen, min(count, len(eligible)), language)
    return chosen


def _choose_the_rest(
    sentences: Sequence[Ranked],
    eligible: Sequence[int],
    scores: Sequence[float],
    chosen: list[int],
    count: int,
    language: str,
) -> None:
    """Step 5: add to ``chosen`` the best of ``eligible`` by marginal relevance until it holds
    ``count``; the first of equals (in ``eligible``'s order) wins a tie.

    Every term of a sentence's marginal score can only fall as sentences are chosen (its
    overlap with the chosen ones grows, its new word pairs and new figures shrink), so a
    score computed earlier is an upper bound: the candidates wait in a heap by that bound and
    only the one on top is scored again (lazy greedy, the same choice as scoring all each
    round). An incident's summary costs about its candidates' count times log of it, not
    that times the sentences asked for."""
    weight = _pair_weights(sentences)
    figures = [figures_of(sentence.text, language) for sentence in sentences]
    covered: set[tuple[str, str]] = set()
    given: set[str] = set()  # the figures the chosen sentences give
    for index in chosen:
        covered |= sentences[index].pairs
        given |= figures[index]
    # Gains are scaled by the richest sentence's, so COVERAGE means the same in any incident.
    top = max((sum(weight.get(p, 0) for p in s.pairs) for s in sentences), default=0) or 1
    closest = [0.0] * len(sentences)  # each sentence's greatest overlap with one chosen
    compared = [0] * len(sentences)  # how many of the chosen it has been compared with

    def marginal(index: int) -> float:
        for other in chosen[compared[index] :]:
            closest[index] = max(
                closest[index], _overlap(sentences[index].words, sentences[other].words)
            )
        compared[index] = len(chosen)
        gain = sum(weight.get(p, 0) for p in sentences[index].pairs - covered) / top
        score = scores[index] - REDUNDANCY * closest[index] + COVERAGE * gain
        if figures[index] and figures[index] <= given:
            score -= FIGURE_BONUS + REPEATED_FIGURE
        return score

    taken = set(chosen)
    waiting = [
        (-marginal(index), order, index)
        for order, index in enumerate(eligible)
        if index not in taken
    ]
    heapq.heapify(waiting)
    while len(chosen) < count and waiting:
        _, order, index = heapq.heappop(waiting)
        fresh = (-marginal(index), order, index)
        if waiting and fresh > waiting[0]:
            heapq.heappush(waiting, fresh)  # another may now be better: look again
            continue
        chosen.append(index)
        covered |= sentences[index].pairs
        given |= figures[index]
