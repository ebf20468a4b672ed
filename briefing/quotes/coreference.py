"""Who is named in an article, with what role, and whom "he" or "the spokesman" means.

The ``Registry`` collects the people and bodies an article names (with the roles it gives
them) and the speakers seen so far; ``resolve`` turns a mention into a speaker with it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing.gazetteer import governed_country, is_major_place, is_place
from briefing.models import Article
from briefing.quotes.lexicon import (
    ABBREVIATION_DOT,
    DETERMINERS,
    NOT_NAMES,
    ORG_WORDS,
    PRONOUNS,
    SPEECH_VERB,
    STATEMENT_NOUNS,
    TITLE_WORDS,
    VERB_WORDS,
    fold,
    is_capitalised,
    window_before,
    word_count,
)
from briefing.quotes.speakers import (
    Speaker,
    is_org_phrase,
    role_head,
    same_role,
    split_role_and_name,
    strip_statement,
    subject_before_verb,
)

_SAME_SURNAME_LIMIT = 40
#: How many speakers back "he" or "the spokesman" may look (a long feature names a few dozen).
_SPEAKER_REACH = 200


@dataclass
class Registry:
    """People and bodies named in one article, in order, with the roles the text gives them."""

    names: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    speakers: list[Speaker] = field(default_factory=list)
    # Names by their last word, folded: a lookup reads only the names it could match, and at
    # most a few dozen of them (no real article names more people of one surname).
    by_last_word: dict[str, list[str]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    by_head: dict[str, list[str]] = field(default_factory=dict)  # names by their role's noun

    def add(self, name: str, role: str | None) -> None:
        folded = fold(name).split()
        if not folded:
            return
        if name not in self.known:
            self.known.add(name)
            self.names.append(name)
            same_last = self.by_last_word.setdefault(folded[-1], [])
            if len(same_last) < _SAME_SURNAME_LIMIT:
                same_last.append(name)
        if role and (name not in self.roles or len(role) > len(self.roles[name])):
            self.roles[name] = role
            head = role_head(role)
            if head is not None:
                self.by_head.setdefault(head, []).append(name)

    def full_name(self, name: str) -> str:
        """The longest name in the article that ends with (or is) ``name``."""
        folded = fold(name).split()
        if not folded:
            return name
        matches = {
            candidate
            for candidate in self.by_last_word.get(folded[-1], ())
            if len(fold(candidate).split()) > len(folded)
            and fold(candidate).split()[-len(folded) :] == folded
        }
        if len(matches) == 1:
            return matches.pop()
        return name

    def by_role(self, role: str) -> str | None:
        """The latest named speaker, or person named, whose role has the same head noun."""
        head = role_head(role)
        if head is None:
            return None
        for speaker in self.recent_speakers():
            if speaker.name and same_role(speaker.role or "", role, head):
                return self.full_name(speaker.name)
        for name in reversed(self.by_head.get(head, ())):
            if same_role(self.roles.get(name, ""), role, head):
                return self.full_name(name)
        return None

    def recent_speakers(self) -> Iterator[Speaker]:
        """The speakers named so far, latest first, as far back as a pronoun can reach."""
        return itertools.islice(reversed(self.speakers), _SPEAKER_REACH)

    def last_person(self) -> Speaker | None:
        """The latest speaker who looks like a person: a full name, or a name with a title."""
        for speaker in self.recent_speakers():
            titled = speaker.role is not None and role_head(speaker.role) in TITLE_WORDS
            if speaker.name and not speaker.is_org and (len(speaker.name.split()) >= 2 or titled):
                return speaker
        return None

    def names_person(self, name: str) -> bool:
        """Whether the article shows ``name`` is a person's: a title before it somewhere
        ("Mr. Monaco") or a longer name anywhere that ends with it ("Lisa O. Monaco", even in
        an unattributed aside), a longer name that is not itself a place ("East Jerusalem")."""
        role = self.roles.get(name)
        if role is not None and role_head(role) in TITLE_WORDS:
            return True
        words = fold(name).split()
        if not words:
            return False
        return any(
            len(candidate.split()) > len(words)
            and fold(candidate).split()[-len(words) :] == words
            and not is_place(candidate)
            for candidate in self.by_last_word.get(words[-1], ())
        )

    def last_named(self, *, org: bool | None = None) -> Speaker | None:
        for speaker in self.recent_speakers():
            if speaker.name and (org is None or speaker.is_org == org):
                return speaker
        return None


# The registry's patterns run over whole paragraphs, so none may backtrack far: each starts
# only at the start of a word (the look-behind) and every repeat is bounded (a word of at most
# _W characters, a name of at most four words), so a 1 MB word or a run of capitalised words
# without a comma costs linear time, not quadratic.
_W = "{1,40}"  # the letters after a name word's first one
_START = r"(?<![\w\-’'.])"
_NAME_WORD = rf"[A-ZÀ-Ý][\w\-’']{_W}"
# A word of a name run, with the plain view's dot of an initial or title ("Lisa O. Monaco").
_RUN_CHARS = rf"\w\-’'.{ABBREVIATION_DOT}"
_RUN_WORD = rf"(?:[A-Z][{_RUN_CHARS}]{{0,40}}|of|for|the|de|da|van|von|al|bin)(?![{_RUN_CHARS}])"
_NAME_RUN = re.compile(rf"{_START}{_RUN_WORD}(?:\s{{1,20}}{_RUN_WORD}){{0,15}}")
_APPOSITIVE = re.compile(
    rf"{_START}(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}),\s+"
    r"(?P<role>(?:the|a|an)\s+[^,.;“\"]{3,120}?),"
)
_ROLE_FIRST = re.compile(
    rf"{_START}(?P<role>(?:[A-Z][\w\-’']{{0,40}}\s{{1,20}}){{0,6}}[\w\-’']{_W}),\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s*,?\s"
)


# "Palace spokesperson Ivan Petrenko", "Opposition leader Karin Holm", "farmer Ali Demir".
_LOWER_TITLE_NAME = re.compile(
    r"(?P<role>(?:\b[A-Z][\w\-’']{0,40}\s{1,20}){0,4}\b(?:"
    + "|".join(sorted((word for word in TITLE_WORDS if word.isalpha()), key=len, reverse=True))
    + r"|farmer|worker|teacher|activist|journalist|student|owner|shopkeeper))"
    rf"\s+(?P<name>[A-Z][\w\-’']{_W}(?:\s+[A-Z][\w\-’']{_W}){{1,3}})"
)


# Capitalised words that open a sentence before a name: a verb ("Stated Piet Vos:") or a
# connective ("But Ana Ruiz ...").
_NOT_A_NAME_START = NOT_NAMES | {verb for verb in VERB_WORDS.split("|") if "\\" not in verb}


def build_registry(article: Article) -> Registry:
    registry = Registry()
    for paragraph in article.paragraphs:
        for match in _APPOSITIVE.finditer(paragraph):
            if role_head(match.group("role")) is not None:
                role = re.sub(r"^(?:the|a|an)\s+", "", match.group("role"))
                registry.add(match.group("name"), role)
        for match in _ROLE_FIRST.finditer(paragraph):
            role = match.group("role")
            if role_head(role) is not None and fold(role.split()[-1]) in TITLE_WORDS:
                registry.add(
                    match.group("name"),
                    re.sub(r"^(?:the|a|an|his|her|its)\s+", "", role, flags=re.I),
                )
        for match in _LOWER_TITLE_NAME.finditer(paragraph):
            registry.add(match.group("name"), match.group("role"))
        for match in _NAME_RUN.finditer(paragraph):
            phrase = match.group().strip()
            first, _, rest = phrase.partition(" ")
            if first.lower() in _NOT_A_NAME_START:
                phrase = rest.strip()  # "Stated Piet Vos", "But Ana Ruiz": not part of the name
            if word_count(phrase) < 2 or is_org_phrase(phrase):
                continue
            title, name = split_role_and_name(phrase)
            if title and fold(title.split()[-1]) not in TITLE_WORDS:
                title = None
            if len(name.split()) >= 2 or (title and name):
                registry.add(name, title)
    return registry


def _resolve(phrase: str, registry: Registry) -> Speaker | None:
    """Turn the words that introduced a quote into a speaker, using what the article said before."""
    mention = phrase.strip()
    lowered = mention.lower()
    if lowered in PRONOUNS:
        if lowered in {"he", "she", "i"}:
            previous = registry.last_person()
        else:
            previous = registry.last_named(org=lowered in {"it", "they"} or None)
        if previous is None:
            previous = registry.last_named()
        if previous is None:
            return None
        return Speaker(previous.name, previous.role, mention, previous.is_org)
    owner = strip_statement(mention)
    words = owner.split()
    bare = [word for word in words if word.lower() not in DETERMINERS]
    if not bare:
        return None
    last_word = fold(bare[-1]).removesuffix("'s")
    if owner == mention and len(bare) == 1 and last_word in STATEMENT_NOUNS:
        # "the statement said": the last body that spoke, else the last speaker.
        previous = registry.last_named(org=True) or registry.last_named()
        if previous is None:
            return None
        return Speaker(previous.name, previous.role, mention, previous.is_org)
    role, name = split_role_and_name(owner)
    if not name and role is not None and len(role.split()) == 1 and role.isupper():
        return Speaker(role, None, mention, is_org=True)  # an acronym: "the UN", "NATO"
    # "The Ministry of Foreign Affairs" is a body named with "of", not a person "Affairs"
    # whose title is "Ministry of Foreign".
    named_with_of = len(bare) > 2 and fold(bare[0]) in ORG_WORDS and bare[1].lower() == "of"
    titled_person = (
        bool(name)
        and role is not None
        and fold(role.split()[-1]) in TITLE_WORDS
        and not is_org_phrase(name)
        and not named_with_of
    )
    if not titled_person and is_org_phrase(owner) and any(is_capitalised(word) for word in bare):
        name = re.sub(r"^(?:the|a|an)\s+", "", owner, flags=re.IGNORECASE)
        if len(bare) > 1 and bare[-1].isupper() and not is_capitalised(bare[-2]):
            name = bare[-1]  # "the children's agency UNICEF"
        return Speaker(name, None, mention, is_org=True)
    if name:
        full = registry.full_name(name)
        known_role = role or registry.roles.get(full) or registry.roles.get(name)
        return Speaker(full, known_role, mention)
    if role is None:
        return None
    # A bare role: "the spokesman", "the Secretary-General", "the Ruritanian President".
    resolved = registry.by_role(role)
    if resolved is not None:
        return Speaker(resolved, registry.roles.get(resolved, role), mention)
    modifiers = [
        word for word in role.split() if is_capitalised(word) and fold(word) not in TITLE_WORDS
    ]
    head = role_head(role)
    if modifiers or head in ORG_WORDS:
        # "the Ruritanian President", "the port authority": a speaker of its own.
        return Speaker(role, None if head in ORG_WORDS else role, mention, head in ORG_WORDS)
    previous = registry.last_named()
    previous_head = role_head(previous.role or "") if previous is not None else None
    # A formal title ("the Chief Justice") names an office: it is the last speaker's only
    # when the article gave that speaker the office; a plain "the spokesman" may be anyone's.
    formal = is_capitalised(role.split()[-1])
    if previous is not None and (previous_head == head or (previous_head is None and not formal)):
        return Speaker(previous.name, previous.role or role, mention, previous.is_org)
    # The last speaker holds another role ("the prosecutor" after the defence lawyer).
    return Speaker(role, role, mention)


def is_place_speaker(speaker: Speaker, registry: Registry) -> bool:
    """Whether a speaker is only a place: a country, a capital or a city of a million people
    ("Baku", "Armenia", "WASHINGTON") that the article names no person after, and that has
    no title of a person in its role."""
    name = _without_determiners(speaker.name)
    if not name or (speaker.role is not None and role_head(speaker.role) in TITLE_WORDS):
        return False
    return is_major_place(name) and not registry.names_person(name)


def credit_place(speaker: Speaker, registry: Registry, *, by_verb: bool) -> Speaker | None:
    """Whom to credit with a quote whose speaker was found as ``speaker``.

    A person or a body is credited as found. A country or its capital that a speech verb
    makes speak ("Baku said", "Armenia warned") speaks for its government: the quote is the
    "Government of Azerbaijan"'s, with the place as the mention. Any other place ("Houston
    said"), a place that only stands by a quote with no verb, or a dateline in capitals
    ("WASHINGTON — Sen. Ana Ruiz said ...") is no speaker: None, and the quote is left out.
    """
    if not is_place_speaker(speaker, registry):
        return speaker
    name = _without_determiners(speaker.name)
    # A place name in capitals ("WASHINGTON —", "NEW YORK (AP)") is a dateline; an initialism
    # ("US", "UAE") is how the country is written.
    dateline = name.isupper() and len(name.replace(".", "").replace(" ", "")) > _INITIALISM
    country = governed_country(name) if by_verb and not dateline else None
    if country is None:
        return None
    return Speaker(government_name(country.name), None, speaker.mention, is_org=True)


def government_name(country: str) -> str:
    """ "Government of Azerbaijan", "Government of the United States": English puts "the"
    before a country named as a union, a republic or a plural ("the Netherlands")."""
    words = country.split()
    the = words[-1].endswith("s") or any(word in _UNION_WORDS for word in words)
    return f"Government of {'the ' if the else ''}{country}"


_INITIALISM = 3  # letters at most of a country's initialism ("USA", "UAE")
_UNION_WORDS = frozenset("United Republic Kingdom Federation Union Emirates".split())


def _without_determiners(name: str) -> str:
    return " ".join(word for word in name.split() if word.lower() not in DETERMINERS)


def speaker_from_phrase(phrase: str, registry: Registry) -> Speaker | None:
    if ", " in phrase:  # role first, then the name
        role, name = phrase.split(", ", 1)
        role = re.sub(r"^(?:the|a|an|his|her|its)\s+", "", role, flags=re.IGNORECASE)
        registry.add(name, role)
        speaker = _resolve(name, registry)
        if speaker is None:
            return None
        return Speaker(speaker.name, speaker.role or role, name, speaker.is_org)
    return _resolve(phrase, registry)


def remember_subjects(registry: Registry, sentence: str, *, bodies: bool = False) -> None:
    """Note who speaks in a sentence, so a later "he" finds the person and not a country."""
    for verb in SPEECH_VERB.finditer(sentence):
        phrase = subject_before_verb(window_before(sentence, verb.start()))
        if phrase is None or phrase.lower() in PRONOUNS:
            continue
        speaker = speaker_from_phrase(phrase, registry)
        if speaker is not None and speaker.name and (bodies or not speaker.is_org):
            registry.speakers.append(speaker)
