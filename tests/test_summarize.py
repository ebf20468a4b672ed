"""Summaries: verbatim, traced to their articles, without chrome or repeated wire copy."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.models import Article, Sentence
from briefing.summarize import SUMMARIZERS, summarize_incident
from briefing.text import iter_sentences, split_paragraphs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

WIRE = (
    "Rescue teams pulled twelve survivors from the collapsed apartment block overnight, "
    "the regional emergency service said on Sunday."
)


def _article(article_id: str, title: str, *paragraphs: str) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", title=title, paragraphs=paragraphs)


@pytest.fixture
def quake_articles() -> list[Article]:
    first = _article(
        "first",
        "Earthquake strikes northern province",
        "A magnitude 6.8 earthquake struck the northern province early on Saturday, "
        "flattening villages and cutting power to thousands of homes. " + WIRE,
        "Officials said at least forty people had died and hundreds more were injured "
        "across the mountainous region.",
        "Read more: How earthquakes are measured and what the numbers mean.",
        "The government declared three days of national mourning and sent army units to "
        "help clear the roads into the worst hit valleys.",
    )
    second = _article(
        "second",
        "Survivors found in rubble after quake",
        "FOLLOW OUR LIVE COVERAGE",
        WIRE + " Aid agencies warned that cold weather threatened those left homeless.",
        "Hospitals in the provincial capital were overwhelmed, doctors told reporters, and "
        "patients were being treated in car parks outside the main buildings.",
        "Photo: Rescuers search through the debris of a house in the mountains.",
        "Follow us on social media for the latest updates on this developing story.",
        "Survivors found in rubble after quake.",
    )
    return [first, second]


def _paragraph_of(articles: list[Article], sentence: Sentence) -> str:
    article = next(a for a in articles if a.id == sentence.article_id)
    return article.paragraphs[sentence.paragraph]


def test_wire_sentence_repeated_by_two_articles_appears_once(
    quake_articles: list[Article],
) -> None:
    summary = summarize_incident(quake_articles, sentences=20, summarizer="lexrank")
    texts = [sentence.text for sentence in summary]
    assert texts.count(WIRE) == 1
    assert next(s for s in summary if s.text == WIRE).article_id == "first"


def test_near_duplicate_with_a_changed_word_keeps_the_first_article() -> None:
    reworded = WIRE.replace("twelve", "eleven").replace("Sunday", "Monday")
    first = _article("a", "", WIRE)
    second = _article("b", "", reworded)
    summary = summarize_incident([first, second], sentences=5, summarizer="lexrank")
    assert [(s.text, s.article_id) for s in summary] == [(WIRE, "a")]


def test_different_sentences_sharing_a_topic_are_both_kept() -> None:
    other = (
        "Rescue teams said the search for survivors would continue through the night "
        "despite heavy rain and repeated aftershocks."
    )
    summary = summarize_incident(
        [_article("a", "", WIRE), _article("b", "", other)], sentences=5, summarizer="lexrank"
    )
    assert [s.text for s in summary] == [WIRE, other]


def test_boilerplate_lines_are_never_summary_sentences(quake_articles: list[Article]) -> None:
    summary = summarize_incident(quake_articles, sentences=20, summarizer="lexrank")
    texts = " ".join(sentence.text for sentence in summary)
    for chrome in ("Read more", "FOLLOW OUR", "Photo:", "Follow us", "Survivors found in rubble"):
        assert chrome not in texts
    assert len(summary) == 6  # every reporting sentence, each once


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Ten things to know about the new cabinet and its ministers.",
        "Also read: Floods force thousands from their homes in the delta region.",
        "Follow us on Twitter and Facebook for all the latest breaking news today.",
        "Subscribe to our newsletter to get the morning briefing in your inbox.",
        "Full statement available at https://example.org/statement for all readers.",
        "Watch the video here: www.example.com/videos/latest-news-bulletin tonight.",
        "Thousands rally in the capital against the new law #protest #democracy today.",
        "— Example Newsroom (@ExampleNews) March 3, 2024 at the press conference.",
        "Photo by Jane Doe for the agency, taken during the march on Saturday.",
        "Copyright 2024 Example Media Group, all rights reserved by the publishers.",
        "ELECTION RESULTS FROM EVERY DISTRICT IN THE COUNTRY TONIGHT.",
        "Prime Minister Meets Opposition Leaders In Capital For Crisis Talks",
        "The minister said the talks would resume on Monday",  # a headline-like line, no stop
        "Too short to say much.",
        "”, the deputy foreign minister of the republic added in his statement.",
        "” said the deputy foreign minister of the republic in his long statement.",
        "The committee met. " * 0 + " ".join(["word"] * 90) + ".",
    ],
)
def test_chrome_and_non_prose_lines_are_dropped(line: str) -> None:
    kept = "The parliament approved the emergency budget after a long night of debate."
    summary = summarize_incident([_article("a", "", line, kept)], sentences=5, summarizer="lexrank")
    assert [s.text for s in summary] == [kept]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright lawsuits against the streaming platform were dismissed by the court.",
        "Like us, the neighbouring states have declared a state of emergency, he said.",
        "Sponsored by the regional bank, the programme rebuilt forty schools last year.",
        "Sources said the ceasefire talks would resume in the capital next week.",
        "Recommended evacuation routes were closed after the bridge collapsed on Friday.",
        "Follow-up inspections found cracks in three more dams along the river.",
        "Photographs of the damage were shared widely by residents of the town.",
    ],
)
def test_news_sentences_that_start_like_chrome_are_kept(line: str) -> None:
    summary = summarize_incident([_article("a", "", line)], sentences=5, summarizer="lexrank")
    assert [s.text for s in summary] == [line]


def test_every_summary_sentence_is_verbatim_with_its_ids(quake_articles: list[Article]) -> None:
    summary = summarize_incident(quake_articles, sentences=20, summarizer="lexrank")
    assert summary
    for sentence in summary:
        assert sentence.text in _paragraph_of(quake_articles, sentence)
    assert ("second", 1, 2) in {(s.article_id, s.paragraph, s.position) for s in summary}


def test_position_counts_every_sentence_of_the_article_including_dropped_ones(
    quake_articles: list[Article],
) -> None:
    summary = summarize_incident(quake_articles, sentences=20, summarizer="lexrank")
    hospitals = next(s for s in summary if s.text.startswith("Hospitals"))
    # "FOLLOW OUR LIVE COVERAGE" and the two sentences of paragraph 1 come before it.
    assert (hospitals.article_id, hospitals.paragraph, hospitals.position) == ("second", 2, 3)


def test_output_follows_article_order_then_position(quake_articles: list[Article]) -> None:
    summary = summarize_incident(quake_articles, sentences=20, summarizer="lexrank")
    order = {"first": 0, "second": 1}
    keys = [(order[s.article_id], s.position) for s in summary]
    assert keys == sorted(keys)
    reversed_summary = summarize_incident(
        list(reversed(quake_articles)), sentences=20, summarizer="lexrank"
    )
    assert reversed_summary[0].article_id == "second"
    # Given the other way round, the wire sentence is credited to the article now first.
    assert next(s for s in reversed_summary if s.text == WIRE).article_id == "second"


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_each_summarizer_returns_the_requested_number_of_verbatim_sentences(
    name: str, quake_articles: list[Article]
) -> None:
    summary = summarize_incident(quake_articles, sentences=3, summarizer=name)
    assert len(summary) == 3
    assert len({s.text for s in summary}) == 3
    for sentence in summary:
        assert sentence.text in _paragraph_of(quake_articles, sentence)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_fewer_sentences_than_asked_when_the_incident_has_fewer(name: str) -> None:
    only = _article("a", "Quake", WIRE)
    summary = summarize_incident([only], sentences=5, summarizer=name)
    assert summary == (Sentence(WIRE, "a", 0, 0),)


def test_articles_with_nothing_usable_give_an_empty_summary() -> None:
    chrome = _article("a", "Title", "Read more:", "Share this", "A+ A-")
    assert summarize_incident([chrome], sentences=5, summarizer="lexrank") == ()
    assert summarize_incident([], sentences=5, summarizer="lexrank") == ()


def test_unknown_summarizer_is_a_value_error(quake_articles: list[Article]) -> None:
    with pytest.raises(ValueError, match="unknown summarizer 'gpt'"):
        summarize_incident(quake_articles, sentences=3, summarizer="gpt")


def test_summary_is_deterministic(quake_articles: list[Article]) -> None:
    runs = {
        summarize_incident(quake_articles, sentences=4, summarizer=name)
        for name in ("lexrank",)
        for _ in range(3)
    }
    assert len(runs) == 1


def test_a_language_without_stemmer_or_stop_words_still_summarizes(
    quake_articles: list[Article],
) -> None:
    summary = summarize_incident(
        quake_articles, sentences=2, summarizer="edmundson", language="klingon"
    )
    assert len(summary) == 2


# --- the seeds -------------------------------------------------------------------------


def _seed(stem_prefix: str) -> Article:
    """A seed read with a plain paragraph split: chrome stays in, as a reader might miss it."""
    path = next(SEEDS.glob(f"{stem_prefix}_*.txt"))
    paragraphs = tuple(split_paragraphs(path.read_text(encoding="utf-8")))
    title = paragraphs[0].splitlines()[0]
    return Article(id=path.stem, path=str(path), title=title, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def offensive_articles() -> list[Article]:
    # The two reports of the September 2023 offensive, in date order.
    return [_seed("002"), _seed("000")]


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_seed_summary_is_verbatim_and_free_of_page_chrome(
    name: str, offensive_articles: list[Article]
) -> None:
    summary = summarize_incident(offensive_articles, sentences=5, summarizer=name)
    assert len(summary) == 5
    for sentence in summary:
        assert sentence.text in _paragraph_of(offensive_articles, sentence)
        assert "pic.twitter.com" not in sentence.text
        assert "Read more" not in sentence.text
        assert "@" not in sentence.text
        assert not sentence.text.startswith("—")
    order = {article.id: index for index, article in enumerate(offensive_articles)}
    keys = [(order[s.article_id], s.position) for s in summary]
    assert keys == sorted(keys)


def test_seed_headlines_and_section_heads_are_not_summarized() -> None:
    articles = [_seed(prefix) for prefix in ("000", "001", "002", "003", "004")]
    summary = summarize_incident(articles, sentences=200, summarizer="lexrank")
    texts = {sentence.text for sentence in summary}
    for chrome in (
        "Major powers call for restraint in Karabakh",
        "Russia's plea for peace",
        "UN’s concerns and the way forward",
        "Show news feed",
        "A+ A-",
        "January 28",
    ):
        assert chrome not in texts
    # The seed 003 subtitle repeats a body sentence: the body sentence is kept once.
    minsk = [t for t in texts if t.startswith("Guterres has expressed support for the work")]
    assert len(minsk) == 1 and minsk[0].endswith(".")


def test_a_sentence_repeating_only_a_dropped_duplicate_is_kept() -> None:
    # a ~ b and b ~ c, but a and c are further apart: b goes (it repeats a), and c stays,
    # since the only sentence it repeats was not kept.
    a = "Rescuers pulled twelve survivors from rubble near Mokra port at dawn yesterday."
    b = "Rescuers pulled twelve survivors from rubble near Mokra port at dawn today."
    c = "Rescuers pulled twelve survivors from rubble near Mokra harbour at noon today."
    summary = summarize_incident(
        [_article("x", "", a), _article("y", "", b), _article("z", "", c)],
        sentences=5,
        summarizer="lexrank",
    )
    assert [s.text for s in summary] == [a, c]


# --- big incidents: a bounded pool of candidates ------------------------------------------


def _big_incident(articles: int, seed: int = 1) -> list[Article]:
    """Articles of one story: made-up words around a few shared ones, a wire sentence carried
    by every third article, paragraphs of one to three sentences."""
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(400)
    ]
    story = ["flood", "river", "levee", "villages", "rescuers", "water", "rain", "valley"]

    def sentence() -> str:
        words = rng.choices(vocabulary, k=rng.randint(9, 20)) + rng.sample(story, 3)
        rng.shuffle(words)
        return " ".join(words).capitalize() + "."

    made = []
    for number in range(articles):
        paragraphs = [
            " ".join(sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(4, 9))
        ]
        if number % 3 == 0:
            paragraphs.insert(1, WIRE)
        made.append(_article(f"story-{number:03d}", f"Flood report {number}", *paragraphs))
    return made


def test_incident_bigger_than_its_pool_gives_verbatim_sentences_at_their_positions() -> None:
    articles = _big_incident(60)
    assert sum(1 for a in articles for _ in iter_sentences(a.paragraphs)) > 400
    summary = summarize_incident(articles, sentences=6, summarizer="lexrank", pool_size=150)
    assert len(summary) == 6
    order = {article.id: index for index, article in enumerate(articles)}
    for sentence in summary:
        article = articles[order[sentence.article_id]]
        paragraph, text = list(iter_sentences(article.paragraphs))[sentence.position]
        assert (paragraph, text.strip()) == (sentence.paragraph, sentence.text)
    keys = [(order[s.article_id], s.position) for s in summary]
    assert keys == sorted(keys)
    assert [s.text for s in summary].count(WIRE) <= 1


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_each_summarizer_ranks_a_pool(name: str) -> None:
    articles = _big_incident(20)
    summary = summarize_incident(articles, sentences=3, summarizer=name, pool_size=60)
    assert len({s.text for s in summary}) == 3
    order = {article.id: article for article in articles}
    for sentence in summary:
        assert sentence.text in order[sentence.article_id].paragraphs[sentence.paragraph]


_POOLED_IN_A_FRESH_PROCESS = """
import json, sys
sys.path.insert(0, {tests!r})
from test_summarize import _big_incident
from briefing.summarize import summarize_incident
summary = summarize_incident(_big_incident(40), sentences=5, summarizer="lexrank", pool_size=120)
print(json.dumps([[s.text, s.article_id, s.paragraph, s.position] for s in summary]))
"""


def test_pooled_summary_is_the_same_whatever_the_hash_seed() -> None:
    code = _POOLED_IN_A_FRESH_PROCESS.format(tests=str(Path(__file__).resolve().parent))
    runs = set()
    for seed in ("1", "2"):
        completed = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        runs.add(completed.stdout)
    assert len(runs) == 1
    here = summarize_incident(_big_incident(40), sentences=5, summarizer="lexrank", pool_size=120)
    assert json.loads(runs.pop()) == [[s.text, s.article_id, s.paragraph, s.position] for s in here]


# Issue 14: one text of thousands of short paragraphs whose sentences differ only by a number
# took 82 s and 3.7 GB at 250 KB (every near-duplicate pair kept at once); at 10 MB the process
# was killed for memory. Run in a fresh process whose address space is capped, so that a
# quadratic blow-up fails the test (MemoryError) instead of taking the machine's memory.
_SIMILAR_PARAGRAPHS = """
import json, resource, tracemalloc
limit = 2 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from briefing.models import Article
from briefing.summarize import summarize_incident
paragraphs = tuple(
    f"The gauge at the river station read {number} centimetres at noon on the day."
    for number in range(25_000)
)
article = Article(id="gauge", path="gauge.txt", title="Readings", paragraphs=paragraphs)
tracemalloc.start()
summary = summarize_incident([article], sentences=5, summarizer="lexrank")
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"peak": peak, "size": sum(map(len, paragraphs)), "summary": len(summary)}))
"""


def test_thousands_of_near_identical_paragraphs_cost_memory_linear_in_the_text() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _SIMILAR_PARAGRAPHS],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(completed.stdout)
    assert result["size"] > 1_500_000
    assert result["summary"] == 1  # one sentence, every other one repeats it
    # About 15x the text today (the rough sentences, their tokens and signatures); quadratic
    # would be gigabytes.
    assert result["peak"] < 40 * result["size"]
