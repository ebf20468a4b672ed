"""Regions an article calls regions, for the places no gazetteer lists."""

from __future__ import annotations

from briefing.named_regions import MAX_REGIONS, named_regions


def _names(text: str, known: tuple[str, ...] = ()) -> set[str]:
    return set(named_regions(text, lambda name: name in known).values())


def test_a_name_before_a_lower_case_area_word_is_a_region() -> None:
    text = "Troops moved into the contested Velmora-Dask region overnight."
    assert _names(text) == {"Velmora-Dask"}


def test_a_capitalised_area_word_is_part_of_the_name() -> None:
    assert _names("Aid convoys reached the Orlen Valley and the Tessa Strip.") == {
        "Orlen Valley",
        "Tessa Strip",
    }


def test_an_area_word_of_a_name_is_a_region() -> None:
    assert _names("Fighting spread across the highland province of Quorra.") == {"Quorra"}


def test_modifiers_and_a_glued_particle_are_not_part_of_the_name() -> None:
    text = "Shelling hit the Velish-majority Arnak area and the restive al-Meshar province."
    assert _names(text) == {"Arnak", "Meshar"}


def test_words_for_a_people_or_an_acronym_are_no_region() -> None:
    text = "Voters in the Kurdish region and the Alawite area, far from the NATO area, waited."
    assert _names(text) == set()


def test_a_compass_word_alone_is_no_region_but_names_one_before_a_name() -> None:
    assert _names("Rain fell in the Northern region.") == set()
    assert _names("Rain fell in the South Varan region.") == {"South Varan"}


def test_names_the_gazetteer_knows_are_left_to_it() -> None:
    assert _names("Floods hit the Tigray region.", known=("Tigray",)) == set()


def test_a_title_before_a_name_is_no_region() -> None:
    assert _names("Delegates of the President Alvo area met.") == set()


def test_an_article_gives_at_most_a_bounded_number_of_regions() -> None:
    text = " ".join(f"the Zon{chr(97 + i % 26)}{i} region" for i in range(MAX_REGIONS * 3))
    assert len(named_regions(text, lambda name: False)) == MAX_REGIONS
