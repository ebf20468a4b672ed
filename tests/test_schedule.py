"""The daily schedule, driven by an injected clock: no test waits for real time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from briefing import stemming
from briefing.errors import InputError
from briefing.schedule import DailySchedule, parse_time_of_day, parse_timezone, run_daily

BRUSSELS = ZoneInfo("Europe/Brussels")


class FakeClock:
    """A clock that moves only when the loop sleeps (or a test jumps it, like a suspend)."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


def _local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def test_next_run_is_the_same_day_before_the_hour_and_tomorrow_after() -> None:
    schedule = DailySchedule(time(7, 0), BRUSSELS)
    assert schedule.next_run(_local(2026, 5, 4, 6, 59)) == _local(2026, 5, 4, 7, 0)
    assert schedule.next_run(_local(2026, 5, 4, 7, 0)) == _local(2026, 5, 5, 7, 0)


def test_seven_local_stays_seven_local_across_the_spring_change() -> None:
    schedule = DailySchedule(time(7, 0), BRUSSELS)
    before = schedule.next_run(_local(2026, 3, 28, 8, 0))  # clocks go forward on 29 March
    assert before.astimezone(BRUSSELS).hour == 7
    assert before.utcoffset() == timedelta(hours=2)
    day_before = schedule.next_run(_local(2026, 3, 27, 8, 0))
    # Python subtracts same-zone datetimes by wall clock; the real gap is in UTC.
    assert before.astimezone(UTC) - day_before.astimezone(UTC) == timedelta(hours=23)


def test_a_time_skipped_by_the_spring_change_runs_once_that_day() -> None:
    schedule = DailySchedule(time(2, 30), BRUSSELS)
    run = schedule.next_run(_local(2026, 3, 28, 8, 0))
    assert run.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert schedule.next_run(run).date() == datetime(2026, 3, 30).date()


def test_a_time_repeated_by_the_autumn_change_runs_once() -> None:
    schedule = DailySchedule(time(2, 30), BRUSSELS)
    first = schedule.next_run(_local(2026, 10, 24, 8, 0))
    assert first.utcoffset() == timedelta(hours=2)  # the first 02:30 of 25 October
    assert schedule.next_run(first).astimezone(BRUSSELS).date().day == 26


def test_loop_runs_once_a_day_at_the_local_time() -> None:
    clock = FakeClock(_local(2026, 5, 4, 12, 0).astimezone(UTC))
    runs: list[datetime] = []
    made = run_daily(
        runs.append, DailySchedule(time(7, 0), BRUSSELS), clock=clock, sleep=clock.sleep, max_runs=3
    )
    assert made == 3
    assert [run.astimezone(BRUSSELS) for run in runs] == [
        _local(2026, 5, 5, 7, 0),
        _local(2026, 5, 6, 7, 0),
        _local(2026, 5, 7, 7, 0),
    ]
    assert max(clock.slept) <= 30  # short sleeps notice a suspend quickly


def test_machine_asleep_at_the_hour_runs_on_waking_once_for_several_missed_days() -> None:
    schedule = DailySchedule(time(7, 0), BRUSSELS)
    clock = FakeClock(_local(2026, 5, 4, 6, 0).astimezone(UTC))
    runs: list[datetime] = []

    def sleep(seconds: float) -> None:
        if not runs and clock.now >= _local(2026, 5, 4, 6, 30):
            clock.now = _local(2026, 5, 6, 9, 0).astimezone(UTC)  # suspended for two days
        else:
            clock.sleep(seconds)

    run_daily(runs.append, schedule, clock=clock, sleep=sleep, max_runs=2)
    assert runs == [_local(2026, 5, 6, 7, 0), _local(2026, 5, 7, 7, 0)]


def test_a_run_missed_beyond_the_grace_is_skipped_not_sent_stale(
    caplog: pytest.LogCaptureFixture,
) -> None:
    schedule = DailySchedule(time(7, 0), BRUSSELS, misfire_grace=timedelta(hours=2))
    clock = FakeClock(_local(2026, 5, 4, 6, 59).astimezone(UTC))
    runs: list[datetime] = []
    jumped = False

    def sleep(seconds: float) -> None:
        nonlocal jumped
        if not jumped:
            jumped = True
            clock.now = _local(2026, 5, 4, 15, 0).astimezone(UTC)
        else:
            clock.sleep(seconds)

    with caplog.at_level(logging.WARNING, logger="briefing.schedule"):
        run_daily(runs.append, schedule, clock=clock, sleep=sleep, max_runs=1)
    assert runs == [_local(2026, 5, 5, 7, 0)]
    assert "skipped the brief scheduled for 2026-05-04T07:00:00+02:00" in caplog.text


def test_a_failing_run_is_logged_and_the_schedule_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock(_local(2026, 5, 4, 12, 0).astimezone(UTC))
    attempts: list[datetime] = []

    def job(when: datetime) -> None:
        attempts.append(when)
        if len(attempts) == 1:
            raise RuntimeError("SMTP exploded")

    run_daily(job, DailySchedule(time(7, 0), BRUSSELS), clock=clock, sleep=clock.sleep, max_runs=2)
    assert len(attempts) == 2
    assert "SMTP exploded" in caplog.text


def test_time_and_timezone_are_checked() -> None:
    assert parse_time_of_day("07:05") == time(7, 5)
    with pytest.raises(InputError, match="time of day"):
        parse_time_of_day("7am")
    with pytest.raises(InputError, match="25:00"):
        parse_time_of_day("25:00")
    assert parse_timezone("Europe/Brussels") == BRUSSELS
    with pytest.raises(InputError, match="timezone"):
        parse_timezone("Mars/Olympus")


def test_the_words_a_run_stemmed_are_not_kept_until_the_next_run() -> None:
    schedule = DailySchedule(time(7, 0), BRUSSELS)
    clock = FakeClock(_local(2026, 5, 4, 6, 59).astimezone(UTC))
    stemmed: list[int] = []

    def job(_: datetime) -> None:
        stem = stemming.stem_for("english")
        assert stem is not None and stem("running") == "run"
        stemmed.append(stemming.stem_for.cache_info().currsize)

    run_daily(job, schedule, clock=clock, sleep=clock.sleep, max_runs=1)
    assert stemmed == [1]
    assert stemming.stem_for.cache_info().currsize == 0
