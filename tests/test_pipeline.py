"""build_brief on the seeds and on broken input: the stages together."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from briefing import Settings, build_brief
from briefing.errors import InputError
from briefing.models import Article, Brief, Quote, Sentence

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
NOW = datetime(2024, 1, 15, 7, 0, tzinfo=UTC)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


@pytest.fixture(scope="module")
def seeds_brief() -> Brief:
    return build_brief([SEEDS], Settings(), now=NOW)


def test_seeds_make_the_four_gold_incidents(seeds_brief: Brief) -> None:
    gold = json.loads((GOLD / "clusters.json").read_text(encoding="utf-8"))["corpora"]["seeds"]
    predicted = sorted(sorted(incident.article_ids) for incident in seeds_brief.incidents)
    assert predicted == sorted(sorted(group) for group in gold)


def test_every_summary_sentence_is_verbatim_from_its_article(seeds_brief: Brief) -> None:
    articles = {article.id: article for article in seeds_brief.articles}
    for incident in seeds_brief.incidents:
        assert incident.summary, f"{incident.id} has no summary"
        for sentence in incident.summary:
            assert sentence.article_id in incident.article_ids
            assert sentence.text in articles[sentence.article_id].paragraphs[sentence.paragraph]


def test_every_quote_is_verbatim_and_tied_to_its_incident(seeds_brief: Brief) -> None:
    articles = {article.id: article for article in seeds_brief.articles}
    incident_of = {a: i.id for i in seeds_brief.incidents for a in i.article_ids}
    quotes = [quote for actor in seeds_brief.actors for quote in actor.quotes]
    assert quotes
    for quote in quotes:
        assert quote.text in articles[quote.article_id].paragraphs[quote.paragraph]
        assert quote.incident == incident_of[quote.article_id]


def test_aliases_of_one_person_make_one_actor(seeds_brief: Brief) -> None:
    jenca = [
        actor
        for actor in seeds_brief.actors
        if any("jenca" in _fold(name) for name in (actor.name, *actor.aliases))
    ]
    assert len(jenca) == 1
    assert len(jenca[0].quotes) >= 3


def test_the_same_input_gives_the_same_brief() -> None:
    first = build_brief([SEEDS], Settings(), now=NOW)
    second = build_brief([SEEDS], Settings(), now=NOW)
    assert first == second


def test_brief_date_defaults_to_the_clock_and_can_be_set() -> None:
    assert build_brief([SEEDS], Settings(), now=NOW).as_of == NOW.date()
    as_of = date(2023, 9, 30)
    assert build_brief([SEEDS], Settings(as_of=as_of), now=NOW).as_of == as_of


def test_broken_files_are_skipped_and_the_rest_make_the_brief(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    brief = build_brief([tmp_path], Settings(), now=NOW)
    assert len(brief.articles) == 2
    skipped = {Path(item.path).name: item.error for item in brief.skipped}
    assert set(skipped) == {"empty.txt", "binary.txt"}
    assert all(reason for reason in skipped.values())


def test_no_input_and_no_readable_input_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build_brief([], Settings(), now=NOW)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt"):
        build_brief([tmp_path], Settings(), now=NOW)
    with pytest.raises(InputError, match="missing"):
        build_brief([tmp_path / "missing"], Settings(), now=NOW)


def test_since_and_until_keep_dated_articles_in_the_window_and_undated_ones() -> None:
    brief = build_brief(
        [SEEDS], Settings(since=date(2023, 9, 20), until=date(2023, 9, 30)), now=NOW
    )
    kept = {article.id[:3] for article in brief.articles}
    assert kept == {"000", "001", "003", "004"}  # 002 is dated 19 September
    assert brief.since == date(2023, 9, 20)


def test_a_window_with_no_article_is_an_input_error(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    with pytest.raises(InputError, match="no article dated"):
        build_brief([tmp_path], Settings(since=date(2024, 1, 1)), now=NOW)


def test_since_after_until_is_refused() -> None:
    with pytest.raises(InputError, match="after"):
        Settings(since=date(2024, 2, 1), until=date(2024, 1, 1))


def test_only_the_most_important_incidents_are_shown_in_full() -> None:
    corpora = ROOT / "tests" / "data" / "corpora" / "clusters"
    brief = build_brief([SEEDS, corpora], Settings(max_incidents=3), now=NOW)
    assert len(brief.incidents) == 3
    assert len(brief.other_incidents) == 7
    sizes = sorted((len(i.article_ids) for i in brief.incidents), reverse=True)
    assert sizes[0] == 3  # the earthquake, reported three times, is among them
    # Figures only add weight, so what is shown outweighs what is listed.
    assert min(i.importance for i in brief.incidents) >= max(
        i.importance for i in brief.other_incidents
    )
    assert [i.importance for i in brief.other_incidents] == sorted(
        (i.importance for i in brief.other_incidents), reverse=True
    )
    assert all(incident.summary for incident in brief.incidents)
    assert not any(incident.summary for incident in brief.other_incidents)
    shown = {a for incident in brief.incidents for a in incident.article_ids}
    quoted = {q.article_id for actor in brief.actors for q in actor.quotes}
    assert quoted <= shown
    assert len(brief.articles) == 16  # every article is still listed in the JSON


def test_max_incidents_zero_shows_everything() -> None:
    corpora = ROOT / "tests" / "data" / "corpora" / "clusters"
    brief = build_brief([SEEDS, corpora], Settings(max_incidents=0), now=NOW)
    assert len(brief.incidents) == 10
    assert brief.other_incidents == ()


def test_a_stage_that_fails_on_one_article_is_a_skipped_entry_and_the_rest_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefing.quotes import extract_quotes as real_quotes
    from briefing.summarize import summarize_incident as real_summary

    # As NLTK's TimeoutError once escaped from any stage on one hostile article.

    def quotes(article: Article) -> list[Quote]:
        if article.id.startswith("003"):
            raise TimeoutError("regular-expression match exceeded its 5.0s time limit")
        return list(real_quotes(article))

    def summary(articles: Sequence[Article], **options: Any) -> tuple[Sentence, ...]:
        if any(article.id.startswith("004") for article in articles):
            raise RecursionError("maximum recursion depth exceeded")
        return real_summary(articles, **options)

    monkeypatch.setattr("briefing.pipeline.extract_quotes", quotes)
    monkeypatch.setattr("briefing.pipeline.summarize_incident", summary)
    brief = build_brief([SEEDS], Settings(), now=NOW)
    assert len(brief.incidents) == 4
    failed = {Path(item.path).name[:3]: item.error for item in brief.skipped}
    assert set(failed) == {"003", "004"}
    assert failed["003"].startswith("its quotes could not be made (TimeoutError: regular-")
    assert failed["004"].startswith("the summary of its incident could not be made (Recursion")
    by_article = {incident.article_ids[0][:3]: incident for incident in brief.incidents}
    assert by_article["004"].summary == () and by_article["003"].summary
    assert not any(quote.article_id.startswith("003") for a in brief.actors for quote in a.quotes)
    assert brief.actors  # the other articles' quotes are there


REPORT_PILE = ROOT / "tests" / "data" / "corpora" / "report"


@pytest.fixture(scope="module")
def report_brief() -> Brief:
    """A quake and the row over aid after it, an election, its court case and its re-run,
    a truce: written for these tests."""
    return build_brief([REPORT_PILE], Settings(as_of=date(2025, 6, 16)), now=NOW)


def test_an_election_its_court_case_and_its_rerun_are_one_storyline(report_brief: Brief) -> None:
    titles = {incident.id: incident.title for incident in report_brief.incidents}
    stories = [[titles[i] for i in story.incident_ids] for story in report_brief.storylines]
    assert [
        "Karsen declared winner of Orlania presidential vote; rival cries fraud",
        "Vandor asks Orlania's Constitutional Court to annul Karsen win",
        "Drava votes again after court orders partial re-run of Orlania election",
    ] in stories
    assert [
        "Valtria quake toll rises to 212 as rescuers reach cut-off villages",
        "Row over quake aid as Ardenno residents accuse Belmora of delays",
    ] in stories
    # Linked, not merged: the truce stands alone, and every incident keeps its articles.
    assert len(report_brief.incidents) == 6
    assert not any(len(story.incident_ids) > 3 for story in report_brief.storylines)


def test_a_storyline_is_one_thread_in_the_brief_s_order(report_brief: Brief) -> None:
    order = [incident.id for incident in report_brief.incidents]
    for story in report_brief.storylines:
        places = [order.index(i) for i in story.incident_ids]
        assert places == list(range(places[0], places[0] + len(places)))


def test_key_points_are_verbatim_summary_sentences_of_the_most_important(
    report_brief: Brief,
) -> None:
    articles = {article.id: article for article in report_brief.articles}
    by_id = {incident.id: incident for incident in report_brief.incidents}
    assert 3 <= len(report_brief.key_points) <= 7
    for point in report_brief.key_points:
        assert point.sentence in by_id[point.incident_id].summary
        assert point.sentence.text in articles[point.sentence.article_id].text
    ranked = sorted(report_brief.incidents, key=lambda incident: -incident.importance)
    assert [p.incident_id for p in report_brief.key_points] == [
        i.id for i in ranked[: len(report_brief.key_points)]
    ]


def test_the_quake_shows_its_rising_toll_and_both_magnitudes(report_brief: Brief) -> None:
    quake = next(i for i in report_brief.incidents if "212" in i.title)
    killed = [(f.value, f.article_id) for f in quake.figures if f.kind == "killed"]
    assert killed == [(212, "quake-toll"), (35, "quake-first")]
    magnitudes = [(f.value, f.article_id) for f in quake.figures if f.kind == "magnitude"]
    assert magnitudes == [(7.2, "quake-toll"), (6.9, "quake-first")]
    assert [entry.day for entry in quake.timeline] == [date(2025, 3, 3), date(2025, 3, 5)]
