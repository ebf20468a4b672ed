"""The hostile and broken corpus (tests/data/bad): each input reported with its path and
reason, the rest of the brief still built, and nothing from an article run, loaded or fetched.

Inputs too big or too odd to keep in the repository (a 50 MB file, a gzip bomb, HTML nested
100,000 deep, a symlink loop, a file deleted while it is read) are made by the tests.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_server import loopback

from briefing import Settings, build_brief
from briefing.models import Article, Skipped
from briefing.readers import MAX_FILE_BYTES, MAX_GZIP_MEMBERS, read_inputs
from briefing.render import render_all

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BAD = ROOT / "tests" / "data" / "bad"
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)

#: Every file in tests/data/bad that cannot be used, with words its reason must contain.
EXPECTED_REASONS = {
    "empty.txt": "empty file",
    "whitespace-only.html": "empty file",
    "binary.txt": "binary data",
    "pdf-saved-as.html": "the file is a PDF document",
    "only-chrome.txt": "no article text",
    "truncated.txt.gz": "broken gzip file",
    "not-a-feed.xml": "not a feed",
    "error-page.rss": "no article text",
    "truncated.json": "not valid JSON",
    "no-body.eml": "no article text",
}
#: Files in tests/data/bad that are odd but readable: they must make articles.
READABLE = {
    "latin1.txt",
    "mixed-encodings.txt",
    "utf16-bom.txt",
    "utf8-bom.txt",
    "malformed.html",
    "script-and-resources.html",
    "hostile-text.txt",
    "wrong-types.json",
    "lone-surrogates.json",
    "bracket-headline.txt",
    "overflowing-dates.jsonl",
    "two-members.jsonl.gz",
    "punycode-charset.eml",
    "broken-canonical.html",
    "display-spoofing.txt",
}


def _name(path: str) -> str:
    return Path(path.split(" ", 1)[0]).name


@pytest.fixture(scope="module")
def bad_corpus() -> tuple[dict[str, str], dict[str, list[str]]]:
    articles, skipped = read_inputs([BAD])
    reasons: dict[str, str] = {}
    for item in skipped:
        reasons.setdefault(_name(item.path), item.error)
    read: dict[str, list[str]] = {}
    for article in articles:
        read.setdefault(_name(article.path), []).append(article.title)
    return reasons, read


def test_the_corpus_holds_only_files_these_tests_know() -> None:
    assert {path.name for path in BAD.iterdir()} == set(EXPECTED_REASONS) | READABLE


@pytest.mark.parametrize("name", sorted(EXPECTED_REASONS))
def test_each_unusable_input_is_skipped_with_its_reason(
    name: str, bad_corpus: tuple[dict[str, str], dict[str, list[str]]]
) -> None:
    reasons, read = bad_corpus
    assert name not in read
    assert EXPECTED_REASONS[name] in reasons[name]


@pytest.mark.parametrize("name", sorted(READABLE))
def test_each_odd_but_readable_input_makes_an_article(
    name: str, bad_corpus: tuple[dict[str, str], dict[str, list[str]]]
) -> None:
    assert bad_corpus[1].get(name), f"{name} was skipped: {bad_corpus[0].get(name)}"


def test_mixed_encodings_are_read_byte_by_byte() -> None:
    [article], _ = read_inputs([BAD / "mixed-encodings.txt"])
    assert "“the café talks”" in article.text  # the UTF-8 part
    assert "Straße, naïve, café." in article.text  # the Windows-1252 bytes
    [utf16], _ = read_inputs([BAD / "utf16-bom.txt"])
    assert utf16.title == "Convoy inspections agreed in Geneva"


def test_json_items_with_wrong_types_are_skipped_one_by_one() -> None:
    articles, skipped = read_inputs([BAD / "wrong-types.json"])
    assert [article.title for article in articles] == ["Harbour dredging contract signed"]
    assert articles[0].url is None  # 7 is not a URL
    assert len(skipped) == 4
    assert all(item.path.startswith(str(BAD / "wrong-types.json")) for item in skipped)
    assert all(item.error for item in skipped)


def test_lone_surrogates_become_replacement_characters_and_the_brief_is_written() -> None:
    brief = build_brief([BAD / "lone-surrogates.json", SEEDS], Settings(), now=NOW)
    [ferry] = [article for article in brief.articles if article.id == "lone-surrogates"]
    assert ferry.title == "Skarvik ferry service resumes \ufffd after repairs"
    assert ferry.source == "Skarvik Post \ufffd"
    assert "\ufffd Passengers welcomed the news." in ferry.text
    rendered = render_all(brief, ["json", "html"])  # UTF-8 cannot hold a lone surrogate
    assert json.loads(rendered["json"])["articles"]
    assert "Skarvik ferry service resumes \ufffd after repairs" in rendered["html"].decode()


#: Characters that change how the text around them is displayed while showing nothing.
_SPOOFING = "\u200b\u200d\u200e\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\ufeff"


def _spoofing_in(text: str) -> set[str]:
    return {
        character
        for character in text
        if character in _SPOOFING or "\U000e0000" <= character <= "\U000e007f"
    }


def test_characters_that_spoof_the_display_are_removed_from_html_json_and_pdf() -> None:
    raw = (BAD / "display-spoofing.txt").read_text(encoding="utf-8")
    assert len(_spoofing_in(raw)) >= 5  # right-to-left override, zero-width, isolates, tags
    brief = build_brief([BAD / "display-spoofing.txt", SEEDS], Settings(), now=NOW)
    [article] = [article for article in brief.articles if article.id == "display-spoofing"]
    # A right-to-left override made this read "national"; shown as written, it cannot fool.
    assert article.title == "Harbour authority approves lanoitan dredging plan"
    assert article.source == "Coast Post"
    rendered = render_all(brief, ["html", "json", "pdf"])
    assert "lanoitan" in rendered["html"].decode()
    assert _spoofing_in(rendered["html"].decode()) == set()
    assert _spoofing_in(rendered["json"].decode()) == set()
    pdf = PdfReader(BytesIO(rendered["pdf"]))
    assert _spoofing_in(" ".join(page.extract_text() for page in pdf.pages)) == set()
    quotes = [quote.text for actor in brief.actors for quote in actor.quotes]
    assert any("will work tfihs thgin a no until" in quote for quote in quotes)


def test_a_file_name_that_spoofs_the_display_is_shown_without_it(tmp_path: Path) -> None:
    (tmp_path / "invoice\u202etxt.exe.txt").write_bytes(b"")
    _, [skipped] = read_inputs([tmp_path])
    assert Path(skipped.path).name == "invoicetxt.exe.txt"


def test_a_text_article_opening_with_a_bracket_is_text_not_json() -> None:
    [article], skipped = read_inputs([BAD / "bracket-headline.txt"])
    assert skipped == []
    assert article.title == "[UPDATED] Library fire in Oldham closes reading rooms"


def test_dates_past_year_9999_and_relative_dates_leave_items_undated() -> None:
    articles, skipped = read_inputs([BAD / "overflowing-dates.jsonl"])
    assert skipped == []
    assert [article.published for article in articles] == [None, None, None]
    assert articles[0].url is None  # "http://[oops/" is no address


def test_every_member_of_a_gzip_file_is_read() -> None:
    articles, _ = read_inputs([BAD / "two-members.jsonl.gz"])
    assert [article.title for article in articles] == [
        "Ardal bridge closed for inspection",
        "Brenn school reopens after flood repairs",
    ]


def test_a_gzip_file_of_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "members.txt.gz"
    path.write_bytes(gzip.compress(b"", mtime=0) * (MAX_GZIP_MEMBERS + 1))
    [skipped] = read_inputs([path, SEEDS / "003_b5c0204ef33dd5d7.txt"])[1]
    assert skipped.error == f"broken gzip file: more than {MAX_GZIP_MEMBERS:,} gzip members"


def test_a_charset_that_no_text_is_written_in_is_not_used() -> None:
    [article], _ = read_inputs([BAD / "punycode-charset.eml"])
    assert article.text.startswith("The Kirkby Point lifeboat crew rescued three fishermen")


def test_a_broken_canonical_address_leaves_the_page_without_a_url() -> None:
    [article], _ = read_inputs([BAD / "broken-canonical.html"])
    assert article.url is None
    assert article.source == "Essen Courier"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "story.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    outcome: list[tuple[list[Article], list[Skipped]]] = []
    reading = threading.Thread(target=lambda: outcome.append(read_inputs([tmp_path])))
    reading.start()
    reading.join(timeout=60)
    if reading.is_alive():  # blocked opening the pipe: a writer releases it, then fail
        with (tmp_path / "pipe.txt").open("wb"):
            pass
        reading.join()
        pytest.fail("reading waited on a named pipe")
    [(articles, skipped)] = outcome
    assert [article.id for article in articles] == ["story"]
    assert [(Path(item.path).name, item.error) for item in skipped] == [
        ("pipe.txt", "not a regular file (a pipe, socket or device); not read")
    ]


def test_a_broken_address_is_a_skipped_input(tmp_path: Path) -> None:
    articles, skipped = read_inputs(["http://[::1", SEEDS / "003_b5c0204ef33dd5d7.txt"])
    assert len(articles) == 1
    [broken] = skipped
    assert broken.path == "http://[::1"
    assert broken.error.startswith("not a valid web address")


def test_a_50_megabyte_file_is_refused_without_being_loaded(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(b"Headline\n\n" + b"word " * 1000)
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "story.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    read_inputs([tmp_path / "story.txt"])  # models and caches loaded before measuring
    tracemalloc.start()
    try:
        articles, skipped = read_inputs([tmp_path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [article.id for article in articles] == ["story"]
    assert skipped[0].path == str(huge)
    assert skipped[0].error.startswith("too large (50 MB")
    assert peak < 10 * 1024 * 1024


def test_a_gzip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (MAX_FILE_BYTES + 1024)))
    assert bomb.stat().st_size < 100_000
    _, [skipped] = read_inputs([bomb])
    assert "unpacks to more than 20 MB" in skipped.error


def test_a_gzipped_article_is_read(tmp_path: Path) -> None:
    text = (SEEDS / "004_f6e65570923bf8cb.txt").read_bytes()
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(text))
    [article], skipped = read_inputs([tmp_path])
    assert skipped == [] and article.id == "story"


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_html_is_read_or_skipped_never_crashes(tmp_path: Path, depth: int) -> None:
    page = tmp_path / "nested.html"
    paragraph = "<p>" + "The council met on Monday and agreed a budget for the harbour. " * 6
    page.write_text(
        "<html><head><title>Nested page</title></head><body>"
        + "<div>" * depth
        + paragraph
        + "</div>" * depth
        + "</body></html>"
    )
    (tmp_path / "story.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    articles, skipped = read_inputs([tmp_path])
    assert "story" in [article.id for article in articles]
    outcomes = [a for a in articles if a.id == "nested"] + [
        s for s in skipped if s.path == str(page)
    ]
    assert len(outcomes) == 1


def test_a_symlink_loop_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["story"] and skipped == []


def test_a_file_deleted_before_it_is_read_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.readers.batch as batch

    (tmp_path / "gone.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    (tmp_path / "kept.txt").write_text((SEEDS / "004_f6e65570923bf8cb.txt").read_text())
    real_read_file = batch.read_file

    def delete_then_read(path: Path, article_id: str):  # type: ignore[no-untyped-def]
        if path.name == "gone.txt":
            path.unlink()
        return real_read_file(path, article_id)

    monkeypatch.setattr(batch, "read_file", delete_then_read)
    articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["kept"]
    assert skipped[0].path == str(tmp_path / "gone.txt")
    assert "disappeared" in skipped[0].error


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        yield base, requests


def test_nothing_an_article_names_is_run_loaded_or_fetched(
    tmp_path: Path, recording_server: tuple[str, list[str]]
) -> None:
    base, requests = recording_server
    page = (BAD / "script-and-resources.html").read_text()
    (tmp_path / "bridge.html").write_text(page.replace("http://tracker.example.invalid", base))
    text = (BAD / "hostile-text.txt").read_text()
    (tmp_path / "notice.txt").write_text(text.replace("http://tracker.example.invalid", base))
    brief = build_brief([tmp_path, SEEDS], Settings(), now=NOW)
    rendered = render_all(brief, ["html", "pdf", "json"])
    html = rendered["html"].decode("utf-8")
    assert rendered["pdf"].startswith(b"%PDF")
    assert requests == []  # neither reading nor rendering fetched anything
    bridge = next(article for article in brief.articles if article.id == "bridge")
    assert "Harbour Bridge reopened" in bridge.text
    for trace in ("alert(", "document.cookie", "analytics.js", "/etc/passwd", "fetch("):
        assert trace not in bridge.text
    # The notice's markup and template syntax are shown as text, never as markup or code.
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "{{ 7*7 }} notice" in html and "49 notice" not in html
    notice = next(article for article in brief.articles if article.id == "notice")
    assert '{% include "secret" %}' in notice.text


def test_the_cli_reports_every_skipped_input_on_stderr_and_in_the_brief(tmp_path: Path) -> None:
    out = tmp_path / "out"
    completed = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(BAD), str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    skipped = {_name(item["path"]): item["error"] for item in data["skipped"]}
    for name, reason in EXPECTED_REASONS.items():
        assert reason in skipped[name]
        assert name in completed.stderr
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    titles = [incident["title"] for incident in data["incidents"]]
    assert any("Nagorno-Karabakh" in title for title in titles)
