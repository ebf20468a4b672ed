"""The systemd units and the cron line of contrib/, run as their service manager would run them."""

from __future__ import annotations

import configparser
import os
import shlex
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from smtp_server import RecordingHandler, smtp_environment, smtp_server

from briefing.project import make_project

CONTRIB = Path(__file__).resolve().parent.parent / "contrib"
PROGRAM = "/srv/desk/.venv/bin/briefing"


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    unit.read_string((CONTRIB / "systemd" / name).read_text(encoding="utf-8"))
    return unit


def _command(line: str) -> list[str]:
    """The unit's command with this checkout's interpreter in place of the installed program."""
    words = shlex.split(line)
    assert words[0] == PROGRAM
    return [sys.executable, "-m", "briefing", *words[1:]]


def _smtp_env(port: int) -> dict[str, str]:
    return {**os.environ, **smtp_environment(port), "BRIEFING_SEND_TO": "desk@example.org"}


def test_the_schedule_service_runs_in_the_foreground_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    unit = _unit("briefing-schedule.service")
    service = unit["Service"]
    assert service["Type"] == "simple" and service["Restart"] == "on-failure"
    assert service["WorkingDirectory"] == "/srv/desk"
    make_project(tmp_path)
    with smtp_server(RecordingHandler()) as port:
        process = subprocess.Popen(
            _command(service["ExecStart"]),
            cwd=tmp_path,
            env=_smtp_env(port),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            assert "sending the brief daily at 07:00 UTC; next brief at" in first
            process.send_signal(signal.SIGTERM)  # what `systemctl stop` sends
            assert process.wait(timeout=20) == 0  # at once, not after a sleep: a clean stop
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_the_timer_starts_the_send_service_daily_and_catches_up() -> None:
    timer = _unit("briefing-send.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 07:00:00 Europe/Brussels"
    assert timer["Persistent"] == "true"
    service = _unit("briefing-send.service")["Service"]
    assert service["Type"] == "oneshot"
    assert shlex.split(service["ExecStart"])[1:] == ["send", "-q"]


def test_the_cron_line_sends_once_at_the_hour_under_debian_sh(tmp_path: Path) -> None:
    text = (CONTRIB / "cron" / "briefing").read_text(encoding="utf-8")
    assert "CRON_TZ" not in text.replace("no\nCRON_TZ", "").split("# In a crontab")[-1]
    (line,) = [row for row in text.splitlines() if row and row[0] != "#" and "=" not in row[:8]]
    minute, hour, day, month, weekday, user, command = line.split(None, 6)
    assert (minute, hour, day, month, weekday, user) == ("0", "*", "*", "*", "*", "briefing")
    assert "%" not in command.replace("\\%", "")  # cron would cut the line at a bare %
    zone = command.split("TZ=", 1)[1].split(" ", 1)[0]
    # Run it as cron does (sh -c, its % unescaped), in a project folder, now pretending the
    # zone's hour is the current one so the line lets the run through; with the true hour of
    # another zone it must not.
    shell = command.replace("\\%", "%").replace("cd /srv/desk", f"cd {shlex.quote(str(tmp_path))}")
    shell = shell.replace(PROGRAM, shlex.join([sys.executable, "-m", "briefing"]))
    make_project(tmp_path)
    # The sample's articles are dated 2025, outside send's 24 hours; an undated one is new.
    (tmp_path / "news" / "today.txt").write_text(
        "Ferry service to the islands halted by a storm\n\n"
        "The ferry service to the outer islands was halted as a storm closed the harbour, "
        "the operator said, leaving about 300 passengers waiting at the terminal.\n",
        encoding="utf-8",
    )
    now_there = datetime.now(ZoneInfo(zone)).strftime("%H")
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        through = subprocess.run(
            ["/bin/sh", "-c", shell.replace("= 07 ]", f"= {now_there} ]")],
            env=_smtp_env(port), capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        other_hour = f"{(int(now_there) + 1) % 24:02d}"
        held = subprocess.run(
            ["/bin/sh", "-c", shell.replace("= 07 ]", f"= {other_hour} ]")],
            env=_smtp_env(port), capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    assert through.returncode == 0, through.stderr
    assert through.stdout == "" and through.stderr == ""  # -q: cron mails only errors
    assert len(handler.received) == 1
    assert held.returncode == 1 and held.stderr == ""  # the hour test, not briefing, said no
