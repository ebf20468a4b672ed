"""Reading saved web pages with trafilatura: text, metadata, dates, and hostile or broken HTML."""

from __future__ import annotations

import builtins
import shutil
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import ArticleError
from briefing.models import Article
from briefing.readers import Document, read_document, read_inputs
from briefing.readers.html import read_html

PAGES = Path(__file__).resolve().parent / "data" / "html"
KARABAKH = PAGES / "karabakh-un-ceasefire-call.html"
PORT_HALDEN = PAGES / "port-halden-grain-fire.html"
KYIV = PAGES / "kyiv-grid-power-cuts.html"
ASHBY = PAGES / "ashby-flood-barrier-cp1252.html"
HOSTILE = PAGES / "hostile-resources.html"
SECTION_FRONT = PAGES / "section-front-no-article.html"

#: Article text that is not in the page's metadata, for pages built in the tests.
BODY = "".join(
    f"<p>Engineers said on day {day} that the bridge over the river would stay closed while "
    "they inspect the supports damaged by the flood.</p>"
    for day in range(1, 5)
)


def read_page(path: Path, url: str | None = None) -> Article:
    [article] = read_html(Document(str(path), path.name, path.read_bytes(), path.stem, url=url))
    assert isinstance(article, Article)
    return article


def read_string(html: str, url: str | None = None) -> Article:
    [article] = read_html(Document("page.html", "page.html", html.encode(), "page", url=url))
    assert isinstance(article, Article)
    return article


def all_text(article: Article) -> str:
    fields = (article.title, article.source, article.author, article.url, *article.paragraphs)
    return "\n".join(field for field in fields if field)


def test_json_ld_news_article_gives_title_author_source_and_date() -> None:
    article = read_page(KARABAKH)
    assert article.title == "UN urges end to fighting as Azerbaijan launches Karabakh offensive"
    assert article.author == "Lena Hartmann"
    assert article.source == "The Meridian Post"
    assert article.published == date(2023, 9, 19)
    assert (article.date_confidence, article.date_basis) == ("high", "page metadata")
    assert article.paragraphs[0].startswith("Azerbaijan began a military operation")
    assert any("said Stephane Dujarric, spokesman" in p for p in article.paragraphs)


def test_menus_cookie_banner_related_links_and_footer_are_left_out() -> None:
    text = all_text(read_page(KARABAKH))
    for chrome in (
        "We use cookies",
        "Accept all",
        "Politics",
        "Related coverage",
        "Lachin corridor blockade means",
        "Morning Brief",
        "Share on",
        "Privacy policy",
        "All rights reserved",
        "Photo: Meridian Post",
    ):
        assert chrome not in text


def test_byline_and_time_stamp_above_the_text_are_not_paragraphs() -> None:
    article = read_page(KYIV, url="https://www.reuters.com/world/europe/power-cuts/")
    assert article.paragraphs[0].startswith("Ukraine's national grid operator ordered")
    assert not any("Updated" in paragraph for paragraph in article.paragraphs)
    assert not any(paragraph == article.title for paragraph in article.paragraphs)


def test_canonical_url_wins_over_og_url() -> None:
    article = read_page(KARABAKH, url="https://www.meridianpost.example/amp/karabakh?ref=feed")
    assert article.url == (
        "https://www.meridianpost.example/world/europe/azerbaijan-karabakh-offensive-un-calls-for-halt"
    )


def test_relative_canonical_url_is_resolved_against_the_page_url() -> None:
    article = read_page(KYIV, url="https://www.reuters.com/world/europe/power-cuts/?utm=x")
    assert article.url == (
        "https://www.reuters.com/world/europe/"
        "ukraine-orders-rolling-power-cuts-after-drone-strikes-2024-01-12/"
    )


def test_og_url_when_there_is_no_canonical_link() -> None:
    article = read_page(PORT_HALDEN, url="https://coastalherald.example/?p=8812")
    assert article.url == "https://coastalherald.example/news/port-halden-grain-terminal-fire"


def test_opengraph_only_page_gives_site_name_author_and_date() -> None:
    article = read_page(PORT_HALDEN)
    assert article.title == "Fire at Port Halden grain terminal forces evacuation of dockside homes"
    assert article.source == "Coastal Herald"
    assert article.author == "Tomas Reyes"
    assert article.published == date(2024, 3, 5)
    assert len(article.paragraphs) == 7


def test_readers_comments_and_sidebar_are_left_out() -> None:
    text = all_text(read_page(PORT_HALDEN))
    for chrome in ("harbourwatcher", "second time in ten years", "Most read", "Tags:", "Sign up"):
        assert chrome not in text


