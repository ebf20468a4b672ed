"""``briefing send``: build the brief, then mail it once per recipient per day.

Order matters for "never a half brief": everything is built and rendered in memory first
(a failing build or template raises before anything is claimed or sent), then archived under
``out/archive/<date>/``, then the recipients are claimed in the ledger, then the mail goes out.
A failed send releases its claims so the next run can retry. Once someone accepted the brief,
its articles are recorded in the history (``briefing.history``) as sent: the next day's
incidents are new, updated or continuing against what was sent (a brief only built, or a dry
run, does not count); a brief with nothing new is not sent unless ``always`` is set.

Each recipient gets a message of their own (or, with ``separate = false``, one message with the
recipients in Bcc), with the headers a mail client and a list expect (``Auto-Submitted``,
``List-Id``, ``List-Unsubscribe``) and a ``Message-ID`` made from the day and the recipient: a
retry after a server hung up having accepted the message, or a rerun after ``kill -9``, sends
the same Message-ID, which mail clients show once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from pathlib import Path

from briefing import history as history_store
from briefing.config import (
    SendSettings,
    Settings,
    SmtpSettings,
    brief_moment,
    require_recipients,
    show,
    window_start,
)
from briefing.errors import BriefingError, DeliveryError, EmptyWindowError
from briefing.files import write_folder
from briefing.ledger import SentLedger
from briefing.mail import compose_message, send_message, write_eml
from briefing.models import Brief
from briefing.pipeline import build_brief
from briefing.render import render_all, render_text

logger = logging.getLogger(__name__)

#: A daily brief covers articles dated within this window before the run, by default.
DEFAULT_SINCE = timedelta(hours=24)
LEDGER_NAME = "sent.sqlite3"


@dataclass(frozen=True)
class SendResult:
    """What a send did: to whom, who had it already, who refused, what was written."""

    brief: Brief | None
    sent_to: tuple[str, ...] = ()
    already_sent: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)
    #: Recipients another run claimed and never confirmed: address -> when it started.
    unconfirmed: dict[str, datetime] = field(default_factory=dict)
    eml: tuple[Path, ...] = ()
    archived: tuple[Path, ...] = ()
    #: Nothing new since the last brief sent (or nothing in the window): nothing was sent.
    nothing_new: bool = False
    #: Why the window held no article, when it held none (then ``brief`` is None).
    empty_window: str | None = None
    #: Sent, but the history could not record it (why): the next send may repeat its news.
    not_recorded: str | None = None

    def summary(self) -> list[str]:
        """What the send did, in lines for a person: what the brief held, and to whom it went."""
        lines = [f"wrote {path}" for path in self.eml]
        if self.empty_window:
            lines.append(f"nothing to send: {self.empty_window}")
        elif self.nothing_new:
            held = f"{_contents(self.brief)}; " if self.brief else ""
            lines.append(f"{held}nothing new since the last brief: not sent (--always sends it)")
        elif self.brief is not None and self.eml:
            lines.append(f"{_contents(self.brief)}; not sent (--dry-run)")
        elif self.brief is not None and self.sent_to:
            lines.append(f"{_contents(self.brief)}; sent to {', '.join(self.sent_to)}")
        if self.already_sent:
            lines.append(f"already sent today to {', '.join(self.already_sent)}")
        for address, started in self.unconfirmed.items():
            lines.append(
                f"not sent to {address}: a send was started at {started:%Y-%m-%d %H:%M:%S%z} "
                "and not confirmed (see 'After a crash' in the README)"
            )
        return lines


def _contents(brief: Brief | None) -> str:
    if brief is None:
        return ""
    counts: dict[str, int] = {}
    for incident in brief.incidents:
        mark = brief.mark(incident)
        status = mark.status if mark else "new"
        counts[status] = counts.get(status, 0) + 1
    kinds = ("new", "updated", "continuing")
    marks = ", ".join(f"{counts[key]} {key}" for key in kinds if key in counts)
    incidents = len(brief.incidents)
    return f"{len(brief.articles)} articles, {incidents} incident{'s' * (incidents != 1)}" + (
        f" ({marks})" if marks else ""
    )


def has_news(brief: Brief) -> bool:
    """Whether the brief holds anything not seen the days before (True without a history)."""
    return any(
        (mark := brief.mark(incident)) is None or mark.status != "continuing"
        for incident in brief.incidents
    )


def subject_of(brief: Brief) -> str:
    return f"{brief.title} — {brief.as_of.day} {brief.as_of:%B %Y}"


def message_id(brief: Brief, recipients: Sequence[str], sender: str) -> str:
    """The Message-ID of the brief of a day to some recipients: the same every time.

    A retry or a rerun of the same day sends the same id, so mail clients fold a message
    that reached them twice (SMTP cannot rule that out: see the README).
    """
    addresses = sorted(address.lower() for _, address in getaddresses(list(recipients)))
    digest = hashlib.sha256("\n".join(addresses).encode("utf-8")).hexdigest()[:16]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<briefing.{brief.as_of.isoformat()}.{digest}@{domain}>"


def list_id(brief: Brief, delivery: SendSettings, sender: str) -> str:
    """The List-Id: configured, or made from the title and the sender's domain (RFC 2919)."""
    if delivery.list_id:
        return delivery.list_id
    slug = re.sub(r"[^a-z0-9]+", "-", brief.title.lower()).strip("-") or "brief"
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"{brief.title} <{slug}.{domain}>"


