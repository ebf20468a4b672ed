"""Reading RSS, RDF and Atom feeds with feedparser: full-text entries, link-only entries,
broken feeds, and feeds that try to make the reader fetch or open something."""

from __future__ import annotations

import gzip
import http.server
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from web_server import loopback

from briefing.errors import ArticleError
from briefing.models import Article, Skipped
from briefing.readers import Document, read_document, read_inputs
from briefing.readers.common import MAX_TITLE_CHARS
from briefing.readers.document import Part, Pointer
from briefing.readers.feed import read_feed

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
RSS = FEEDS / "regional-wire.rss"
ATOM = FEEDS / "northern-desk.atom"
RDF = FEEDS / "coastal-science-rdf.xml"
SEED = FEEDS.parent.parent.parent / "seeds" / "001_a0eaa70c8f8bf943.txt"

#: An entry description long enough to be an article, for feeds built in the tests.
STORY = (
    "The harbour council met on Monday and agreed a budget for dredging the main channel, "
    "after two years of delays caused by a dispute over who should pay for the work. "
    "The dredging is due to start in the spring and to take eighteen months."
)


def read(path: Path, url: str | None = None) -> list[Part]:
    return read_feed(Document(str(path), path.name, path.read_bytes(), path.stem, url=url))


def articles_in(parts: list[Part]) -> list[Article]:
    return [part for part in parts if isinstance(part, Article)]


def feed_of(items: str, channel_title: str = "Harbour News") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{channel_title}</title><link>https://harbour.example/</link>{items}"
        "</channel></rss>"
    ).encode()


def item(title: str = "Dredging budget agreed", **elements: str) -> str:
    inner = "".join(f"<{name}>{value}</{name}>" for name, value in elements.items())
    return f"<item><title>{title}</title>{inner}</item>"


def read_bytes(data: bytes, name: str = "harbour.rss", url: str | None = None) -> list[Article]:
    parts = read_feed(Document(name, name, data, "harbour", url=url))
    return articles_in(parts)


def test_rss_entries_with_full_text_become_articles_numbered_in_feed_order() -> None:
    articles = articles_in(read(RSS))
    assert [article.id for article in articles] == [
        "regional-wire-1",
        "regional-wire-3",
        "regional-wire-5",
    ]
    karabakh = articles[0]
    assert karabakh.title == (
        "Azerbaijan opens offensive in Karabakh as UN chief and Moscow demand a halt"
    )
    assert karabakh.source == "Regional Wire – World"
    assert karabakh.author == "Lena Marsh"
    assert karabakh.published == date(2023, 9, 19)
    assert karabakh.date_confidence == "high"
    assert karabakh.url == (
        "https://regionalwire.example/world/2023/09/19/azerbaijan-karabakh-offensive"
    )
    assert karabakh.path == str(RSS)
    assert len(karabakh.paragraphs) == 5
    assert "“We urge the warring parties to immediately stop the bloodshed" in karabakh.text


def test_rss_entries_with_only_a_link_or_a_teaser_are_reported_with_their_link() -> None:
    parts = read(RSS)
    assert not [part for part in parts if isinstance(part, Skipped)]
    pointers = [part for part in parts if isinstance(part, Pointer)]
    assert pointers == [
        Pointer(
            f"{RSS} entry 2 ('Live: world leaders address the UN General Assembly')",
            "only a link or a teaser in the feed "
            "(https://regionalwire.example/world/live/2023/09/19/unga-day-one)",
            "https://regionalwire.example/world/live/2023/09/19/unga-day-one",
        ),
        Pointer(
            f"{RSS} entry 4 ('Photos: the week in pictures')",
            "only a link or a teaser in the feed "
            "(https://regionalwire.example/world/gallery/2023/09/20/week-in-pictures)",
            "https://regionalwire.example/world/gallery/2023/09/20/week-in-pictures",
        ),
    ]


