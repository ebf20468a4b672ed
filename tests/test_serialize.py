"""The JSON brief: schema briefing/2, stable keys and order."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace

from briefing.figures import incident_figures
from briefing.models import Brief, KeyPoint, Location, Storyline
from briefing.serialize import SCHEMA, brief_to_dict, brief_to_json
from briefing.timeline import incident_timeline


def test_top_level_keys_in_documented_order(sample_brief: Brief) -> None:
    data = json.loads(brief_to_json(sample_brief))
    assert list(data) == [
        "schema",
        "generated_at",
        "as_of",
        "title",
        "since",
        "key_points",
        "storylines",
        "newest_article",
        "stale_days",
        "articles",
        "incidents",
        "other_incidents",
        "actors",
        "skipped",
    ]
    assert data["schema"] == SCHEMA == "briefing/2"
    assert data["as_of"] == "2024-03-14"
    assert data["generated_at"] == "2024-03-14T06:30:00+00:00"


def test_incidents_cite_articles_and_summaries_carry_their_article(sample_brief: Brief) -> None:
    data = brief_to_dict(sample_brief)
    first = data["incidents"][0]
    assert first["articles"] == ["quake-wire", "quake-update"]
    assert first["start"] == "2024-03-12"
    assert first["status"] == "updated"
    assert first["new_articles"] == ["quake-update"]
    assert first["summary"][1] == {
        "text": "The death toll rose to 72 on Wednesday as rescuers reached remote villages.",
        "article": "quake-update",
    }
    assert data["incidents"][1]["start"] is None


def test_actors_quotes_and_copies(sample_brief: Brief) -> None:
    data = brief_to_dict(sample_brief)
    ruiz = data["actors"][0]
    assert ruiz["name"] == "Ana Ruiz"
    assert ruiz["aliases"] == ["Governor Ana Ruiz", "Ruiz"]
    assert [q["kind"] for q in ruiz["quotes"]] == ["direct", "reported"]
    assert ruiz["quotes"][0]["incident"] == "incident-1"
    assert data["articles"][0]["copies"][0]["source"] == "Daily Mirror Example"
    assert data["skipped"] == [
        {"path": "news/broken.bin", "error": "not text: the file holds binary data"}
    ]


def test_json_keeps_unicode_and_ends_with_a_newline(sample_brief: Brief) -> None:
    text = brief_to_json(sample_brief)
    assert text.endswith("}\n")
    assert "12–13" not in text  # dates are ISO in JSON, never prose
    assert brief_to_json(sample_brief) == text


def test_nested_keys_in_documented_order(sample_brief: Brief) -> None:
    data = brief_to_dict(sample_brief)
    assert list(data["articles"][0])[:9] == [
        "id",
        "title",
        "source",
        "published",
        "url",
        "path",
        "date_confidence",
        "date_basis",
        "not_before",
    ]
    assert list(data["incidents"][0]) == [
        "id",
        "title",
        "articles",
        "start",
        "end",
        "places",
        "locations",
        "date_confidence",
        "status",
        "new_articles",
        "summary",
        "figures",
        "timeline",
        "timeline_days_left_out",
        "importance",
        "storyline",
        "earlier",
        "later",
    ]
    assert list(data["incidents"][0]["summary"][0]) == ["text", "article"]
    assert list(data["actors"][0]) == ["name", "aliases", "role", "quotes"]
    assert list(data["actors"][0]["quotes"][0]) == [
        "text",
        "article",
        "incident",
        "kind",
        "also_in",
    ]
    assert list(data["skipped"][0]) == ["path", "error"]


def test_unknown_values_are_null_and_hostile_text_is_kept_as_data(sample_brief: Brief) -> None:
    data = json.loads(brief_to_json(sample_brief))
    protest = data["articles"][2]
    assert protest["published"] is None
    assert protest["source"] is None
    assert protest["date_confidence"] == "low"
    # JSON is data, not markup: the text is kept verbatim, for the consumer to escape.
    assert "<script>alert(1)</script>" in protest["title"]
    assert data["incidents"][2]["date_confidence"] == "low"
    assert [a["name"] for a in data["actors"]] == [
        "Ana Ruiz",
        "Protest organisers",
        "Lena Ortiz",
        "Weber's lawyer",
    ]


def test_figures_carry_kind_value_words_sentence_article_and_date(sample_brief: Brief) -> None:
    articles = {article.id: article for article in sample_brief.articles}
    quake = sample_brief.incidents[0]
    figures = incident_figures([articles[i] for i in quake.article_ids])
    brief = dataclasses.replace(
        sample_brief, incidents=(dataclasses.replace(quake, figures=figures),)
    )
    killed = brief_to_dict(brief)["incidents"][0]["figures"][0]
    assert killed == {
        "kind": "killed",
        "value": 72,
        "text": "72",
        "sentence": "The death toll rose to 72 on Wednesday as rescuers reached remote villages.",
        "article": "quake-update",
        "published": "2024-03-13",
    }
    magnitude = brief_to_dict(brief)["incidents"][0]["figures"][-1]
    assert (magnitude["kind"], magnitude["value"]) == ("magnitude", 6.8)


def test_key_points_storylines_and_each_incident_s_place_in_its_story(sample_brief: Brief) -> None:
    quake, _, trial = sample_brief.incidents
    story = Storyline("story-1", (trial.id, quake.id))
    point = KeyPoint(quake.id, quake.summary[1])
    data = brief_to_dict(
        dataclasses.replace(sample_brief, storylines=(story,), key_points=(point,))
    )
    assert data["key_points"] == [
        {"incident": "incident-1", "text": quake.summary[1].text, "article": "quake-update"}
    ]
    assert data["storylines"] == [{"id": "story-1", "incidents": ["incident-3", "incident-1"]}]
    by_id = {incident["id"]: incident for incident in data["incidents"]}
    assert (by_id["incident-1"]["storyline"], by_id["incident-1"]["earlier"]) == (
        "story-1",
        "incident-3",
    )
    assert by_id["incident-1"]["later"] is None
    assert (by_id["incident-3"]["earlier"], by_id["incident-3"]["later"]) == (None, "incident-1")
    assert by_id["incident-2"]["storyline"] is None


def test_a_timeline_is_days_headlines_and_articles(sample_brief: Brief) -> None:
    articles = {article.id: article for article in sample_brief.articles}
    quake = sample_brief.incidents[0]
    timeline, _ = incident_timeline([articles[i] for i in quake.article_ids])
    brief = dataclasses.replace(
        sample_brief, incidents=(dataclasses.replace(quake, timeline=timeline),)
    )
    assert brief_to_dict(brief)["incidents"][0]["timeline"] == [
        {
            "day": "2024-03-12",
            "text": "Strong earthquake hits coastal province",
            "articles": ["quake-wire"],
        },
        {
            "day": "2024-03-13",
            "text": "Death toll rises after coastal earthquake",
            "articles": ["quake-update"],
        },
    ]


def test_an_incidents_places_carry_the_gazetteers_coordinates(sample_brief: Brief) -> None:
    region = Location("Ander Valley", "region", "NL", "Netherlands", None, None)
    town = Location("Veldhaven", "city", "NL", "Netherlands", 51.42, 5.4)
    quake, *rest = sample_brief.incidents
    brief = replace(sample_brief, incidents=(replace(quake, locations=(region, town)), *rest))
    data = brief_to_dict(brief)
    assert data["incidents"][0]["locations"] == [
        {"name": "Ander Valley", "kind": "region", "country": "Netherlands",
         "country_code": "NL", "latitude": None, "longitude": None},
        {"name": "Veldhaven", "kind": "city", "country": "Netherlands",
         "country_code": "NL", "latitude": 51.42, "longitude": 5.4},
    ]  # fmt: skip
    assert data["incidents"][1]["locations"] == []
    assert (data["newest_article"], data["stale_days"]) == ("2024-03-13", None)
