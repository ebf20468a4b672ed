"""``briefing init``: a project folder in which every command needs no arguments."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import SUMMARIZERS, load_settings
from briefing.project import make_project, sample_files

runner = CliRunner()


def test_init_then_build_without_arguments_in_a_fresh_folder(tmp_path: Path) -> None:
    # A real process, far from the repository: nothing of the checkout's seeds/ can help.
    made = runner.invoke(app, ["init", str(tmp_path / "desk")])
    assert made.exit_code == 0, made.output
    desk = tmp_path / "desk"
    completed = subprocess.run(
        [sys.executable, "-m", "briefing", "build", "-q"],
        capture_output=True,
        text=True,
        cwd=desk,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr and completed.stdout == ""  # -q
    assert sorted(p.name for p in (desk / "out").glob("brief.*")) == [
        "brief.html",
        "brief.json",
        "brief.pdf",
    ]
    brief = json.loads((desk / "out" / "brief.json").read_text(encoding="utf-8"))
    # The PDF, read back, holds every incident and a direct quote.
    pdf = " ".join(
        " ".join((page.extract_text() or "").replace("\u00ad", "").split())
        for page in PdfReader(desk / "out" / "brief.pdf").pages
    )
    for incident in brief["incidents"]:
        assert " ".join(incident["title"].split()) in pdf
    quotes = [
        q["text"] for actor in brief["actors"] for q in actor["quotes"] if q["kind"] == "direct"
    ]
    assert quotes and any(" ".join(text.split())[:50] in pdf for text in quotes)
    assert brief["title"] == "Morning situation brief"
    # The two flood reports are one incident, the strike another.
    assert sorted(len(incident["articles"]) for incident in brief["incidents"]) == [1, 2]
    assert "<img" in (desk / "out" / "brief.html").read_text(encoding="utf-8")
    # The sample reads as news: no sentence about being a sample reaches the summaries.
    summaries = [s["text"] for incident in brief["incidents"] for s in incident["summary"]]
    assert len(summaries) >= 6
    assert not [text for text in summaries if "sample" in text.lower() or "brief" in text.lower()]


def test_the_sample_config_is_valid_and_names_every_table(tmp_path: Path) -> None:
    make_project(tmp_path)
    text = (tmp_path / "briefing.toml").read_text(encoding="utf-8")
    for table in ("[brief]", "[send]", "[schedule]", "[smtp]"):
        assert table in text
    settings = load_settings(config_file=tmp_path / "briefing.toml", environ={})
    assert settings.inputs == (str(tmp_path / "news"),)
    assert settings.template_dir == tmp_path / "templates"


def test_every_commented_setting_of_the_sample_config_is_a_known_one(tmp_path: Path) -> None:
    # The sample shows settings as comments to uncomment; a renamed setting must not leave a
    # sample that fails once a user uncomments the line.
    text = dict(sample_files())[Path("briefing.toml")].decode("utf-8")
    uncommented = re.sub(r"(?m)^# ([a-z_]+ = )", r"\1", text)
    assert uncommented.count("\n") == text.count("\n") and uncommented != text
    (tmp_path / "briefing.toml").write_text(uncommented, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    settings = load_settings(config_file=tmp_path / "briefing.toml", environ={})
    assert settings.since is not None and settings.follow_links
    # Each summarizer the comment offers is one the table knows, and every one is offered.
    (offered,) = re.findall(r"(?m)^summarizer = .*# or (.*)$", uncommented)
    assert {settings.summarizer, *offered.replace(",", " ").split()} == set(SUMMARIZERS)


def test_init_in_the_working_folder_says_to_build_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "."])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "next: briefing build"
    assert (tmp_path / "briefing.toml").is_file()


def test_init_never_overwrites_a_project(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text('title = "Mine"\n')
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "exists already" in result.output
    assert (tmp_path / "briefing.toml").read_text() == 'title = "Mine"\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.toml"]


def test_the_sample_is_said_to_be_invented_outside_the_articles(tmp_path: Path) -> None:
    made = runner.invoke(app, ["init", str(tmp_path / "desk")])
    assert "invented sample articles" in made.output
    files = dict(sample_files())
    articles = [data for name, data in files.items() if name.parts[0] == "news"]
    assert len(articles) == 3
    assert not [data for data in articles if b"sample" in data.lower()]
    assert b"invented sample articles" in files[Path("briefing.toml")]