def test_content_encoded_is_read_instead_of_the_teaser_and_scripts_are_dropped() -> None:
    karabakh, _, nurses = articles_in(read(RSS))
    assert nurses.paragraphs[0].startswith("Nurses at the three public hospitals in Tarrow")
    assert "Nurses walked out at dawn." not in nurses.text
    assert len(nurses.paragraphs) == 4
    assert "trackArticleView" not in karabakh.text
    assert "Baku calls the assault" not in karabakh.text  # the description, a teaser


def test_entry_source_element_names_the_outlet_before_the_feed_title() -> None:
    nurses = articles_in(read(RSS))[2]
    assert nurses.source == "Tarrow Herald"
    assert nurses.author == "Amira Haddad"


def test_rss_author_is_the_name_without_the_email_address() -> None:
    ferries = articles_in(read(RSS))[1]
    assert ferries.author == "Tom Avery"


def test_rss_date_with_an_offset_is_dated_by_its_utc_day() -> None:
    nurses = articles_in(read(RSS))[2]  # Wed, 20 Sep 2023 11:00:00 +0100
    assert nurses.published == date(2023, 9, 20)
    assert nurses.date_basis == "page metadata"


def test_atom_html_and_xhtml_content_become_paragraphs() -> None:
    lindvik, marrow = articles_in(read(ATOM))
    assert lindvik.paragraphs[0].startswith("The city of Lindvik will ration tap water")
    assert len(lindvik.paragraphs) == 4
    assert marrow.paragraphs[0].startswith("The administrative court in Halsberg")
    assert len(marrow.paragraphs) == 4
    assert "<p>" not in lindvik.text + marrow.text
    assert (lindvik.source, lindvik.author) == ("Northern Desk", "Johan Berge")


def test_atom_html_title_loses_its_markup() -> None:
    marrow = articles_in(read(ATOM))[1]
    assert marrow.title == "Court orders recount in Marrow district council vote"


def test_atom_timestamp_after_midnight_east_of_utc_is_dated_the_day_before() -> None:
    lindvik = articles_in(read(ATOM))[0]  # published 2023-09-20T01:30:00+03:00
    assert lindvik.published == date(2023, 9, 19)


def test_atom_entry_with_only_a_summary_is_reported_with_its_link() -> None:
    [pointer] = [part for part in read(ATOM) if isinstance(part, Pointer)]
    assert pointer.path == f"{ATOM} entry 3 ('Ferry timetable changes for the winter season')"
    assert "(https://northerndesk.example/2023/09/18/winter-ferry-timetable)" in pointer.reason
    assert pointer.link == "https://northerndesk.example/2023/09/18/winter-ferry-timetable"


def test_rdf_descriptions_long_enough_to_be_articles_are_read() -> None:
    seabirds, glacier = read(RDF)
    assert isinstance(seabirds, Article) and isinstance(glacier, Article)
    assert seabirds.id == "coastal-science-rdf-1"
    assert seabirds.source == "Coastal Science Desk"
    assert seabirds.author == "Owen Pryce"
    assert seabirds.published == date(2023, 9, 18)  # dc:date
    assert seabirds.url == "https://coastalscience.example/2023/09/18/hale-island-seabirds"
    assert len(seabirds.paragraphs) == 4
    assert len(glacier.paragraphs) == 4  # plain text, paragraphs between blank lines
    assert glacier.published == date(2023, 9, 19)


def test_feed_saved_as_txt_is_still_read_as_a_feed(tmp_path: Path) -> None:
    (tmp_path / "wire.txt").write_bytes(RSS.read_bytes())
    articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["wire-1", "wire-3", "wire-5"]
    assert [item.path.split(" (")[0] for item in skipped] == [
        f"{tmp_path / 'wire.txt'} entry 2",
        f"{tmp_path / 'wire.txt'} entry 4",
    ]


def test_gzipped_feed_is_read(tmp_path: Path) -> None:
    (tmp_path / "northern.atom.gz").write_bytes(gzip.compress(ATOM.read_bytes()))
    articles, _ = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["northern-1", "northern-2"]


