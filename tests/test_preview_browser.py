"""The live preview in a real headless Chromium: it shows the brief and reloads by itself.

Uses Debian's ``chromium`` (``scripts/browser-deps.sh`` installs it) through Playwright with
``executable_path``; Playwright's own browser download is not needed. The brief comes from a
Jinja2 template in a temporary folder, so only the preview server is under test here.

Screenshots are saved in the test's temporary folder, and also in ``$BRIEFING_SCREENSHOT_DIR``
when it is set, to look at them.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from briefing.config import Layers
from briefing.errors import RenderError
from briefing.models import Brief, Location
from briefing.project import make_project
from briefing.render import render_html
from briefing.serve import PreviewServer, brief_renderers, watched_paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed: run scripts/browser-deps.sh (as root or with sudo)",
)

TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title>
<style>body { font-family: sans-serif; margin: 2rem; } h1 { color: #123c69; }</style></head>
<body>
<h1 id="title">{{ title }}</h1>
<p>{{ article }}</p>
<script>window.injected = true;</script>
</body>
</html>
"""

CONTEXT = {
    "title": "Situation brief, 14 March",
    # Article text is hostile; autoescape makes it text, the page policy would stop it anyway.
    "article": "Thousands marched on Friday. <script>window.fromArticle = true;</script>",
}
RELOAD_TIMEOUT_MS = 10_000
FAKE_PDF = b"%PDF-1.7\n% the brief\n%%EOF\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # Playwright starts Chromium without its sandbox by default, which running as root needs.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


def _renderer(templates: Path) -> Callable[[], str]:
    def render() -> str:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        try:
            return environment.get_template("brief.html").render(CONTEXT)
        except jinja2.TemplateSyntaxError as error:
            raise RenderError(
                f"template brief.html, line {error.lineno}: {error.message}"
            ) from error

    return render


def _edit_until_rebuilt(server: PreviewServer, template: Path, text: str) -> None:
    """Write ``text`` to the template, again until the server has rebuilt (≤ 5 s).

    The watcher thread may still be registering when the first write lands; the browser's own
    reload is what the test measures after this.
    """
    before = server.generation
    deadline = time.monotonic() + 5
    while server.generation == before and time.monotonic() < deadline:
        template.write_text(text, encoding="utf-8")
        time.sleep(0.25)
    assert server.generation > before, "the watcher saw no change to the template"


def _screenshot(page: Page, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    extra = os.environ.get("BRIEFING_SCREENSHOT_DIR")
    if extra:
        shutil.copy(path, Path(extra) / name)
    assert path.stat().st_size > 1000  # a real image, not an empty file
    return path


def test_preview_shows_the_brief_and_reloads_after_template_edits(
    browser: Browser, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "brief.html"
    template.write_text(TEMPLATE, encoding="utf-8")

    with PreviewServer(
        _renderer(templates),
        lambda html: FAKE_PDF,
        port=0,
        watch_paths=[templates],
        debounce_ms=50,
    ) as server:
        page = browser.new_page()
        page.goto(server.url)
        title = page.locator("#title")
        expect(title).to_have_text("Situation brief, 14 March")
        assert page.title() == "Situation brief, 14 March"
        # Only the preview's own reload script runs: not the template's, not the article's.
        assert page.evaluate("window.injected === undefined && window.fromArticle === undefined")
        pdf_link = page.locator("a[href='/brief.pdf']")
        expect(pdf_link).to_be_visible()
        pdf = page.request.get(server.url + "brief.pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body() == FAKE_PDF
        _screenshot(page, tmp_path, "preview.png")

        # A template edit: the page reloads by itself and shows the new text.
        edited = TEMPLATE.replace('id="title">', 'id="title">Edited: ')
        _edit_until_rebuilt(server, template, edited)
        expect(title).to_have_text("Edited: Situation brief, 14 March", timeout=RELOAD_TIMEOUT_MS)

        # A broken template: the error shows on the page, which keeps polling...
        broken = TEMPLATE.replace("{{ title }}</h1>", "{{ title </h1>")
        _edit_until_rebuilt(server, template, broken)
        error = page.locator("#briefing-error")
        expect(error).to_contain_text("template brief.html, line", timeout=RELOAD_TIMEOUT_MS)
        _screenshot(page, tmp_path, "preview-error.png")

        # ...so fixing the template brings the brief back without touching the browser.
        fixed = TEMPLATE.replace('id="title">', 'id="title">Fixed: ')
        _edit_until_rebuilt(server, template, fixed)
        expect(title).to_have_text("Fixed: Situation brief, 14 March", timeout=RELOAD_TIMEOUT_MS)
        page.close()


def test_a_projects_preview_shows_its_logo_and_follows_briefing_toml(
    browser: Browser, tmp_path: Path
) -> None:
    # The real pipeline on the sample project of `briefing init`, as `briefing serve` runs it.
    desk = tmp_path / "desk"
    make_project(desk)
    config = desk / "briefing.toml"
    layers = Layers(config_file=config, environ={})
    render_html, render_pdf = brief_renderers(layers)
    with PreviewServer(
        render_html, render_pdf, port=0, watch_paths=watched_paths(layers), debounce_ms=50
    ) as server:
        page = browser.new_page()
        page.goto(server.url)
        title = page.locator("header.masthead h1")
        expect(title).to_have_text("Morning situation brief")
        logo = page.locator("header.masthead img.logo")
        expect(logo).to_be_visible()
        # Drawn, not a broken image: the logo came inline, under the page's policy.
        assert page.evaluate("document.querySelector('img.logo').naturalWidth") > 0
        # Its invented towns are in no gazetteer: no map, but the chart of its dated reports.
        expect(page.locator("svg.report-chart")).to_be_visible()
        assert page.locator("svg.incident-map").count() == 0
        _screenshot(page, tmp_path, "preview-project.png")
        pdf = page.request.get(server.url + "brief.pdf")
        assert pdf.body().startswith(b"%PDF")

        edited = config.read_text(encoding="utf-8").replace(
            'title = "Morning situation brief"', 'title = "Evening situation brief"'
        )
        _edit_until_rebuilt(server, config, edited)
        expect(title).to_have_text("Evening situation brief", timeout=RELOAD_TIMEOUT_MS)
        page.close()


def test_the_preview_draws_the_map_and_the_chart(
    browser: Browser, sample_brief: Brief, tmp_path: Path
) -> None:
    lima = Location("Lima", "city", "PE", "Peru", -12.05, -77.04)
    quake, *rest = sample_brief.incidents
    brief = replace(sample_brief, incidents=(replace(quake, locations=(lima,)), *rest))
    with PreviewServer(lambda: render_html(brief), port=0, watch_paths=[]) as server:
        page = browser.new_page()
        page.goto(server.url)
        for selector in ("svg.incident-map", "svg.report-chart"):
            picture = page.locator(selector)
            expect(picture).to_be_visible()
            box = picture.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 40
        # Drawn by the browser: the marker's number and the outlines have a size on screen.
        marker = page.locator("svg.incident-map text", has_text="1")
        expect(marker).to_be_visible()
        land = page.evaluate(
            "Array.from(document.querySelectorAll('svg.incident-map path'))"
            ".map(p => p.getBBox().width).reduce((a, b) => Math.max(a, b), 0)"
        )
        assert land > 100
        _screenshot(page, tmp_path, "preview-pictures.png")
        page.close()
