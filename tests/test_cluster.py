"""Clustering by incident: constructed cases, the labelled corpora, and the seeds."""

from __future__ import annotations

import json
import sys
import tracemalloc
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from briefing import cluster
from briefing.cluster import cluster_articles, is_background, names_in
from briefing.models import Article
from briefing.readers import read_inputs

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/data/gold/clusters.json").read_text(encoding="utf-8"))["corpora"]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import Corpus  # noqa: E402
from metrics import bcubed  # noqa: E402


def _article(
    article_id: str,
    title: str,
    *paragraphs: str,
    published: date | None = None,
    source: str | None = None,
) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        title=title,
        paragraphs=paragraphs,
        published=published,
        date_confidence="high" if published else "none",
        source=source,
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
    # Named after the latest report (5 June), not the first (briefing.titles).
    assert latest.title == "Dozens arrested as post-election protests turn violent in capital"
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


# ---------------------------------------------------------------- events of one week, one sector
_WEEK = date(2025, 3, 3)


def _tech_week() -> dict[str, list[Article]]:
    """Four stories of one week about one big company (a chip, an app pulled from its store,
    a console update, a takeover bid), three reports each."""
    day = _WEEK
    return {
        "chip": [
            _article(
                "chip-1",
                "Corvex unveils faster phone chip",
                "Corvex on Monday unveiled the Z9 phone chip, which it says runs artificial "
                "intelligence tasks twice as fast as its predecessor while drawing less power.",
                "The chip, built on a three-nanometre process, will ship in Corvex handsets sold "
                "in Norland and Asia from June, the company said at its Velmar campus.",
                published=day,
            ),
            _article(
                "chip-2",
                "New Corvex Z9 chip doubles AI speed",
                "The Z9 processor that Corvex presented at Velmar doubles the speed of on-device "
                "artificial intelligence and cuts battery drain, according to the company.",
                "Handsets with the three-nanometre Z9 chip go on sale in June.",
                published=day + timedelta(days=1),
            ),
            _article(
                "chip-3",
                "Corvex bets on Z9 chip to win back phone buyers",
                "With the Z9 chip shown on Monday, Corvex hopes faster artificial intelligence "
                "features and longer battery life will lure buyers back to its handsets.",
                "Chip analysts at Velmar said the three-nanometre design was ahead of rivals.",
                published=day + timedelta(days=1),
            ),
        ],
        "app": [
            _article(
                "app-1",
                "Corvex pulls Chatterly messaging app from its store",
                "Corvex has removed the Chatterly messaging app from its app store after reports "
                "that the service was used to spread abuse images, the company said on Wednesday.",
                "Chatterly's founder, Mila Ostrova, said the app was working with Corvex to "
                "restore it. Users in Norland who installed it can still open it.",
                published=day + timedelta(days=2),
            ),
            _article(
                "app-2",
                "Chatterly removed from Corvex app store over abuse images",
                "The encrypted Chatterly messenger disappeared from the Corvex app store on "
                "Wednesday; Corvex said it acted after being alerted to abuse images on it.",
                "Mila Ostrova, who founded Chatterly, promised new safeguards.",
                published=day + timedelta(days=2),
            ),
            _article(
                "app-3",
                "Why Corvex banned Chatterly",
                "Corvex took the Chatterly app off its store because abuse images were found on "
                "the messenger, an email from Corvex's store chief to a user shows.",
                "Ostrova said Chatterly would return to the store once filters were in place.",
                published=day + timedelta(days=3),
            ),
        ],
        "console": [
            _article(
                "console-1",
                "Corvex console update adds 4K streaming",
                "A system update for the Corvex Arc games console released on Tuesday adds 4K "
                "streaming, custom themes and a party chat overhaul, Corvex said.",
                "Version 5.5 of the Arc software also lets players in Norland transfer saved "
                "games between consoles.",
                published=day + timedelta(days=1),
            ),
            _article(
                "console-2",
                "Arc update 5.5: every new feature",
                "Corvex's Arc console gets 4K streaming and redesigned party chat in update 5.5, "
                "out on Tuesday, along with themes and saved-game transfers.",
                "The update downloads automatically overnight.",
                published=day + timedelta(days=1),
            ),
            _article(
                "console-3",
                "What the Arc 5.5 update does",
                "Update 5.5 for the Arc console brings party chat changes, custom themes and 4K "
                "streaming to Corvex's players from Tuesday.",
                "Saved games can now move between two Arc consoles.",
                published=day + timedelta(days=2),
            ),
        ],
        "bid": [
            _article(
                "bid-1",
                "Halvern raises hostile bid for Corvex to $120 billion",
                "Halvern raised its hostile takeover offer for Corvex to $120 billion on "
                "Thursday, calling it its best and final bid for the phone maker.",
                "Corvex's board has rejected two earlier offers as too low; Halvern's chief "
                "executive Odo Brenn said shareholders should decide.",
                published=day + timedelta(days=3),
            ),
            _article(
                "bid-2",
                "Corvex board weighs Halvern's $120 billion 'final' offer",
                "The Corvex board will meet to weigh Halvern's raised hostile bid of $120 "
                "billion, which Halvern calls final.",
                "Odo Brenn said the offer gave Corvex shareholders a premium of 30 percent.",
                published=day + timedelta(days=3),
            ),
            _article(
                "bid-3",
                "Halvern sweetens takeover bid for Corvex",
                "Investors shrugged at Halvern's sweetened $120 billion hostile offer for Corvex "
                "on Thursday, sending Corvex shares down.",
                "Brenn, Halvern's chief, said there would be no higher bid.",
                published=day + timedelta(days=4),
            ),
        ],
    }


