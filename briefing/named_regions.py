"""Regions an article itself calls regions, for the places the gazetteer has no entry for.

The gazetteer's regions are ISO 3166-2 subdivisions: disputed and historical regions, the
theatres of many conflicts, are not among them ("Nagorno-Karabakh", "Donbas", "Darfur", "the
Lachin Corridor"). News says what they are as it names them, and that is read here:

* a name before a lower-case area word: "the disputed Nagorno-Karabakh area", "the restive
  al-Anbar province";
* a name with a capitalised area word, which is then part of the name: "the Gaza Strip",
  "the Lachin Corridor", "the Swat Valley";
* an area word followed by "of" and a name: "the highland region of Nagorno-Karabakh".

A nationality or other people's word ("the Kurdish region", "the Alawite area") names who lives
somewhere, not where: it is no region here. Whether a region found so is where the event
happened is decided by :mod:`briefing.places`, as for the gazetteer's names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Words that say the name before them is an area; not "state" ("the Islamic State"), not
# "district" ("a Democratic district"), not "zone" ("the Champions League zone").
_AREA_WORDS = (
    "region regions area areas enclave territory territories strip valley corridor peninsula "
    "province governorate oblast prefecture basin highlands delta"
)
_AREA = "|".join(_AREA_WORDS.split())
# A capitalised word, hyphenated parts capitalised too ("Nagorno-Karabakh", not
# "Armenian-majority"); up to three of them.
_WORD = r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,2}}"
# "the" and up to two modifiers ("disputed", "Armenian-majority") before the name; a lower-case
# particle glued to it ("al-Anbar") is not part of it.
_NAME_BEFORE_AREA = re.compile(
    rf"\bthe\s+(?:[\w'’-]+\s+){{0,2}}?(?:[a-z]{{1,3}}-)?(?P<name>{_NAME})"
    rf"\s+(?P<area>(?i:{_AREA}))\b"
)
# Characters read on each side of an area word: "the" and two modifiers and three words of a
# name before it, three words after "of".
_WINDOW = 100
_AREA_OF_NAME = re.compile(
    rf"\b(?:{_AREA})\s+of\s+(?:[a-z]{{1,3}}-)?(?P<name>{_NAME})",
)
# Words that open a capitalised run without being a name ("The", "In"), and titles.
_NOT_A_FIRST_WORD = frozenset(
    """
    the a an in on at of for from to by with this that these those his her its their our
    and but or mr mrs ms dr president minister prime general
    """.split()
)
# A compass word alone names no region ("the Northern region" of what?); before a name it
# does ("the South Caucasus region").
_COMPASS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern
    """.split()
)
#: At most this many regions are taken from one article (a hostile text may name thousands).
MAX_REGIONS = 50
# Endings of words for a people or a faith ("Kurdish", "Alawite", "Sinhalese", "Christian"),
# which say who lives in an area, not where it is.
_PEOPLE_ENDINGS = ("ish", "ite", "ites", "ese", "ian", "ians")


def named_regions(text: str, is_known: Callable[[str], bool]) -> dict[str, str]:
    """The region names ``text`` introduces as areas, by their key (casefolded) to the name
    as first written. ``is_known`` says whether a name is already a place or a nationality
    word (the gazetteer's business, not this module's)."""
    found: dict[str, str] = {}

    def keep(name: str, *, needs_place_word: bool) -> None:
        words = name.split()
        if words[0].lower() in _NOT_A_FIRST_WORD or all(w.lower() in _COMPASS for w in words):
            return
        if needs_place_word and (name.isupper() or _names_people(name)):
            return  # "the NATO area", "the Kurdish region"
        if len(found) < MAX_REGIONS and name.casefold() not in found and not is_known(name):
            found[name.casefold()] = name

    # Most text names no area: only the words around an area word are read (found with
    # str.find, many times faster than a regular expression over the whole text).
    for window in (text[max(0, at - _WINDOW) : at + _WINDOW] for at in _area_words(text)):
        for match in _NAME_BEFORE_AREA.finditer(window):
            name, area = match.group("name"), match.group("area")
            if area[:1].isupper():
                keep(f"{name} {area}", needs_place_word=False)  # "the Gaza Strip"
            else:
                keep(name, needs_place_word=True)
        for match in _AREA_OF_NAME.finditer(window):
            keep(match.group("name"), needs_place_word=True)
    return found


def _area_words(text: str) -> list[int]:
    """Where an area word starts in ``text``, as a whole word, in any case."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ")
        lowered = "".join(character.lower()[0] for character in text)
    found = []
    for word in _AREA_WORDS.split():
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if not lowered[at - 1 : at].isalnum() and not lowered[end : end + 1].isalnum():
                found.append(at)
            at = lowered.find(word, end)
    return sorted(found)


def _names_people(name: str) -> bool:
    last = name.split()[-1].split("-")[-1].lower()
    return " " not in name and last.endswith(_PEOPLE_ENDINGS)
