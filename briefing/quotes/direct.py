"""Direct quotes: text in quotation marks, with the speaker that introduced it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.models import Article, Quote
from briefing.quotes.coreference import (
    Registry,
    credit_place,
    remember_subjects,
    speaker_from_phrase,
)
from briefing.quotes.lexicon import (
    ATTRIBUTION_VERB,
    AUXILIARIES,
    DETERMINERS,
    ENDING_PUNCTUATION,
    INVERTED_VERB,
    LOOKBACK,
    PRONOUNS,
    QUOTE_CHARS,
    QUOTE_MARK,
    SPEECH_VERB,
    STATEMENT_PHRASES,
    WORD,
    has_words,
    is_capitalised,
    window_before,
    word_count,
)
from briefing.quotes.speakers import (
    Speaker,
    is_org_phrase,
    is_speaker_phrase,
    is_valid_speaker,
    split_role_and_name,
    strip_statement,
    subject_before_verb,
    tail_phrase,
)


@dataclass(frozen=True)
class _Span:
    start: int  # offset of the text inside the marks, in the paragraph
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when the quote runs on


def _quote_spans(line: str, offset: int) -> list[_Span]:
    """Quoted spans of one line: curly marks pair by shape, straight ones in turn, single
    curly marks (‘…’) too when no double quote is open (inside one they are its own quote)."""
    spans: list[_Span] = []
    open_at: int | None = None
    open_kind = ""
    for mark in QUOTE_MARK.finditer(line):
        index, char = mark.start(), mark.group()
        if open_at is None or (open_kind == "‘" and char in '“"'):
            if char in "”’":
                continue  # a stray closing mark (or an apostrophe) opens nothing
            open_at, open_kind = index, char
        elif (open_kind, char) in _PAIRS:
            spans.append(
                _Span(offset + open_at + 1, offset + index, offset + open_at, offset + index)
            )
            open_at = None
    if open_at is not None and open_kind != "‘":
        spans.append(_Span(offset + open_at + 1, offset + len(line), offset + open_at, None))
    return spans


_PAIRS = frozenset({('"', '"'), ("“", "”"), ("‘", "’")})


def clean_span(paragraph: str, start: int, end: int) -> tuple[int, int]:
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1] in ENDING_PUNCTUATION:
        end -= 1
    return start, end


def _sentence_bounds(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The sentence holding ``position`` (spans are sorted and disjoint: a binary search)."""
    index = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return position, position


#: How long a sentence after a quote may be and still be read as its attribution alone.
_ATTRIBUTION_SENTENCE = 80