def test_same_week_events_in_one_sector_sharing_a_big_company_stay_apart() -> None:
    stories = _tech_week()
    # A round-up of the week names two of the stories: it may join one, never glue them.
    roundup = _article(
        "roundup",
        "Tech week: a chip and an app",
        "Corvex had a busy week: it unveiled the Z9 phone chip for faster artificial "
        "intelligence on Monday and removed the Chatterly messaging app from its store on "
        "Wednesday over abuse images.",
        "Both moves were made at Velmar.",
        published=_WEEK + timedelta(days=3),
    )
    articles = [article for story in stories.values() for article in story] + [roundup]
    groups = [set(group) for group in _groups(articles)]
    for story in stories.values():
        ids = {article.id for article in story}
        assert any(ids <= group for group in groups), ids
    for name, story in stories.items():
        for other, other_story in stories.items():
            if name < other:
                assert not any({story[0].id, other_story[0].id} <= group for group in groups), (
                    name,
                    other,
                )


# ---------------------------------------------------------------- time: the window and past it
_CAPSIZE = date(2025, 5, 6)


def _ferry_reports() -> list[Article]:
    day = _CAPSIZE
    return [
        _article(
            "ferry-1",
            "Ferry capsizes on Lake Tova, 31 missing",
            "A passenger ferry carrying 90 people capsized in a storm on Lake Tova on Tuesday "
            "night, and 31 passengers are missing, the Drava provincial governor said.",
            "Divers from the navy joined fishermen searching the water near the port of Kessa.",
            published=day,
        ),
        _article(
            "ferry-2",
            "Search for 31 missing in Lake Tova ferry disaster",
            "Navy divers searched Lake Tova near Kessa on Wednesday for 31 passengers missing "
            "since their ferry capsized in a storm, governor Ilse Marek said.",
            "Survivors said the ferry was overloaded with 90 people aboard.",
            published=day + timedelta(days=1),
        ),
        _article(
            "ferry-3",
            "Lake Tova ferry was overloaded, survivors say",
            "The ferry that capsized on Lake Tova with 90 people aboard was overloaded, "
            "survivors told rescuers in Kessa, as the search for 31 missing passengers went on.",
            "Governor Ilse Marek ordered an inquiry.",
            published=day + timedelta(days=1),
        ),
    ]


_FERRY = ["ferry-1", "ferry-2", "ferry-3"]


def test_a_late_report_clearly_about_the_event_joins_it_past_the_window() -> None:
    late = _article(
        "ferry-late",
        "Lake Tova ferry capsized with 90 aboard, overloaded, inquiry finds",
        "The ferry that capsized in a storm on Lake Tova with 90 people aboard was overloaded, "
        "an inquiry ordered by governor Ilse Marek found, as divers near Kessa ended the "
        "search for the 31 missing passengers.",
        "Survivors had told rescuers the ferry was overloaded.",
        published=_CAPSIZE + timedelta(days=11),
    )
    assert _groups([*_ferry_reports(), late]) == [[*_FERRY, "ferry-late"]]


def test_another_story_from_the_same_place_past_the_window_stays_apart() -> None:
    other = _article(
        "ferry-new",
        "New ferry enters service on Lake Tova",
        "A new ferry built to carry 120 passengers entered service on Lake Tova on Monday, "
        "linking the port of Kessa with the islands.",
        "Governor Ilse Marek said the service would run all year.",
        published=_CAPSIZE + timedelta(days=11),
    )
    assert _groups([*_ferry_reports(), other]) == [_FERRY, ["ferry-new"]]