def test_folder_of_feeds_is_read_with_every_link_only_entry_reported() -> None:
    articles, skipped = read_inputs([FEEDS])
    assert len(articles) == 7
    assert len(skipped) == 3
    assert all(
        item.link and "only a link or a teaser in the feed" in item.error for item in skipped
    )


def test_text_that_is_not_xml_is_not_a_feed() -> None:
    data = b"this is not xml at all <<< & >>> just a saved error message from a proxy"
    with pytest.raises(ArticleError, match=r"^not a feed: syntax error \(expected an RSS"):
        read_feed(Document("error.xml", "error.xml", data, "error"))


def test_web_page_is_not_a_feed() -> None:
    page = b"<html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
    with pytest.raises(ArticleError, match=r"^not a feed: no RSS, Atom or RDF document in it$"):
        read_feed(Document("home.xml", "home.xml", page, "home"))


def test_feed_without_entries_is_refused() -> None:
    with pytest.raises(ArticleError, match=r"^the feed has no entries$"):
        read_bytes(feed_of(""))


def test_feed_whose_entries_are_all_links_is_one_skipped_input_with_the_reason(
    tmp_path: Path,
) -> None:
    links = item(link="https://harbour.example/a") + item(
        "Second", link="https://harbour.example/b"
    )
    parts = read_feed(Document("harbour.rss", "harbour.rss", feed_of(links), "harbour"))
    assert [part.link for part in parts if isinstance(part, Pointer)] == [
        "https://harbour.example/a",
        "https://harbour.example/b",
    ]
    path = tmp_path / "headlines.rss"
    path.write_bytes(feed_of(links))
    articles, skipped = read_inputs([path, SEED])
    assert len(articles) == 1
    assert skipped == [
        Skipped(
            str(path),
            "no article text in it: all 2 of its entries only link to their pages "
            "(--follow-links reads the pages)",
        )
    ]


def test_feed_whose_entries_have_neither_text_nor_link_is_refused() -> None:
    teasers = item(description="Read on.") + item("Second", description="More soon.")
    with pytest.raises(ArticleError, match="all 2 of its entries are without text or a link"):
        read_bytes(feed_of(teasers))


def test_slightly_malformed_feed_with_entries_is_still_read() -> None:
    data = feed_of(item("Budget & dredging agreed", description=STORY))  # a bare "&"
    [article] = read_bytes(data)
    assert article.title == "Budget & dredging agreed"
    assert article.source == "Harbour News"


def test_entry_without_a_link_or_text_is_reported_as_such() -> None:
    data = feed_of(item(description=STORY) + item("Teaser only", description="Read on."))
    parts = read_feed(Document("harbour.rss", "harbour.rss", data, "harbour"))
    assert parts[1] == Skipped(
        "harbour.rss entry 2 ('Teaser only')",
        "only a title or a teaser in the feed, and no link to the page",
    )


def test_entry_without_a_title_takes_one_from_its_text() -> None:
    data = feed_of(f"<item><description>{STORY}</description></item>")
    [article] = read_bytes(data)
    assert article.title.startswith("The harbour council met on Monday")


def test_entry_title_longer_than_a_headline_is_skipped_with_its_length() -> None:
    data = feed_of(item("Harbour " * 200_000, description=STORY) + item(description=STORY))
    parts = read_feed(Document("harbour.rss", "harbour.rss", data, "harbour"))
    assert isinstance(parts[0], Skipped)
    assert parts[0].path == "harbour.rss entry 1"
    assert f"a headline has at most {MAX_TITLE_CHARS:,}" in parts[0].error
    assert isinstance(parts[1], Article)


def test_only_http_links_are_kept_as_urls() -> None:
    data = feed_of(item(link="javascript:alert(1)", description=STORY))
    [article] = read_bytes(data)
    assert article.url is None


def test_relative_links_resolve_against_the_url_the_feed_was_fetched_from() -> None:
    data = feed_of(item(link="/news/dredging", description=STORY))
    [article] = read_bytes(data, url="https://harbour.example/feeds/news.rss")
    assert article.url == "https://harbour.example/news/dredging"