def _compose(
    brief: Brief,
    rendered: dict[str, bytes],
    text: str,
    sender: str,
    recipients: Sequence[str],
    delivery: SendSettings,
    now: datetime,
) -> EmailMessage:
    unsubscribe = delivery.unsubscribe or parseaddr(sender)[1]
    return compose_message(
        subject=subject_of(brief),
        sender=sender,
        recipients=recipients,
        html=rendered["html"].decode("utf-8"),
        text=text,
        pdf=rendered["pdf"],
        pdf_name=f"brief-{brief.as_of.isoformat()}.pdf",
        now=now,
        message_id=message_id(brief, recipients, sender),
        bcc=not delivery.separate,
        headers={
            "Auto-Submitted": "auto-generated",
            "List-Id": list_id(brief, delivery, sender),
            "List-Unsubscribe": f"<mailto:{unsubscribe.removeprefix('mailto:')}>",
        },
    )


def _archive(out_dir: Path, brief: Brief, rendered: dict[str, bytes]) -> list[Path]:
    """The day's folder in the archive, written whole (the old one stays if this fails)."""
    archive = out_dir / "archive" / brief.as_of.isoformat()
    try:
        return write_folder(archive, {f"brief.{name}": data for name, data in rendered.items()})
    except OSError as error:
        path = error.filename or archive
        raise DeliveryError(
            f"cannot write the archive {path}: {error.strerror or error}; nothing was sent"
        ) from error