def test_the_same_words_a_year_later_are_another_incident() -> None:
    first = _ferry_reports()
    again = Article(
        **{**first[0].__dict__, "id": "ferry-again", "published": _CAPSIZE + timedelta(days=365)}
    )
    assert _groups([*first, again]) == [_FERRY, ["ferry-again"]]


def test_an_undated_report_does_not_bridge_two_clashes_three_weeks_apart() -> None:
    day = date(2025, 8, 4)

    def clash(article_id: str, when: date, wounded: str) -> list[Article]:
        return [
            _article(
                f"{article_id}-1",
                "Two soldiers killed in clash at Orsk pass",
                f"Two soldiers were killed and {wounded} wounded when border guards exchanged "
                "fire at the Orsk pass on Monday, the defence ministry of Valdia said.",
                "Each side accused the other of opening fire first near the disputed ridge.",
                published=when,
            ),
            _article(
                f"{article_id}-2",
                "Deadly exchange of fire at Orsk pass",
                f"Border guards exchanged fire at the Orsk pass, killing two soldiers and "
                f"wounding {wounded}, Valdia's defence ministry said on Monday.",
                "The ridge above the pass has been disputed since independence.",
                published=when,
            ),
        ]

    undated = _article(
        "undated",
        "Soldiers killed at Orsk pass",
        "Two soldiers were killed when border guards exchanged fire at the Orsk pass, the "
        "defence ministry of Valdia said.",
        "Each side accused the other of opening fire first near the disputed ridge above it.",
    )
    first, second = clash("first", day, "five"), clash("second", day + timedelta(days=21), "three")
    for articles in ([*first, *second, undated], [undated, *second, *first]):
        groups = _groups(articles)
        assert not any({"first-1", "second-1"} <= set(group) for group in groups), groups
        assert ["second-1", "second-2"] in groups or ["second-1", "second-2", "undated"] in groups


# ---------------------------------------------------------------- what an article says of itself
def test_a_source_boilerplate_does_not_join_its_reports_of_different_events() -> None:
    notice = (
        "Radio Kessa transcripts are made on a tight deadline by a contractor and may be "
        "revised; the audio record of Radio Kessa's programmes is the authoritative record. "
        "Copyright {} Radio Kessa."
    )
    day = date(2025, 2, 10)
    reports = [
        _article(
            "fire",
            "Warehouse fire in Dunmere",
            "A fire destroyed a grain warehouse in Dunmere overnight; nobody was hurt, "
            "firefighters said.",
            notice.format(2024),
            published=day,
            source="Radio Kessa",
        ),
        _article(
            "vote",
            "Budget passes in council vote",
            "Kessa's city council passed next year's budget by nine votes to four after a long "
            "debate on bus fares.",
            notice.format(2025),
            published=day,
            source="Radio Kessa",
        ),
        _article(
            "match",
            "Kessa United win the cup",
            "Kessa United beat Harlow 2-1 in the cup final with a goal in the last minute of "
            "extra time.",
            notice.format(2025),
            published=day,
            source="Radio Kessa",
        ),
    ]
    assert _groups(reports) == [["fire"], ["match"], ["vote"]]
    assert cluster.boilerplate_of(reports) == {notice.format(2024), notice.format(2025)}


def test_boilerplate_is_what_one_source_repeats_not_what_several_quote() -> None:
    shared = "The court indicted the teenager on twelve counts, including assault."
    by_three_outlets = [
        _article(str(n), "Teenager indicted", shared, source=f"Outlet {n}") for n in range(3)
    ]
    assert cluster.boilerplate_of(by_three_outlets) == frozenset()
    by_one = [_article(str(n), "Teenager indicted", shared, source="Outlet") for n in range(3)]
    assert cluster.boilerplate_of(by_one) == {shared}


def test_a_teaser_that_names_nothing_can_join_its_event() -> None:
    teaser = _article(
        "teaser",
        "Ferry capsizes on Lake Tova",
        "Ferry with 90 passengers aboard capsized in a storm, 31 missing, the governor says. "
        "Divers search the lake. More soon.",
        published=_CAPSIZE,
    )
    assert names_in(teaser) == frozenset()
    assert _groups([*_ferry_reports(), teaser]) == [[*_FERRY, "teaser"]]


def test_month_abbreviations_are_not_names() -> None:
    article = _article("a", "Prices", "Shares fell on Feb 6, said Greg Olsen of Dunmere Bank.")
    assert names_in(article) == frozenset({"greg", "olsen", "dunmere", "bank"})


