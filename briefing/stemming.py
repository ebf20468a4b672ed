# ruff: noqa: SIM102, SIM108, SIM114 - NLTK's code below is kept as written, to compare.
"""sumy's English stemmer, the same stems at about twice the speed.

sumy's ``Stemmer("english")`` is NLTK's ``EnglishStemmer().stem``. Summarizing stems each
distinct word of a document once, and on a first call (nothing cached yet) NLTK's stemmer is
most of the time: each of its steps tries its suffixes one ``str.endswith`` call at a time,
about 70 calls a word that nearly never match.

``english_stem`` below is NLTK's ``EnglishStemmer.stem`` (nltk 3.10; Copyright (C) 2001-2026
NLTK Project; Apache License 2.0, https://www.nltk.org/), copied with one kind of change: each
step's ``for suffix in SUFFIXES`` loop runs only if the word ends with one of the step's
suffixes, which is one ``str.endswith`` call with the tuple. Without a match the loop does
nothing, so the guard cannot change a stem. The stop-word test is left out: it is used only
for stemmers built without stop words, as sumy builds them.

``english_stem_for(stemmer)`` hands it out only when it is provably the same function: the
stemmer is sumy's ``Stemmer`` around NLTK's own ``EnglishStemmer.stem`` with no stop words,
and NLTK's stemmer source is the one copied here (checked by its SHA-256). Any other stemmer,
or another NLTK version, keeps its own code.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from nltk.stem import snowball
from nltk.stem.snowball import SnowballStemmer
from sumy.nlp.stemmers import Stemmer

from briefing import caches

__all__ = ["english_stem", "english_stem_for", "stem_for"]

#: SHA-256 of the source of NLTK's EnglishStemmer.stem, _StandardStemmer._r1r2_standard and
#: suffix_replace, and of EnglishStemmer's tables, that ``english_stem`` copies (nltk 3.10.4).
NLTK_SOURCE_SHA256 = "bfb5dde1a49604fcbfaf57adaf53b975ba18b97cecbb788edcbd6dd449cb1503"


def english_stem_for(stemmer: Any) -> Callable[[str], str] | None:
    """``english_stem`` if it stems exactly as ``stemmer`` does, else None."""
    if not isinstance(stemmer, Stemmer):
        return None
    method = getattr(stemmer, "_stemmer", None)
    owner: Any = getattr(method, "__self__", None)
    if (
        getattr(method, "__func__", None) is not snowball.EnglishStemmer.stem
        or type(owner) is not snowball.EnglishStemmer
        or owner.stopwords
        or not nltk_source_matches()
    ):
        return None
    return english_stem


@caches.memoised(maxsize=8)
def stem_for(language: str) -> Callable[[str], str] | None:
    """The stemmer of ``language`` (a word in, its stem out), memoised; None if NLTK has none.

    One stemmer for every stage that stems (cluster, summarize and through it ranking): for
    English, ``english_stem`` when it is provably NLTK's own (see the module docstring), else
    NLTK's Snowball stemmer of the language. News vocabulary is Zipfian, so each stemmer
    remembers the words it stemmed (until ``briefing.caches.clear``).
    """
    if language == "english" and nltk_source_matches():
        stem: Callable[[str], str] = english_stem
    else:
        try:
            stem = SnowballStemmer(language).stem
        except ValueError:
            return None
    return lru_cache(maxsize=200_000)(stem)


@caches.memoised(maxsize=1)
def nltk_source_matches() -> bool:
    """Is the installed NLTK's English stemmer the code ``english_stem`` was copied from?

    Compares a fingerprint of the source lines of its functions and of its tables.
    """
    digest = hashlib.sha256()
    english = snowball.EnglishStemmer
    try:
        for function in (english.stem, snowball._StandardStemmer._r1r2_standard):
            digest.update(_source_of(function).encode())
        digest.update(_source_of(snowball.suffix_replace).encode())
        for table in _TABLES:
            digest.update(repr(getattr(english, f"_EnglishStemmer__{table}")).encode())
    except (AttributeError, ValueError):
        return False
    return digest.hexdigest() == NLTK_SOURCE_SHA256


_TABLES = (
    "vowels",
    "double_consonants",
    "li_ending",
    "step0_suffixes",
    "step1a_suffixes",
    "step1b_suffixes",
    "step2_suffixes",
    "step3_suffixes",
    "step4_suffixes",
    "special_words",
)


def _source_of(function: Any) -> str:
    """The source lines a function's code was compiled from (cheaper than inspect's)."""
    code = function.__code__
    last = max(line for _, _, line in code.co_lines() if line is not None)
    lines = linecache.getlines(code.co_filename)
    if len(lines) < last:
        raise ValueError(f"no source for {function!r}")
    return "".join(lines[code.co_firstlineno - 1 : last])


# From here on: NLTK's code (see the module docstring), formatted by ruff, guards added.

_VOWELS = "aeiouy"
_DOUBLE_CONSONANTS = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDING = "cdeghkmnrt"
_STEP0_SUFFIXES = ("'s'", "'s", "'")
_STEP1A_SUFFIXES = ("sses", "ied", "ies", "us", "ss", "s")
_STEP1B_SUFFIXES = ("eedly", "ingly", "edly", "eed", "ing", "ed")
_STEP2_SUFFIXES = (
    "ization",
    "ational",
    "fulness",
    "ousness",
    "iveness",
    "tional",
    "biliti",
    "lessli",
    "entli",
    "ation",
    "alism",
    "aliti",
    "ousli",
    "iviti",
    "fulli",
    "enci",
    "anci",
    "abli",
    "izer",
    "ator",
    "alli",
    "bli",
    "ogi",
    "li",
)
_STEP3_SUFFIXES = ("ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful")
_STEP4_SUFFIXES = (
    "ement",
    "ance",
    "ence",
    "able",
    "ible",
    "ment",
    "ant",
    "ent",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ion",
    "al",
    "er",
    "ic",
)
_SPECIAL_WORDS = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
    "inning": "inning",
    "innings": "inning",
    "outing": "outing",
    "outings": "outing",
    "canning": "canning",
    "cannings": "canning",
    "herring": "herring",
    "herrings": "herring",
    "earring": "earring",
    "earrings": "earring",
    "proceed": "proceed",
    "proceeds": "proceed",
    "proceeded": "proceed",
    "proceeding": "proceed",
    "exceed": "exceed",
    "exceeds": "exceed",
    "exceeded": "exceed",
    "exceeding": "exceed",
    "succeed": "succeed",
    "succeeds": "succeed",
    "succeeded": "succeed",
    "succeeding": "succeed",
}


def suffix_replace(original: str, old: str, new: str) -> str:
    return original[: -len(old)] + new


def _r1r2_standard(word: str, vowels: str) -> tuple[str, str]:
    r1 = ""
    r2 = ""
    for i in range(1, len(word)):
        if word[i] not in vowels and word[i - 1] in vowels:
            r1 = word[i + 1 :]
            break

    for i in range(1, len(r1)):
        if r1[i] not in vowels and r1[i - 1] in vowels:
            r2 = r1[i + 1 :]
            break

    return (r1, r2)


def english_stem(word: str) -> str:
    word = word.lower()

    if len(word) <= 2:
        return word

    elif word in _SPECIAL_WORDS:
        return _SPECIAL_WORDS[word]

    # Map the different apostrophe characters to a single consistent one
    word = word.replace("\u2019", "\x27").replace("\u2018", "\x27").replace("\u201b", "\x27")

    if word.startswith("\x27"):
        word = word[1:]

    if word.startswith("y"):
        word = "".join(("Y", word[1:]))

    # In-place mutation joined once; a per-match rebuild was O(n**2) on a
    # crafted token (CWE-407).
    chars = list(word)
    for i in range(1, len(chars)):
        if chars[i - 1] in _VOWELS and chars[i] == "y":
            chars[i] = "Y"
    word = "".join(chars)

    step1a_vowel_found = False
    step1b_vowel_found = False

    r1 = ""
    r2 = ""

    if word.startswith(("gener", "commun", "arsen")):
        if word.startswith(("gener", "arsen")):
            r1 = word[5:]
        else:
            r1 = word[6:]

        for i in range(1, len(r1)):
            if r1[i] not in _VOWELS and r1[i - 1] in _VOWELS:
                r2 = r1[i + 1 :]
                break
    else:
        r1, r2 = _r1r2_standard(word, _VOWELS)

    # STEP 0
    if word.endswith(_STEP0_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP0_SUFFIXES:
            if word.endswith(suffix):
                word = word[: -len(suffix)]
                r1 = r1[: -len(suffix)]
                r2 = r2[: -len(suffix)]
                break

    # STEP 1a
    if word.endswith(_STEP1A_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP1A_SUFFIXES:
            if word.endswith(suffix):
                if suffix == "sses":
                    word = word[:-2]
                    r1 = r1[:-2]
                    r2 = r2[:-2]

                elif suffix in ("ied", "ies"):
                    if len(word[: -len(suffix)]) > 1:
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]
                    else:
                        word = word[:-1]
                        r1 = r1[:-1]
                        r2 = r2[:-1]

                elif suffix == "s":
                    for letter in word[:-2]:
                        if letter in _VOWELS:
                            step1a_vowel_found = True
                            break

                    if step1a_vowel_found:
                        word = word[:-1]
                        r1 = r1[:-1]
                        r2 = r2[:-1]
                break

    # STEP 1b
    if word.endswith(_STEP1B_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP1B_SUFFIXES:
            if word.endswith(suffix):
                if suffix in ("eed", "eedly"):
                    if r1.endswith(suffix):
                        word = suffix_replace(word, suffix, "ee")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ee")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ee")
                        else:
                            r2 = ""
                else:
                    for letter in word[: -len(suffix)]:
                        if letter in _VOWELS:
                            step1b_vowel_found = True
                            break

                    if step1b_vowel_found:
                        word = word[: -len(suffix)]
                        r1 = r1[: -len(suffix)]
                        r2 = r2[: -len(suffix)]

                        if word.endswith(("at", "bl", "iz")):
                            word = "".join((word, "e"))
                            r1 = "".join((r1, "e"))

                            if len(word) > 5 or len(r1) >= 3:
                                r2 = "".join((r2, "e"))

                        elif word.endswith(_DOUBLE_CONSONANTS):
                            word = word[:-1]
                            r1 = r1[:-1]
                            r2 = r2[:-1]

                        elif (
                            r1 == ""
                            and len(word) >= 3
                            and word[-1] not in _VOWELS
                            and word[-1] not in "wxY"
                            and word[-2] in _VOWELS
                            and word[-3] not in _VOWELS
                        ) or (
                            r1 == ""
                            and len(word) == 2
                            and word[0] in _VOWELS
                            and word[1] not in _VOWELS
                        ):
                            word = "".join((word, "e"))

                            if len(r1) > 0:
                                r1 = "".join((r1, "e"))

                            if len(r2) > 0:
                                r2 = "".join((r2, "e"))
                break

    # STEP 1c
    if len(word) > 2 and word[-1] in "yY" and word[-2] not in _VOWELS:
        word = "".join((word[:-1], "i"))
        if len(r1) >= 1:
            r1 = "".join((r1[:-1], "i"))
        else:
            r1 = ""

        if len(r2) >= 1:
            r2 = "".join((r2[:-1], "i"))
        else:
            r2 = ""

    # STEP 2
    if word.endswith(_STEP2_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP2_SUFFIXES:
            if word.endswith(suffix):
                if r1.endswith(suffix):
                    if suffix == "tional":
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]

                    elif suffix in ("enci", "anci", "abli"):
                        word = "".join((word[:-1], "e"))

                        if len(r1) >= 1:
                            r1 = "".join((r1[:-1], "e"))
                        else:
                            r1 = ""

                        if len(r2) >= 1:
                            r2 = "".join((r2[:-1], "e"))
                        else:
                            r2 = ""

                    elif suffix == "entli":
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]

                    elif suffix in ("izer", "ization"):
                        word = suffix_replace(word, suffix, "ize")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ize")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ize")
                        else:
                            r2 = ""

                    elif suffix in ("ational", "ation", "ator"):
                        word = suffix_replace(word, suffix, "ate")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ate")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ate")
                        else:
                            r2 = "e"

                    elif suffix in ("alism", "aliti", "alli"):
                        word = suffix_replace(word, suffix, "al")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "al")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "al")
                        else:
                            r2 = ""

                    elif suffix == "fulness":
                        word = word[:-4]
                        r1 = r1[:-4]
                        r2 = r2[:-4]

                    elif suffix in ("ousli", "ousness"):
                        word = suffix_replace(word, suffix, "ous")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ous")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ous")
                        else:
                            r2 = ""

                    elif suffix in ("iveness", "iviti"):
                        word = suffix_replace(word, suffix, "ive")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ive")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ive")
                        else:
                            r2 = "e"

                    elif suffix in ("biliti", "bli"):
                        word = suffix_replace(word, suffix, "ble")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ble")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ble")
                        else:
                            r2 = ""

                    elif suffix == "ogi" and word[-4] == "l":
                        word = word[:-1]
                        r1 = r1[:-1]
                        r2 = r2[:-1]

                    elif suffix in ("fulli", "lessli"):
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]

                    elif suffix == "li" and word[-3] in _LI_ENDING:
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]
                break

    # STEP 3
    if word.endswith(_STEP3_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP3_SUFFIXES:
            if word.endswith(suffix):
                if r1.endswith(suffix):
                    if suffix == "tional":
                        word = word[:-2]
                        r1 = r1[:-2]
                        r2 = r2[:-2]

                    elif suffix == "ational":
                        word = suffix_replace(word, suffix, "ate")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ate")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ate")
                        else:
                            r2 = ""

                    elif suffix == "alize":
                        word = word[:-3]
                        r1 = r1[:-3]
                        r2 = r2[:-3]

                    elif suffix in ("icate", "iciti", "ical"):
                        word = suffix_replace(word, suffix, "ic")

                        if len(r1) >= len(suffix):
                            r1 = suffix_replace(r1, suffix, "ic")
                        else:
                            r1 = ""

                        if len(r2) >= len(suffix):
                            r2 = suffix_replace(r2, suffix, "ic")
                        else:
                            r2 = ""

                    elif suffix in ("ful", "ness"):
                        word = word[: -len(suffix)]
                        r1 = r1[: -len(suffix)]
                        r2 = r2[: -len(suffix)]

                    elif suffix == "ative" and r2.endswith(suffix):
                        word = word[:-5]
                        r1 = r1[:-5]
                        r2 = r2[:-5]
                break

    # STEP 4
    if word.endswith(_STEP4_SUFFIXES):  # else no suffix of the step matches
        for suffix in _STEP4_SUFFIXES:
            if word.endswith(suffix):
                if r2.endswith(suffix):
                    if suffix == "ion":
                        if word[-4] in "st":
                            word = word[:-3]
                            r1 = r1[:-3]
                            r2 = r2[:-3]
                    else:
                        word = word[: -len(suffix)]
                        r1 = r1[: -len(suffix)]
                        r2 = r2[: -len(suffix)]
                break

    # STEP 5
    if r2.endswith("l") and word[-2] == "l":
        word = word[:-1]
    elif r2.endswith("e"):
        word = word[:-1]
    elif r1.endswith("e"):
        if len(word) >= 4 and (
            word[-2] in _VOWELS
            or word[-2] in "wxY"
            or word[-3] not in _VOWELS
            or word[-4] in _VOWELS
        ):
            word = word[:-1]

    word = word.replace("Y", "y")

    return word