def send_brief(
    inputs: Sequence[str | Path],
    settings: Settings,
    *,
    delivery: SendSettings,
    smtp: SmtpSettings | None,
    out_dir: Path,
    ledger_path: Path | None = None,
    history: Path | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Build the brief from ``inputs`` and email it to ``delivery.to`` (see the module doc).

    The brief covers articles dated within ``settings.since`` (24 hours before the brief's
    moment when not set: ``now``, or the same time of day on ``settings.as_of``); ``history``
    is the store of articles seen (None: none kept). ``dry_run`` writes the messages to
    ``out_dir`` as .eml files instead of sending (``smtp`` may then be None).
    """
    now = now or datetime.now().astimezone()
    recipients = list(dict.fromkeys(require_recipients(delivery).to))
    window = settings.since or DEFAULT_SINCE
    since = window_start(window, brief_moment(settings, now))
    try:
        brief = build_brief(
            inputs, replace(settings, since=since), now=now, history=history, against="sent"
        )
    except EmptyWindowError as error:
        logger.info("%s", error)
        return SendResult(None, nothing_new=True, empty_window=f"{error} (--since {show(window)})")
    if not has_news(brief) and not delivery.always:
        return SendResult(brief, nothing_new=True)
    rendered = render_all(brief, ("pdf", "html", "json"), template_dir=settings.template_dir)
    text = render_text(brief, template_dir=settings.template_dir)
    archived = tuple(_archive(out_dir, brief, rendered))
    sender = smtp.sender if smtp else "briefing@localhost"
    groups = [[address] for address in recipients] if delivery.separate else [recipients]

    if dry_run:
        paths = []
        for number, group in enumerate(groups, start=1):
            message = _compose(brief, rendered, text, sender, group, delivery, now)
            suffix = f"-{number}" if len(groups) > 1 else ""
            path = out_dir / f"brief-{brief.as_of.isoformat()}{suffix}.eml"
            try:
                paths.append(write_eml(message, path))
            except OSError as error:
                raise DeliveryError(f"cannot write {path}: {error.strerror or error}") from error
        return SendResult(brief, eml=tuple(paths), archived=archived)

    if smtp is None:
        raise ValueError("smtp settings are needed unless dry_run is set")
    try:
        return _send(
            brief, rendered, text, smtp, delivery, groups, out_dir, ledger_path, history,
            archived=archived, now=now, force=force, sleep=sleep,
        )  # fmt: skip
    except sqlite3.Error as error:  # a full disk under the ledger, most likely
        raise DeliveryError(f"the send ledger failed: {error}; see 'After a crash'") from error


def _send(
    brief: Brief,
    rendered: dict[str, bytes],
    text: str,
    smtp: SmtpSettings,
    delivery: SendSettings,
    groups: list[list[str]],
    out_dir: Path,
    ledger_path: Path | None,
    history: Path | None,
    *,
    archived: tuple[Path, ...],
    now: datetime,
    force: bool,
    sleep: Callable[[float], None],
) -> SendResult:
    recipients = [address for group in groups for address in group]
    sent_to: list[str] = []
    refused: dict[str, str] = {}
    failure: DeliveryError | None = None
    with SentLedger(ledger_path or out_dir / LEDGER_NAME) as ledger:
        claimed = ledger.claim(brief.as_of, recipients, now=now, force=force)
        unconfirmed = ledger.unconfirmed(brief.as_of, [r for r in recipients if r not in claimed])
        already = tuple(r for r in recipients if r not in claimed and r not in unconfirmed)
        if already:
            logger.info("already sent today to %s", ", ".join(already))
        for group in groups:
            mine = [address for address in group if address in claimed]
            if not mine:
                continue
            message = _compose(brief, rendered, text, smtp.sender, mine, delivery, now)
            try:
                report = send_message(message, smtp, recipients=mine, sleep=sleep)
            except DeliveryError as error:
                ledger.release(brief.as_of, mine)
                failure = error
                refused.update(dict.fromkeys(mine, str(error)))
                continue
            except BaseException:
                ledger.release(brief.as_of, mine)
                raise
            ledger.mark_sent(brief.as_of, report.accepted, str(message["Message-ID"]), now=now)
            ledger.release(brief.as_of, report.refused)
            sent_to.extend(report.accepted)
            refused.update(report.refused)
    not_recorded = None
    if sent_to and history is not None:
        try:
            history_store.record(history, brief, now=now, sent=True)
        except BriefingError as error:  # the mail went out: say so, and what was lost
            not_recorded = str(error)
    if failure is not None and not sent_to and not already:
        raise failure
    return SendResult(
        brief,
        sent_to=tuple(sent_to),
        already_sent=already,
        refused=refused,
        unconfirmed=unconfirmed,
        archived=archived,
        not_recorded=not_recorded,
    )
