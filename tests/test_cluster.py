"""Clustering by incident: constructed cases, the labelled corpora, and the seeds."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from briefing import cluster
from briefing.cluster import cluster_articles, is_background, names_in
from briefing.models import Article
from briefing.readers import read_inputs

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/data/gold/clusters.json").read_text(encoding="utf-8"))["corpora"]
sys.path.insert(0, str(ROOT / "benchmarks"))
from metrics import bcubed  # noqa: E402


def _article(
    article_id: str, title: str, *paragraphs: str, published: date | None = None
) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        title=title,
        paragraphs=paragraphs,
        published=published,
        date_confidence="high" if published else "none",
    )


def _groups(articles: list[Article]) -> list[list[str]]:
    incidents = cluster_articles(articles, window_days=7, threshold=0.12)
    return sorted(sorted(incident.article_ids) for incident in incidents)


def _folder(name: str) -> Path:
    return ROOT / "seeds" if name == "seeds" else ROOT / "tests/data/corpora/clusters" / name


@pytest.mark.parametrize("name", sorted(GOLD))
def test_labelled_corpus_is_clustered_as_labelled(name: str) -> None:
    articles, skipped = read_inputs([_folder(name)])
    assert not skipped
    assert _groups(articles) == sorted(sorted(group) for group in GOLD[name])


def test_all_corpora_in_one_pile_keep_their_incidents_apart() -> None:
    articles, _ = read_inputs([_folder(name) for name in sorted(GOLD)])
    incidents = cluster_articles(articles, window_days=7, threshold=0.12)
    gold = [group for groups in GOLD.values() for group in groups]
    assert bcubed([i.article_ids for i in incidents], gold)[2] == 1.0


def test_same_story_weeks_apart_is_two_incidents() -> None:
    text = "Rebels shelled the river port of Mokra, killing 14 civilians, the governor said."
    first = _article("a", "Rebels shell river port", text, published=date(2024, 1, 3))
    second = _article("b", "Rebels shell river port", text, published=date(2024, 2, 20))
    assert _groups([first, second]) == [["a"], ["b"]]


def test_background_paragraph_does_not_merge_two_incidents() -> None:
    # The old report is undated, so only content can keep it apart from the new one.
    old = _article(
        "old",
        "Dam bursts in Valea province, 23 dead",
        "The Stanca dam burst on Tuesday, flooding six villages and killing 23 people.",
        "Rescuers searched the river banks with boats and dogs.",
    )
    new = _article(
        "new",
        "Wildfire forces evacuation of Valea hill towns",
        "A wildfire driven by strong winds forced 4,000 people from hill towns on Sunday.",
        "Firefighting planes dropped water over the pine forests through the night.",
        "In 2019 the Stanca dam burst in Valea province, flooding six villages and killing 23"
        " people; rescuers searched the river banks with boats and dogs.",
        published=date(2021, 5, 8),
    )
    assert _groups([old, new]) == [["new"], ["old"]]


def test_reports_of_one_event_in_different_words_merge() -> None:
    a = _article(
        "a",
        "Ferry capsizes on Lake Kivu, 30 missing",
        "A passenger ferry capsized on Lake Kivu on Friday with 80 people aboard; 30 are missing.",
        published=date(2024, 6, 7),
    )
    b = _article(
        "b",
        "Divers search for 30 missing after Lake Kivu ferry sinks",
        "Navy divers searched Lake Kivu on Saturday for 30 passengers missing since the ferry"
        " capsized near Goma.",
        published=date(2024, 6, 8),
    )
    assert _groups([a, b]) == [["a", "b"]]


def test_undated_article_needs_more_than_the_topic_to_join() -> None:
    dated = _article(
        "dated",
        "Border clash kills two soldiers",
        "Two soldiers were killed in a border clash near the northern pass, the army said.",
        published=date(2024, 4, 2),
    )
    undated = _article(
        "undated",
        "Talks on the border resume",
        "Negotiators from both countries met in Geneva to discuss demarcation of the border.",
    )
    assert _groups([dated, undated]) == [["dated"], ["undated"]]


def test_incidents_are_newest_first_with_ids_dates_and_title() -> None:
    articles, _ = read_inputs([_folder("election")])
    incidents = cluster_articles(articles, window_days=7, threshold=0.12)
    assert [i.id for i in incidents] == ["incident-1", "incident-2"]
    latest = incidents[0]
    assert (latest.start, latest.end) == (date(2024, 6, 4), date(2024, 6, 5))
    assert latest.title == "Police fire tear gas at protesters rejecting presidential result"
    assert latest.article_ids == ("results-protest", "results-protest-radio")
    assert "Lusaka" in latest.places


def test_seed_offensive_incident_takes_a_real_headline() -> None:
    articles, _ = read_inputs([_folder("seeds")])
    incidents = cluster_articles(articles, window_days=7, threshold=0.12)
    assert incidents[0].title == "Russia, UN call for cessation of hostilities in Nagorno-Karabakh"
    assert incidents[0].start == date(2023, 9, 19)


def test_background_detection() -> None:
    assert is_background("The war broke out in 1988 over the enclave.", 2023)
    assert is_background("Talks have been held for years, historically without result.", None)
    assert not is_background("Shelling resumed on Tuesday near the border.", 2023)


def test_empty_input_gives_no_incidents() -> None:
    assert cluster_articles([], window_days=7, threshold=0.12) == []


def test_clustering_is_deterministic() -> None:
    articles, _ = read_inputs([_folder(name) for name in sorted(GOLD)])
    first = cluster_articles(articles, window_days=7, threshold=0.12)
    assert cluster_articles(list(reversed(articles)), window_days=7, threshold=0.12) == first


@pytest.mark.parametrize(
    "paragraph",
    [
        "Fighting broke out in 1991.",
        "It happened YEARS AGO.",
        "Hostilities \u017fince the ceasefire.",  # long s: matched as "s" ignoring case
        "It was in the pa\u017ft.",
        "A bro\u212ae out in the north.",  # Kelvin sign: matched as "k" ignoring case
        "\u0130n the past week.",  # dotted capital I: matched as "i" ignoring case
        "Shelling resumed on Tuesday near the border.",
        "“Former” officials met — in Zürich.",
        "",
    ],
)
def test_background_cue_shortcut_agrees_with_the_pattern(paragraph: str) -> None:
    assert is_background(paragraph, None) == bool(cluster._RECOLLECTION.search(paragraph))


def test_terms_of_whitespace_chunks_are_the_terms_of_the_text() -> None:
    text = "Rebels\u00a0shelled  Mokra’s\tport,\u2009killing 1,204\npeople—the gov's 3rd-largest."
    expected = [
        term
        for token in cluster._TOKEN.findall(text)
        if (term := cluster._term_of(token, "english")) is not None
    ]
    assert cluster._terms(text, "english") == expected


def test_term_weights_add_up_in_text_order() -> None:
    # Background weights are fractions: the sum must round as adding occurrence by occurrence.
    paragraphs = (
        "Shelling hit Mokra port. Mokra burned.",
        "The port of Mokra was shelled again.",
        "Years ago Mokra port was shelled, as it was in 1991; Mokra Mokra.",
        "Mokra port shelling continued, and Mokra counted the dead.",
        "Decades of shelling: Mokra, Mokra, Mokra.",
    )
    article = _article("a", "Mokra port shelled", *paragraphs, published=date(2024, 1, 3))
    expected: dict[str, float] = {}
    parts = [(article.title, cluster.LEAD_WEIGHT)]
    for index, paragraph in enumerate(paragraphs):
        background = is_background(paragraph, 2024)
        weight = cluster.BACKGROUND_WEIGHT if background else 3.0 if index < 2 else 1.0
        parts.append((paragraph, weight))
    for text, weight in parts:
        for token in cluster._TOKEN.findall(text):
            if (term := cluster._term_of(token, "english")) is not None:
                expected[term] = expected.get(term, 0.0) + weight
    assert list(cluster.weighted_terms(article).items()) == list(expected.items())


def test_two_strikes_over_pay_on_one_day_in_different_towns_are_two_incidents() -> None:
    day = date(2023, 9, 20)
    rail = _article(
        "rail",
        "Rail strike called off after overnight talks",
        "A national rail strike planned for Thursday was called off after the drivers' union "
        "and the railway company agreed on pay in talks that lasted through the night.",
        '"It is an agreement we can put to our members," said union leader Brid Hanlon after '
        "the talks on pay and rest periods at the labour ministry.",
        published=day,
    )
    nurses = _article(
        "nurses",
        "Nurses begin 48-hour strike over pay",
        "Nurses at the three public hospitals in Tarrow walked out at dawn, the start of a "
        "48-hour strike over pay that their union says could be the first of several.",
        '"Our members have lost a fifth of their pay," said Dana Okoro of the nurses\' union, '
        "as talks on pay are due to resume on Friday.",
        published=day,
    )
    rail_again = _article(
        "rail-2",
        "Drivers' union calls off rail strike",
        "The drivers' union called off Thursday's national rail strike after talks on pay, "
        "union leader Brid Hanlon said, and members will vote on the agreement.",
        published=day,
    )
    assert _groups([rail, nurses, rail_again]) == [["nurses"], ["rail", "rail-2"]]


def test_names_are_capitalised_words_inside_sentences_without_titles() -> None:
    article = _article(
        "a",
        "Headline Words Are Not Names",
        "Officials in Tarrow said the Minister met Dana Okoro on Friday. Talks resume soon.",
    )
    assert names_in(article) == frozenset({"tarrow", "dana", "okoro"})
