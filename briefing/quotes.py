"""Quotes with their speakers, and the actors behind them.

``extract_quotes`` reads one article: direct quotes in straight or curly marks, and reported
speech without marks ("X said that ..."), each tied to a speaker. Speakers come from generic
patterns only: a list of speech verbs, a list of role nouns and titles, capitalised-name runs
and pronouns. Nothing here knows any particular person, place or outlet.

``merge_actors`` folds the names of one speaker across articles (accents, surname only,
title + name) into one ``Actor`` and ranks actors and their quotes by importance.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from briefing.models import Actor, Article, Quote, QuoteKind
from briefing.text import sentence_spans

# --- Vocabulary -------------------------------------------------------------------------
# Verbs that introduce speech. Forms that may take a bare clause ("X said the talks failed")
# are kept apart from those that need "that" to introduce reported speech ("X stressed that").
_BARE_CLAUSE_VERBS = "said says say stated states told tells informed wrote writes".split()
_THAT_VERBS = (
    "added adds noted notes stressed stresses warned warns asserted asserts emphasized "
    "emphasised emphasizes emphasises highlighted highlights reiterated reiterates insisted "
    "insists argued argues claimed claims explained explains declared declares announced "
    "announces confirmed confirms denied denies acknowledged acknowledges reported reports "
    "shared reminded reminds assured assures predicted predicts maintained maintains "
    "conceded concedes admitted admits testified testifies believes believed recalled "
    "recalls observed observes replied replies responded responds remarked remarks "
    "continued continues concluded concludes suggested suggests tweeted posted vowed vows "
    "cautioned cautions countered counters agreed agrees urged urges"
).split()
_URGE_VERBS = (
    "urged urges called on|called upon|calls on|calls upon|called for|calls for|"
    "appealed to|appeals to|demanded|demands"
)
_PARTICIPLES = (
    "saying adding noting urging stressing warning insisting arguing emphasizing emphasising "
    "stating writing telling calling declaring asserting explaining"
).split()
_STATEMENT_PHRASES = (
    r"(?:issued|released|published|put out|issues|releases|publishes)\s+(?:a|an|its|the)\s+"
    r"(?:\w+\s+)?(?:statement|communiqu[eé]|readout|declaration)"
)
_ALL_VERBS = sorted(
    {*_BARE_CLAUSE_VERBS, *_THAT_VERBS, *_PARTICIPLES, *_URGE_VERBS.replace("|", " ").split()},
    key=len,
    reverse=True,
)
_VERB_WORDS = "|".join(re.escape(verb) for verb in _ALL_VERBS if " " not in verb)
_SPEECH_VERB = re.compile(
    rf"\b(?:{_STATEMENT_PHRASES}|called (?:on|upon|for)|calls (?:on|upon|for)|"
    rf"pointed out|points out|{_VERB_WORDS})\b"
)

# Titles and role nouns: they separate "Kremlin spokesperson" from the name that follows
# and let "the spokesman" find the person named before with that role.
_TITLE_WORDS = frozenset(
    """
    president vice-president minister prime secretary secretary-general under-secretary
    under-secretary-general general assistant deputy spokesperson spokesman spokeswoman
    spokespeople special representative envoy ambassador chief judge justice senator
    governor mayor mr mrs ms miss dr prof gen col lt maj capt sgt adm cmdr insp det
    foreign defense defence interior state chancellor king queen prince princess pope
    detective inspector officer captain commander director chairman chairwoman chair
    chairperson head leader prosecutor attorney lawyer counsel sheriff coach ceo founder
    candidate lawmaker legislator mp congressman congresswoman councillor councilor
    commissioner administrator official officials spokespersons premier president-elect
    rapporteur coordinator advisor adviser analyst expert economist witness survivor
    resident residents doctor nurse professor researcher scientist police minister-president
    mr. mrs. ms. dr. prof. gen. sen. rep. gov. sec. amb. lord lady sir dame sheikh emir
    crown colonel major lieutenant sergeant brigadier admiral marshal manager executive
    representative-elect superintendent constable chief-executive
    """.split()
)
_ORG_WORDS = frozenset(
    """
    ministry department office council union commission court government police army
    agency committee party organization organisation nations bank fund service authority
    authorities kremlin parliament congress senate assembly administration embassy
    presidency cabinet institute federation association league alliance coalition bureau
    secretariat tribunal prosecutors prosecution campaign company corporation group forces
    navy military command centre center board observatory network statement
    """.split()
)
# Lower-case nouns that can head a definite speaker mention: "the spokesman", "the court".
_MENTION_NOUNS = (
    _TITLE_WORDS
    | _ORG_WORDS
    | frozenset("statement spokesperson report communique readout declaration judge jury".split())
)
_STATEMENT_NOUNS = frozenset("statement communique communiqué readout declaration release".split())
_PRONOUNS = frozenset("he she they it we i".split())
_ADVERBS = frozenset(
    """
    also further again later then earlier previously reportedly repeatedly once has have
    had has also had also furthermore additionally separately subsequently finally too
    meanwhile however simply flatly publicly privately quickly
    """.split()
)
# Capitalised words that start sentences or name times, not people.
_NOT_NAMES = frozenset(
    """
    on in at but and however meanwhile monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december today yesterday tomorrow also while when after before as if this that these
    those there it its his her their our we they he she i a an the moving furthermore
    additionally in summation earlier later speaking asked read more separately still yet
    what why how who where according last next following during despite although though
    """.split()
)
_CONNECTORS = frozenset("of for the de da del der van von al bin la le du".split())
_DETERMINERS = frozenset("the a an his her its their our".split())

_WORD = re.compile(r"[^\W_](?:[\w\-’'.]*[^\W_])?")
_QUOTE_CHARS = '"“”'
_QUOTE_MARK = re.compile('["“”]')
_ENDING_PUNCTUATION = " \t\n,;:"


def _fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and dashes made plain."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("’", "'").replace("‘", "'").lower()


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _has_words(text: str, count: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds ``count`` words or more, reading no further than that."""
    words = _WORD.finditer(text, start, len(text) if end is None else end)
    return sum(1 for _ in itertools.islice(words, count)) >= count


