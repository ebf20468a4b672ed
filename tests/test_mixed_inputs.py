"""Issue 5, done: one folder-mix of seeds, saved pages, newsletters, feeds, JSON exports and
the bad-input corpus builds one correct brief: incidents as labelled by hand, copies
collapsed, every skipped input explained, through the real command and a real PDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import Brief, Settings, build_brief

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/data/gold/mixed.json").read_text(encoding="utf-8"))
INPUTS = [ROOT / folder for folder in GOLD["inputs"]]
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def brief() -> Brief:
    return build_brief(INPUTS, Settings(max_incidents=0), now=NOW)


def test_incidents_are_the_labelled_ones(brief: Brief) -> None:
    found = sorted(sorted(incident.article_ids) for incident in brief.incidents)
    labelled = [sorted(group) for group in GOLD["incidents"]]
    grouped = {article_id for group in labelled for article_id in group}
    alone = [[article.id] for article in brief.articles if article.id not in grouped]
    assert found == sorted(labelled + alone)


def test_copies_of_one_story_are_collapsed_and_listed(brief: Brief) -> None:
    copies = {
        article.id: sorted(copy.id for copy in article.copies)
        for article in brief.articles
        if article.copies
    }
    assert copies == GOLD["copies"]
    syndicated = next(article for article in brief.articles if article.id == "regional-wire-3")
    assert {copy.source for copy in syndicated.copies} != {syndicated.source}


def test_every_skipped_input_is_explained(brief: Brief) -> None:
    assert brief.skipped
    for item in brief.skipped:
        assert item.path and item.error
    reasons = " | ".join(f"{item.path}: {item.error}" for item in brief.skipped)
    for expected in (
        "empty.txt: empty file",
        "pdf-saved-as.html: not an article: the file is a PDF document",
        "not-a-feed.xml: not a feed",
        "truncated.json: not valid JSON",
        "only a link or a teaser in the feed (https://",
        "section-front-no-article.html: no article text found in the page",
        "only-attachment.eml: no article text",
    ):
        assert expected in reasons


def test_the_command_builds_the_same_brief_with_a_readable_pdf(
    brief: Brief, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    completed = subprocess.run(
        [sys.executable, "-m", "briefing", "build", *map(str, INPUTS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert len(data["skipped"]) == len(brief.skipped)
    for item in brief.skipped:
        assert Path(item.path.split(" ", 1)[0]).name in completed.stderr
    text = " ".join(page.extract_text() for page in PdfReader(out / "brief.pdf").pages)
    text = " ".join(text.split())
    assert "Russia, UN call for cessation of hostilities in Nagorno-Karabakh" in text
    assert "Also published as" in text