def test_dateline_gives_source_and_place_when_the_page_names_no_site() -> None:
    article = read_page(KYIV, url="https://www.reuters.com/world/europe/power-cuts/")
    assert (article.source, article.place) == ("Reuters", "Kyiv")
    assert article.title == "Ukraine orders rolling power cuts after drone strikes on substations"


def test_date_in_the_canonical_url_dates_a_page_without_date_metadata() -> None:
    article = read_page(KYIV, url="https://www.reuters.com/world/europe/power-cuts/")
    assert article.published == date(2024, 1, 12)


def test_source_falls_back_to_the_host_name_without_www() -> None:
    article = read_page(ASHBY, url="https://www.valleyrecord.example/news/flood-barrier.htm")
    assert article.source == "valleyrecord.example"
    assert article.url == "https://www.valleyrecord.example/news/flood-barrier.htm"


def test_windows_1252_page_with_meta_charset_is_decoded() -> None:
    article = read_page(ASHBY)
    text = article.text
    assert "a €4.2 million flood barrier" in text
    assert "“People on Riverside have waited long enough,” said councillor Hélène Marchetti" in text
    assert "\ufffd" not in text


def test_headline_with_a_dot_in_the_title_element_is_not_taken_for_the_site_name() -> None:
    # <title>Valley Record - Council approves €4.2m flood barrier for Riverside</title>
    article = read_page(ASHBY)
    assert article.title == "Council approves €4.2m flood barrier for Riverside"
    assert article.source is None


def test_date_written_only_in_the_text_is_not_taken_for_page_metadata() -> None:
    # The page shows "Thursday, 14 November 2024" in a <font>: no markup says it is the date.
    article = read_page(ASHBY)
    assert article.date_basis != "page metadata"


def test_publication_date_wins_over_last_modified_date() -> None:
    article = read_string(
        "<html><head><title>Bridge stays closed</title>"
        '<meta property="article:modified_time" content="2024-05-20T10:00:00Z">'
        '<meta property="article:published_time" content="2024-05-02T08:00:00Z">'
        f"</head><body><article>{BODY}</article></body></html>"
    )
    assert article.published == date(2024, 5, 2)


def test_timestamp_with_a_timezone_is_dated_by_its_utc_day() -> None:
    article = read_string(
        "<html><head><title>Bridge stays closed</title>"
        '<meta property="article:published_time" content="2023-09-19T23:30:00-04:00">'
        f"</head><body><article>{BODY}</article></body></html>"
    )
    assert article.published == date(2023, 9, 20)


def test_scripts_styles_comments_frames_and_templates_never_reach_the_text() -> None:
    article = read_page(HOSTILE)
    assert "MARKER" not in all_text(article)
    assert "passwd" not in all_text(article)
    assert article.paragraphs[0].startswith("The only ferry between Norby and the island")
    assert len(article.paragraphs) == 5


def test_base_element_is_not_taken_for_the_article_url() -> None:
    assert read_page(HOSTILE).url is None