#: How far before a speech verb or a quote mark a speaker phrase is looked for, in characters.
#: A speaker phrase is at most a dozen words; reading the whole sentence before each verb made
#: a long sentence with many verbs quadratic.
_LOOKBACK = 250


def _before(text: str, end: int) -> str:
    """The last ``_LOOKBACK`` characters of ``text[:end]``, starting at a word boundary."""
    start = end - _LOOKBACK
    if start <= 0:
        return text[:end]
    space = text.find(" ", start, end)
    return text[space + 1 if space >= 0 else end : end]


# --- Speaker phrases ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Speaker:
    name: str  # the name as written where the speaker was named ("" for a bare role)
    role: str | None
    mention: str
    is_org: bool = False


def _split_role_and_name(phrase: str) -> tuple[str | None, str]:
    """Split "Palace spokesperson Ivan Petrenko" into ("Kremlin spokesperson", "Ivan Petrenko").

    The name is the run of capitalised words at the end that are not titles or acronyms;
    whatever comes before is the role. A phrase with no such run is a bare role.
    """
    words = phrase.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    name_start = len(words)
    for index in range(len(words) - 1, -1, -1):
        word = words[index].strip(",")
        lowered = word.lower().rstrip(".")
        if _is_particle(words, index):
            name_start = index
            continue
        if (
            not _is_capitalised(word)
            or lowered in _TITLE_WORDS
            or lowered + "." in _TITLE_WORDS
            or (word.isupper() and len(word) > 1)
            or (lowered in _CONNECTORS and not _is_particle(words, index))
        ):
            break
        name_start = index
    name = " ".join(words[name_start:])
    role = " ".join(words[:name_start]).strip(" ,") or None
    if role is not None and role.lower() in _CONNECTORS:
        role = None
    return role, name


_PARTICLES = frozenset("de da del der van von al bin du la le".split())


def _is_particle(words: list[str], index: int) -> bool:
    """ "de" in "Karel de Wit": a lower-case particle between two capitalised name words."""
    if words[index].lower() not in _PARTICLES or index == 0 or index + 1 >= len(words):
        return False
    before = words[index - 1]
    return _is_capitalised(before) and _fold(before).rstrip(".") not in _TITLE_WORDS


def _is_org_phrase(phrase: str) -> bool:
    words = [_fold(word).strip(".,") for word in phrase.split()]
    return any(
        word in _ORG_WORDS or (word.endswith("'s") and word[:-2] in _ORG_WORDS) for word in words
    ) or (len(words) == 1 and phrase.isupper())


def _role_head(role: str) -> str | None:
    """The noun a role is about: "spokesperson for the UN Secretary-General" -> "spokes"."""
    folded = _fold(role).replace("secretary general", "secretary-general")
    folded = re.split(r"\b(?:of|for|to|at|in|with)\b", folded)[0]
    head: str | None = None
    for word in re.findall(r"[a-z][a-z\-.']*", folded):
        if word in _TITLE_WORDS or word in _ORG_WORDS:
            head = word
    if head is not None and head.startswith("spokes"):
        head = "spokes"
    return head


def _same_role(known: str, mention: str, head: str) -> bool:
    """Whether a known role fits a role mention: the same noun, and not qualified otherwise
    ("the Ruritanian President" is not the "Freedonian President" named before)."""
    if _role_head(known) != head:
        return False
    wanted, held = _qualifiers(mention), _qualifiers(known)
    return not wanted or not held or bool(wanted & held)


def _qualifiers(role: str) -> set[str]:
    """The capitalised words of a role that are not titles: "Ruritanian", "UN"."""
    return (
        {_fold(word) for word in role.split() if _is_capitalised(word)}
        - _TITLE_WORDS
        - _DETERMINERS
    )


def _tail_phrase(text: str) -> str | None:
    """The speaker phrase that ends ``text`` (the words just before a speech verb).

    Accepts a pronoun, a run of capitalised words (with connectors such as "of" and
    possessives), a role noun after a determiner ("the spokesman"), or both together
    ("Palace spokesperson Ivan Petrenko"). Returns None when the words there are none.
    """
    tokens = list(_WORD.finditer(text))
    if not tokens or text[tokens[-1].end() :].strip(" "):
        return None
    # Drop adverbs and auxiliaries between the speaker and the verb ("Petrenko also told").
    while tokens and tokens[-1].group().lower() in _ADVERBS:
        after = text[tokens[-1].end() :]
        if after.strip(" "):
            break
        tokens.pop()
        text = text[: tokens[-1].end()] if tokens else ""
        if not tokens:
            return None
    last = tokens[-1].group()
    if last.lower() in _PRONOUNS:
        before = text[: tokens[-1].start()].rstrip()
        if not before or not before[-1].isalnum() or before.split()[-1].lower() in {"and", "but"}:
            return last
        return None
    run: list[re.Match[str]] = []
    for token in reversed(tokens):
        if run and text[token.end() : run[0].start()].strip(" "):
            break  # punctuation between words ends the phrase
        word = token.group()
        lowered = _fold(word).rstrip(".")
        if lowered in _NOT_NAMES and lowered not in _DETERMINERS:
            break
        if lowered in _DETERMINERS:
            run.insert(0, token)
            if lowered == "the" and len(run) > 1 and _fold(run[1].group()) not in _MENTION_NOUNS:
                previous_word = tokens[tokens.index(token) - 1] if tokens.index(token) > 0 else None
                gap_ok = (
                    previous_word is not None
                    and not text[previous_word.end() : token.start()].strip()
                )
                if gap_ok and previous_word is not None and previous_word.group() in {"of", "for"}:
                    continue  # "Representative of the UN Secretary-General"
            break
        if _is_capitalised(word) or lowered in _CONNECTORS:
            run.insert(0, token)
            continue
        if lowered.removesuffix("'s") in _MENTION_NOUNS:
            run.insert(0, token)
            continue
        break
    while run and run[0].group().lower() in _CONNECTORS - {"the"}:
        run.pop(0)
    if len(run) > 12 or not run:
        return None
    words = [token.group() for token in run]
    if words[0].lower() in _DETERMINERS:
        if len(words) == 1:
            return None
        # "the spokesman" needs its noun; "the" + lower-case other words is not a speaker.
        if (
            not _is_capitalised(words[-1])
            and _fold(words[-1]).removesuffix("'s") not in _MENTION_NOUNS
        ):
            return None
    elif not any(_is_capitalised(word) for word in words):
        return None
    return text[run[0].start() : run[-1].end()]


