"""Rendering: escaping, the URL fetcher, template overrides, atomic writes, the PDF read back."""

from __future__ import annotations

import dataclasses
import http.server
import json
import logging
import re
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from markupsafe import escape as html_escape
from pypdf import PdfReader
from web_server import loopback

from briefing import Settings, build_brief, files, render
from briefing.errors import RenderError
from briefing.figures import incident_figures
from briefing.models import Article, Brief, Incident, Location, Skipped
from briefing.serialize import brief_to_json

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BRIEF_FILES = ("brief.html", "brief.json", "brief.pdf")
FIXED_NOW = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)


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

    with loopback(Handler) as base:
        requests.append(base)
        yield requests


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


def _brief_files(out: Path) -> list[str]:
    """The files a reader of ``out`` sees (the sets behind them are in ``out/.brief``)."""
    return sorted(path.name for path in out.iterdir() if not path.name.startswith("."))


def test_write_renders_every_format(sample_brief: Brief, tmp_path: Path) -> None:
    paths = render.write(sample_brief, tmp_path / "out", ["json", "html", "pdf"])
    assert [p.name for p in paths] == ["brief.json", "brief.html", "brief.pdf"]
    assert (tmp_path / "out" / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert _brief_files(tmp_path / "out") == ["brief.html", "brief.json", "brief.pdf"]


def test_failed_render_leaves_the_previous_brief_intact(
    sample_brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    render.write(sample_brief, out, ["html", "pdf"])
    before = {name: (out / name).read_bytes() for name in _brief_files(out)}

    def broken_pdf(html: str, *, template_dir: Path | None = None) -> bytes:
        raise RenderError("the PDF engine died")

    monkeypatch.setattr(render, "render_pdf", broken_pdf)
    with pytest.raises(RenderError):
        render.write(sample_brief, out, ["html", "pdf"])
    assert {name: (out / name).read_bytes() for name in _brief_files(out)} == before


def test_pdf_never_fetches_an_image_an_article_names_even_when_a_template_unescapes_it(
    sample_brief: Brief, listening_server: list[str], tmp_path: Path
) -> None:
    base = listening_server[0]
    protest = sample_brief.articles[2]
    baited = dataclasses.replace(
        protest,
        paragraphs=(f'<img src="{base}/from-article.png"> Thousands marched.',),
        url=f"{base}/article-page",
    )
    brief = dataclasses.replace(
        sample_brief, articles=(*sample_brief.articles[:2], baited, *sample_brief.articles[3:])
    )
    # A careless user template that marks article text safe: the fetcher is the last wall.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text(
        '{% extends "default/brief.html" %}'
        "{% block head %}{{ brief.articles[2].paragraphs[0] | safe }}{% endblock %}",
        encoding="utf-8",
    )
    html = render.render_html(brief, template_dir=templates)
    assert f'<img src="{base}/from-article.png">' in html
    render.write(brief, tmp_path / "out", ["pdf"], template_dir=templates)
    assert listening_server[1:] == []


def test_fetcher_serves_bare_relative_names_from_the_template_folder(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = render.AssetFetcher([tmp_path])
    assert fetcher.fetch("img/logo.svg").read().startswith(b"<svg")
    assert fetcher.fetch("briefing-asset:img/logo.svg").read().startswith(b"<svg")
    assert fetcher.refused == []


def test_fetcher_refuses_escapes_from_the_template_folder(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (templates / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = render.AssetFetcher([templates])
    for url in (
        "../secret.txt",
        "briefing-asset:%2e%2e/secret.txt",
        "briefing-asset:/../../secret.txt",
        str(tmp_path / "secret.txt"),
        "//example.com/x.png",
        "link.txt",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.refused == [
        "../secret.txt",
        "briefing-asset:%2e%2e/secret.txt",
        "briefing-asset:/../../secret.txt",
        str(tmp_path / "secret.txt"),
        "//example.com/x.png",
        "link.txt",
        "ftp://example.com/x",
    ]


def test_each_refused_url_is_logged_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    html = '<img src="https://example.com/a.png"><img src="file:///etc/hostname"><p>x</p>'
    with caplog.at_level(logging.WARNING, logger="briefing.render"):
        render.render_pdf(html)
    refused = [r.getMessage() for r in caplog.records if r.name == "briefing.render"]
    assert refused == [
        "not fetched while drawing the PDF: https://example.com/a.png",
        "not fetched while drawing the PDF: file:///etc/hostname",
    ]


def test_user_template_image_is_drawn_without_any_refusal(
    sample_brief: Brief, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
        "<rect width='10' height='10'/></svg>",
        encoding="utf-8",
    )
    (tmp_path / "brief.html").write_text(
        '{% extends "default/brief.html" %}'
        '{% block masthead %}<img src="logo.svg">{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    html = render.render_html(sample_brief, template_dir=tmp_path)
    assert '<img src="logo.svg">' in html
    with caplog.at_level(logging.WARNING, logger="briefing.render"):
        pdf = render.render_pdf(html, template_dir=tmp_path)
    assert pdf.startswith(b"%PDF")
    assert [r for r in caplog.records if r.name == "briefing.render"] == []


def test_error_at_render_time_names_the_template_and_line(
    sample_brief: Brief, tmp_path: Path
) -> None:
    (tmp_path / "brief.html").write_text(
        "<p>one</p>\n<p>two</p>\n{{ brief.no_such_thing }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError, match=r"brief\.html, line 3: .*no_such_thing"):
        render.render_html(sample_brief, template_dir=tmp_path)


def test_error_in_an_included_template_names_that_template(
    sample_brief: Brief, tmp_path: Path
) -> None:
    (tmp_path / "brief.html").write_text('{% include "part.html" %}', encoding="utf-8")
    (tmp_path / "part.html").write_text("ok\n{{ 1 // 0 }}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"part\.html, line 2"):
        render.render_html(sample_brief, template_dir=tmp_path)


def test_missing_template_folder_is_a_render_error(sample_brief: Brief, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        render.render_html(sample_brief, template_dir=tmp_path / "nowhere")


def test_broken_user_template_leaves_the_previous_pdf_byte_identical(
    sample_brief: Brief, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render.write(sample_brief, out)
    before = (out / "brief.pdf").read_bytes()
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(RenderError):
        render.write(sample_brief, out, template_dir=templates)
    assert (out / "brief.pdf").read_bytes() == before
    assert _brief_files(out) == ["brief.html", "brief.json", "brief.pdf"]


def test_unknown_format_is_refused_before_anything_is_written(
    sample_brief: Brief, tmp_path: Path
) -> None:
    with pytest.raises(RenderError, match="docx"):
        render.write(sample_brief, tmp_path / "out", ["html", "docx"])
    assert not (tmp_path / "out" / "brief.html").exists()


def test_write_uses_the_stem_and_creates_the_folder(sample_brief: Brief, tmp_path: Path) -> None:
    paths = render.write(sample_brief, tmp_path / "a" / "b", ["json"], stem="daily")
    assert paths == [tmp_path / "a" / "b" / "daily.json"]
    assert paths[0].read_text(encoding="utf-8").startswith('{\n  "schema": "briefing/2"')


def test_html_depends_on_nothing_but_the_brief(sample_brief: Brief) -> None:
    first = render.render_html(sample_brief)
    assert render.render_html(sample_brief) == first
    later = dataclasses.replace(
        sample_brief, generated_at=sample_brief.generated_at.replace(hour=9, minute=45)
    )
    changed = [
        (old, new)
        for old, new in zip(first.splitlines(), render.render_html(later).splitlines(), strict=True)
        if old != new
    ]
    assert len(changed) == 1
    assert "2024-03-14 06:30" in changed[0][0]
    assert "2024-03-14 09:45" in changed[0][1]


def test_dates_say_uncertain_when_they_cannot_be_trusted(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)
    assert "date unknown" not in html
    # No dates at all: just "date uncertain"; a weak date: the date, flagged.
    assert '<span class="uncertain">date uncertain</span>' in html
    assert '11 March 2024 <span class="uncertain">(date uncertain)</span>' in html
    assert '12–13 March 2024 <span class="uncertain">' not in html


def test_actor_index_quotes_direct_speech_and_labels_reported_speech(
    sample_brief: Brief,
) -> None:
    html = render.render_html(sample_brief)
    actors = html[html.index('<section class="actors">') : html.index('<section class="sources">')]
    assert "“Justice has been served”" in actors
    assert '<span class="label">Reported:</span> they would appeal the verdict' in actors
    assert '<a href="#incident-3">incident 3</a>' in actors
    assert actors.index("Ana Ruiz") < actors.index("Lena Ortiz")  # ranked order kept


def test_pdf_shows_every_incident_the_overview_and_a_reported_statement(
    sample_brief: Brief,
) -> None:
    pdf = render.render_pdf(render.render_html(sample_brief))
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for incident in sample_brief.incidents[::2]:
        assert incident.title in text
    assert "Overview" in text
    assert "Justice has been served" in text
    assert "they would appeal the verdict" in text
    assert "Regional situation brief" in reader.pages[-1].extract_text()  # running footer
    assert reader.metadata is not None
    assert reader.metadata.title is not None
    assert "Regional situation brief" in reader.metadata.title


def test_other_incidents_are_listed_and_their_articles_not_cited(sample_brief: Brief) -> None:
    from dataclasses import replace

    listed, *shown = sample_brief.incidents[::-1]
    brief = replace(sample_brief, incidents=tuple(shown[::-1]), other_incidents=(listed,))
    html = render.render_html(brief)
    assert 'id="other-incidents"' in html
    cited = {a for incident in brief.incidents for a in incident.article_ids}
    assert html.count('<li id="source-') == len(cited)
    text = render.render_text(brief)
    assert "OTHER INCIDENTS" in text


def test_the_actor_index_quotes_the_first_actors_and_names_the_rest(
    sample_brief: Brief, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "ACTORS_IN_INDEX", 1)
    first, *rest = sample_brief.actors
    assert rest, "the sample brief needs two actors or more"
    html = render.render_html(sample_brief)
    actors = html[html.index('<section class="actors">') : html.index('<section class="sources">')]
    assert actors.count('<div class="actor"') == 1
    assert f"<h3>{first.name}" in actors
    named = actors[actors.index('class="meta other-actors"') :]
    assert f"Also quoted, less often ({len(rest)}): " in named
    for actor in rest:
        assert f"{html_escape(actor.name)} ({len(actor.quotes)})" in named
        assert f"<h3>{html_escape(actor.name)}" not in actors


def test_template_images_are_inlined_in_the_html_file_but_nothing_else(
    sample_brief: Brief, tmp_path: Path
) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "brief.html").write_text(
        '{% extends "default/brief.html" %}{% block masthead %}<img src="logo.svg">'
        '<img src="http://tracker.example/p.png"><img src="../secret.png">'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    (tmp_path.parent / "secret.png").write_bytes(b"\x89PNG not yours")
    rendered = render.render_all(sample_brief, ["html", "pdf"], template_dir=tmp_path)
    html = rendered["html"].decode("utf-8")
    assert '<img src="data:image/svg+xml;base64,' in html
    assert '<img src="http://tracker.example/p.png">' in html  # never fetched, left as is
    assert '<img src="../secret.png">' in html  # outside the template folder: not read
    # Article text is escaped before: an <img> written in an article stays text.
    assert "&lt;img src=&#34;http://example.com/x.png&#34;&gt;" in html
    assert rendered["pdf"].startswith(b"%PDF")


def _build_in_a_small_disk(out: Path, title: str, file_limit: int | None) -> CompletedProcess[str]:
    """``briefing build`` of the seeds in a real process, whose files may not grow past
    ``file_limit`` bytes (a write past it fails with an OSError, as on a full disk)."""

    def small_disk() -> None:
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(SEEDS), "--out", str(out),
         "--title", title, "-f", "json", "-f", "html", "-f", "pdf"],
        capture_output=True, text=True, timeout=180, check=False, preexec_fn=small_disk,
    )  # fmt: skip


def test_a_disk_full_between_files_leaves_the_previous_brief_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build_in_a_small_disk(out, "Monday brief", None).returncode == 0
    before = {name: (out / name).read_bytes() for name in BRIEF_FILES}
    # The JSON (about 30 KB) and the HTML (40 KB) fit in 50 KB, the PDF (65 KB) does not.
    failed = _build_in_a_small_disk(out, "Tuesday brief", 50_000)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    [error] = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert "File too large" in error
    assert {name: (out / name).read_bytes() for name in BRIEF_FILES} == before
    assert b"Tuesday brief" not in b"".join(before.values())


def test_a_new_brief_replaces_every_file_at_once_where_users_expect_them(
    sample_brief: Brief, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render.write(sample_brief, out)
    render.write(dataclasses.replace(sample_brief, title="Second brief"), out)
    assert all((out / name).is_file() for name in BRIEF_FILES)  # through their links
    assert all((out / name).is_symlink() for name in BRIEF_FILES)
    current = (out / ".brief" / "current").resolve()
    assert sorted(path.name for path in current.iterdir()) == sorted(BRIEF_FILES)
    assert b"Second brief" in (out / "brief.json").read_bytes()
    # The set before is kept for a reader still in it; older ones are removed.
    render.write(dataclasses.replace(sample_brief, title="Third brief"), out)
    sets = [path for path in (out / ".brief").iterdir() if not path.is_symlink()]
    assert len(sets) == files.SETS_KEPT


def test_a_brief_written_as_plain_files_before_is_taken_over(
    sample_brief: Brief, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in BRIEF_FILES:
        (out / name).write_bytes(b"from an older briefing")
    render.write(sample_brief, out, ["pdf", "json"])
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "brief.json").read_bytes().startswith(b"{")
    # The HTML was not written this time: the old one is not left beside the new set.
    assert not (out / "brief.html").exists() and not (out / "brief.html").is_symlink()


def test_thousands_of_inputs_not_used_add_nothing_to_the_pdf_or_the_email(
    sample_brief: Brief,
) -> None:
    junk = tuple(Skipped(f"news/junk/{n:05d}.txt", "empty file") for n in range(2_000))
    brief = dataclasses.replace(sample_brief, skipped=junk)
    rendered = render.render_all(brief, ["pdf", "json"])
    pages = PdfReader(BytesIO(rendered["pdf"])).pages
    plain = PdfReader(BytesIO(render.render_all(sample_brief, ["pdf"])["pdf"])).pages
    assert len(pages) == len(plain)  # the 352 pages of issue 14 were a list of names
    text = " ".join(page.extract_text() for page in pages)
    assert "news/junk/" not in text and "empty file" not in text
    assert len(json.loads(rendered["json"])["skipped"]) == 2_000  # the JSON has them all
    assert "news/junk/" not in render.render_text(brief)


def test_a_big_incident_lists_the_sources_it_cites_and_counts_the_rest(
    sample_brief: Brief,
) -> None:
    from datetime import date

    from briefing.models import Article, Incident, Sentence

    count = render.SOURCES_PER_INCIDENT * 3
    reports = tuple(
        Article(
            id=f"report-{n:03d}",
            path=f"news/report-{n:03d}.txt",
            title=f"Flood report number {n:03d}",
            paragraphs=(f"Water rose in district {n} overnight and roads were closed.",),
            published=date(2024, 3, 1),
        )
        for n in range(count)
    )
    late = reports[-1]  # cited by the summary, though the last of the incident
    flood = Incident(
        id="incident-flood",
        title="Floods close roads",
        article_ids=tuple(article.id for article in reports),
        start=date(2024, 3, 1),
        end=date(2024, 3, 1),
        places=(),
        summary=(Sentence(late.paragraphs[0], late.id, 0, 0),),
    )
    brief = dataclasses.replace(
        sample_brief,
        articles=(*sample_brief.articles, *reports),
        incidents=(*sample_brief.incidents, flood),
    )
    html = render.render_html(brief)
    section = html[html.index('id="incident-flood"') : html.index('<section class="actors">')]
    listed = render.SOURCES_PER_INCIDENT
    assert f"{count} sources:" in section
    assert f"and {count - listed} more" in section
    assert section.count('class="cite"') == listed + 1  # the summary's citation, and the list
    sources = html[html.index('<section class="sources">') :]
    assert late.title in sources
    assert reports[0].title in sources
    assert reports[listed - 1].title not in sources  # the cited one took its place
    assert reports[listed].title not in sources
    # The other incidents still list every article, and the overview counts all of them.
    assert sources.count('<li id="source-') == len(sample_brief.articles) + listed
    assert f'<td class="num">{count}</td>' in html


def _with_figures(brief: Brief) -> Brief:
    """The brief with each incident's figures read from its own articles, as the pipeline does."""
    articles = {article.id: article for article in brief.articles}
    incidents = tuple(
        dataclasses.replace(
            incident, figures=incident_figures([articles[i] for i in incident.article_ids])
        )
        for incident in brief.incidents
    )
    return dataclasses.replace(brief, incidents=incidents)


def test_pdf_shows_key_figures_latest_first_beside_the_earlier_value(sample_brief: Brief) -> None:
    brief = _with_figures(sample_brief)
    pdf = render.render_pdf(render.render_html(brief))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    assert "Key figures" in text
    # The update's toll first, the wire's first count after it, each with its outlet.
    assert re.search(
        r"Killed 72 Gazette, 13 Mar 2024 ?\[\d\] / at least 40 Wire, 12 Mar 2024", text
    )
    assert re.search(r"Magnitude 6\.8 Wire, 12 Mar 2024", text)
    # The protest's article gives no figure, and the brief says so rather than leave a gap.
    assert "Key figures: none given in the reports." in text


def test_plain_text_brief_lists_the_figures_with_source_numbers(sample_brief: Brief) -> None:
    text = render.render_text(_with_figures(sample_brief))
    assert "Killed: 72 (Gazette, 13 Mar 2024) [2] / at least 40 (Wire, 12 Mar 2024) [1]" in text


@pytest.fixture(scope="module")
def report_pdf_text() -> str:
    """The PDF of the pile written for the report's parts, read back."""
    pile = Path(__file__).resolve().parent / "data" / "corpora" / "report"
    brief = build_brief([pile], Settings(as_of=date(2025, 6, 16)), now=FIXED_NOW)
    pdf = render.render_pdf(render.render_html(brief))
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


def test_the_pdf_opens_with_key_points_before_the_overview(report_pdf_text: str) -> None:
    assert report_pdf_text.index("Key points") < report_pdf_text.index("Overview")
    points = report_pdf_text[
        report_pdf_text.index("Key points") : report_pdf_text.index("Overview")
    ]
    assert "rose to 212 on Wednesday" in points


def test_the_pdf_shows_figures_that_disagree_with_their_sources(report_pdf_text: str) -> None:
    assert re.search(
        r"Magnitude 7\.2 Valtria Daily, 5 Mar 2025 \[\d+\] / 6\.9 Northern Wire", report_pdf_text
    )
    assert "Displaced more than 14,000" in report_pdf_text


def test_the_pdf_links_a_storyline_and_shows_timelines(report_pdf_text: str) -> None:
    assert "Earlier in this story:" in report_pdf_text
    assert "Later: " in report_pdf_text
    assert "continues" in report_pdf_text  # the overview's thread
    assert re.search(r"TIMELINE 3 Mar 2025 Strong earthquake strikes Valtria", report_pdf_text)
    assert "BREAKING" not in report_pdf_text.split("Sources")[0]


def _pdf_links(pdf: bytes) -> list[str]:
    """The web addresses the PDF's link annotations open."""
    links = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def test_source_urls_are_links_in_the_pdf_and_the_html(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)
    links = _pdf_links(render.render_pdf(html))
    assert "https://news.example/quake" in links
    assert "https://courts.example/weber" in links
    assert '<a href="https://courts.example/weber">https://courts.example/weber</a>' in html


def test_only_web_addresses_become_links(sample_brief: Brief) -> None:
    hostile = ("javascript:alert(1)", "file:///etc/passwd", 'https://x.example/"onclick="')
    articles = tuple(
        dataclasses.replace(article, url=url)
        for article, url in zip(
            sample_brief.articles, (*hostile, " https://ok.example/a "), strict=True
        )
    )
    brief = dataclasses.replace(sample_brief, articles=articles)
    html = render.render_html(brief)
    for url in ("javascript:", "file:", "onclick"):
        assert url not in html
    assert '<a href="https://ok.example/a">' in html
    assert render.web_link("http://[::1") is None
    assert render.web_link("https:///no-host") is None
    links = _pdf_links(render.render_pdf(html))
    assert links and all(link.startswith("https://ok.example/") for link in links)


def test_the_circulated_brief_shows_no_local_path_and_no_parser_error(
    sample_brief: Brief,
) -> None:
    """Sources are named by outlet, headline and date; unused inputs only go to the JSON."""
    html = render.render_html(sample_brief)
    pdf = render.render_pdf(html)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = render.render_text(sample_brief)
    (skipped,) = sample_brief.skipped
    for shown in (html, pdf_text, text):
        for article in sample_brief.articles:
            assert article.path not in shown
        assert skipped.path not in shown
        assert skipped.error not in shown
        assert "Inputs not used".lower() not in shown.lower()
        assert "brief.json" not in shown
    assert "Court Reporter" in pdf_text and "11 March 2024" in pdf_text
    assert "Also published as: Quake kills 40 (Daily Mirror Example)" in html
    json_text = brief_to_json(sample_brief)
    assert skipped.path in json_text and skipped.error in json_text


def test_the_actor_index_does_not_repeat_the_quotes_shown_under_an_incident(
    sample_brief: Brief,
) -> None:
    html = render.render_html(sample_brief)
    actors = html[html.index('<section class="actors">') : html.index('<section class="sources">')]
    incidents = html[: html.index('<section class="actors">')]
    ruiz = actors[actors.index("Ana Ruiz") : actors.index('<div class="actor" id="actor-2"')]
    # Both of the governor's quotes are under incident 1: the index points there instead.
    assert "pulling people from the rubble" in incidents
    assert "pulling people from the rubble" not in ruiz
    assert "aid convoys" not in ruiz
    assert '<a href="#incident-1">incident 1</a>' in ruiz
    # Incident 3 is continuing (its section shows no quotes): the index keeps them.
    assert "Justice has been served" not in incidents
    assert "Justice has been served" in actors


def test_a_phrase_in_marks_is_no_key_quote_but_stays_in_the_index_and_json(
    sample_brief: Brief,
) -> None:
    ruiz, *others = sample_brief.actors
    marked = tuple(
        dataclasses.replace(quote, fragment="rubble" in quote.text) for quote in ruiz.quotes
    )
    brief = dataclasses.replace(
        sample_brief, actors=(dataclasses.replace(ruiz, quotes=marked), *others)
    )
    html = render.render_html(brief)
    incidents = html[: html.index('<section class="actors">')]
    actors = html[html.index('<section class="actors">') : html.index('<section class="sources">')]
    assert "pulling people from the rubble" not in incidents
    assert "aid convoys" in incidents
    # The reader can still find it under its speaker, and in the data.
    assert "pulling people from the rubble" in actors
    assert "pulling people from the rubble" in brief_to_json(brief)


# -- the stale warning, the map and the chart

PORT_CITY = Location("Port City", "city", "PE", "Peru", -12.05, -77.04)
CHILE = Location("Chile", "country", "CL", "Chile", -30.0, -71.0)


def _with_places(brief: Brief) -> Brief:
    quake, protest, trial = brief.incidents
    return dataclasses.replace(
        brief,
        incidents=(
            dataclasses.replace(quake, locations=(PORT_CITY,)),
            protest,
            dataclasses.replace(trial, places=("Chile",), locations=(CHILE,)),
        ),
    )


def test_an_old_pile_says_so_at_the_top_and_a_fresh_one_does_not(sample_brief: Brief) -> None:
    fresh = sample_brief  # as of 14 March 2024, newest article 13 March
    old = dataclasses.replace(sample_brief, as_of=date(2024, 9, 1))
    assert fresh.stale_days is None and old.stale_days == 172
    html = render.render_html(old)
    warning = html.index('class="stale-warning"')
    assert warning < html.index('<section class="overview">')
    assert "the newest article is dated 13 March 2024, 172 days before this brief" in html
    assert render.render_text(old).index("OLD NEWS") < render.render_text(old).index("1. ")
    data = json.loads(brief_to_json(old))
    assert (data["newest_article"], data["stale_days"]) == ("2024-03-13", 172)
    assert 'class="stale-warning"' not in render.render_html(fresh)
    assert "OLD NEWS" not in render.render_text(fresh)
    assert json.loads(brief_to_json(fresh))["stale_days"] is None


def test_an_undated_pile_is_not_called_old(sample_brief: Brief) -> None:
    undated = tuple(dataclasses.replace(a, published=None) for a in sample_brief.articles)
    brief = dataclasses.replace(sample_brief, articles=undated, as_of=date(2030, 1, 1))
    assert brief.stale_days is None
    assert 'class="stale-warning"' not in render.render_html(brief)


def _ink(pdf: bytes, tmp_path: Path) -> int:
    """Pixels darker than light grey on all the PDF's pages, drawn by poppler."""
    (tmp_path / "brief.pdf").write_bytes(pdf)
    for old in tmp_path.glob("page-*.pgm"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", str(tmp_path / "brief.pdf"), str(tmp_path / "page")],
        check=True, timeout=60,
    )  # fmt: skip
    dark = 0
    for page in tmp_path.glob("page-*.pgm"):
        image = page.read_bytes()
        # Binary PGM: "P5", width, height, maximum, then one byte per pixel.
        header = image.split(maxsplit=4)
        width, height = int(header[1]), int(header[2])
        dark += sum(1 for value in image[-width * height :] if value < 200)
    return dark


def test_the_map_and_the_chart_are_svg_in_the_html_and_drawn_in_the_pdf(
    sample_brief: Brief, tmp_path: Path
) -> None:
    brief = _with_places(sample_brief)
    html = render.render_html(brief)
    assert html.count('<svg class="incident-map"') == 1
    assert html.count('<svg class="report-chart"') == 1
    assert "<strong>1</strong> Port City, Peru" in html
    assert "<strong>3</strong> Chile" in html
    pdf = render.render_pdf(html)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Reports per day for each incident" in text
    assert "11 Mar" in text and "13 Mar" in text  # the chart's axis, drawn as text
    # The pictures are drawn, not left out: the same brief without them has far less ink.
    undated = tuple(dataclasses.replace(a, published=None) for a in brief.articles)
    without = dataclasses.replace(brief, articles=undated, incidents=sample_brief.incidents)
    html_without = render.render_html(without)
    assert "<svg" not in html_without
    assert _ink(pdf, tmp_path) > _ink(render.render_pdf(html_without), tmp_path) + 3_000


def test_a_brief_with_no_known_place_has_no_map_and_no_error(sample_brief: Brief) -> None:
    html = render.render_html(sample_brief)  # its incidents have names, no gazetteer places
    assert "incident-map" not in html
    assert '<svg class="report-chart"' in html
    assert render.render_pdf(html).startswith(b"%PDF")


def test_a_hostile_place_name_is_escaped_in_the_map_and_its_key(sample_brief: Brief) -> None:
    hostile = dataclasses.replace(PORT_CITY, name="<img src=x onerror=alert(1)>", country="<b>")
    quake, *rest = sample_brief.incidents
    brief = dataclasses.replace(
        sample_brief, incidents=(dataclasses.replace(quake, locations=(hostile,)), *rest)
    )
    html = render.render_html(brief)
    assert "<img src=x" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_big_incident_lists_the_sources_its_figures_cite(sample_brief: Brief) -> None:
    count = render.SOURCES_PER_INCIDENT * 2
    reports = tuple(
        Article(
            id=f"flood-{n:03d}",
            path=f"news/flood-{n:03d}.txt",
            title=f"Flood report {n:03d}",
            paragraphs=(
                "Water rose overnight and roads were closed."
                if n < count - 1
                else "At least 230 people were displaced by the rising water.",
            ),
            source="River Daily",
            published=date(2024, 3, 1),
        )
        for n in range(count)
    )
    flood = Incident(
        id="incident-flood",
        title="Floods close roads",
        article_ids=tuple(article.id for article in reports),
        start=date(2024, 3, 1),
        end=date(2024, 3, 1),
        places=(),
        figures=incident_figures(reports),
    )
    brief = dataclasses.replace(
        sample_brief, articles=(*sample_brief.articles, *reports), incidents=(flood,)
    )
    html = render.render_html(brief)
    figures = html[
        html.index('<table class="figures">') : html.index(
            "</table>", html.index('<table class="figures">')
        )
    ]
    assert "at least 230" in figures.lower()
    assert 'class="cite"' in figures  # its article is listed, so it is cited
    assert reports[-1].title in html[html.index('<section class="sources">') :]
