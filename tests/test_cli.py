"""The ``briefing`` command, through typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_server import loopback

from briefing.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()


def test_help_names_the_commands_and_options() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "build" in result.output
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--title", "--as-of", "--format", "--sentences", "--summarizer"):
        assert option in result.output


def test_build_writes_html_and_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "build",
            str(SEEDS),
            "--out",
            str(out),
            "--format",
            "html",
            "--format",
            "json",
            "--title",
            "Caucasus brief",
            "--as-of",
            "2023-09-30",
            "--sentences",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("brief.*")) == ["brief.html", "brief.json"]
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert data["schema"] == "briefing/2"
    assert data["title"] == "Caucasus brief"
    assert data["as_of"] == "2023-09-30"
    assert len(data["incidents"]) == 4
    assert all(len(incident["summary"]) <= 3 for incident in data["incidents"])
    assert "Caucasus brief" in (out / "brief.html").read_text(encoding="utf-8")


def test_every_summarizer_builds_a_brief(tmp_path: Path) -> None:
    for name in ("lsa", "textrank", "luhn", "edmundson", "kl", "sumbasic", "reduction"):
        result = runner.invoke(
            app, ["build", str(SEEDS), "-o", str(tmp_path), "-f", "json", "--summarizer", name]
        )
        assert result.exit_code == 0, (name, result.output)
        data = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
        assert all(incident["summary"] for incident in data["incidents"]), name


def test_missing_input_is_exit_code_2_without_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nowhere"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_bad_option_values_are_exit_code_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["build", str(SEEDS), "--as-of", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["build", str(SEEDS), "--summarizer", "gpt"]).exit_code == 2
    assert runner.invoke(app, ["build", str(SEEDS), "--sentences", "0"]).exit_code == 2


def test_broken_template_fails_and_leaves_the_previous_brief(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(SEEDS), "-o", str(out), "-f", "html"])
    assert first.exit_code == 0, first.output
    before = (out / "brief.html").read_bytes()
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text("{% for x in %}broken", encoding="utf-8")
    result = runner.invoke(
        app, ["build", str(SEEDS), "-o", str(out), "-f", "html", "--template-dir", str(templates)]
    )
    assert result.exit_code == 1
    assert "brief.html" in result.output
    assert "Traceback" not in result.output
    assert (out / "brief.html").read_bytes() == before
    assert not [p for p in out.glob("brief.*") if p.name != "brief.html"]


def test_broken_article_is_reported_and_skipped(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (inputs / seed.name).write_bytes(seed.read_bytes())
    result = runner.invoke(app, ["build", str(inputs), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "broken.txt" in result.output  # CliRunner mixes stderr in
    data = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert [Path(item["path"]).name for item in data["skipped"]] == ["broken.txt"]


def test_default_input_is_seeds_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The PDF of a real process is read back in tests/test_project.py (the project's build).
    (tmp_path / "seeds").mkdir()
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == len(list(SEEDS.glob("*.txt")))


def test_every_command_has_help() -> None:
    for command in ("build", "send", "schedule", "serve"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_schedule_refuses_a_bad_time_or_timezone_at_once(tmp_path: Path) -> None:
    base = ["schedule", str(SEEDS), "--to", "a@example.org", "--dry-run", "-o", str(tmp_path)]
    result = runner.invoke(app, [*base, "--at", "7am"])
    assert result.exit_code == 2
    assert "time of day" in result.output
    result = runner.invoke(app, [*base, "--tz", "Mars/Olympus"])
    assert result.exit_code == 2
    assert "timezone" in result.output


def test_schedule_without_recipients_is_refused_at_once_not_at_seven(tmp_path: Path) -> None:
    env = {"BRIEFING_SMTP_HOST": "127.0.0.1", "BRIEFING_SMTP_FROM": "desk@example.org"}
    result = runner.invoke(app, ["schedule", str(SEEDS), "-o", str(tmp_path)], env=env)
    assert result.exit_code == 2
    assert "no recipients: give --to ADDRESS, or set to in the [send] table" in result.output
    assert "next brief at" not in result.output


def test_serve_answers_on_loopback_as_a_real_process(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    seed = SEEDS / "002_ea40ac9fa0fa6313.txt"  # one article: the process, not the pipeline
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", str(seed), "--port", str(port), "-q"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        page = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.25)
        assert "Russia, UN call for cessation of hostilities" in page
        assert "/brief.pdf" in page
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_build_reads_a_url_once_then_from_the_cache_and_offline(tmp_path: Path) -> None:
    import http.server

    page = (ROOT / "tests/data/html/karabakh-un-ceasefire-call.html").read_bytes()
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.append(self.path)
            if self.path != "/karabakh.html":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        cache = tmp_path / "cache"
        arguments = [
            "build",
            f"{base}/karabakh.html",
            f"{base}/missing.html",
            str(SEEDS),
            "-o",
            str(tmp_path / "out"),
            "-f",
            "json",
            "--cache-dir",
            str(cache),
            "-q",
        ]
        first = runner.invoke(app, arguments)
        second = runner.invoke(app, arguments)
    offline = runner.invoke(app, [*arguments, "--offline"])
    for result in (first, second, offline):
        assert result.exit_code == 0, result.output
    # The page was fetched once; the cached copy served the second and the offline run.
    assert served.count("/karabakh.html") == 1
    data = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    urls = [article["url"] for article in data["articles"]]
    assert any(url and url.startswith("https://") for url in urls)  # the page's canonical URL
    skipped = {item["path"]: item["error"] for item in data["skipped"]}
    assert f"{base}/missing.html" in skipped


def test_version_prints_the_package_version() -> None:
    from briefing import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"briefing {__version__}\n"


def test_quiet_and_verbose_together_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "-q", "-v"])
    assert result.exit_code == 2
    assert "--quiet and --verbose" in result.output
    assert not list(tmp_path.iterdir())


def test_formats_may_be_comma_separated_as_in_the_config(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(SEEDS), "-o", str(tmp_path), "-f", "json,html", "--since", "24h", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("brief.*")) == ["brief.html", "brief.json"]


def test_a_bad_value_names_its_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "--sentences", "0"])
    assert result.exit_code == 2
    assert "'--sentences'" in result.output and "at least 1" in result.output
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "-f", "pdf,docx"])
    assert result.exit_code == 2
    assert "'--format'" in result.output and "docx" in result.output


def test_config_prints_each_setting_with_its_source_and_masks_the_password(
    tmp_path: Path,
) -> None:
    (tmp_path / "briefing.toml").write_text('title = "Desk"\n[smtp]\nhost = "mail.example.org"\n')
    result = runner.invoke(
        app,
        ["config", "--config", str(tmp_path / "briefing.toml"), "--sentences", "3"],
        env={"BRIEFING_SMTP_PASSWORD": "hunter2-secret", "BRIEFING_SMTP_USER": "desk"},
    )
    assert result.exit_code == 0, result.output
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert '"Desk"' in lines["title"] and "[brief]" in lines["title"]
    assert "command line --sentences" in lines["sentences"]
    assert "default" in lines["summarizer"]
    assert '"mail.example.org"' in lines["host"]
    assert "environment BRIEFING_SMTP_PASSWORD" in lines["password"]
    assert "hunter2-secret" not in result.output
    # What it prints is TOML a user can copy into briefing.toml: values of the right type,
    # settings that are not set as comments.
    printed = tomllib.loads(result.output)
    assert printed["brief"]["sentences"] == 3 and printed["brief"]["offline"] is False
    assert printed["brief"]["formats"] == ["pdf", "html", "json"]
    assert printed["smtp"]["password"] == "********"
    assert "as_of" not in printed["brief"] and "# as_of: not set (today)" in result.output


def test_outside_a_project_the_missing_default_input_says_what_to_do(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "briefing", "build"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "briefing init" in completed.stderr
    assert "Traceback" not in completed.stderr