def _strip_statement(phrase: str) -> str:
    """ "The State Department’s statement" -> "The State Department"."""
    words = phrase.split()
    if len(words) >= 2 and _fold(words[-1]) in _STATEMENT_NOUNS:
        owner = " ".join(words[:-1])
        owner = re.sub(r"['’]s$", "", owner)
        if owner.lower() not in _DETERMINERS and _word_count(owner) >= 1:
            return owner
    return phrase


# --- Article-wide knowledge: who is named, with what role ---------------------------------


_SAME_SURNAME_LIMIT = 40
#: How many speakers back "he" or "the spokesman" may look (a long feature names a few dozen).
_SPEAKER_REACH = 200


@dataclass
class _Registry:
    """People and bodies named in one article, in order, with the roles the text gives them."""

    names: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    speakers: list[_Speaker] = field(default_factory=list)
    # Names by their last word, folded: a lookup reads only the names it could match, and at
    # most a few dozen of them (no real article names more people of one surname).
    by_last_word: dict[str, list[str]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    by_head: dict[str, list[str]] = field(default_factory=dict)  # names by their role's noun

    def add(self, name: str, role: str | None) -> None:
        folded = _fold(name).split()
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
            head = _role_head(role)
            if head is not None:
                self.by_head.setdefault(head, []).append(name)

    def full_name(self, name: str) -> str:
        """The longest name in the article that ends with (or is) ``name``."""
        folded = _fold(name).split()
        if not folded:
            return name
        matches = {
            candidate
            for candidate in self.by_last_word.get(folded[-1], ())
            if len(_fold(candidate).split()) > len(folded)
            and _fold(candidate).split()[-len(folded) :] == folded
        }
        if len(matches) == 1:
            return matches.pop()
        return name

    def by_role(self, role: str) -> str | None:
        """The latest named speaker, or person named, whose role has the same head noun."""
        head = _role_head(role)
        if head is None:
            return None
        for speaker in self.recent_speakers():
            if speaker.name and _same_role(speaker.role or "", role, head):
                return self.full_name(speaker.name)
        for name in reversed(self.by_head.get(head, ())):
            if _same_role(self.roles.get(name, ""), role, head):
                return self.full_name(name)
        return None

    def recent_speakers(self) -> Iterator[_Speaker]:
        """The speakers named so far, latest first, as far back as a pronoun can reach."""
        return itertools.islice(reversed(self.speakers), _SPEAKER_REACH)

    def last_person(self) -> _Speaker | None:
        """The latest speaker who looks like a person: a full name, or a name with a title."""
        for speaker in self.recent_speakers():
            titled = speaker.role is not None and _role_head(speaker.role) in _TITLE_WORDS
            if speaker.name and not speaker.is_org and (len(speaker.name.split()) >= 2 or titled):
                return speaker
        return None

    def last_named(self, *, org: bool | None = None) -> _Speaker | None:
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
_RUN_WORD = r"(?:[A-Z][\w\-’'.]{0,40}|of|for|the|de|da|van|von|al|bin)(?![\w\-’'.])"
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
    + "|".join(sorted((word for word in _TITLE_WORDS if word.isalpha()), key=len, reverse=True))
    + r"|farmer|worker|teacher|activist|journalist|student|owner|shopkeeper))"
    rf"\s+(?P<name>[A-Z][\w\-’']{_W}(?:\s+[A-Z][\w\-’']{_W}){{1,3}})"
)


def _build_registry(article: Article) -> _Registry:
    registry = _Registry()
    for paragraph in article.paragraphs:
        for match in _APPOSITIVE.finditer(paragraph):
            if _role_head(match.group("role")) is not None:
                role = re.sub(r"^(?:the|a|an)\s+", "", match.group("role"))
                registry.add(match.group("name"), role)
        for match in _ROLE_FIRST.finditer(paragraph):
            role = match.group("role")
            if _role_head(role) is not None and _fold(role.split()[-1]) in _TITLE_WORDS:
                registry.add(
                    match.group("name"),
                    re.sub(r"^(?:the|a|an|his|her|its)\s+", "", role, flags=re.I),
                )
        for match in _LOWER_TITLE_NAME.finditer(paragraph):
            registry.add(match.group("name"), match.group("role"))
        for match in _NAME_RUN.finditer(paragraph):
            phrase = match.group().strip()
            if _word_count(phrase) < 2 or _is_org_phrase(phrase):
                continue
            title, name = _split_role_and_name(phrase)
            if title and _fold(title.split()[-1]) not in _TITLE_WORDS:
                title = None
            if len(name.split()) >= 2 or (title and name):
                registry.add(name, title)
    return registry


