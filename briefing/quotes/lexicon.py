"""Word lists and small text helpers for finding quotes; no algorithm lives here.

Speech verbs, titles and role nouns, organisation nouns, pronouns and the words that start
sentences without naming anyone. Nothing here names any particular person, place or outlet.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Verbs that introduce speech. Forms that may take a bare clause ("X said the talks failed")
# are kept apart from those that need "that" to introduce reported speech ("X stressed that").
BARE_CLAUSE_VERBS = "said says say stated states told tells informed wrote writes".split()
THAT_VERBS = (
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
# Verbs that tie a quote to its speaker ("…,” Novak asked.") but rarely introduce a "that"
# clause of reported speech.
QUOTE_VERBS = (
    "asked asks wondered wonders quipped quips joked jokes boasted boasts bragged brags "
    "complained complains lamented laments mused muses scoffed scoffs retorted retorts "
    "snapped shouted shouts yelled yells exclaimed exclaims cried chanted whispered whispers "
    "muttered mutters answered interjected interjects recounted recounts pleaded begged "
    "promised pledged charged alleged alleges contended contends offered reasoned "
    "speculated speculates proclaimed proclaims thundered sang tweets wrote writes texted "
    "emailed blasted mocked praised repeated echoed objected protested grumbled fumed "
    "railed pressed opined opines quoted described describes called labeled labelled dubbed "
    "branded thanked accused criticized criticised slammed hailed lauded condemned "
    "denounced rallied answers barked barks beamed retaliated reacted reacts questioned "
    "riffed gushed marveled marvelled griped groused sniped intoned elaborated clarified "
    "mentioned chided scolded hinted surmised ventured posited cracked deadpanned"
).split()
_URGE_PHRASES = (
    "called on|called upon|calls on|calls upon|called for|calls for|appealed to|appeals to|"
    "pointed out|points out|went on|goes on|shot back|fired back|summed up"
).split("|")
_URGE_WORDS = "urged urges demanded demands".split()
_PARTICIPLES = (
    "saying adding noting urging stressing warning insisting arguing emphasizing emphasising "
    "stating writing telling calling declaring asserting explaining asking labeling labelling "
    "dubbing describing accusing"
).split()
STATEMENT_PHRASES = (
    r"(?:issued|released|published|put out|issues|releases|publishes)\s+(?:a|an|its|the)\s+"
    r"(?:\w+\s+)?(?:statement|communiqu[eé]|readout|declaration)"
)
_ALL_VERBS = sorted(
    {*BARE_CLAUSE_VERBS, *THAT_VERBS, *QUOTE_VERBS, *_PARTICIPLES, *_URGE_WORDS},
    key=len,
    reverse=True,
)
VERB_WORDS = "|".join(re.escape(verb) for verb in _ALL_VERBS)
_PHRASAL_VERBS = "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+")
    for phrase in sorted(_URGE_PHRASES, key=len, reverse=True)
)
SPEECH_VERB = re.compile(rf"\b(?:{STATEMENT_PHRASES}|{_PHRASAL_VERBS}|{VERB_WORDS})\b")
#: The verbs that can follow a quote and its speaker ("…,” Novak shot back."), in any case
#: ("Tweeted" in some copy).
ATTRIBUTION_VERB = rf"(?i:{_PHRASAL_VERBS}|{VERB_WORDS})"
#: The verbs that can stand before the speaker after a quote ("…,” writes Goldberg."): every
#: finite speech verb; a participle there ("…,” saying …") starts a clause of its own.
INVERTED_VERB = "|".join(re.escape(verb) for verb in _ALL_VERBS if not verb.endswith("ing"))

# Titles and role nouns: they separate "Kremlin spokesperson" from the name that follows
# and let "the spokesman" find the person named before with that role.
TITLE_WORDS = frozenset(
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
    nominee front-runner frontrunner hopeful contender businessman
    businesswoman billionaire strategist aide staffer operative consultant pollster
    supporter donor organizer organiser surgeon neurosurgeon host anchor moderator
    columnist editor reporter journalist correspondent commentator pundit author blogger
    historian academic critic delegate protester veteran insider confidant
    """.split()
)
ORG_WORDS = frozenset(
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
MENTION_NOUNS = (
    TITLE_WORDS
    | ORG_WORDS
    | frozenset("statement spokesperson report communique readout declaration judge jury".split())
)
STATEMENT_NOUNS = frozenset("statement communique communiqué readout declaration release".split())
PRONOUNS = frozenset("he she they it we i".split())
ADVERBS = frozenset(
    """
    also further again later then earlier previously reportedly repeatedly once has have
    had has also had also furthermore additionally separately subsequently finally too
    meanwhile however simply flatly publicly privately quickly
    """.split()
)
# Capitalised words that start sentences or name times, not people.
NOT_NAMES = frozenset(
    """
    on in at but and however meanwhile monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december today yesterday tomorrow also while when after before as if this that these
    those there it its his her their our we they he she i a an the moving furthermore
    additionally in summation earlier later speaking asked read more separately still yet
    what why how who where according last next following during despite although though
    with from by under over since until even ever just only now so thus instead among amid
    """.split()
)
CONNECTORS = frozenset("of for the de da del der van von al bin la le du".split())
DETERMINERS = frozenset("the a an his her its their our".split())

WORD = re.compile(r"[^\W_](?:[\w\-’'.]*[^\W_])?")
QUOTE_CHARS = '"“”‘'
# A closing single mark is one not followed by a letter: "don’t" and "Trump’s" hold none.
QUOTE_MARK = re.compile(r'["“”‘]|’(?!\w)')
ENDING_PUNCTUATION = " \t\n,;:"


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and dashes made plain."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("’", "'").replace("‘", "'").lower()


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def has_words(text: str, count: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds ``count`` words or more, reading no further than that."""
    words = WORD.finditer(text, start, len(text) if end is None else end)
    return sum(1 for _ in itertools.islice(words, count)) >= count


#: How far before a speech verb or a quote mark a speaker phrase is looked for, in characters.
#: A speaker phrase is at most a dozen words; reading the whole sentence before each verb made
#: a long sentence with many verbs quadratic.
LOOKBACK = 250


def window_before(text: str, end: int) -> str:
    """The last ``LOOKBACK`` characters of ``text[:end]``, starting at a word boundary."""
    start = end - LOOKBACK
    if start <= 0:
        return text[:end]
    space = text.find(" ", start, end)
    return text[space + 1 if space >= 0 else end : end]


# --- The plain view: abbreviation periods that are not sentence ends -----------------------
#: Stands in for the period of "Mr." or "J." in the text the speaker finders read, so that
#: "Mr. Rove said" is one phrase and not a sentence end; it looks like a period, folds to
#: one (NFKD), and ``restore`` turns it back into one in every name shown.
ABBREVIATION_DOT = "\u2024"
#: Titles written with a period before a name.
TITLE_ABBREVIATIONS = (
    "Mr Mrs Ms Messrs Mmes Mme Mlle Dr Prof Rev Fr Sr Jr St Sen Sens Rep Reps Gov Govs Lt Col "
    "Maj Gen Brig Capt Cpl Sgt Pvt Adm Cmdr Cdr Insp Supt Det Hon Rt Amb Sec Pres Atty Mx"
).split()
_TITLE_DOT = re.compile(
    r"\b(?:" + "|".join(sorted(set(TITLE_ABBREVIATIONS), key=len, reverse=True)) + r")(\.)(?= )"
)
# Initials before a name: "Antony J. Blinken", "G.K. Butterfield"; not "U.S." or "U.N.".
_INITIALS = re.compile(r"(?<![\w.])(?!(?:U\.S|U\.K|U\.N|E\.U)\.)((?:[A-Z]\.){1,3})(?= [A-Z][a-z])")
# A short aside in brackets after a name: "Rep. Gwen Moore (D-Wis.) said".
_ASIDE = re.compile(r"(?<=[\w.]) \([A-Z][^()\n]{0,30}\)")


_DOUBLED_OPENING = re.compile(r"(?<![\w'])''(?=[^\s'])")
_DOUBLED_CLOSING = re.compile(r"(?<=[^\s'])''(?![\w'])")


def plain_view(paragraph: str) -> str:
    """The paragraph as the speaker finders read it, of the same length (offsets agree).

    Periods of titles and initials become ``ABBREVIATION_DOT``; short bracketed asides after a
    name ("(D-Wis.)") become spaces, and doubled apostrophes used as quotation marks
    (''so'') become straight double marks. Quote texts are always cut from the original.
    """
    if "." in paragraph:
        paragraph = _TITLE_DOT.sub(lambda match: match.group()[:-1] + ABBREVIATION_DOT, paragraph)
        paragraph = _INITIALS.sub(
            lambda match: match.group().replace(".", ABBREVIATION_DOT), paragraph
        )
    if "(" in paragraph:
        paragraph = _ASIDE.sub(lambda match: " " * len(match.group()), paragraph)
    if "''" in paragraph:  # ''quoted'' (some archives' straight double marks)
        paragraph = _DOUBLED_OPENING.sub(' "', paragraph)
        paragraph = _DOUBLED_CLOSING.sub('" ', paragraph)
    return paragraph


def restore(text: str) -> str:
    """A name or mention read from the plain view, as the article wrote it (spaces tidied)."""
    return " ".join(text.replace(ABBREVIATION_DOT, ".").split())


#: Words that make a phrase a clause: auxiliaries and modals ("is", "will", "must").
AUXILIARIES = frozenset(
    """
    am is are was were be been being has have had do does did will would shall should can
    could may might must cannot won't can't don't doesn't didn't isn't aren't wasn't
    weren't hasn't haven't hadn't wouldn't shouldn't couldn't
    """.split()
)
