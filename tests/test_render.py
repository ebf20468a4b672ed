"""Rendering: escaping, the URL fetcher, template overrides, atomic writes, the PDF read back."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import render
from briefing.errors import RenderError
from briefing.models import Brief


@pytest.fixture
def listening_server() -> Iterator[list[str]]:
    """An HTTP server on loopback that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    requests.append(f"http://127.0.0.1:{server.server_port}")
    try:
        yield requests
    finally:
        server.shutdown()
        server.server_close()


def test_article_text_is_escaped_in_html(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)
    assert "<script>" not in html
    assert '<img src="http' not in html
    assert "&lt;script&gt;alert(" in html
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_html_shows_every_part_of_the_brief(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)
    for text in (
        "Regional situation brief",
        "As of 14 March 2024",
        "12–13 March 2024",
        "date uncertain",
        "A magnitude 6.8 earthquake struck",
        "We are still pulling people from the rubble",
        "aid convoys would arrive by Thursday",
        "Quake kills 40",
        "news/broken.bin",
        "not text: the file holds binary data",
        "status-updated",
        "new since 12 March 2024",
    ):
        assert text in html, text
    assert 'href="#source-2"' in html
    assert 'id="source-3"' in html


def test_the_html_is_self_contained(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)
    assert "<link" not in html
    assert "<style>" in html
    assert "@page" in html


def test_plain_text_brief_is_readable_and_unescaped(sample_brief: Brief) -> None:
    text = render.render_text(sample_brief)
    assert text.startswith("REGIONAL SITUATION BRIEF")
    assert "&lt;" not in text
    assert '"We are still pulling people from the rubble" — Ana Ruiz, Governor [1]' in text
    assert "(reported) aid convoys would arrive by Thursday" in text
    assert "[2] Death toll rises after coastal earthquake. Gazette, 13 March 2024." in text


def test_fetcher_serves_template_assets_and_refuses_everything_else(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path.parent / "secret.txt").write_text("secret")
    fetcher = render.AssetFetcher([tmp_path])
    response = fetcher.fetch("briefing-asset:/logo.svg")
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"
    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "data:text/plain,hello",
        "briefing-asset:/../secret.txt",
        "briefing-asset:/missing.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_pdf_never_fetches_urls_named_in_the_html(
    listening_server: list[str], tmp_path: Path
) -> None:
    base = listening_server[0]
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css"></head><body>'
        f'<img src="{base}/pixel.png"><img src="file:///etc/passwd"><p>text</p></body></html>'
    )
    pdf = render.render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert listening_server[1:] == []


def test_pdf_reads_back_with_titles_and_quotes(sample_brief: Brief) -> None:
    pdf = render.render_pdf(render.render_html(sample_brief))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Strong earthquake hits coastal province" in text
    assert "We are still pulling people from the rubble" in text
    assert "Page 1 of" in text


def test_user_template_overrides_a_block_of_the_default(
    sample_brief: Brief, tmp_path: Path
) -> None:
    (tmp_path / "brief.html").write_text(
        '{% extends "default/brief.html" %}'
        "{% block masthead %}<h1>Desk brief: {{ brief.title }}</h1>{% endblock %}",
        encoding="utf-8",
    )
    html = render.render_html(sample_brief, template_dir=tmp_path)
    assert "<h1>Desk brief: Regional situation brief</h1>" in html
    assert "Key quotes" in html  # the rest of the default is still there


def test_user_css_replaces_the_default_by_name(sample_brief: Brief, tmp_path: Path) -> None:
    (tmp_path / "brief.css").write_text("body { color: rebeccapurple; }", encoding="utf-8")
    html = render.render_html(sample_brief, template_dir=tmp_path)
    assert "rebeccapurple" in html
    assert "@page" not in html


def test_broken_template_is_a_render_error_naming_it(sample_brief: Brief, tmp_path: Path) -> None:
    (tmp_path / "brief.html").write_text("line one\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"brief\.html, line 2"):
        render.render_html(sample_brief, template_dir=tmp_path)


def test_unknown_variable_in_a_template_is_a_render_error(
    sample_brief: Brief, tmp_path: Path
) -> None:
    (tmp_path / "brief.html").write_text("{{ brief.no_such_thing }}", encoding="utf-8")
    with pytest.raises(RenderError):
        render.render_html(sample_brief, template_dir=tmp_path)


def test_write_renders_every_format(sample_brief: Brief, tmp_path: Path) -> None:
    paths = render.write(sample_brief, tmp_path / "out", ["json", "html", "pdf"])
    assert [p.name for p in paths] == ["brief.json", "brief.html", "brief.pdf"]
    assert (tmp_path / "out" / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "brief.html",
        "brief.json",
        "brief.pdf",
    ]


def test_failed_render_leaves_the_previous_brief_intact(
    sample_brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    render.write(sample_brief, out, ["html", "pdf"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken_pdf(html: str, *, template_dir: Path | None = None) -> bytes:
        raise RenderError("the PDF engine died")

    monkeypatch.setattr(render, "render_pdf", broken_pdf)
    with pytest.raises(RenderError):
        render.write(sample_brief, out, ["html", "pdf"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_write_interrupted_midway_leaves_no_partial_file(
    sample_brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF old")

    def exploding_replace(source: str, destination: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefing.render.os.replace", exploding_replace)
    with pytest.raises(OSError):
        render.write_atomic(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]