def _resolve(phrase: str, registry: _Registry) -> _Speaker | None:
    """Turn the words that introduced a quote into a speaker, using what the article said before."""
    mention = phrase.strip()
    lowered = mention.lower()
    if lowered in _PRONOUNS:
        if lowered in {"he", "she", "i"}:
            previous = registry.last_person()
        else:
            previous = registry.last_named(org=lowered in {"it", "they"} or None)
        if previous is None:
            previous = registry.last_named()
        if previous is None:
            return None
        return _Speaker(previous.name, previous.role, mention, previous.is_org)
    owner = _strip_statement(mention)
    words = owner.split()
    bare = [word for word in words if word.lower() not in _DETERMINERS]
    if not bare:
        return None
    last_word = _fold(bare[-1]).removesuffix("'s")
    if owner == mention and len(bare) == 1 and last_word in _STATEMENT_NOUNS:
        # "the statement said": the last body that spoke, else the last speaker.
        previous = registry.last_named(org=True) or registry.last_named()
        if previous is None:
            return None
        return _Speaker(previous.name, previous.role, mention, previous.is_org)
    role, name = _split_role_and_name(owner)
    if not name and role is not None and len(role.split()) == 1 and role.isupper():
        return _Speaker(role, None, mention, is_org=True)  # an acronym: "the UN", "NATO"
    titled_person = (
        bool(name)
        and role is not None
        and _fold(role.split()[-1]) in _TITLE_WORDS
        and not _is_org_phrase(name)
    )
    if not titled_person and _is_org_phrase(owner) and any(_is_capitalised(word) for word in bare):
        name = re.sub(r"^(?:the|a|an)\s+", "", owner, flags=re.IGNORECASE)
        if len(bare) > 1 and bare[-1].isupper() and not _is_capitalised(bare[-2]):
            name = bare[-1]  # "the children's agency UNICEF"
        return _Speaker(name, None, mention, is_org=True)
    if name:
        full = registry.full_name(name)
        known_role = role or registry.roles.get(full) or registry.roles.get(name)
        return _Speaker(full, known_role, mention)
    if role is None:
        return None
    # A bare role: "the spokesman", "the Secretary-General", "the Ruritanian President".
    resolved = registry.by_role(role)
    if resolved is not None:
        return _Speaker(resolved, registry.roles.get(resolved, role), mention)
    modifiers = [
        word for word in role.split() if _is_capitalised(word) and _fold(word) not in _TITLE_WORDS
    ]
    head = _role_head(role)
    if modifiers or head in _ORG_WORDS:
        # "the Ruritanian President", "the port authority": a speaker of its own.
        return _Speaker(role, None if head in _ORG_WORDS else role, mention, head in _ORG_WORDS)
    previous = registry.last_named()
    previous_head = _role_head(previous.role or "") if previous is not None else None
    if previous is not None and previous_head in {None, head}:
        return _Speaker(previous.name, previous.role or role, mention, previous.is_org)
    # The last speaker holds another role ("the prosecutor" after the defence lawyer).
    return _Speaker(role, role, mention)


def _subject_before_verb(text: str) -> str | None:
    """The speaker phrase before a verb, through an appositive ("X, the spokesman for Y,")."""
    stripped = text.rstrip()
    phrase = _tail_phrase(stripped)
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
                first and not _is_capitalised(appositive) and _role_head(appositive)
            ):
                # "Her rival, incumbent President Samuel Adeyemi,": the name is in the aside.
                return _tail_phrase(head) or _named_tail(appositive)
            # "His spokesman, Jan Novak," : role first, then the name.
            role_phrase = _tail_phrase(head)
            if role_phrase is None:
                # "the head of the mission, Mariam Diallo,": a role phrase with its complement.
                described = re.search(
                    r"(?:^|\b)(?:the|a|an|his|her|its|their)\s+[^,]+$", head, re.I
                )
                role_phrase = described.group().strip() if described else None
            if (
                role_phrase is not None
                and _role_head(role_phrase)
                and _tail_phrase(appositive) == appositive
            ):
                return role_phrase + ", " + appositive
        # "Ruritania, in turn, reported": a short aside between subject and verb.
        return None
    return None


def _named_tail(phrase: str) -> str | None:
    tail = _tail_phrase(phrase)
    if tail is None or not _split_role_and_name(tail)[1]:
        return None
    return tail


def _speaker_from_phrase(phrase: str, registry: _Registry) -> _Speaker | None:
    if ", " in phrase:  # role first, then the name
        role, name = phrase.split(", ", 1)
        role = re.sub(r"^(?:the|a|an|his|her|its)\s+", "", role, flags=re.IGNORECASE)
        registry.add(name, role)
        speaker = _resolve(name, registry)
        if speaker is None:
            return None
        return _Speaker(speaker.name, speaker.role or role, name, speaker.is_org)
    return _resolve(phrase, registry)


# --- Direct quotes -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int  # offset of the text inside the marks, in the paragraph
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when the quote runs on


def _quote_spans(line: str, offset: int) -> list[_Span]:
    """Quoted spans of one line: curly marks pair by shape, straight ones in turn."""
    spans: list[_Span] = []
    open_at: int | None = None
    open_kind = ""
    for mark in _QUOTE_MARK.finditer(line):
        index, char = mark.start(), mark.group()
        if open_at is None:
            if char == "”":
                continue  # a stray closing mark opens nothing
            open_at, open_kind = index, char
        elif (open_kind == '"' and char == '"') or (open_kind == "“" and char == "”"):
            spans.append(
                _Span(offset + open_at + 1, offset + index, offset + open_at, offset + index)
            )
            open_at = None
    if open_at is not None:
        spans.append(_Span(offset + open_at + 1, offset + len(line), offset + open_at, None))
    return spans