def _next_short_sentence(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The sentence that starts right after ``position`` when it is short, else an empty span."""
    index = bisect.bisect_left(spans, position, key=lambda span: span[0])
    if index < len(spans):
        start, end = spans[index]
        if start - position <= 2 and end - start <= _ATTRIBUTION_SENTENCE:
            return start, end
    return position, position


ACCORDING_TO = re.compile(
    r"\b(?i:according) to\s+(?P<who>[^,.;“\"]{2,80}?)(?=\s*[,.;]|\s*$|\s+(?:on|in|at)\s)"
)
_RIGHT_ATTRIBUTION = re.compile(
    rf"^[\s,.:;—–-]*(?P<who>[^,.;“\"]{{1,80}}?)\s+(?P<verb>{ATTRIBUTION_VERB}|{STATEMENT_PHRASES})\b"
)
# "…,” the head of the mission, Mariam Diallo, said": a subject with an appositive.
_RIGHT_APPOSITIVE = re.compile(
    rf"^[\s,.:;—–-]*(?P<who>[^.;“\"]{{1,80}}?,[^.;“\"]{{1,80}}?,)\s*(?:also\s+)?(?:{ATTRIBUTION_VERB})\b"
)
_RIGHT_INVERTED = re.compile(
    rf"^[\s,.:;—–-]*(?:{INVERTED_VERB})\s+"
    r"(?P<who>(?:the\s+|a\s+)?[^,.;“\"]{1,80}?)\s*(?:[,.;:]|$)"
)


def _right_attribution(context: str, registry: Registry) -> Speaker | None:
    """ "…,” Novak added." / "…,” said the minister." / "…,” the statement continued." """
    appositive = _RIGHT_APPOSITIVE.match(context)
    if appositive is not None:
        phrase = subject_before_verb(appositive.group("who") + " ")
        if phrase is not None:
            speaker = speaker_from_phrase(phrase, registry)
            if speaker is not None:
                return speaker
    match = _RIGHT_ATTRIBUTION.match(context)
    if match is not None and word_count(match.group("who")) <= 10:
        who = match.group("who").strip()
        who = re.sub(r"\s+(?:also|further|again|later|then|has|had|have|is|was)$", "", who)
        who = re.sub(r"^(?:And|But|Then|So)\s+", "", who)  # "And he added": a new sentence
        if who and (
            is_capitalised(who)
            or who.split()[0].lower() in DETERMINERS | PRONOUNS
            or _described_name(who)
        ):
            speaker = speaker_from_phrase(who, registry)
            if speaker is not None:
                return speaker
    match = _RIGHT_INVERTED.match(context)
    if match is not None and word_count(match.group("who")) <= 12:
        who = _strip_trailing_appositive(match.group("who").strip())
        who = _CIRCUMSTANCE.split(who, 1)[0]  # "said Ana Ruiz in a statement"
        # "said a local strategist who asked not to be named": the longest speaker phrase.
        words = who.split()
        for size in range(len(words), 0, -1):
            phrase = " ".join(words[:size])
            if is_speaker_phrase(phrase) or subject_before_verb(phrase) is not None:
                return speaker_from_phrase(phrase, registry)
    return None


_PREPOSITION = re.compile(r"\b(?:in|of|for|at|from|to|with|on|by|about|across)\b")


def _described_name(phrase: str) -> bool:
    """ "former FBI agent Ana Ruiz", "veteran analyst Ana Ruiz": lower-case words describing
    the name that ends the phrase (not "voters in Ohio": a preposition ties a place on)."""
    role, name = split_role_and_name(phrase)
    return bool(name) and role is not None and _PREPOSITION.search(role) is None


# Where a speaker phrase after an inverted verb ends: the circumstances that follow it.
_CIRCUMSTANCE = re.compile(
    r"\s+(?:in|on|at|during|after|before|while|when|as|from|to|with|via|through|about)\s"
)


def _strip_trailing_appositive(text: str) -> str:
    return text.split(",")[0].strip()


def _sentence_subject(text: str, registry: Registry) -> Speaker | None:
    """The subject a sentence opens with, for participles ("X issued a statement, urging …"):
    the words after a short opening phrase ("Hours later, X said, …"), else its first words
    ("X hit back on Monday, saying …": the phrase before the comma was the clause)."""
    text = text.strip()
    after_opening = _opening_speaker(re.sub(r"^(?:[A-Z][\w ]{0,30},\s+)", "", text), registry)
    if after_opening is not None:
        return after_opening
    # The first words are the subject only when they name someone the article knows: a
    # capitalised adverb ("Likewise, …") opens sentences too.
    # "Ana Ruiz, the mayor, …": the name ends at the comma, not one word before it.
    first = _opening_speaker(text.split(",", 1)[0], registry)
    if first is None or not (first.name in registry.known or first.role or first.is_org):
        return None
    return first


def _opening_speaker(text: str, registry: Registry) -> Speaker | None:
    tokens = text.split()
    for size in range(min(len(tokens), 8), 0, -1):
        candidate = " ".join(tokens[:size])
        phrase = tail_phrase(candidate)
        if phrase == candidate:
            return speaker_from_phrase(phrase, registry)
    return None


_SHORT_QUOTE_WORDS = 3
_UTTERANCE_ENDINGS = frozenset(",.?!…—")


@dataclass
class Found:
    quote: Quote
    order: tuple[int, int]  # (paragraph, offset): where the quote stands in the article
    replayed: bool = False  # its speaker already told to the reported-speech pass


@dataclass(frozen=True)
class QuoteSite:
    """One quote in its place: the words around it and what the paragraph said before it."""

    registry: Registry
    paragraph: str
    span: _Span
    sentence: tuple[int, int]  # the sentence the opening mark stands in
    left: str  # from the sentence start (or the previous quote) to the opening mark
    right: str  # from the closing mark to the end of the sentence (or the next quote)
    position: int  # the quote's number on its line
    previous_speaker: Speaker | None  # of the quote before on this line or paragraph
    same_sentence_as_previous: bool
    runs_on: Speaker | None  # of a quote left open in the previous paragraph
    previous_paragraph_speaker: Speaker | None  # of the last quote of the paragraph before
    previous_paragraph: str  # the paragraph before, as the finders read it

    @property
    def verb_before(self) -> bool:
        """Whether a speech verb stands before the quote in its sentence."""
        return SPEECH_VERB.search(self.left) is not None

    @property
    def closes_utterance(self) -> bool:
        """ "…,” said X": the quote ends like a turn of speech followed by its attribution."""
        # Through the marks of a quote inside it and stray spaces: "… ‘Thank you,’” X said.
        inside = self.paragraph[max(self.span.start, self.span.end - 8) : self.span.end]
        before_close = inside.rstrip(" \t’'”\")]")[-1:]
        return before_close in _UTTERANCE_ENDINGS or self.right.lstrip().startswith(",")

    @property
    def near_sentence(self) -> str:
        """The quote's sentence, bounded to a window around the quote."""
        close = self.span.close_mark
        return self.paragraph[
            max(self.sentence[0], self.span.open_mark - LOOKBACK) : min(
                max(self.sentence[1], close or 0), (close or self.span.end) + LOOKBACK
            )
        ]


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    by_verb: bool  # a speech verb ties the speaker to the quote (not only its position)


# --- Speaker strategies, tried in order: the first that names a speaker wins ---------------


def said_after_the_quote(site: QuoteSite) -> Attribution | None:
    """ "…,” Novak added." / "…,” said the minister." / "…,” the statement continued." """
    if not site.right.strip() or not site.closes_utterance:
        return None
    speaker = _right_attribution(site.right, site.registry)
    return Attribution(speaker, True) if speaker is not None else None


_DASH_ATTRIBUTION = re.compile(
    r"^\s{0,3}[―—–-]{1,2}\s{0,3}(?P<who>[A-Z][^.,;:“”\"\n]{0,60}?)\s*(?:[,.;]|$)"
)


def _named_by(who: str, registry: Registry) -> Attribution | None:
    """The speaker a phrase that is a whole name names ("Ana Ruiz", not "he" nor "a
    neighbour of Ana Ruiz")."""
    if tail_phrase(who) != who or who.lower() in PRONOUNS:
        return None
    speaker = speaker_from_phrase(who, registry)
    return Attribution(speaker, True) if speaker is not None else None


def name_after_a_dash(site: QuoteSite) -> Attribution | None:
    """ "“…” — Ana Ruiz": a reader's or a post's words signed with a dash and a name."""
    match = _DASH_ATTRIBUTION.match(site.right)
    if match is None:
        return None
    return _named_by(match.group("who").strip(), site.registry)


def according_to(site: QuoteSite) -> Attribution | None:
    """ "…,” according to the ministry." anywhere near the quote in its sentence."""
    match = ACCORDING_TO.search(site.near_sentence)
    if match is None:
        return None
    speaker = speaker_from_phrase(strip_statement(match.group("who").strip()), site.registry)
    return Attribution(speaker, True) if speaker is not None else None


def _is_participle(verb: re.Match[str]) -> bool:
    """ "saying", "adding": a verb with no subject of its own."""
    return verb.group().lower().endswith("ing")


def said_before_the_quote(site: QuoteSite) -> Attribution | None:
    """ "Novak said: “…”": the subject of the last speech verb before the quote."""
    verbs = list(SPEECH_VERB.finditer(site.left))
    if not verbs or _is_participle(verbs[-1]):
        return None  # none, or "…, adding “…”": the clause's subject is found next
    phrase = subject_before_verb(window_before(site.left, verbs[-1].start()))
    speaker = speaker_from_phrase(phrase, site.registry) if phrase is not None else None
    return Attribution(speaker, True) if speaker is not None else None


# "Said Rosa Lind, who grew up there, “…”", "Added Lind: “…”": the sentence opens with the verb.
_OPENING_VERB = re.compile(rf"^\s*(?i:{INVERTED_VERB})\s+(?P<who>[^,.;:“\"]{{1,80}})")


def verb_opens_the_sentence(site: QuoteSite) -> Attribution | None:
    """ "Said Rosa Lind, a neighbour, “…”": a capitalised speech verb opens the quote's sentence
    and the speaker follows it (the verb finders above read lower-case verbs only)."""
    match = _OPENING_VERB.match(site.left)
    if match is None or not site.left.lstrip()[:1].isupper():
        return None
    return _named_by(match.group("who").strip(), site.registry)


# "…,” Rosa Lind, 58, told the paper." / "…,” Lind, who ran the clinic for a decade, said.":
# a name, then an aside of any length in commas, then the verb.
_RIGHT_ASIDE = re.compile(
    rf"^[\s,]*(?P<who>[A-Z][^,.;“\"]{{0,60}}),[^.;“\"]{{1,200}}?,\s*(?:also\s+)?(?:{ATTRIBUTION_VERB})\b"
)


def named_before_an_aside(site: QuoteSite) -> Attribution | None:
    """ "Rosa Lind, a nurse from Tula, Iowa, says the clinic “…”" / "“…,” Lind, 58, said.": an
    aside between the speaker and the verb, with commas of its own, that the appositive
    readers of the strategies above do not get through; the speaker is the name before it."""
    if site.right.strip() and site.closes_utterance:
        match = _RIGHT_ASIDE.match(site.right)
        who = match.group("who").strip() if match is not None else ""
    else:
        verbs = [verb for verb in SPEECH_VERB.finditer(site.left) if not _is_participle(verb)]
        before = site.left[: verbs[-1].start()].rstrip() if verbs else ""
        if not before.endswith(",") or len(before) > LOOKBACK:
            return None
        who = before.split(",", 1)[0].strip()
    if not who or tail_phrase(who) != who:
        return None
    speaker = speaker_from_phrase(who, site.registry)
    return Attribution(speaker, True) if speaker is not None else None


def subject_of_the_clause(site: QuoteSite) -> Attribution | None:
    """ "X issued a statement, urging “…”": a verb without its own subject before the quote;
    the speaker is the previous quote's in the same sentence, else the sentence's subject."""
    if not site.verb_before:
        return None
    if site.same_sentence_as_previous and site.previous_speaker is not None:
        return Attribution(site.previous_speaker, True)
    opening = site.paragraph[
        site.sentence[0] : min(site.span.open_mark, site.sentence[0] + LOOKBACK)
    ]
    speaker = _sentence_subject(opening, site.registry)
    return Attribution(speaker, True) if speaker is not None else None


def name_right_before_the_quote(site: QuoteSite) -> Attribution | None:
    """ "Secretary of State Antony Blinken “raised the issue”": no verb, the name at the mark."""
    if site.verb_before or not site.left.strip():
        return None
    phrase = tail_phrase(window_before(site.left, len(site.left)).rstrip())
    if phrase is None or phrase.lower() in PRONOUNS:
        return None
    speaker = speaker_from_phrase(phrase, site.registry)
    return Attribution(speaker, False) if speaker is not None else None


def introduced_by_a_colon(site: QuoteSite) -> Attribution | None:
    """ "The board was blunt in its ruling: “…”" / "Ana Ruiz, the mayor: “…”": a colon right
    before the mark, and no speech verb; the name before the colon, else the sentence's
    subject."""
    before = site.left.rstrip()
    if site.verb_before or not before.endswith(":"):
        return None
    phrase = tail_phrase(window_before(before, len(before) - 1).rstrip())
    if phrase is not None and phrase.lower() not in PRONOUNS:
        speaker = speaker_from_phrase(phrase, site.registry)
    else:
        opening = site.paragraph[site.sentence[0] : site.span.open_mark]
        speaker = _sentence_subject(window_before(opening, len(opening)), site.registry)
    return Attribution(speaker, True) if speaker is not None else None


def said_earlier_in_the_sentence(site: QuoteSite) -> Attribution | None:
    """ "The ministry said its “…” went on, with … “…” eliminated": a speech verb earlier in
    the sentence, before another (scare) quote, introduces this one too."""
    opening_start = max(site.sentence[0], site.span.open_mark - 2 * LOOKBACK)
    opening = site.paragraph[opening_start : site.span.open_mark]
    if len(opening) <= len(site.left) or site.same_sentence_as_previous:
        return None  # nothing more to read, or the quote before in the sentence has a speaker
    verbs = [
        verb
        for verb in SPEECH_VERB.finditer(opening, 0, len(opening) - len(site.left))
        if not _is_participle(verb)
    ]
    if not verbs:
        return None
    phrase = subject_before_verb(window_before(opening, verbs[-1].start()))
    speaker = speaker_from_phrase(phrase, site.registry) if phrase is not None else None
    return Attribution(speaker, True) if speaker is not None else None


def quote_runs_on(site: QuoteSite) -> Attribution | None:
    """A paragraph that opens with a mark continues the quote left open before it."""
    if site.runs_on is None or site.position != 0:
        return None
    return Attribution(site.runs_on, site.verb_before)


def same_speaker_in_the_paragraph(site: QuoteSite) -> Attribution | None:
    """A later quote of the paragraph, with no attribution of its own, is its speaker's."""
    if site.previous_speaker is None:
        return None
    return Attribution(site.previous_speaker, site.verb_before or site.same_sentence_as_previous)


def _is_whole_paragraph(site: QuoteSite) -> bool:
    """Whether the quote is its paragraph: a mark first, nothing but a stop after it."""
    if site.position != 0 or site.left.strip() or site.span.start > 1:
        return False
    close = site.span.close_mark
    return close is None or (
        not site.right.strip(" .") and close >= len(site.paragraph.rstrip()) - 2
    )


# "Stated Stone:" opens its sentence with the verb.
_SPEECH_VERB_ANY_CASE = re.compile(SPEECH_VERB.pattern, re.IGNORECASE)


def introduced_by_the_paragraph_before(site: QuoteSite) -> Attribution | None:
    """ "Cruz continued:" / "The ministry released the following statement:" and then a
    paragraph that is only the quote."""
    intro = site.previous_paragraph.rstrip()
    if not intro.endswith(":") or not _is_whole_paragraph(site):
        return None
    intro = window_before(intro, len(intro) - 1)
    verbs = list(_SPEECH_VERB_ANY_CASE.finditer(intro))
    if not verbs:
        return None
    verb = verbs[-1]
    if _is_participle(verb):
        speaker = _sentence_subject(intro[intro.rfind(". ") + 1 :], site.registry)
    else:
        phrase = subject_before_verb(window_before(intro, verb.start()))
        after = intro[verb.end() :].split(",")[0].strip()  # "Stated Stone, the adviser:"
        if phrase is None and after and tail_phrase(after) == after:
            phrase = after
        speaker = speaker_from_phrase(phrase, site.registry) if phrase is not None else None
    return Attribution(speaker, True) if speaker is not None else None


def quote_paragraph_after_a_quote(site: QuoteSite) -> Attribution | None:
    """A paragraph that is nothing but a quote, right after a paragraph whose last quote had a
    speaker, goes on with that speaker (news prints one speaker's quotes paragraph by
    paragraph and attributes only the first)."""
    if site.previous_paragraph_speaker is None or site.span.close_mark is None:
        return None
    if not _is_whole_paragraph(site):
        return None
    return Attribution(site.previous_paragraph_speaker, False)


#: The cascade, most explicit evidence first (as trafilatura tries its extractors in turn).
SPEAKER_STRATEGIES: tuple[Callable[[QuoteSite], Attribution | None], ...] = (
    said_after_the_quote,
    name_after_a_dash,
    according_to,
    said_before_the_quote,
    verb_opens_the_sentence,
    named_before_an_aside,
    subject_of_the_clause,
    introduced_by_a_colon,
    name_right_before_the_quote,
    said_earlier_in_the_sentence,
    quote_runs_on,
    same_speaker_in_the_paragraph,
    introduced_by_the_paragraph_before,
    quote_paragraph_after_a_quote,
)


def attribute(site: QuoteSite) -> Attribution | None:
    """The speaker of one quote: the first strategy of ``SPEAKER_STRATEGIES`` that finds one."""
    for strategy in SPEAKER_STRATEGIES:
        found = strategy(site)
        if found is None:
            continue
        credited = credit_place(found.speaker, site.registry, by_verb=found.by_verb)
        if credited is None:
            return None  # a place with no government to credit: nobody said it
        if is_valid_speaker(credited):
            return Attribution(credited, found.by_verb)
    return None


_TITLE_SMALL_WORDS = frozenset("of the a an and in on for to at by with from & or vs".split())


def is_title(text: str) -> bool:
    """A show, book or slogan in marks ("Meet the Press", "State of the Union."): a few words,
    every one capitalised but the small ones, no punctuation of a sentence inside."""
    words = text.rstrip(".").split()
    if not 1 <= len(words) <= 8 or any(mark in text.rstrip(".") for mark in ",;:!?"):
        return False
    return all(
        is_capitalised(word) or word[:1].isdigit() or word.lower() in _TITLE_SMALL_WORDS
        for word in words
    ) and is_capitalised(words[0])


#: A phrase of this many words or more that opens in lower case reads as a statement even
#: without a verb the lexicon knows ("immediately stop the bloodshed, stop hostilities ...").
_STATEMENT_WORDS = 10


def is_fragment(text: str) -> bool:
    """Words in marks that are a phrase, not a statement: "in the strongest terms", "local
    counter-terrorism activities in the region". A quote that opens with a capital is a
    sentence; one that opens in lower case is a fragment of the writer's sentence unless it
    holds a verb (an auxiliary or modal, a past participle in -ed, "to" before a verb) or
    runs to ``_STATEMENT_WORDS`` words."""
    words = WORD.findall(text)
    if not words or not words[0][:1].islower() or len(words) >= _STATEMENT_WORDS:
        return False
    lowered = [word.lower().replace("’", "'") for word in words]
    for index, word in enumerate(lowered):
        if word in AUXILIARIES or (word.endswith("ed") and len(word) > 4):
            return False
        following = lowered[index + 1] if index + 1 < len(lowered) else ""
        if word == "to" and following.isalpha() and following not in DETERMINERS | PRONOUNS:
            return False
    return True


def _is_scare_quote(text: str, left: str) -> bool:
    """One or two words in marks ("separatists") with no verb of speech leading into them."""
    if word_count(text) >= _SHORT_QUOTE_WORDS:
        return False
    return not (left.rstrip()[-1:] in {",", ":"} and SPEECH_VERB.search(left[-40:]))


def direct_quotes(
    article: Article, registry: Registry, sentence_spans_of: Sequence[list[tuple[int, int]]]
) -> tuple[list[Found], set[tuple[int, int]]]:
    """Direct quotes, and the (paragraph, sentence start) of each sentence that holds one."""
    found: list[Found] = []
    quoted_sentences: set[tuple[int, int]] = set()
    carry: Speaker | None = None  # speaker of a quote that runs on into the next paragraph
    previous_in_paragraph: Speaker | None = None
    last_of_paragraph: Speaker | None = None  # the last speaker of the paragraph before
    for index, paragraph in enumerate(article.paragraphs):
        before_paragraph, last_of_paragraph = last_of_paragraph, None
        sentences = sentence_spans_of[index]
        # Speakers of unquoted sentences, so "the statement said" below finds its body.
        for sentence_start, sentence_end in sentences:
            unquoted = paragraph[sentence_start:sentence_end]
            if not any(mark in unquoted for mark in QUOTE_CHARS):
                remember_subjects(registry, unquoted, bodies=True)
        offset = 0
        for line in paragraph.split("\n"):
            spans = _quote_spans(line, offset)
            line_start = offset
            offset += len(line) + 1
            previous_in_paragraph = None if line_start == 0 else previous_in_paragraph
            runs_on = carry if line.lstrip()[:1] in QUOTE_CHARS else None
            carry = None
            previous_end = line_start
            previous_sentence: tuple[int, int] | None = None
            for position, span in enumerate(spans):
                start, end = clean_span(paragraph, span.start, span.end)
                text = paragraph[start:end]
                sentence = _sentence_bounds(sentences, span.open_mark)
                left = paragraph[max(sentence[0], previous_end, line_start) : span.open_mark]
                previous_end = span.close_mark + 1 if span.close_mark is not None else span.end
                if not text or _is_scare_quote(text, left) or is_title(text):
                    continue  # empty, a scare quote or a title: no speaker to look for
                end_sentence = _sentence_bounds(sentences, max(span.start, end - 1))
                right = ""
                if span.close_mark is not None:
                    right_until = line_start + len(line)
                    if position + 1 < len(spans):
                        right_until = spans[position + 1].open_mark
                    after_sentence = _sentence_bounds(sentences, span.close_mark + 1)
                    if after_sentence[0] == after_sentence[1]:
                        # '“Who pays?” Priya Nand asked.': the sentence ended with the quote;
                        # a short next sentence may be nothing but its attribution.
                        after_sentence = _next_short_sentence(sentences, span.close_mark + 1)
                    right_until = min(right_until, max(after_sentence[1], end_sentence[1]))
                    right = paragraph[span.close_mark + 1 : right_until]
                site = QuoteSite(
                    registry=registry,
                    paragraph=paragraph,
                    span=span,
                    sentence=sentence,
                    left=left,
                    right=right,
                    position=position,
                    previous_speaker=previous_in_paragraph,
                    same_sentence_as_previous=previous_sentence == sentence,
                    runs_on=runs_on,
                    previous_paragraph_speaker=before_paragraph,
                    previous_paragraph=article.paragraphs[index - 1] if index else "",
                )
                attribution = attribute(site)
                if attribution is None:
                    continue
                if word_count(text) == _SHORT_QUOTE_WORDS and not attribution.by_verb:
                    continue  # three words with no verb tying them to anyone: a phrase
                speaker = attribution.speaker
                if speaker.name:
                    registry.speakers.append(speaker)
                found.append(
                    Found(
                        Quote(
                            text=text,
                            speaker=speaker.name,
                            article_id=article.id,
                            kind="direct",
                            paragraph=index,
                            mention=speaker.mention,
                            role=speaker.role,
                        ),
                        (index, start),
                    )
                )
                quoted_sentences.add((index, sentence[0]))
                quoted_sentences.add((index, end_sentence[0]))
                previous_in_paragraph = speaker
                last_of_paragraph = speaker
                previous_sentence = sentence
                if span.close_mark is None:
                    carry = speaker
    return found, quoted_sentences


def remember_direct(registry: Registry, direct: list[Found], before: tuple[int, int]) -> None:
    """Replay direct quotes' speakers so pronouns see them in text order."""
    for item in direct:
        if item.order < before and not item.replayed:
            name = item.quote.speaker
            # A body is told from a person again ("he" must not find "Government of Peru").
            speaker = Speaker(name, item.quote.role, item.quote.mention, is_org_phrase(name))
            registry.speakers.append(speaker)
            item.replayed = True


def has_long_quote(sentence: str) -> bool:
    for span in _quote_spans(sentence, 0):
        if has_words(sentence, _SHORT_QUOTE_WORDS + 1, span.start, span.end):
            return True
    return False
