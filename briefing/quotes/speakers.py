"""Speaker phrases: the words before or after a speech verb that name who spoke.

Splits "Palace spokesperson Ivan Petrenko" into role and name, finds the phrase that ends a
clause ("… Petrenko also told"), and tells organisations from people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.quotes.lexicon import (
    ABBREVIATION_DOT,
    ADVERBS,
    CONNECTORS,
    DETERMINERS,
    MENTION_NOUNS,
    NOT_NAMES,
    ORG_WORDS,
    PRONOUNS,
    STATEMENT_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    WORD,
    fold,
    is_capitalised,
    word_count,
)


@dataclass(frozen=True)
class Speaker:
    name: str  # the name as written where the speaker was named ("" for a bare role)
    role: str | None
    mention: str
    is_org: bool = False


def split_role_and_name(phrase: str) -> tuple[str | None, str]:
    """Split "Palace spokesperson Ivan Petrenko" into ("Kremlin spokesperson", "Ivan Petrenko").

    The name is the run of capitalised words at the end that are not titles or acronyms;
    whatever comes before is the role. A phrase with no such run is a bare role.
    """
    words = phrase.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    name_start = len(words)
    for index in range(len(words) - 1, -1, -1):
        word = words[index].strip(",")
        lowered = fold(word).rstrip(".")
        if _is_particle(words, index):
            name_start = index
            continue
        if (
            not is_capitalised(word)
            or lowered in TITLE_WORDS
            or lowered + "." in TITLE_WORDS
            or (word.isupper() and len(word) > 1 and ABBREVIATION_DOT not in word)
            or (lowered in CONNECTORS and not _is_particle(words, index))
        ):
            break
        name_start = index
    name = " ".join(words[name_start:])
    role = " ".join(words[:name_start]).strip(" ,") or None
    if role is not None and role.lower() in CONNECTORS:
        role = None
    return role, name


_PARTICLES = frozenset("de da del der van von al bin du la le".split())


def _is_particle(words: list[str], index: int) -> bool:
    """ "de" in "Karel de Wit": a lower-case particle between two capitalised name words."""
    if words[index].lower() not in _PARTICLES or index == 0 or index + 1 >= len(words):
        return False
    before = words[index - 1]
    return is_capitalised(before) and fold(before).rstrip(".") not in TITLE_WORDS


def is_org_phrase(phrase: str) -> bool:
    words = [fold(word).strip(".,") for word in phrase.split()]
    return any(
        word in ORG_WORDS or (word.endswith("'s") and word[:-2] in ORG_WORDS) for word in words
    ) or (len(words) == 1 and phrase.isupper())


def role_head(role: str) -> str | None:
    """The noun a role is about: "spokesperson for the UN Secretary-General" -> "spokes"."""
    folded = fold(role).replace("secretary general", "secretary-general")
    folded = re.split(r"\b(?:of|for|to|at|in|with)\b", folded)[0]
    head: str | None = None
    for word in re.findall(r"[a-z][a-z\-.']*", folded):
        if word in TITLE_WORDS or word in ORG_WORDS:
            head = word
    if head is not None and head.startswith("spokes"):
        head = "spokes"
    return head


def same_role(known: str, mention: str, head: str) -> bool:
    """Whether a known role fits a role mention: the same noun, and not qualified otherwise
    ("the Ruritanian President" is not the "Freedonian President" named before)."""
    if role_head(known) != head:
        return False
    wanted, held = _qualifiers(mention), _qualifiers(known)
    return not wanted or not held or bool(wanted & held)


def _qualifiers(role: str) -> set[str]:
    """The capitalised words of a role that are not titles: "Ruritanian", "UN"."""
    return {fold(word) for word in role.split() if is_capitalised(word)} - TITLE_WORDS - DETERMINERS


# What may stand between two words of one phrase: spaces, and the period of "Mr." or "J.".
_GAP = " " + ABBREVIATION_DOT


def tail_phrase(text: str) -> str | None:
    """The speaker phrase that ends ``text`` (the words just before a speech verb).

    Accepts a pronoun, a run of capitalised words (with connectors such as "of" and
    possessives), a role noun after a determiner ("the spokesman"), or both together
    ("Palace spokesperson Ivan Petrenko"). Returns None when the words there are none.
    """
    tokens = list(WORD.finditer(text))
    if not tokens or text[tokens[-1].end() :].strip(_GAP):
        return None
    # Drop adverbs and auxiliaries between the speaker and the verb ("Petrenko also told").
    while tokens and tokens[-1].group().lower() in ADVERBS:
        after = text[tokens[-1].end() :]
        if after.strip(_GAP):
            break
        tokens.pop()
        text = text[: tokens[-1].end()] if tokens else ""
        if not tokens:
            return None
    last = tokens[-1].group()
    if last.lower() in PRONOUNS:
        before = text[: tokens[-1].start()].rstrip()
        if not before or not before[-1].isalnum() or before.split()[-1].lower() in {"and", "but"}:
            return last
        return None
    run: list[re.Match[str]] = []
    for token in reversed(tokens):
        if run and text[token.end() : run[0].start()].strip(_GAP):
            break  # punctuation between words ends the phrase
        word = token.group()
        lowered = fold(word).rstrip(".")
        if lowered in NOT_NAMES and lowered not in DETERMINERS:
            break
        if lowered in DETERMINERS:
            run.insert(0, token)
            if lowered == "the" and len(run) > 1 and fold(run[1].group()) not in MENTION_NOUNS:
                previous_word = tokens[tokens.index(token) - 1] if tokens.index(token) > 0 else None
                gap_ok = (
                    previous_word is not None
                    and not text[previous_word.end() : token.start()].strip()
                )
                if gap_ok and previous_word is not None and previous_word.group() in {"of", "for"}:
                    continue  # "Representative of the UN Secretary-General"
            break
        if is_capitalised(word) or lowered in CONNECTORS:
            run.insert(0, token)
            continue
        if lowered.removesuffix("'s") in MENTION_NOUNS:
            run.insert(0, token)
            continue
        described = _described_mention(text, tokens, tokens.index(token), run)
        if described is not None:
            return described
        break
    while run and run[0].group().lower() in CONNECTORS - {"the"}:
        run.pop(0)
    if len(run) > 12 or not run:
        return None
    words = [token.group() for token in run]
    if words[0].lower() in DETERMINERS:
        if len(words) == 1:
            return None
        # "the spokesman" needs its noun; "the" + lower-case other words is not a speaker.
        if (
            not is_capitalised(words[-1])
            and fold(words[-1]).removesuffix("'s") not in MENTION_NOUNS
        ):
            return None
    elif not any(is_capitalised(word) for word in words):
        return None
    return text[run[0].start() : run[-1].end()]


#: Lower-case words that may describe a role noun after a determiner: "the former governor".
_DESCRIBING_WORDS = 3
_DESCRIBED_DETERMINERS = DETERMINERS | {"one"}
_PREPOSITIONS = frozenset("to with by for from of at on in about against".split())


def _described_mention(
    text: str, tokens: list[re.Match[str]], index: int, run: list[re.Match[str]]
) -> str | None:
    """ "the presidential candidate", "one senior Democrat", "a top GOP strategist": up to three
    lower-case words between a determiner and a phrase that ends in a role noun or a name.

    ``tokens[index]`` is the lower-case word that stopped the backward walk and ``run`` the
    words after it; returns the whole mention, or None when it is not one."""
    if not run:
        return None
    head = run[-1].group()
    if not is_capitalised(head) and fold(head).removesuffix("'s") not in MENTION_NOUNS:
        return None
    start = index
    while start >= 0 and index - start < _DESCRIBING_WORDS:
        word = tokens[start].group()
        lowered = word.lower()
        following = tokens[start + 1] if start + 1 < len(tokens) else run[0]
        if text[tokens[start].end() : following.start()].strip():
            return None  # punctuation between the words
        if lowered in _DESCRIBED_DETERMINERS:
            break
        if (not word.isalpha() and "-" not in word) or word[:1].isupper():
            return None
        if lowered in NOT_NAMES or lowered in ADVERBS or lowered in CONNECTORS:
            return None
        start -= 1
    if start < 0 or tokens[start].group().lower() not in _DESCRIBED_DETERMINERS:
        return None
    if start > 0 and tokens[start - 1].group() in _PREPOSITIONS:
        return None  # "an interview with the former governor": not the subject
    return text[tokens[start].start() : run[-1].end()]


def strip_statement(phrase: str) -> str:
    """ "The State Department’s statement" -> "The State Department"."""
    words = phrase.split()
    if len(words) >= 2 and fold(words[-1]) in STATEMENT_NOUNS:
        owner = " ".join(words[:-1])
        owner = re.sub(r"['’]s$", "", owner)
        if owner.lower() not in DETERMINERS and word_count(owner) >= 1:
            return owner
    return phrase


def subject_before_verb(text: str) -> str | None:
    """The speaker phrase before a verb, through an appositive ("X, the spokesman for Y,")."""
    stripped = text.rstrip()
    phrase = tail_phrase(stripped)
    if phrase is not None:
        return phrase
    if stripped.endswith(","):
        inner = stripped[:-1]
        comma = inner.rfind(",")
        if comma > 0:
            appositive = inner[comma + 1 :].strip()
            head = inner[:comma]
            first = appositive.split()[0].lower() if appositive.split() else ""
            if first in {"the", "a", "an", "who", "which", "whose", "in", "its", "his", "her"} or (
                first and not is_capitalised(appositive) and role_head(appositive)
            ):
                # "Her rival, incumbent President Samuel Adeyemi,": the name is in the aside.
                return tail_phrase(head) or _named_tail(appositive)
            # "His spokesman, Jan Novak," : role first, then the name.
            role_phrase = tail_phrase(head)
            if role_phrase is None:
                # "the head of the mission, Mariam Diallo,": a role phrase with its complement.
                described = re.search(
                    r"(?:^|\b)(?:the|a|an|his|her|its|their)\s+[^,]+$", head, re.I
                )
                role_phrase = described.group().strip() if described else None
            if (
                role_phrase is not None
                and role_head(role_phrase)
                and tail_phrase(appositive) == appositive
            ):
                return role_phrase + ", " + appositive
        # "Ruritania, in turn, reported": a short aside between subject and verb.
        return None
    return None


def _named_tail(phrase: str) -> str | None:
    tail = tail_phrase(phrase)
    if tail is None or not split_role_and_name(tail)[1]:
        return None
    return tail


def is_speaker_phrase(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    if phrase.lower() in PRONOUNS:
        return True
    if words[0].lower() in DETERMINERS:
        return fold(words[-1]).removesuffix("'s") in MENTION_NOUNS or is_capitalised(words[-1])
    return is_capitalised(words[0]) and fold(words[0]) not in NOT_NAMES


# --- Speaker validation: a speaker is a person or a body, not a title, heading or place word --
_ABBREVIATED_TITLES = frozenset(word.lower() for word in TITLE_ABBREVIATIONS)
_DESCRIPTIVE_SUFFIXES = ("-leaning", "-based", "-backed", "-led", "-born", "-style")
_HEADING_VERBS = frozenset(
    "said says praised slams slammed blasts blasted hits rips ripped warns warned sings "
    "defends defended vows vowed calls urges denies denied".split()
)


def is_valid_speaker(speaker: Speaker) -> bool:
    """Whether a found speaker can speak: not a bare title ("Rep", "Gen."), a single letter
    ("U"), an adjective ("Republican-leaning"), a nationality word ("Israeli"), or a title-case
    heading read as a name ("Hillary Clinton Praised")."""
    words = speaker.name.replace(ABBREVIATION_DOT, ".").split()
    if not words:
        return False
    last = fold(words[-1]).rstrip(".,")
    if len(words) == 1:
        if len(last) < 2 or last in _ABBREVIATED_TITLES:
            return False
        if not speaker.is_org and _is_nationality(words[0]):
            return False
    if last.endswith(_DESCRIPTIVE_SUFFIXES):
        return False
    return not (len(words) >= 2 and last in _HEADING_VERBS)


def _is_nationality(word: str) -> bool:
    from briefing.gazetteer import is_demonym

    # "Israeli" is an adjective; "Palestinians" (a people, plural) may speak through a body.
    return not word.endswith("s") and is_demonym(word.strip(".,’'"))
