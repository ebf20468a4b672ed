"""``briefing send`` end to end: a real SMTP server on loopback, the ledger, the archive."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from smtp_server import RecordingHandler, smtp_environment, smtp_server
from typer.testing import CliRunner

from briefing.cli import Run, app, daily_job
from briefing.config import Layers, SendSettings, Settings
from briefing.deliver import SendResult, send_brief
from briefing.errors import DeliveryError, InputError, RenderError
from briefing.ledger import SentLedger
from briefing.mail import SmtpSettings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NOW = datetime(2023, 9, 23, 7, 0, tzinfo=UTC)
EVERYTHING = date(1990, 1, 1)  # a window that leaves no seed out


def _smtp(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, sender="desk@example.org", tls="none")


def _send(
    inputs: Path,
    settings: Settings,
    port: int,
    out: Path,
    recipients: list[str],
    *,
    always: bool = False,
) -> SendResult:
    return send_brief(
        [inputs],
        replace(settings, since=settings.since or EVERYTHING),
        delivery=SendSettings(to=tuple(recipients), always=always),
        smtp=_smtp(port),
        out_dir=out,
        now=NOW,
        history=out / "seen.sqlite3",
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
    assert len(handler.received) == 2  # one message per recipient, each once
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
        first = _send(
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
    assert second.brief is not None and first.brief is not None
    status = {incident.article_ids: incident for incident in second.brief.incidents}
    offensive = next(i for ids, i in status.items() if len(ids) == 2)
    mark = second.brief.marks[offensive.id]
    assert mark.status == "updated"
    assert [a[:3] for a in mark.new_article_ids] == ["002"]
    # The offensive keeps its id from the day before.
    assert offensive.id in {incident.id for incident in first.brief.incidents}
    by_prefix = {
        ids[0][:3]: second.brief.marks[i.id].status for ids, i in status.items() if len(ids) == 1
    }
    assert by_prefix == {"003": "continuing", "004": "new"}
    html_part = handler.received[1].message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "updated" in html and "New since the last brief" in html
    assert "No new reports since the last brief" in html


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
    (eml,) = result.eml
    assert eml.name == "brief-2023-09-23.eml"
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "a@example.org"
    assert [part.get_content_type() for part in message.iter_attachments()] == ["application/pdf"]
    assert result.sent_to == ()
    with SentLedger(tmp_path / "out" / "sent.sqlite3") as ledger:
        assert ledger.claim(date(2023, 9, 23), ["a@example.org"], now=NOW) == ["a@example.org"]


def test_the_email_names_no_local_file_and_no_unreadable_input(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, "000", "001")
    (inputs / "garbled.txt").write_bytes(b"\x00\x01\x02 not an article \xff" * 40)
    result = send_brief(
        [inputs],
        Settings(since=EVERYTHING),
        delivery=SendSettings(to=("a@example.org",)),
        smtp=None,
        out_dir=tmp_path / "out",
        now=NOW,
        dry_run=True,
    )
    assert result.brief is not None and result.brief.skipped
    (eml,) = result.eml
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    for kind in ("plain", "html"):
        part = message.get_body((kind,))
        assert part is not None
        shown = part.get_content()
        assert str(tmp_path) not in shown and "garbled.txt" not in shown
        assert result.brief.skipped[0].error not in shown
        for article in result.brief.articles:
            assert article.path not in shown


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


UNDATED_FLOOD = (
    "River floods the old quarter of Veldhaven\n\n"
    "The river Ander burst its banks in Veldhaven, flooding the old quarter of the town and "
    "forcing about 1,200 residents from their homes.\n\n"
    "Emergency crews in Veldhaven used boats to reach families trapped on upper floors.\n"
)
UNDATED_STRIKE = (
    "Dock workers strike at the port of Marisol\n\n"
    "Dock workers at the port of Marisol walked out in a dispute over night-shift rotas, "
    "leaving a dozen container ships waiting at anchor off the harbour.\n\n"
    "The Marisol dockers' union said the port authority changed the rotas without asking.\n"
)


def _undated(tmp_path: Path) -> Path:
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "flood.txt").write_text(UNDATED_FLOOD, encoding="utf-8")
    (folder / "strike.txt").write_text(UNDATED_STRIKE, encoding="utf-8")
    return folder


def test_undated_articles_go_out_once_as_new_and_then_not_again(tmp_path: Path) -> None:
    inputs, out = _undated(tmp_path), tmp_path / "out"
    handler = RecordingHandler()
    runner = CliRunner()
    base = ["send", str(inputs), "--to", "a@example.org", "-o", str(out)]
    with smtp_server(handler) as port:
        env = smtp_environment(port)
        first = runner.invoke(app, [*base, "--as-of", "2024-03-04"], env=env)
        second = runner.invoke(app, [*base, "--as-of", "2024-03-05"], env=env)
        third = runner.invoke(app, [*base, "--as-of", "2024-03-06"], env=env)
        forced = runner.invoke(app, [*base, "--as-of", "2024-03-05", "--always"], env=env)
    for result in (first, second, third, forced):
        assert result.exit_code == 0, result.output
    assert "2 articles, 2 incidents" in first.output and "sent to a@example.org" in first.output
    assert "nothing new since the last brief: not sent" in second.output
    # Out of the 24-hour window by now: a quiet day, said as such (--always cannot help).
    assert (
        "nothing to send: no article dated between 2024-03-05 and 2024-03-06 (--since 24h)"
        in third.output
    )
    assert len(handler.received) == 2  # the first day's, and the one sent --always
    plain = handler.received[1].message.get_body(("plain",))
    assert plain is not None
    assert "[CONTINUING]" in plain.get_content() and "[NEW]" not in plain.get_content()


def test_a_brief_built_the_day_before_and_not_sent_is_mailed_as_new(tmp_path: Path) -> None:
    inputs, out = _undated(tmp_path), tmp_path / "out"
    handler = RecordingHandler()
    runner = CliRunner()
    looked = runner.invoke(app, ["build", str(inputs), "-o", str(out), "--as-of", "2024-03-04"])
    assert looked.exit_code == 0, looked.output
    base = ["send", str(inputs), "--to", "a@example.org", "-o", str(out)]
    with smtp_server(handler) as port:
        mailed = runner.invoke(app, [*base, "--as-of", "2024-03-05"], env=smtp_environment(port))
    assert mailed.exit_code == 0, mailed.output
    assert "2 articles, 2 incidents (2 new); sent to a@example.org" in mailed.output
    (received,) = handler.received
    plain = received.message.get_body(("plain",))
    assert plain is not None and "[CONTINUING]" not in plain.get_content()


def test_the_same_brief_with_a_fixed_clock_is_new_once(tmp_path: Path) -> None:
    inputs, out = _undated(tmp_path), tmp_path / "out"
    handler = RecordingHandler()
    results = []
    with smtp_server(handler) as port:
        for day in (4, 5):
            now = datetime(2024, 3, day, 7, 0, tzinfo=UTC)
            results.append(
                send_brief(
                    [inputs],
                    Settings(),
                    delivery=SendSettings(to=("a@example.org",)),
                    smtp=_smtp(port),
                    out_dir=out,
                    now=now,
                    history=out / "seen.sqlite3",
                )
            )
    first, second = results
    assert first.sent_to == ("a@example.org",) and not first.nothing_new
    assert second.nothing_new and second.sent_to == ()
    assert second.brief is not None
    assert {mark.status for mark in second.brief.marks.values()} == {"continuing"}
    assert len(handler.received) == 1


def test_each_recipient_gets_a_message_of_their_own_with_list_headers(tmp_path: Path) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        _send(_inputs(tmp_path, "000"), Settings(), port, tmp_path / "out", ["a@x.org", "b@y.org"])
    assert sorted(r.recipients[0] for r in handler.received) == ["a@x.org", "b@y.org"]
    ids = set()
    for received in handler.received:
        message = received.message
        assert received.recipients == [message["To"]]  # nobody sees the other address
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["List-Id"].endswith("<situation-brief.example.org>")
        assert message["List-Unsubscribe"] == "<mailto:desk@example.org>"
        ids.add(message["Message-ID"])
    assert len(ids) == 2


def test_one_message_in_bcc_names_no_recipient(tmp_path: Path) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        send_brief(
            [_inputs(tmp_path, "000")],
            Settings(since=EVERYTHING),
            delivery=SendSettings(
                to=("a@x.org", "b@y.org"),
                separate=False,
                list_id="Desk <desk.example.org>",
                unsubscribe="leave@example.org",
            ),
            smtp=_smtp(port),
            out_dir=tmp_path / "out",
            now=NOW,
        )
    (received,) = handler.received
    assert sorted(received.recipients) == ["a@x.org", "b@y.org"]
    raw = received.data.decode("utf-8", "replace")
    head = raw.split("\r\n\r\n", 1)[0]
    assert "a@x.org" not in head and "b@y.org" not in head
    assert received.message["List-Id"] == "Desk <desk.example.org>"
    assert received.message["List-Unsubscribe"] == "<mailto:leave@example.org>"


def test_a_server_that_hangs_up_after_data_gets_the_same_message_id_again(
    tmp_path: Path,
) -> None:
    # The server takes the message and hangs up before saying so, on every try of the first
    # run: the client cannot know it arrived. The next run sends it again, with the same id.
    handler = RecordingHandler(hang_ups_after_data=4)
    out = tmp_path / "out"
    inputs = _inputs(tmp_path, "000")
    with smtp_server(handler) as port:
        with pytest.raises(DeliveryError):
            send_brief(
                [inputs],
                Settings(since=EVERYTHING),
                delivery=SendSettings(to=("a@example.org",)),
                smtp=_smtp(port),
                out_dir=out,
                now=NOW,
                sleep=lambda seconds: None,
            )
        again = _send(inputs, Settings(), port, out, ["a@example.org"])
    assert again.sent_to == ("a@example.org",)
    assert len(handler.received) == 5
    assert len({received.message["Message-ID"] for received in handler.received}) == 1


def test_after_a_killed_send_the_rerun_says_what_is_known(tmp_path: Path) -> None:
    out = tmp_path / "out"
    started = datetime(2023, 9, 23, 6, 59, 30, tzinfo=UTC)
    # What `kill -9` between the claim and the confirmation leaves: a claim of another run.
    with SentLedger(out / "sent.sqlite3") as killed:
        assert killed.claim(date(2023, 9, 23), ["a@example.org"], now=started) == ["a@example.org"]
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        result = _send(_inputs(tmp_path, "000"), Settings(), port, out, ["a@example.org"])
    assert result.sent_to == () and result.already_sent == ()
    assert result.unconfirmed == {"a@example.org": started}
    (line,) = [line for line in result.summary() if "not confirmed" in line]
    assert "a send was started at 2023-09-23 06:59:30+0000 and not confirmed" in line
    assert handler.received == []


def test_a_full_disk_during_send_is_one_line_and_nothing_is_sent(tmp_path: Path) -> None:
    # A real process whose files may not grow past 20 KB (as on a full disk, writes fail
    # with an OSError): the PDF of the archive cannot be written.
    import resource
    import signal
    import subprocess
    import sys

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    handler = RecordingHandler()
    with smtp_server(handler) as port:
        completed = subprocess.run(
            [sys.executable, "-m", "briefing", "send", str(_inputs(tmp_path, "000")),
             "--to", "a@example.org", "-o", str(tmp_path / "out"), "--since", "2023-01-01"],
            capture_output=True, text=True, timeout=180, check=False,
            env={**os.environ, **smtp_environment(port)}, preexec_fn=small_disk,
        )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    errors = [line for line in completed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "nothing was sent" in errors[0], completed.stderr
    assert handler.received == []


def test_a_logo_in_the_users_templates_travels_inside_the_email(tmp_path: Path) -> None:
    from briefing.project import make_project

    make_project(tmp_path / "desk")
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        _send(
            _inputs(tmp_path, "000"),
            Settings(template_dir=tmp_path / "desk" / "templates"),
            port,
            tmp_path / "out",
            ["a@example.org"],
        )
    html_part = handler.received[0].message.get_body(("html",))
    assert html_part is not None
    assert 'src="data:image/svg+xml;base64,' in html_part.get_content()


def test_a_send_whose_history_cannot_be_written_says_it_was_sent_and_not_remembered(
    tmp_path: Path,
) -> None:
    inputs, out = _undated(tmp_path), tmp_path / "out"
    (out / "seen.sqlite3").mkdir(parents=True)  # not a file a history can be kept in
    handler = RecordingHandler()
    runner = CliRunner()
    args = ["send", str(inputs), "--to", "a@example.org", "-o", str(out), "-q"]
    with smtp_server(handler) as port:
        result = runner.invoke(app, args, env=smtp_environment(port))
    assert len(handler.received) == 1
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: sent, but not remembered: cannot open the history")
    built = runner.invoke(app, ["build", str(inputs), "-o", str(out), "-f", "json", "-q"])
    assert built.exit_code == 1 and (out / "brief.json").is_file()
    assert built.stderr.startswith("error: the brief was written, but not remembered:")


def test_the_schedules_job_sends_the_brief_of_the_scheduled_day_in_its_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    inputs, out = _undated(tmp_path), tmp_path / "out"
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        layers = Layers(
            files={
                "brief": {"inputs": [str(inputs)], "out": str(out)},
                "send": {"to": ["a@x.org"]},
            },
            environ=smtp_environment(port),
        )
        job = daily_job(
            Run(layers, quiet=False, verbose=False), ZoneInfo("Europe/Brussels"), dry_run=False
        )
        # 23:30 UTC on the 4th is 00:30 on the 5th in Brussels: the brief of the 5th.
        job(datetime(2024, 3, 4, 23, 30, tzinfo=UTC))
        job(datetime(2024, 3, 4, 23, 45, tzinfo=UTC))  # run twice that day: sent once
        shutil.rmtree(inputs)
        job(datetime(2024, 3, 5, 23, 30, tzinfo=UTC))  # a failing day is logged, not raised
    (received,) = handler.received
    assert received.message["Subject"] == "Situation brief — 5 March 2024"
    printed = capsys.readouterr().out
    assert "sent to a@x.org" in printed and "already sent today to a@x.org" in printed
    assert "the 2024-03-06 brief failed" in caplog.text


def test_a_full_disk_while_archiving_leaves_the_days_archive_whole(tmp_path: Path) -> None:
    # A template that pads the HTML makes it the largest file of the three; a process whose
    # files may not grow past 120 KB (as a full disk) then writes the PDF and fails on it.
    import json
    import resource
    import signal
    import subprocess
    import sys

    templates = tmp_path / "templates"
    templates.mkdir()
    padding = "<!-- " + "padding " * 20_000 + " -->"
    (templates / "brief.html").write_text(
        '{% extends "default/brief.html" %}{% block head %}' + padding + "{% endblock %}"
    )

    def send(title: str, file_limit: int | None) -> subprocess.CompletedProcess[str]:
        def small_disk() -> None:
            if file_limit is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

        return subprocess.run(
            [sys.executable, "-m", "briefing", "send", str(_inputs(tmp_path, "000")),
             "--to", "a@example.org", "-o", str(tmp_path / "out"), "--dry-run",
             "--since", "2023-01-01", "--as-of", "2023-09-23", "--title", title,
             "--template-dir", str(templates)],
            capture_output=True, text=True, timeout=180, check=False, preexec_fn=small_disk,
        )  # fmt: skip

    assert send("Monday brief", None).returncode == 0
    archive = tmp_path / "out" / "archive" / "2023-09-23"
    before = {path.name: path.read_bytes() for path in archive.iterdir()}
    assert len(before["brief.pdf"]) < 120_000 < len(before["brief.html"])
    failed = send("Tuesday brief", 120_000)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "cannot write the archive" in failed.stderr
    assert {path.name: path.read_bytes() for path in archive.iterdir()} == before
    assert json.loads(before["brief.json"])["title"] == "Monday brief"
    assert [path.name for path in archive.parent.iterdir()] == ["2023-09-23"]