# ---------------------------------------------------------------- a big story
def _heavy_tailed_day(count: int) -> tuple[list[Article], set[str]]:
    """``count`` synthetic reports, about a sixth of them on one story (the benchmark's
    heavy-tailed corpus), and the ids of that story's reports."""
    corpus = Corpus(7)
    assignment = corpus.heavy_tail_assignment(count)
    articles = []
    for number, incident in enumerate(assignment):
        title, *paragraphs = corpus.article(incident, 600).strip().split("\n\n")
        articles.append(
            Article(
                id=f"a{number}",
                path=f"a{number}.txt",
                title=title,
                paragraphs=tuple(paragraphs),
                published=incident.day,
                date_confidence="high",
            )
        )
    biggest = Counter(incident.number for incident in assignment).most_common(1)[0][0]
    story = {f"a{n}" for n, incident in enumerate(assignment) if incident.number == biggest}
    return articles, story


def test_a_big_story_is_one_incident_for_work_that_grows_with_its_size_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The work of each comparison of two groups (terms looked up) must not grow with the
    # story: a linkage that rescanned a big group's members at every merge would make it
    # grow as fast as the story.
    looked_up = compared = 0
    dot, linkage = cluster._dot, cluster._linkage

    def counting_dot(small: dict[int, float], large: dict[int, float]) -> float:
        nonlocal looked_up
        looked_up += len(small)
        return dot(small, large)

    def counting_linkage(*arguments: object) -> float | None:
        nonlocal compared
        compared += 1
        return linkage(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(cluster, "_dot", counting_dot)
    monkeypatch.setattr(cluster, "_linkage", counting_linkage)
    work_per_comparison = []
    for count in (300, 1200):
        articles, story = _heavy_tailed_day(count)
        looked_up = compared = 0
        if count == 1200:
            tracemalloc.start()
        incidents = cluster_articles(articles, window_days=7, threshold=0.12)
        biggest = max(incidents, key=lambda incident: len(story & set(incident.article_ids)))
        assert len(story & set(biggest.article_ids)) >= 0.95 * len(story)
        assert set(biggest.article_ids) <= story
        work_per_comparison.append(looked_up / compared)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 300 * 2**20, f"{peak / 2**20:.0f} MiB for 1,200 articles"
    assert work_per_comparison[1] < 2 * work_per_comparison[0], work_per_comparison


def _trial_reports(dated_others: bool) -> list[Article]:
    """Two undated reports of one trial, weeks apart in fact, and two unrelated stories."""
    day = date(2024, 5, 3) if dated_others else None
    return [
        _article(
            "opening",
            "Fraud trial of port chief opens",
            "The fraud trial of the former port authority chief opened in the capital, with "
            "prosecutors accusing him of taking bribes for harbour contracts.",
        ),
        _article(
            "testimony",
            "Contractor testifies against former port chief",
            "A building contractor told judges he had paid bribes to win dredging work at the "
            "harbour, in the third week of the hearings.",
        ),
        _article(
            "festival",
            "Film festival announces its jury",
            "The city's film festival named a jury of seven directors and actors, who will "
            "choose the winner among twenty films in competition.",
            published=day,
        ),
        _article(
            "match",
            "Local club wins the cup final",
            "The local football club won the cup final on penalties after a goalless draw, its "
            "first trophy in thirty years.",
            published=day,
        ),
    ]


def test_in_a_pile_without_dates_reports_of_one_story_are_one_incident() -> None:
    assert ["opening", "testimony"] in _groups(_trial_reports(dated_others=False))


def test_among_dated_articles_the_same_undated_reports_need_the_margin() -> None:
    groups = _groups(_trial_reports(dated_others=True))
    assert ["opening"] in groups and ["testimony"] in groups


def test_an_incidents_locations_are_its_places_as_the_gazetteer_knows_them() -> None:
    reports = [
        _article(
            f"r{n}",
            "Earthquake shakes Peru's capital",
            f"A strong earthquake struck near Lima, Peru, on Monday, report {n} said, "
            "cracking walls in the old town.",
            published=date(2025, 3, 3),
        )
        for n in range(2)
    ]
    [incident] = cluster_articles(reports, window_days=7, threshold=0.12)
    assert [location.name for location in incident.locations] == list(incident.places)
    by_name = {location.name: location for location in incident.locations}
    lima, peru = by_name["Lima"], by_name["Peru"]
    assert (lima.country, lima.kind, peru.kind) == ("Peru", "city", "country")
    assert lima.latitude is not None and -13 < lima.latitude < -11
    assert peru.latitude is not None