@pytest.fixture
def no_network_and_no_system_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to connect, resolve a name or open the page's files."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a network call while reading a page: {args!r}")

    real_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if any(name in str(file) for name in ("/etc/passwd", "/etc/shadow", "/etc/hosts")):
            raise AssertionError(f"a page made the reader open {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(builtins, "open", guarded_open)


@pytest.mark.usefixtures("no_network_and_no_system_files")
@pytest.mark.parametrize("path", [HOSTILE, KARABAKH, KYIV], ids=lambda path: path.stem)
def test_reading_a_page_fetches_nothing(path: Path) -> None:
    read_page(path, url="https://www.example.com/news/story")


def test_page_without_article_text_is_refused_with_the_reason() -> None:
    with pytest.raises(ArticleError, match="no article text found in the page"):
        read_page(SECTION_FRONT)


def test_page_with_no_text_at_all_is_refused_with_the_reason() -> None:
    with pytest.raises(ArticleError, match="no article text found in the page"):
        read_string("<html><head><title>Empty</title></head><body><div></div></body></html>")


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_page_nested_too_deeply_is_refused_with_the_reason(depth: int) -> None:
    html = f"<html><body>{'<div>' * depth}{BODY}{'</div>' * depth}</body></html>"
    with pytest.raises(ArticleError, match="nested more than 255 levels deep"):
        read_string(html)


def test_article_above_a_deeply_nested_part_is_still_read() -> None:
    article = read_string(
        f"<html><head><title>Bridge stays closed</title></head><body><article>{BODY}</article>"
        f"{'<div>' * 5_000}deep{'</div>' * 5_000}</body></html>"
    )
    assert len(article.paragraphs) == 4


def test_article_nested_two_hundred_levels_deep_is_read() -> None:
    article = read_string(f"<html><body>{'<div>' * 200}{BODY}{'</div>' * 200}</body></html>")
    assert len(article.paragraphs) == 4


def test_page_with_too_many_elements_is_refused_with_the_reason() -> None:
    html = f"<html><body>{'<span>x</span>' * 120_000}{BODY}</body></html>"
    with pytest.raises(ArticleError, match="too large a page to read: 120,00"):
        read_string(html)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Bridge</title><body><div><p>" + BODY.replace("</p>", "") + "<b><i>",
        "<html><body><p><b>Engineers</p></b>" + BODY + "</div></div></span></em>",
        "<html><body><div class=a\"b id= data-x=><p id='x' onclick=>" + BODY + "</div></body>",
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body>' + BODY + "</body></html>",
        "<html><body>" + BODY.replace("flood", "&#0;flood &bogus; &#xffffff;") + "</body></html>",
        "<div><h2>A fragment, not a page</h2>" + BODY + "</div>",
    ],
    ids=[
        "unclosed",
        "misnested",
        "broken-attributes",
        "xml-declaration",
        "bad-entities",
        "fragment",
    ],
)
def test_malformed_html_around_an_article_is_still_read(html: str) -> None:
    article = read_string(html)
    assert "the bridge over the river would stay closed" in article.text.replace("\ufffd", "")


@pytest.mark.parametrize(
    "html",
    [
        '<html><<<>>><<//p <p <a href="x" <<div>>> &#xffffff; &#0; &bogus; </html',
        "<html><body><!-- " + BODY,
        "<html><body><script>var a = '" + BODY,
        "<html><head></head><body></body></html>",
        "</></></>",
    ],
    ids=["garbage", "unterminated-comment", "unterminated-script", "only-tags", "only-end-tags"],
)
def test_malformed_html_without_an_article_is_refused_with_a_reason(html: str) -> None:
    with pytest.raises(ArticleError, match=r"no article text|no HTML found"):
        read_string(html)


def test_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    saved = tmp_path / "karabakh.txt"
    shutil.copy(KARABAKH, saved)
    [article] = read_document(Document(str(saved), saved.name, saved.read_bytes(), "karabakh"))
    assert isinstance(article, Article)
    assert article.source == "The Meridian Post"
    assert article.author == "Lena Hartmann"


def test_folder_of_saved_pages_gives_articles_and_the_page_without_one_skipped(
    tmp_path: Path,
) -> None:
    for page in PAGES.glob("*.html"):
        shutil.copy(page, tmp_path / page.name)
    shutil.copy(KYIV, tmp_path / "kyiv-saved-as.txt")
    articles, skipped = read_inputs([tmp_path])
    assert sorted(article.id for article in articles) == [
        "ashby-flood-barrier-cp1252",
        "hostile-resources",
        "karabakh-un-ceasefire-call",
        "kyiv-grid-power-cuts",
        "kyiv-saved-as",
        "port-halden-grain-fire",
    ]
    assert [(Path(s.path).name, s.error) for s in skipped] == [
        (
            "section-front-no-article.html",
            "no article text found in the page (only menus, headlines or links)",
        )
    ]


def test_a_date_shown_above_the_text_dates_a_page_without_metadata() -> None:
    article = read_string(
        "<html><head><title>Bridge stays shut</title></head><body><article>"
        "<h1>Bridge stays shut</h1><p>By Ann Lee</p><p>12 March 2024, 09:14 GMT</p>"
        f"{BODY}</article></body></html>"
    )
    assert article.published == date(2024, 3, 12)
    assert article.date_confidence == "medium"
    assert not any("09:14" in paragraph for paragraph in article.paragraphs)


def test_a_page_whose_title_is_longer_than_any_headline_is_skipped_with_the_reason() -> None:
    title = "Floods " * 800
    story = "The council met on Monday and agreed a budget for the harbour and the schools. "
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{story * 10}</p></article></body></html>"
    ).encode()
    with pytest.raises(ArticleError) as raised:
        read_html(Document("long.html", "long.html", page, "long"))
    assert str(raised.value) == (
        f"the title is {len(title.strip()):,} characters long; a headline has at most 1,000"
    )
