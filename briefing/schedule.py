"""A daily run at a wall-clock time in a chosen timezone, in the foreground.

``briefing schedule`` is a long-lived process for containers and systemd. The next run time
comes from APScheduler's ``CronTrigger``, which does the timezone arithmetic we do not want to
own (daylight-saving gaps and repeats). The loop around it is ours because it must be testable
with an injected clock and must notice a machine waking from sleep:

- **Daylight saving.** A time that does not exist on the day clocks go forward (02:30 in most of
  Europe) runs once, an hour later by the wall clock; a time that happens twice when clocks go
  back runs once, at its first occurrence.
- **Asleep at the hour.** The loop sleeps in short steps and compares wall-clock times, so after a
  suspend it sees at once that the hour has passed. A run missed by less than ``misfire_grace``
  (default 12 hours) happens on waking; older misses are logged and skipped, and several missed
  days coalesce into a single run, never a burst of stale briefs.
- **A failing run** is logged and the schedule goes on to the next day; it never kills the
  process (the send step itself guarantees that a failed build sends nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from briefing import caches
from briefing.config import ScheduleSettings
from briefing.errors import InputError

logger = logging.getLogger(__name__)

#: The longest single sleep: after a suspend the loop notices the time within this much.
MAX_SLEEP = timedelta(seconds=30)


def parse_time_of_day(value: str) -> time:
    """``"07:00"`` -> ``time(7, 0)``; InputError for anything else."""
    try:
        hour_text, minute_text = value.strip().split(":")
        return time(int(hour_text), int(minute_text))
    except ValueError:
        raise InputError(f"--at {value!r} is not a time of day like 07:00") from None


def parse_timezone(name: str) -> ZoneInfo:
    """An IANA timezone such as ``Europe/Brussels``; InputError when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz {name!r} is not a known timezone (e.g. Europe/Brussels)") from None


@dataclass(frozen=True)
class DailySchedule:
    """Every day at ``at`` in ``tz``."""

    at: time
    tz: ZoneInfo
    misfire_grace: timedelta = timedelta(hours=12)

    @classmethod
    def from_settings(cls, settings: ScheduleSettings) -> DailySchedule:
        """The schedule of a ``[schedule]`` table (``at``, ``tz``)."""
        return cls(parse_time_of_day(settings.at), parse_timezone(settings.tz))

    def next_run(self, after: datetime) -> datetime:
        """The first run time strictly after ``after`` (an aware datetime), in ``tz``."""
        trigger = CronTrigger(hour=self.at.hour, minute=self.at.minute, timezone=self.tz)
        # CronTrigger returns the first fire time at or after "now"; we want strictly after.
        candidate: datetime = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
        local_after = after.astimezone(self.tz)
        if (
            candidate.astimezone(self.tz).date() == local_after.date()
            and local_after.time().replace(fold=0) >= self.at
        ):
            # The hour repeats when clocks go back: that day has had its run already.
            next_day = datetime.combine(local_after.date() + timedelta(days=1), time(), self.tz)
            candidate = trigger.get_next_fire_time(None, next_day)
        return candidate


Clock = Callable[[], datetime]
Sleep = Callable[[float], None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run_daily(
    job: Callable[[datetime], None],
    schedule: DailySchedule,
    *,
    clock: Clock = _utc_now,
    sleep: Sleep | None = None,
    stop: threading.Event | None = None,
    max_runs: int | None = None,
) -> int:
    """Call ``job(scheduled_time)`` every day at the schedule's time until ``stop`` is set.

    ``clock`` and ``sleep`` are injected so tests can drive days in microseconds (by default
    the loop waits on ``stop``, so SIGTERM ends it at once, not after the sleep); ``max_runs``
    ends the loop after that many runs (tests, and ``--once``-style use). Returns the number of
    runs made.
    """
    stop = stop or threading.Event()
    event = stop

    def wait(seconds: float) -> None:
        event.wait(seconds)

    pause: Sleep = sleep or wait
    runs = 0
    due = schedule.next_run(clock())  # the caller says when it starts; the loop after each run
    while not stop.is_set():
        now = clock()
        if now < due:
            pause(min((due - now).total_seconds(), MAX_SLEEP.total_seconds()))
            continue
        # Coalesce: of all the runs missed while asleep, only the latest one counts.
        following = schedule.next_run(due)
        while following <= now:
            due, following = following, schedule.next_run(following)
        late = now - due
        if late <= schedule.misfire_grace:
            if late > MAX_SLEEP:
                logger.warning("running the %s brief late (the machine was asleep?)", due)
            try:
                job(due)
            except Exception:  # a failed day must not end the schedule
                logger.exception("the brief scheduled for %s failed", due.isoformat())
            finally:
                caches.clear()  # a day's words are not kept until the next day's run
            runs += 1
            if max_runs is not None and runs >= max_runs:
                break
        else:
            logger.warning(
                "skipped the brief scheduled for %s: missed by %s", due.isoformat(), late
            )
        due = following
        logger.info("next brief at %s", due.isoformat())
    return runs
