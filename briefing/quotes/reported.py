"""Reported speech: "X said that …", "…, according to X" without quotation marks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.models import Article, Quote
from briefing.quotes.coreference import (
    Registry,
    credit_place,
    remember_subjects,
    speaker_from_phrase,
)
from briefing.quotes.direct import ACCORDING_TO, Found, clean_span, has_long_quote, remember_direct
from briefing.quotes.lexicon import (
    BARE_CLAUSE_VERBS,
    THAT_VERBS,
    has_words,
    window_before,
    word_count,
)
from briefing.quotes.speakers import (
    Speaker,
    is_speaker_phrase,
    is_valid_speaker,
    strip_statement,
    subject_before_verb,
)

_REPORTED_LEAD = re.compile(
    rf"\b(?P<verb>{'|'.join(sorted(BARE_CLAUSE_VERBS + THAT_VERBS, key=len, reverse=True))}"
    rf"|called (?:on|upon|for)|calls (?:on|upon|for)|pointed out)\b"
)
_AUDIENCES = (
    "reporters|journalists|supporters|lawmakers|parliament|the press|the court|the jury|"
    "a news conference|a press conference|state media|state television|residents|voters|"
    "delegates|students|troops|the crowd|the audience|a rally"
)
_PREPOSITIONS = frozenset(
    "in on at during after before with to from by about over for this so".split()
)


_CLAUSE_OPENING = re.compile(r"\s*(?:that\s+)?")
_OBJECT_THEN_THAT = re.compile(r"(?P<object>(?:\s+[^\s,;:“”\"]+){0,8}?)\s+that\s+")
_NEXT_WORD = re.compile(r"\s*(?P<word>\S{0,40})")
_AUDIENCE = re.compile(rf"\s+(?:the\s+)?(?:{_AUDIENCES})\s+(?=[\w“\"])")


def _reported_clause(sentence: str, verb: re.Match[str]) -> tuple[int, int] | None:
    """Where the reported clause after a speech verb starts and ends, in ``sentence``.

    Every pattern is matched at the verb's end (no slice of the rest of the sentence), so a
    long sentence with many verbs stays linear.
    """
    word = verb.group("verb").lower()
    rest_start = verb.end()
    end = len(sentence.rstrip())
    if word.startswith(("called", "calls")) or word in {"urged", "urges"}:
        clause = _CLAUSE_OPENING.match(sentence, rest_start)
        start = clause.end() if clause else rest_start
        return (start, end) if has_words(sentence, 3, start, end) else None
    that = _OBJECT_THEN_THAT.match(sentence, rest_start)
    if that is not None:
        start = that.end()
        return (start, end) if has_words(sentence, 3, start, end) else None
    if word in BARE_CLAUSE_VERBS:
        next_word = _NEXT_WORD.match(sentence, rest_start)
        first = next_word.group("word") if next_word else ""
        if not first or first.lower().strip(",.") in _PREPOSITIONS:
            return None
        if word in {"told", "tells", "informed"}:
            # "told reporters the strike …": an audience, then the clause; else "that" is needed.
            audience = _AUDIENCE.match(sentence, rest_start)
            if audience is None:
                return None
            start = audience.end()
            return (start, end) if has_words(sentence, 4, start, end) else None
        if not sentence[rest_start : rest_start + 1].isspace() or not first[:1].isalnum():
            return None
        start = next_word.start("word") if next_word else rest_start
        return (start, end) if has_words(sentence, 4, start, end) else None
    return None


_TRAILING = re.compile(
    rf",\s+(?P<who>[^,;“”\"]{{1,60}}?)\s+(?:{'|'.join(BARE_CLAUSE_VERBS)}|added|noted|reported|"
    rf"insisted|argued|explained|continued|warned|stressed)"
    rf"(?:\s+(?:on|in|at|during)\s+[^,.;]{{1,40}})?\s*(?P<after>[,.;]|$)"
)
_TRAILING_INVERTED = re.compile(
    r",\s+(?:said|says)\s+(?P<who>[^,.;“”\"]{1,60}?)\s*(?P<after>[,.;]|$)"
)
_ADDING = re.compile(r",\s+(?:adding|noting|saying|warning|stressing|insisting|arguing)\s+that\s+")
_ACCORDING_LEAD = re.compile(r"^\s*According to\s+(?P<who>[^,]{2,80}?)(?:,\s*|\s+(?=[a-z]))")


# End-anchored, with no lazy prefix before it: that form was quadratic in the sentence length.
_SAID_THIS = re.compile(r"\s+(?:said|says|stated)\s+(?:this|so)\s*\.?$")


def reported_quotes(
    article: Article,
    registry: Registry,
    quoted_sentences: set[tuple[int, int]],
    direct: list[Found],
    sentence_spans_of: Sequence[list[tuple[int, int]]],
) -> list[Found]:
    found: list[Found] = []
    direct_at = sorted(direct, key=lambda item: item.order)

    def add(index: int, paragraph: str, start: int, end: int, named: Speaker) -> None:
        start, end = clean_span(paragraph, start, end)
        text = paragraph[start:end]
        if word_count(text) < 3 or any(char in text for char in "“”"):
            return
        speaker = credit_place(named, registry, by_verb=True)
        if speaker is None or not is_valid_speaker(speaker):
            return
        if speaker.name:
            registry.speakers.append(speaker)
        quote = Quote(
            text, speaker.name, article.id, "reported", index, speaker.mention, speaker.role
        )
        found.append(Found(quote, (index, start)))

    for index, paragraph in enumerate(article.paragraphs):
        spans = sentence_spans_of[index]
        for number, (sentence_start, sentence_end) in enumerate(spans):
            if (index, sentence_start) in quoted_sentences:
                remember_subjects(registry, paragraph[sentence_start:sentence_end])
                remember_direct(registry, direct_at, (index, sentence_end))
                continue
            sentence = paragraph[sentence_start:sentence_end]
            if any(mark in sentence for mark in '“”"') and has_long_quote(sentence):
                continue
            remember_direct(registry, direct_at, (index, sentence_start))
            remember_subjects(registry, sentence)
            clause_end = len(sentence)
            adding = _ADDING.search(sentence)
            if adding is not None:
                clause_end = adding.start()
            # "…, according to X." / "According to X, …"
            according = _ACCORDING_LEAD.match(sentence)
            if according is not None:
                speaker = speaker_from_phrase(strip_statement(according.group("who")), registry)
                if speaker is not None:
                    add(
                        index,
                        paragraph,
                        sentence_start + according.end(),
                        sentence_start + clause_end,
                        speaker,
                    )
                    continue
            tail = ACCORDING_TO.search(sentence)
            if (
                tail is not None
                and tail.start() > 0
                and sentence[: tail.start()].rstrip().endswith(",")
            ):
                speaker = speaker_from_phrase(strip_statement(tail.group("who")), registry)
                if speaker is not None:
                    add(index, paragraph, sentence_start, sentence_start + tail.start(), speaker)
                    continue
            speaker = None
            trailing = None
            for candidate in list(_TRAILING.finditer(sentence[: clause_end + 1])):
                who = candidate.group("who").strip()
                if word_count(who) <= 10 and is_speaker_phrase(who):
                    trailing = candidate
                    speaker = speaker_from_phrase(subject_before_verb(who) or who, registry)
            if trailing is None:
                inverted = _TRAILING_INVERTED.search(sentence)
                if inverted is not None and is_speaker_phrase(inverted.group("who").strip()):
                    trailing = inverted
                    speaker = speaker_from_phrase(inverted.group("who").strip(), registry)
            if (
                trailing is not None
                and speaker is not None
                and has_words(sentence, 4, 0, trailing.start())
            ):
                add(index, paragraph, sentence_start, sentence_start + trailing.start(), speaker)
                if adding is not None:
                    add(index, paragraph, sentence_start + adding.end(), sentence_end, speaker)
                continue
            # "X said this." refers to the sentence before.
            this = _SAID_THIS.search(sentence)
            if this is not None and number > 0:
                phrase = subject_before_verb(window_before(sentence, this.start()))
                if phrase is not None and (speaker := speaker_from_phrase(phrase, registry)):
                    previous_start, previous_end = spans[number - 1]
                    add(index, paragraph, previous_start, previous_end, speaker)
                    continue
            for verb in _REPORTED_LEAD.finditer(sentence):
                phrase = subject_before_verb(window_before(sentence, verb.start()))
                if phrase is None:
                    continue
                clause = _reported_clause(sentence, verb)
                if clause is None:
                    continue
                speaker = speaker_from_phrase(phrase, registry)
                if speaker is None:
                    continue
                add(
                    index,
                    paragraph,
                    sentence_start + clause[0],
                    sentence_start + clause[1],
                    speaker,
                )
                break
    return found