def test_feed_without_a_title_is_sourced_by_the_host_of_the_entry_link() -> None:
    data = feed_of(item(link="https://www.harbour.example/a", description=STORY), "")
    [article] = read_bytes(data)
    assert article.source == "harbour.example"


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records every request and answers with a feed."""
    requests: list[str] = []
    secret_feed = feed_of(item("Fetched from the server", description=STORY))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(secret_feed)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        yield base, requests


def test_document_holding_a_url_is_parsed_not_fetched(
    recording_server: tuple[str, list[str]],
) -> None:
    base, requests = recording_server
    data = f"{base}/feed.rss".encode()
    with pytest.raises(ArticleError, match=r"^not a feed"):
        read_feed(Document("link.xml", "link.xml", data, "link"))
    assert requests == []


def test_document_holding_a_file_path_is_parsed_not_opened(tmp_path: Path) -> None:
    other_feed = tmp_path / "other.rss"
    other_feed.write_bytes(feed_of(item("Read from another file", description=STORY)))
    data = str(other_feed).encode()  # feedparser opens a file named by bytes it is given
    with pytest.raises(ArticleError, match=r"^not a feed"):
        read_feed(Document("path.xml", "path.xml", data, "path"))


@pytest.mark.parametrize("one_line", [False, True], ids=["doctype-on-its-own-line", "one-line"])
def test_external_entities_are_never_loaded(
    tmp_path: Path, recording_server: tuple[str, list[str]], one_line: bool
) -> None:
    base, requests = recording_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    declarations = (
        f'<!ENTITY secret SYSTEM "file://{secret}">'
        f'<!ENTITY remote SYSTEM "{base}/entity">'
        f'<!ENTITY % dtd SYSTEM "{base}/dtd"> %dtd;'
    )
    separator = "" if one_line else "\n"
    data = (
        f'<?xml version="1.0"?>{separator}<!DOCTYPE rss [{separator}{declarations}]>\n'
        '<rss version="2.0"><channel><title>Harbour News</title>'
        f"<item><title>Dredging &secret; &remote;</title>"
        f"<description>{STORY} &secret; &remote;</description></item>"
        "</channel></rss>"
    ).encode()
    parts = read_feed(Document("xxe.rss", "xxe.rss", data, "xxe"))
    assert requests == []
    for part in parts:
        if isinstance(part, Article):
            text = part.title + part.text
        else:
            text = part.error if isinstance(part, Skipped) else part.reason
        assert "TOP-SECRET-TOKEN" not in text
        assert "Fetched from the server" not in text


def test_entity_expansion_bomb_is_not_expanded() -> None:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
        '<rss version="2.0"><channel><title>Harbour News</title>'
        f"<item><title>Bomb &lol9;</title><description>{STORY}</description></item>"
        "</channel></rss>"
    ).encode()
    started = time.monotonic()
    parts = read_feed(Document("bomb.rss", "bomb.rss", data, "bomb"))
    assert time.monotonic() - started < 10
    assert all(len(part.title if isinstance(part, Article) else part.path) < 1000 for part in parts)


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_feed_is_read_or_refused_never_crashes(depth: int) -> None:
    nested = "<x>" * depth + "</x>" * depth
    data = feed_of(f"<item><title>Deep</title><description>{STORY}</description>{nested}</item>")
    try:
        parts = read_feed(Document("deep.rss", "deep.rss", data, "deep"))
    except ArticleError as error:
        assert "too deeply" in str(error)
    else:
        assert [part.title for part in parts if isinstance(part, Article)] == ["Deep"]


def test_read_document_sends_feed_content_to_the_feed_reader_whatever_the_name() -> None:
    data = RDF.read_bytes()
    parts = read_document(Document("science", "science", data, "science"))
    assert [part.id for part in parts if isinstance(part, Article)] == ["science-1", "science-2"]
