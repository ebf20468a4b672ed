"""Furniture: bylines, captions, credits and print lines are not the story; the story stays."""

from __future__ import annotations

import pytest

from briefing.furniture import remove_furniture
from briefing.readers.text import read_text_article

STORY = "Floodwater rose two metres overnight in the lower town, the mayor said on Friday."


@pytest.mark.parametrize(
    "line",
    [
        "This item appears on page 14 of the 9 March issue.",
        "A version of this article appears in print on page A8 of the New York edition.",
        "Updated at 9:50 p.m. ET Thursday",
        "Reporting by Lena Ortiz; Editing by Tom Hale",
        "(Additional reporting by Priya Natarajan in Delhi)",
        "By Marta Kowalska and Jonas Berg",
        "By Samuel Okafor, Regional Correspondent",
        "A boy carries water past a collapsed house in the hills on Tuesday. (AFP/Getty Images)",
        "Rescuers dig through rubble in the old quarter on March 2, 2025. REUTERS/Ana Lima",
        "Volunteers fill sandbags by the river on Friday. (AP Photo/Kim Soo)",
        "Image caption Residents wade through a flooded street",
        "Enlarge this image toggle caption Ivo Petrov/AFP",
        "Photo: Residents sweep mud out of a shop on the high street.",
    ],
)
def test_furniture_lines_are_removed(line: str) -> None:
    assert remove_furniture([STORY, line]) == [STORY]


@pytest.mark.parametrize(
    "line",
    [
        "By Sunday evening the river had fallen below its banks in most villages.",
        "By contrast, the upper town escaped with wet cellars and a closed bridge.",
        "Photographers were kept away from the hospital by police on Saturday.",
        "Reporting from the scene, the broadcaster said two bridges had gone.",
        "Ana Lima and Jonas Berg, both volunteers, spent the night filling sandbags.",
        "The agency (Reuters) was the first to report the evacuation order.",
    ],
)
def test_story_paragraphs_that_look_a_little_like_furniture_stay(line: str) -> None:
    assert remove_furniture([STORY, line]) == [STORY, line]


def test_a_byline_glued_to_the_first_sentence_is_cut_off_it() -> None:
    glued = "Marta Kowalska and Jonas Berg A powerful storm tore roofs off homes on the coast."
    assert remove_furniture([glued, STORY]) == [
        "A powerful storm tore roofs off homes on the coast.",
        STORY,
    ]


def test_names_opening_a_later_paragraph_are_left_alone() -> None:
    later = "Marta Kowalska and Jonas Berg The two volunteers were praised by the mayor."
    assert remove_furniture([STORY, later]) == [STORY, later]


def test_a_desk_credit_closing_the_last_paragraph_is_cut_off_it() -> None:
    last = "Schools will reopen on Monday. (Reporting by Lena Ortiz; Editing by Tom Hale)"
    assert remove_furniture([STORY, last]) == [STORY, "Schools will reopen on Monday."]


def test_a_text_article_is_read_without_its_byline_and_caption() -> None:
    page = (
        "Storm floods the lower town\n\n"
        "By Marta Kowalska\n\n"
        f"{STORY}\n\n"
        "A man wades through a street in the lower town on Friday. (AFP/Getty Images)\n\n"
        "Schools will stay closed until the water has gone down, the council said.\n\n"
        "This item appears on page 3 of the 12 May issue.\n"
    )
    article = read_text_article("storm.txt", page, "storm")
    assert article.title == "Storm floods the lower town"
    assert article.paragraphs == (
        STORY,
        "Schools will stay closed until the water has gone down, the council said.",
    )
