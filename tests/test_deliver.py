"""``briefing send`` end to end: a real SMTP server on loopback, the ledger, the archive."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from smtp_server import RecordingHandler, smtp_server
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import SendSettings, Settings
from briefing.deliver import SendResult, send_brief
from briefing.errors import InputError, RenderError
from briefing.ledger import SentLedger
from briefing.mail import SmtpSettings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NOW = datetime(2023, 9, 23, 7, 0, tzinfo=UTC)
EVERYTHING = date(1990, 1, 1)  # a window that leaves no seed out


def _smtp(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, sender="desk@example.org", tls="none")


def _send(
    inputs: Path, settings: Settings, port: int, out: Path, recipients: list[str]
) -> SendResult:
    return send_brief(
        [inputs],
        replace(settings, since=settings.since or EVERYTHING),
        delivery=SendSettings(to=tuple(recipients)),
        smtp=_smtp(port),
        out_dir=out,
        now=NOW,
    )


def _inputs(tmp_path: Path, *prefixes: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for seed in SEEDS:
        if seed.name[:3] in prefixes:
            shutil.copy(seed, folder / seed.name)
    return folder


def test_send_mails_once_and_archives_the_brief(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, "000", "002")
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        first = _send(
            inputs,
            Settings(title="Caucasus brief"),
            port,
            tmp_path / "out",
            ["a@example.org", "b@example.org"],
        )
        again = _send(
            inputs,
            Settings(title="Caucasus brief"),
            port,
            tmp_path / "out",
            ["a@example.org", "b@example.org"],
        )
    assert first.sent_to == ("a@example.org", "b@example.org")
    assert again.sent_to == () and again.already_sent == ("a@example.org", "b@example.org")
    assert len(handler.received) == 1
    message = handler.received[0].message
    assert message["Subject"] == "Caucasus brief — 23 September 2023"
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "Russia, UN call for cessation" in plain.get_content()
    archive = tmp_path / "out" / "archive" / "2023-09-23"
    assert sorted(p.name for p in archive.iterdir()) == ["brief.html", "brief.json", "brief.pdf"]


def test_a_failed_build_sends_nothing_and_claims_nobody(tmp_path: Path) -> None:
    handler = RecordingHandler()
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "brief.html").write_text("{% if %}", encoding="utf-8")
    with smtp_server(handler) as port:
        with pytest.raises(RenderError):
            _send(
                _inputs(tmp_path, "000"),
                Settings(template_dir=broken),
                port,
                tmp_path / "out",
                ["a@example.org"],
            )
        with pytest.raises(InputError):
            _send(tmp_path / "missing", Settings(), port, tmp_path / "out", ["a@example.org"])
        # The next good run still sends: nothing was claimed by the failures.
        result = _send(
            _inputs(tmp_path, "000"), Settings(), port, tmp_path / "out", ["a@example.org"]
        )
    assert result.sent_to == ("a@example.org",)
    assert len(handler.received) == 1


def test_next_day_marks_incidents_new_updated_and_continuing(tmp_path: Path) -> None:
    handler = RecordingHandler()
    out = tmp_path / "out"
    with smtp_server(handler) as port:
        _send(
            _inputs(tmp_path, "000", "003"),
            Settings(as_of=date(2023, 9, 22)),
            port,
            out,
            ["a@example.org"],
        )
        second = _send(
            _inputs(tmp_path, "000", "002", "003", "004"),
            Settings(as_of=date(2023, 9, 23)),
            port,
            out,
            ["a@example.org"],
        )
    status = {incident.article_ids: incident for incident in second.brief.incidents}
    offensive = next(i for ids, i in status.items() if len(ids) == 2)
    assert offensive.status == "updated"
    assert [a[:3] for a in offensive.new_article_ids] == ["002"]
    by_prefix = {ids[0][:3]: i.status for ids, i in status.items() if len(ids) == 1}
    assert by_prefix == {"003": "continuing", "004": "new"}
    html_part = handler.received[1].message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "updated" in html and "New since the last brief" in html


def test_dry_run_writes_an_eml_and_sends_nothing(tmp_path: Path) -> None:
    result = send_brief(
        [_inputs(tmp_path, "000")],
        Settings(since=EVERYTHING),
        delivery=SendSettings(to=("a@example.org",)),
        smtp=None,
        out_dir=tmp_path / "out",
        now=NOW,
        dry_run=True,
    )
    assert result.eml is not None
    assert result.eml.name == "brief-2023-09-23.eml"
    message = message_from_bytes(result.eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "a@example.org"
    assert [part.get_content_type() for part in message.iter_attachments()] == ["application/pdf"]
    assert result.sent_to == ()
    with SentLedger(tmp_path / "out" / "sent.sqlite3") as ledger:
        assert ledger.claim(date(2023, 9, 23), ["a@example.org"], now=NOW) == ["a@example.org"]


def test_cli_send_reads_smtp_from_the_environment_and_keeps_the_password_out(
    tmp_path: Path,
) -> None:
    handler = RecordingHandler()
    runner = CliRunner()
    with smtp_server(handler, credentials=("desk", "hunter2-secret")) as port:
        env = {
            "BRIEFING_SMTP_HOST": "127.0.0.1",
            "BRIEFING_SMTP_PORT": str(port),
            "BRIEFING_SMTP_FROM": "desk@example.org",
            "BRIEFING_SMTP_TLS": "none",
            "BRIEFING_SMTP_USER": "desk",
            "BRIEFING_SMTP_PASSWORD": "hunter2-secret",
        }
        args = ["send", str(_inputs(tmp_path, "000")), "--to", "a@example.org"]
        args += ["--out", str(tmp_path / "out"), "--since", "2023-01-01", "--verbose"]
        result = runner.invoke(app, args, env=env)
        again = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "sent to a@example.org" in result.output
    assert "already sent today to a@example.org" in again.output
    assert "hunter2-secret" not in result.output + again.output
    assert len(handler.received) == 1


def test_cli_send_without_smtp_settings_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["send", str(_inputs(tmp_path, "000")), "--to", "a@example.org", "-o", str(tmp_path)],
        env={"BRIEFING_SMTP_HOST": ""},
    )
    assert result.exit_code == 2
    assert "no SMTP server" in result.output