def _clean_span(paragraph: str, start: int, end: int) -> tuple[int, int]:
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1] in _ENDING_PUNCTUATION:
        end -= 1
    return start, end


def _sentence_bounds(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The sentence holding ``position`` (spans are sorted and disjoint: a binary search)."""
    index = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return position, position


_ACCORDING_TO = re.compile(
    r"\baccording to\s+(?P<who>[^,.;“\"]{2,80}?)(?=\s*[,.;]|\s*$|\s+(?:on|in|at)\s)"
)
_RIGHT_ATTRIBUTION = re.compile(
    rf"^[\s,.:;—–-]*(?P<who>[^,.;“\"]{{1,80}}?)\s+(?P<verb>{_VERB_WORDS}|{_STATEMENT_PHRASES})\b"
)
# "…,” the head of the mission, Mariam Diallo, said": a subject with an appositive.
_RIGHT_APPOSITIVE = re.compile(
    rf"^[\s,.:;—–-]*(?P<who>[^.;“\"]{{1,80}}?,[^.;“\"]{{1,80}}?,)\s*(?:also\s+)?(?:{_VERB_WORDS})\b"
)
_RIGHT_INVERTED = re.compile(
    r"^[\s,.:;—–-]*(?:said|says|added|adds|continued|wrote|asked|replied|explained|noted|told)\s+"
    r"(?P<who>(?:the\s+|a\s+)?[^,.;“\"]{1,80}?)\s*(?:[,.;:]|$)"
)


def _right_attribution(context: str, registry: _Registry) -> _Speaker | None:
    """ "…,” Novak added." / "…,” said the minister." / "…,” the statement continued." """
    appositive = _RIGHT_APPOSITIVE.match(context)
    if appositive is not None:
        phrase = _subject_before_verb(appositive.group("who") + " ")
        if phrase is not None:
            speaker = _speaker_from_phrase(phrase, registry)
            if speaker is not None:
                return speaker
    match = _RIGHT_ATTRIBUTION.match(context)
    if match is not None and _word_count(match.group("who")) <= 10:
        who = match.group("who").strip()
        who = re.sub(r"\s+(?:also|further|again|later|then|has|had|have)$", "", who)
        if who and (_is_capitalised(who) or who.split()[0].lower() in _DETERMINERS | _PRONOUNS):
            speaker = _speaker_from_phrase(who, registry)
            if speaker is not None:
                return speaker
    match = _RIGHT_INVERTED.match(context)
    if match is not None and _word_count(match.group("who")) <= 12:
        who = _strip_trailing_appositive(match.group("who").strip())
        if not _is_speaker_phrase(who) and _subject_before_verb(who) is None:
            return None
        return _speaker_from_phrase(who, registry)
    return None


def _strip_trailing_appositive(text: str) -> str:
    return text.split(",")[0].strip()


def _left_attribution(context: str, registry: _Registry) -> tuple[_Speaker | None, bool]:
    """The speaker named before a quote in its sentence; the flag says a verb was there."""
    verbs = list(_SPEECH_VERB.finditer(context))
    if verbs:
        verb = verbs[-1]
        word = verb.group().lower()
        if word.endswith("ing"):
            return None, True  # "…, adding that “…”": the clause's subject, found by the caller
        phrase = _subject_before_verb(_before(context, verb.start()))
        if phrase is not None:
            return _speaker_from_phrase(phrase, registry), True
        return None, True
    # "Secretary of State Antony Blinken “raised the issue”": the subject right before the mark.
    phrase = _tail_phrase(_before(context, len(context)).rstrip())
    if phrase is not None and context.strip() and phrase.lower() not in _PRONOUNS:
        return _speaker_from_phrase(phrase, registry), False
    return None, False


def _sentence_subject(text: str, registry: _Registry) -> _Speaker | None:
    """The subject a sentence opens with, for participles ("X issued a statement, urging …")."""
    text = re.sub(r"^(?:[A-Z][\w ]{0,30},\s+)", "", text.strip())
    tokens = text.split()
    for size in range(min(len(tokens), 8), 0, -1):
        candidate = " ".join(tokens[:size])
        phrase = _tail_phrase(candidate)
        if phrase == candidate:
            return _speaker_from_phrase(phrase, registry)
    return None


_SHORT_QUOTE_WORDS = 3


@dataclass
class _Found:
    quote: Quote
    order: tuple[int, int]  # (paragraph, offset): where the quote stands in the article
    replayed: bool = False  # its speaker already told to the reported-speech pass


def _direct_quotes(
    article: Article, registry: _Registry, sentence_spans_of: Sequence[list[tuple[int, int]]]
) -> tuple[list[_Found], set[tuple[int, int]]]:
    """Direct quotes, and the (paragraph, sentence start) of each sentence that holds one."""
    found: list[_Found] = []
    quoted_sentences: set[tuple[int, int]] = set()
    carry: _Speaker | None = None  # speaker of a quote that runs on into the next paragraph
    previous_in_paragraph: _Speaker | None = None
    for index, paragraph in enumerate(article.paragraphs):
        sentences = sentence_spans_of[index]
        # Speakers of unquoted sentences, so "the statement said" below finds its body.
        for sentence_start, sentence_end in sentences:
            unquoted = paragraph[sentence_start:sentence_end]
            if not any(mark in unquoted for mark in _QUOTE_CHARS):
                _remember_subjects(registry, unquoted, bodies=True)
        offset = 0
        for line in paragraph.split("\n"):
            spans = _quote_spans(line, offset)
            line_start = offset
            offset += len(line) + 1
            previous_in_paragraph = None if line_start == 0 else previous_in_paragraph
            runs_on = carry if line.lstrip()[:1] in _QUOTE_CHARS else None
            carry = None
            previous_end = line_start
            previous_sentence: tuple[int, int] | None = None
            for position, span in enumerate(spans):
                start, end = _clean_span(paragraph, span.start, span.end)
                text = paragraph[start:end]
                sentence = _sentence_bounds(sentences, span.open_mark)
                end_sentence = _sentence_bounds(sentences, max(span.start, end - 1))
                left_from = max(sentence[0], previous_end, line_start)
                left = paragraph[left_from : span.open_mark]
                words = _word_count(text)
                adjacent = left.rstrip()[-1:] in {",", ":"} and bool(
                    _SPEECH_VERB.search(left[-40:])
                )
                if not text or (words < _SHORT_QUOTE_WORDS and not adjacent):
                    # Empty or a scare quote ("separatists"): no speaker to look for.
                    previous_end = span.close_mark + 1 if span.close_mark is not None else span.end
                    continue
                right_until = line_start + len(line)
                if position + 1 < len(spans):
                    right_until = spans[position + 1].open_mark
                if span.close_mark is None:
                    right = ""
                else:
                    after_sentence = _sentence_bounds(sentences, span.close_mark + 1)
                    right_until = min(right_until, max(after_sentence[1], end_sentence[1]))
                    right = paragraph[span.close_mark + 1 : right_until]
                # "according to X" near the quote, in its sentence (a bounded window of it).
                whole_sentence = paragraph[
                    max(sentence[0], span.open_mark - _LOOKBACK) : min(
                        max(sentence[1], span.close_mark or 0),
                        (span.close_mark or span.end) + _LOOKBACK,
                    )
                ]
                closes_utterance = paragraph[span.end - 1 : span.end] in {
                    ",",
                    ".",
                    "?",
                    "!",
                    "…",
                    "—",
                } or (right.lstrip().startswith(","))
                speaker = (
                    _right_attribution(right, registry)
                    if right.strip() and closes_utterance
                    else None
                )
                attributed_by_verb = speaker is not None
                if speaker is None:
                    according = _ACCORDING_TO.search(whole_sentence)
                    if according is not None:
                        speaker = _speaker_from_phrase(
                            _strip_statement(according.group("who").strip()), registry
                        )
                        attributed_by_verb = speaker is not None
                if speaker is None:
                    speaker, attributed_by_verb = _left_attribution(left, registry)
                    if speaker is None and attributed_by_verb:
                        same_sentence = previous_sentence == sentence
                        speaker = (
                            previous_in_paragraph
                            if same_sentence and previous_in_paragraph
                            else _sentence_subject(
                                paragraph[
                                    sentence[0] : min(span.open_mark, sentence[0] + _LOOKBACK)
                                ],
                                registry,
                            )
                        )
                if speaker is None and runs_on is not None and position == 0:
                    speaker = runs_on
                if speaker is None and previous_in_paragraph is not None:
                    speaker = previous_in_paragraph
                    attributed_by_verb = attributed_by_verb or previous_sentence == sentence
                is_scare = words < _SHORT_QUOTE_WORDS and not adjacent
                is_scare = is_scare or (words == _SHORT_QUOTE_WORDS and not attributed_by_verb)
                if is_scare or speaker is None or not text:
                    previous_end = span.close_mark + 1 if span.close_mark is not None else span.end
                    continue
                if speaker.name:
                    registry.speakers.append(speaker)
                found.append(
                    _Found(
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
                previous_sentence = sentence
                previous_end = span.close_mark + 1 if span.close_mark is not None else span.end
                if span.close_mark is None:
                    carry = speaker
    return found, quoted_sentences


# --- Reported speech ---------------------------------------------------------------------

_REPORTED_LEAD = re.compile(
    rf"\b(?P<verb>{'|'.join(sorted(_BARE_CLAUSE_VERBS + _THAT_VERBS, key=len, reverse=True))}"
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
        return (start, end) if _has_words(sentence, 3, start, end) else None
    that = _OBJECT_THEN_THAT.match(sentence, rest_start)
    if that is not None:
        start = that.end()
        return (start, end) if _has_words(sentence, 3, start, end) else None
    if word in _BARE_CLAUSE_VERBS:
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
            return (start, end) if _has_words(sentence, 4, start, end) else None
        if not sentence[rest_start : rest_start + 1].isspace() or not first[:1].isalnum():
            return None
        start = next_word.start("word") if next_word else rest_start
        return (start, end) if _has_words(sentence, 4, start, end) else None
    return None


_TRAILING = re.compile(
    rf",\s+(?P<who>[^,;“”\"]{{1,60}}?)\s+(?:{'|'.join(_BARE_CLAUSE_VERBS)}|added|noted|reported|"
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


def _reported_quotes(
    article: Article,
    registry: _Registry,
    quoted_sentences: set[tuple[int, int]],
    direct: list[_Found],
    sentence_spans_of: Sequence[list[tuple[int, int]]],
) -> list[_Found]:
    found: list[_Found] = []
    direct_at = sorted(direct, key=lambda item: item.order)

    def add(index: int, paragraph: str, start: int, end: int, speaker: _Speaker) -> None:
        start, end = _clean_span(paragraph, start, end)
        text = paragraph[start:end]
        if _word_count(text) < 3 or any(char in text for char in "“”"):
            return
        if speaker.name:
            registry.speakers.append(speaker)
        quote = Quote(
            text, speaker.name, article.id, "reported", index, speaker.mention, speaker.role
        )
        found.append(_Found(quote, (index, start)))

    for index, paragraph in enumerate(article.paragraphs):
        spans = sentence_spans_of[index]
        for number, (sentence_start, sentence_end) in enumerate(spans):
            if (index, sentence_start) in quoted_sentences:
                _remember_subjects(registry, paragraph[sentence_start:sentence_end])
                _remember_direct(registry, direct_at, (index, sentence_end))
                continue
            sentence = paragraph[sentence_start:sentence_end]
            if any(mark in sentence for mark in '“”"') and _has_long_quote(sentence):
                continue
            _remember_direct(registry, direct_at, (index, sentence_start))
            _remember_subjects(registry, sentence)
            clause_end = len(sentence)
            adding = _ADDING.search(sentence)
            if adding is not None:
                clause_end = adding.start()
            # "…, according to X." / "According to X, …"
            according = _ACCORDING_LEAD.match(sentence)
            if according is not None:
                speaker = _speaker_from_phrase(_strip_statement(according.group("who")), registry)
                if speaker is not None:
                    add(
                        index,
                        paragraph,
                        sentence_start + according.end(),
                        sentence_start + clause_end,
                        speaker,
                    )
                    continue
            tail = _ACCORDING_TO.search(sentence)
            if (
                tail is not None
                and tail.start() > 0
                and sentence[: tail.start()].rstrip().endswith(",")
            ):
                speaker = _speaker_from_phrase(_strip_statement(tail.group("who")), registry)
                if speaker is not None:
                    add(index, paragraph, sentence_start, sentence_start + tail.start(), speaker)
                    continue
            speaker = None
            trailing = None
            for candidate in list(_TRAILING.finditer(sentence[: clause_end + 1])):
                who = candidate.group("who").strip()
                if _word_count(who) <= 10 and _is_speaker_phrase(who):
                    trailing = candidate
                    speaker = _speaker_from_phrase(_subject_before_verb(who) or who, registry)
            if trailing is None:
                inverted = _TRAILING_INVERTED.search(sentence)
                if inverted is not None and _is_speaker_phrase(inverted.group("who").strip()):
                    trailing = inverted
                    speaker = _speaker_from_phrase(inverted.group("who").strip(), registry)
            if (
                trailing is not None
                and speaker is not None
                and _has_words(sentence, 4, 0, trailing.start())
            ):
                add(index, paragraph, sentence_start, sentence_start + trailing.start(), speaker)
                if adding is not None:
                    add(index, paragraph, sentence_start + adding.end(), sentence_end, speaker)
                continue
            # "X said this." refers to the sentence before.
            this = _SAID_THIS.search(sentence)
            if this is not None and number > 0:
                phrase = _subject_before_verb(_before(sentence, this.start()))
                if phrase is not None and (speaker := _speaker_from_phrase(phrase, registry)):
                    previous_start, previous_end = spans[number - 1]
                    add(index, paragraph, previous_start, previous_end, speaker)
                    continue
            for verb in _REPORTED_LEAD.finditer(sentence):
                phrase = _subject_before_verb(_before(sentence, verb.start()))
                if phrase is None:
                    continue
                clause = _reported_clause(sentence, verb)
                if clause is None:
                    continue
                speaker = _speaker_from_phrase(phrase, registry)
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


def _remember_subjects(registry: _Registry, sentence: str, *, bodies: bool = False) -> None:
    """Note who speaks in a sentence, so a later "he" finds the person and not a country."""
    for verb in _SPEECH_VERB.finditer(sentence):
        phrase = _subject_before_verb(_before(sentence, verb.start()))
        if phrase is None or phrase.lower() in _PRONOUNS:
            continue
        speaker = _speaker_from_phrase(phrase, registry)
        if speaker is not None and speaker.name and (bodies or not speaker.is_org):
            registry.speakers.append(speaker)


def _has_long_quote(sentence: str) -> bool:
    for span in _quote_spans(sentence, 0):
        if _has_words(sentence, _SHORT_QUOTE_WORDS + 1, span.start, span.end):
            return True
    return False


def _remember_direct(registry: _Registry, direct: list[_Found], before: tuple[int, int]) -> None:
    """Replay direct quotes' speakers so pronouns see them in text order."""
    for item in direct:
        if item.order < before and not item.replayed:
            speaker = _Speaker(item.quote.speaker, item.quote.role, item.quote.mention)
            registry.speakers.append(speaker)
            item.replayed = True


def _is_speaker_phrase(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    if phrase.lower() in _PRONOUNS:
        return True
    if words[0].lower() in _DETERMINERS:
        return _fold(words[-1]).removesuffix("'s") in _MENTION_NOUNS or _is_capitalised(words[-1])
    return _is_capitalised(words[0]) and _fold(words[0]) not in _NOT_NAMES


# --- Public API --------------------------------------------------------------------------


def extract_quotes(article: Article) -> list[Quote]:
    """Find the quotes in one article, each with its speaker.

    Takes an Article; returns its direct quotes (in straight or curly marks) and its
    reported speech (``kind="reported"``), in the order they appear. Every ``text`` is a
    verbatim substring of ``article.paragraphs[quote.paragraph]``. Speakers named by a
    pronoun or a role ("he", "the spokesman", "the statement") are resolved to the actor
    named before in the article. Short scare quotes without a speech verb are left out.
    """
    article = _within_budget(article)
    registry = _build_registry(article)
    # Both passes read the sentences of every paragraph: split them once.
    sentence_spans_of = [sentence_spans(paragraph) for paragraph in article.paragraphs]
    direct, quoted_sentences = _direct_quotes(article, registry, sentence_spans_of)
    registry.speakers.clear()
    reported = _reported_quotes(article, registry, quoted_sentences, direct, sentence_spans_of)
    seen: set[tuple[str, str, int]] = set()
    quotes: list[Quote] = []
    for item in sorted(direct + reported, key=lambda found: found.order):
        key = (item.quote.text, item.quote.kind, item.quote.paragraph)
        if key in seen or not item.quote.speaker:
            continue
        seen.add(key)
        quotes.append(item.quote)
    return quotes


#: Quotes are looked for in an article's first million characters (about 160,000 words; the
#: longest news features are a tenth of that). Every step is linear in the text, but a 10 MB
#: paste would still cost a minute; beyond the budget the text is not searched.
QUOTE_TEXT_LIMIT = 1_000_000


def _within_budget(article: Article) -> Article:
    """The article cut to ``QUOTE_TEXT_LIMIT`` characters (a paragraph cut keeps its start)."""
    if sum(len(paragraph) for paragraph in article.paragraphs) <= QUOTE_TEXT_LIMIT:
        return article
    kept: list[str] = []
    room = QUOTE_TEXT_LIMIT
    for paragraph in article.paragraphs:
        if room <= 0:
            break
        kept.append(paragraph[:room])
        room -= len(paragraph)
    return replace(article, paragraphs=tuple(kept))


def _name_tokens(name: str) -> tuple[str, ...]:
    folded = _fold(name)
    folded = re.sub(r"'s\b", "", folded)
    words = [
        word for word in re.findall(r"[a-z0-9][a-z0-9\-]*", folded) if word not in _DETERMINERS
    ]
    return tuple(words)


def speaker_key(name: str) -> tuple[str, ...]:
    """A speaker's name folded for comparison: accents, case, articles and possessives gone."""
    return _name_tokens(name)


def _role_score(role: str) -> tuple[int, int, str]:
    # Prefer a role that names its organisation ("spokesperson for the UN ...") over a bare noun.
    return (1 if re.search(r"\b(?:of|for)\b", role) else 0, len(role.split()), role)


def _name_score(name: str) -> tuple[int, int, int, str]:
    # The longest proper name wins; with the same words, the spelling with diacritics.
    non_ascii = sum(1 for char in name if ord(char) > 127)
    return (len(name.split()), non_ascii, len(name), name)


def merge_actors(quotes: Sequence[Quote]) -> list[Actor]:
    """Group quotes by actor, folding aliases, and rank actors and quotes.

    Takes quotes from any number of articles; returns one Actor per speaker, where names
    that differ only in accents, case or a leading article are one actor, and a shorter
    name whose words all appear in exactly one longer name ("Novak", "Foreign Ministry")
    joins it. ``name`` is the longest name, ``aliases`` the other names and mentions
    (sorted), ``role`` the most informative role. Actors are ranked by quotes (direct
    count double) and articles; each actor's quotes direct first, then longer first, then
    in article order.
    """
    by_key: dict[tuple[str, ...], list[Quote]] = defaultdict(list)
    for quote in quotes:
        key = _name_tokens(quote.speaker)
        if key:
            by_key[key].append(quote)
    keys = sorted(by_key, key=lambda key: (-len(key), key))
    parent: dict[tuple[str, ...], tuple[str, ...]] = {key: key for key in keys}

    def find(key: tuple[str, ...]) -> tuple[str, ...]:
        while parent[key] != key:
            key = parent[key]
        return key

    for key in keys:
        longer = [
            other for other in keys if len(other) > len(key) and _contains_in_order(other, key)
        ]
        roots = {find(other) for other in longer}
        if len(roots) == 1:
            parent[find(key)] = roots.pop()
    groups: dict[tuple[str, ...], list[Quote]] = defaultdict(list)
    for key in keys:
        groups[find(key)].extend(by_key[key])

    order = {id(quote): position for position, quote in enumerate(quotes)}
    actors: list[Actor] = []
    for members in groups.values():
        names = {quote.speaker for quote in members}
        name = max(names, key=_name_score)
        aliases = {quote.speaker for quote in members} | {
            quote.mention for quote in members if quote.mention.lower() not in _PRONOUNS
        }
        aliases.discard(name)
        roles = {quote.role for quote in members if quote.role}
        role = max(roles, key=_role_score) if roles else None
        ranked = sorted(
            _unique(members),
            key=lambda quote: (
                quote.kind != "direct",
                _word_count(quote.text) < 6,
                -_word_count(quote.text),
                order.get(id(quote), 0),
                quote.article_id,
                quote.paragraph,
                quote.text,
            ),
        )
        actors.append(
            Actor(name=name, aliases=tuple(sorted(aliases)), role=role, quotes=tuple(ranked))
        )
    return sorted(actors, key=_actor_rank)


def _contains_in_order(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether ``shorter`` is the tail of ``longer`` or a run inside it."""
    size = len(shorter)
    return any(longer[start : start + size] == shorter for start in range(len(longer) - size + 1))


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[str, str, int, QuoteKind]] = set()
    unique: list[Quote] = []
    for quote in quotes:
        key = (quote.text, quote.article_id, quote.paragraph, quote.kind)
        if key not in seen:
            seen.add(key)
            unique.append(quote)
    return unique


def _actor_rank(actor: Actor) -> tuple[int, int, int, str]:
    direct = sum(1 for quote in actor.quotes if quote.kind == "direct")
    reported = len(actor.quotes) - direct
    articles = len({quote.article_id for quote in actor.quotes})
    return (-(2 * direct + reported + articles), -articles, -len(actor.quotes), actor.name)
