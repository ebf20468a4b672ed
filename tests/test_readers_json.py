"""Reading JSON and JSON Lines exports: news-API shapes, field names, and hostile JSON."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers import Document, read_document, read_inputs
from briefing.readers.common import MAX_TITLE_CHARS
from briefing.readers.document import Part, Pointer
from briefing.readers.json import read_json

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
JSON = DATA / "json"
NEWSAPI = JSON / "newsapi-export.json"
GUARDIAN = JSON / "guardian-search.json"
WIRE = JSON / "wire-export.jsonl"
WRONG_TYPES = JSON / "wrong-typed-fields.json"
FEED = DATA / "feeds" / "regional-wire.rss"
KARABAKH_SEED = ROOT / "seeds" / "002_ea40ac9fa0fa6313.txt"

#: A body long enough to be an article, for documents built in the tests.
STORY = (
    "The harbour council met on Monday and agreed a budget for dredging the main channel, "
    "after two years of delays caused by a dispute over who should pay for the work.\n\n"
    "The dredging is due to start in the spring and to take eighteen months, the council said."
)


def read(path: Path) -> list[Part]:
    return read_json(Document(str(path), path.name, path.read_bytes(), path.stem))


def read_value(value: object, name: str = "export.json") -> list[Part]:
    return read_text(json.dumps(value), name)


def read_text(text: str, name: str = "export.json") -> list[Part]:
    return read_json(Document(name, name, text.encode(), "export"))


def articles_in(parts: Sequence[Part]) -> list[Article]:
    return [part for part in parts if isinstance(part, Article)]


def skipped_in(parts: list[Part]) -> list[Skipped]:
    return [part for part in parts if isinstance(part, Skipped)]


def test_newsapi_export_articles_are_read_with_source_author_date_and_url() -> None:
    desalination, strike = articles_in(read(NEWSAPI))
    assert desalination.id == "newsapi-export-1"
    assert desalination.title == (
        "Lindvik council approves desalination plant to end summer shortages"
    )
    assert desalination.source == "Harbour Gazette"  # {"id": null, "name": ...}
    assert desalination.author == "Priya Nair"
    assert desalination.published == date(2023, 9, 20)
    assert desalination.url == (
        "https://harbourgazette.example/news/2023/09/20/lindvik-desalination-plant"
    )
    assert len(desalination.paragraphs) == 4  # "\r\n\r\n" between paragraphs
    assert strike.author == "Colm Reilly"  # "By Colm Reilly"


def test_newsapi_text_cut_short_is_reported_not_read_as_an_article() -> None:
    parts = read(NEWSAPI)
    assert skipped_in(parts) == []
    [cut] = [part for part in parts if isinstance(part, Pointer)]  # the page has the text
    assert cut.path == f"{NEWSAPI} item 3"
    assert cut.reason == (
        "only the start of the text: the export left out the other 2,714 characters "
        "(https://stenbypost.example/local/stenby-bridge-repairs)"
    )
    assert cut.link == "https://stenbypost.example/local/stenby-bridge-repairs"


def test_timestamp_with_an_offset_is_dated_by_its_utc_day() -> None:
    strike = articles_in(read(NEWSAPI))[1]  # 2023-09-19T22:40:00-04:00
    assert strike.published == date(2023, 9, 20)


def test_guardian_style_results_with_fields_are_read() -> None:
    floods, quotas = read(GUARDIAN)
    assert isinstance(floods, Article) and isinstance(quotas, Article)
    assert floods.id == "guardian-search-1"
    assert floods.title == "Army deployed as Varda river bursts its banks"
    assert floods.source == "The North Post"  # fields.publication
    assert floods.author == "Nadia Petrova in Sarnen"  # fields.byline
    assert floods.published == date(2023, 9, 20)  # webPublicationDate
    assert floods.url is not None and floods.url.startswith("https://www.northpost.example/")
    assert floods.text.startswith("Soldiers were sent to the Varda valley on Wednesday")


def test_html_body_becomes_paragraphs_of_text() -> None:
    quotas = articles_in(read(GUARDIAN))[1]
    assert len(quotas.paragraphs) == 4  # fields.body, not the one-paragraph bodyText
    assert "<p>" not in quotas.text
    assert "“Nobody leaves this room happy" in quotas.paragraphs[2]


def test_json_lines_become_articles_numbered_by_line() -> None:
    articles = articles_in(read(WIRE))
    assert [article.id for article in articles] == [f"wire-export-{n}" for n in range(1, 5)]
    karabakh = articles[0]
    assert karabakh.source == "Caucasus Monitor"  # "outlet"
    assert karabakh.author == "Ruben Aslanyan and Leyla Mammadova"
    assert karabakh.published == date(2023, 9, 20)
    assert articles[3].author == "Oskar Wiik, Hanna Berg"  # a list of a string and an object


def test_jsonl_and_feed_report_the_seed_event_each_in_its_own_words() -> None:
    karabakh = articles_in(read(WIRE))[0]
    [entry] = [a for a in read_inputs([FEED])[0] if a.id == "regional-wire-1"]
    seed = KARABAKH_SEED.read_text(encoding="utf-8")
    for article in (karabakh, entry):
        assert "Nagorno-Karabakh" in article.text and "Guterres" in article.text
        assert not any(paragraph in seed for paragraph in article.paragraphs)
    assert not set(karabakh.paragraphs) & set(entry.paragraphs)
    assert (entry.published, karabakh.published) == (date(2023, 9, 19), date(2023, 9, 20))
    assert "Maria Zakharova said" in entry.text
    assert "Kremlin spokesman Dmitry Peskov told journalists" in karabakh.text


def test_jsonl_syndicated_copy_has_the_feed_entry_text_under_another_headline() -> None:
    copy = articles_in(read(WIRE))[1]
    [entry] = [a for a in read_inputs([FEED])[0] if a.id == "regional-wire-3"]
    assert copy.paragraphs == entry.paragraphs  # the dateline is read off the copy
    assert copy.place == "Kessel"
    assert (copy.title, copy.source) != (entry.title, entry.source)
    assert copy.source == "Coastline Daily"


def test_items_with_wrong_typed_fields_are_skipped_one_by_one_with_reasons() -> None:
    parts = read(WRONG_TYPES)
    assert [article.id for article in articles_in(parts)] == [
        "wrong-typed-fields-1",
        "wrong-typed-fields-7",
        "wrong-typed-fields-8",
    ]
    [pointer] = [part for part in parts if isinstance(part, Pointer)]  # its link may have text
    assert pointer.path == f"{WRONG_TYPES} item 4"
    assert pointer.reason == (
        "no article text: no 'body', 'text' or 'content' field with text in it "
        "(its fields: 'title', 'url')"
    )
    reasons = {item.path.removeprefix(f"{WRONG_TYPES} "): item.error for item in skipped_in(parts)}
    assert reasons == {
        "item 2": "the title is a list, not text",
        "item 3": "the body is a number, not text",
        "item 5": "not an article: a string where an object should be",
        "item 6": "not an article: null where an object should be",
        "item 9": "the body is true (a boolean), not text",
    }


def test_fields_of_the_wrong_type_are_left_out_not_the_article() -> None:
    library = articles_in(read(WRONG_TYPES))[1]
    assert library.title == "Library reopens after two-year renovation"  # headline.main
    assert library.paragraphs[0].startswith("The city library reopened")  # content.rendered
    assert "“People told us" in library.text  # &ldquo; in the HTML
    assert library.url is None  # 7
    assert library.source is None  # {"name": [...]}
    assert library.published is None  # "sometime last week"
    assert library.author == "Ruth Aalto, Per Lind"  # 3 and null left out


def test_body_as_a_list_of_paragraphs_and_an_epoch_timestamp_are_read() -> None:
    tram = articles_in(read(WRONG_TYPES))[2]
    assert len(tram.paragraphs) == 4
    assert tram.published == date(2023, 9, 20)  # 1695196800
    assert tram.source == "City Transport News"  # "publisher"


def test_single_object_is_one_article_with_the_document_id() -> None:
    [article] = read_value({"title": "Dredging budget agreed", "text": STORY})
    assert isinstance(article, Article)
    assert article.id == "export"


def test_list_of_one_object_is_one_article_with_the_document_id() -> None:
    [article] = read_value([{"title": "Dredging budget agreed", "text": STORY}])
    assert isinstance(article, Article) and article.id == "export"


def test_single_object_that_is_not_an_article_is_refused_with_the_reason() -> None:
    with pytest.raises(ArticleError, match=r"^the body is a number, not text$"):
        read_value({"title": "Dredging budget agreed", "body": 12})


def test_field_names_are_matched_whatever_their_case_and_separators() -> None:
    [article] = read_value(
        {
            "HeadLine": "Dredging budget agreed",
            "Article-Body": STORY,
            "Published_At": "2023-09-19T08:00:00Z",
            "WEB_URL": "https://harbour.example/dredging",
            "Site_Name": "Harbour News",
            "ByLine": {"original": "By Ana Ruiz"},
        }
    )
    assert isinstance(article, Article)
    assert article.title == "Dredging budget agreed"
    assert article.published == date(2023, 9, 19)
    assert article.url == "https://harbour.example/dredging"
    assert (article.source, article.author) == ("Harbour News", "Ana Ruiz")


def test_nested_response_docs_with_a_headline_object_and_a_long_lead_paragraph() -> None:
    document = {
        "status": "OK",
        "response": {
            "docs": [
                {
                    "headline": {"main": "Dredging budget agreed", "print_headline": "Deeper"},
                    "lead_paragraph": STORY,
                    "abstract": "The council agreed a budget.",
                    "web_url": "https://harbour.example/dredging",
                    "pub_date": "2023-09-19T10:23:00+0000",
                    "source": "The Harbour Times",
                }
            ],
            "meta": {"hits": 1},
        },
    }
    [article] = read_value(document)
    assert isinstance(article, Article)
    assert article.title == "Dredging budget agreed"
    assert article.text.startswith("The harbour council met on Monday")
    assert article.published == date(2023, 9, 19)


def test_description_is_the_body_only_when_there_is_no_other() -> None:
    [article] = read_value(
        {"title": "Dredging budget agreed", "description": "A teaser.", "content": STORY}
    )
    assert isinstance(article, Article) and "A teaser." not in article.text
    [teaser_only] = read_value([{"title": "Dredging", "description": STORY}])
    assert isinstance(teaser_only, Article) and teaser_only.text.startswith("The harbour")


def test_json_feed_items_are_read_not_the_feed_itself() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Harbour News",
        "description": "News from the harbour",
        "items": [
            {
                "id": "1",
                "title": "Dredging budget agreed",
                "content_html": "<p>" + STORY.replace("\n\n", "</p><p>") + "</p>",
                "date_published": "2023-09-19T08:00:00+02:00",
                "url": "https://harbour.example/dredging",
                "authors": [{"name": "Ana Ruiz"}],
            },
            {"id": "2", "title": "Ferry times", "content_text": STORY.upper()},
        ],
    }
    first, second = read_value(document, "feed.json")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.author, len(first.paragraphs)) == ("export-1", "Ana Ruiz", 2)
    assert first.source == "harbour.example"  # no source field: the URL's host


def test_wordpress_rendered_title_has_its_entities_decoded() -> None:
    [article] = read_value(
        [{"title": {"rendered": "Council&#8217;s budget agreed"}, "content": {"rendered": STORY}}]
    )
    assert isinstance(article, Article) and article.title == "Council’s budget agreed"


def test_elasticsearch_hits_with_their_source_are_read() -> None:
    document = {
        "took": 3,
        "hits": {
            "total": {"value": 1},
            "hits": [{"_id": "a1", "_source": {"title": "Dredging budget agreed", "body": STORY}}],
        },
    }
    [article] = read_value(document)
    assert isinstance(article, Article) and article.title == "Dredging budget agreed"


def test_jsonl_line_that_is_not_json_is_skipped_and_the_rest_read() -> None:
    good = json.dumps({"title": "Dredging budget agreed", "body": STORY})
    text = f'{good}\n{{"title": "Cut off", "body": "The export\n\n{good}\n'
    parts = read_text(text, "export.jsonl")
    assert [part.id for part in articles_in(parts)] == ["export-1", "export-4"]
    assert skipped_in(parts) == [
        Skipped("export.jsonl line 2", "not valid JSON: Unterminated string starting at column 30")
    ]


def test_json_lines_in_a_json_file_are_read_line_by_line() -> None:
    line = json.dumps({"title": "Dredging budget agreed", "body": STORY})
    parts = read_text(f"{line}\n{line}\n", "export.json")
    assert [part.id for part in parts if isinstance(part, Article)] == ["export-1", "export-2"]


def test_invalid_json_is_refused_with_line_and_column() -> None:
    text = '[\n  {"title": "Dredging budget agreed", "body": "The council met"\n  }\n'
    with pytest.raises(ArticleError, match=r"^not valid JSON: .* at line 4 column 1$"):
        read_text(text)


def test_truncated_single_line_jsonl_is_invalid_json() -> None:
    with pytest.raises(ArticleError, match=r"^not valid JSON: Unterminated string"):
        read_text('{"title": "Cut off", "body": "The export stopped', "export.jsonl")


@pytest.mark.parametrize("kind", ["list", "object"])
def test_json_nested_ten_thousand_deep_is_refused_with_a_reason(kind: str) -> None:
    depth = 10_000
    text = "[" * depth + "]" * depth if kind == "list" else '{"a":' * depth + "1" + "}" * depth
    with pytest.raises(ArticleError, match="nested too deeply"):
        read_text(text)


def test_jsonl_line_nested_too_deeply_is_skipped_and_the_rest_read() -> None:
    good = json.dumps({"title": "Dredging budget agreed", "body": STORY})
    parts = read_text(f"{good}\n{'[' * 10_000}{']' * 10_000}\n", "export.jsonl")
    assert [part.id for part in articles_in(parts)] == ["export-1"]
    [skipped] = skipped_in(parts)
    assert skipped.path == "export.jsonl line 2" and "nested too deeply" in skipped.error


def test_json_nested_too_deeply_is_skipped_by_read_inputs(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 10_000 + "]" * 10_000)
    articles, [skipped] = read_inputs([tmp_path])
    assert articles == [] and "nested too deeply" in skipped.error


def test_number_of_thousands_of_digits_is_invalid_json_not_a_crash() -> None:
    with pytest.raises(ArticleError, match=r"^not valid JSON: Exceeds the limit"):
        read_text('{"title": "Big", "body": ' + "1" * 5000 + "}")


def test_megabyte_title_is_skipped_with_its_length() -> None:
    parts = read_value(
        [
            {"title": "Harbour " * 131_072, "body": STORY},
            {"title": "Dredging budget agreed", "body": STORY},
        ]
    )
    [skipped] = skipped_in(parts)
    assert skipped.path == "export.json item 1"
    assert skipped.error == (
        f"the title is 1,048,575 characters long; a headline has at most {MAX_TITLE_CHARS:,}"
    )
    assert [article.id for article in articles_in(parts)] == ["export-2"]


def test_oversized_and_odd_metadata_are_left_out() -> None:
    [article] = read_value(
        {
            "title": "Dredging budget agreed",
            "body": STORY,
            "source": "x" * 100_000,
            "author": ["y" * 100_000],
            "url": "https://harbour.example/" + "z" * 10_000,
            "published": float("nan"),
            "timestamp": 10**30,
        }
    )
    assert isinstance(article, Article)
    assert (article.source, article.author, article.url, article.published) == (
        None,
        None,
        None,
        None,
    )


def test_file_with_no_usable_item_is_refused_with_the_reasons() -> None:
    with pytest.raises(ArticleError) as raised:
        read_value([{"title": "A"}, "text", {"title": "B", "body": 3}, None])
    assert str(raised.value) == (
        "no usable article in its 4 items (item 1: no article text: no 'body', 'text' or "
        "'content' field with text in it (its fields: 'title'); item 2: not an article: a string "
        "where an object should be; item 3: the body is a number, not text; ...)"
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([], "no articles in it: the list of articles is empty"),
        ({"status": "ok", "totalResults": 0, "articles": []}, "the list of articles is empty"),
        ("just a string", "no articles in it: the JSON holds a string"),
        (42, "no articles in it: the JSON holds a number"),
        (
            {"status": "error", "code": "apiKeyInvalid", "message": "Your API key is invalid."},
            "an error response from a news API, not articles: Your API key is invalid.",
        ),
        ({"version": 2, "count": 0}, "no articles found in the JSON: expected an article"),
    ],
    ids=["empty-list", "empty-articles", "string", "number", "api-error", "no-articles"],
)
def test_json_without_articles_is_refused_with_the_reason(value: object, reason: str) -> None:
    with pytest.raises(ArticleError) as raised:
        read_value(value)
    assert reason in str(raised.value)


def test_gzipped_json_is_read(tmp_path: Path) -> None:
    (tmp_path / "news.json.gz").write_bytes(gzip.compress(NEWSAPI.read_bytes()))
    articles, [cut] = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["news-1", "news-2"]
    assert cut.path == f"{tmp_path / 'news.json.gz'} item 3"


def test_json_saved_as_txt_is_still_read_as_json(tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_bytes(GUARDIAN.read_bytes())
    articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["export-1", "export-2"] and skipped == []


def test_utf16_json_with_a_bom_is_read() -> None:
    data = json.dumps({"title": "Dredging budget agreed", "body": STORY}).encode("utf-16")
    [article] = read_document(Document("export.json", "export.json", data, "export"))
    assert isinstance(article, Article) and article.title == "Dredging budget agreed"


def test_feed_json_and_text_reports_of_one_event_are_all_read_from_one_folder(
    tmp_path: Path,
) -> None:
    for path in (FEED, WIRE, KARABAKH_SEED):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    articles, skipped = read_inputs([tmp_path])
    karabakh = sorted(article.id for article in articles if "Karabakh" in article.text)
    assert karabakh == ["002_ea40ac9fa0fa6313", "regional-wire-1", "wire-export-1"]
    assert len(articles) == 1 + 3 + 4
    assert len(skipped) == 2  # the feed's two link-only entries


def test_a_publication_line_opening_an_undated_item_gives_its_date() -> None:
    (article,) = articles_in(
        read_value(
            [{"title": "Harbour budget agreed", "text": "Posted on 3 March 2024\n\n" + STORY}]
        )
    )
    assert (article.published, article.date_confidence) == (date(2024, 3, 3), "high")
    assert article.paragraphs[0].startswith("The harbour council met on Monday")
