"""``briefing send``: build the brief, then mail it once per recipient per day.

Order matters for "never a half brief": everything is built and rendered in memory first
(a failing build or template raises before anything is claimed or sent), then archived under
``out/archive/<date>/``, then the recipients are claimed in the ledger, then the mail goes out.
A failed send releases its claims so the next run can retry; a successful one is recorded with
what the brief held, which the next brief uses to mark its incidents new, updated or continuing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from briefing.config import SendSettings, Settings, brief_moment, window_start
from briefing.errors import InputError
from briefing.ledger import BriefRecord, SentLedger
from briefing.mail import SmtpSettings, compose_message, send_message, write_eml
from briefing.models import Brief, Incident
from briefing.pipeline import build_brief
from briefing.render import render_all, render_text, write_atomic

logger = logging.getLogger(__name__)

#: A daily brief covers articles dated within this window before the run, by default.
DEFAULT_SINCE = timedelta(hours=24)
LEDGER_NAME = "sent.sqlite3"


@dataclass(frozen=True)
class SendResult:
    """What a send did: to whom, who had it already, who refused, what was written."""

    brief: Brief
    sent_to: tuple[str, ...] = ()
    already_sent: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)
    eml: Path | None = None
    archived: tuple[Path, ...] = ()

    def summary(self) -> list[str]:
        """What the send did, in lines for a person: what the brief held, and to whom it went."""
        lines = []
        if self.eml:
            lines.append(f"wrote {self.eml}")
        if self.sent_to or self.eml:
            lines.append(f"{_contents(self.brief)}; sent to {', '.join(self.sent_to) or 'nobody'}")
        if self.already_sent:
            lines.append(f"already sent today to {', '.join(self.already_sent)}")
        return lines


def _contents(brief: Brief) -> str:
    counts: dict[str, int] = {}
    for incident in brief.incidents:
        counts[incident.status or "new"] = counts.get(incident.status or "new", 0) + 1
    marks = ", ".join(
        f"{counts[key]} {key}" for key in ("new", "updated", "continuing") if key in counts
    )
    incidents = len(brief.incidents)
    return f"{len(brief.articles)} articles, {incidents} incident{'s' * (incidents != 1)}" + (
        f" ({marks})" if marks else ""
    )


def mark_incidents(brief: Brief, previous: BriefRecord | None) -> Brief:
    """Mark each incident new, updated (with its new articles) or continuing.

    An incident continues one of the previous brief when they share an article; it is
    ``updated`` when it also has articles the previous brief did not, ``continuing`` when it
    has none, and ``new`` when it shares nothing. Without a previous brief nothing is marked.
    """
    if previous is None:
        return brief
    seen = set(previous.article_ids)
    marked: list[Incident] = []
    for incident in brief.incidents:
        fresh = tuple(a for a in incident.article_ids if a not in seen)
        if len(fresh) == len(incident.article_ids):
            marked.append(replace(incident, status="new"))
        elif fresh:
            marked.append(replace(incident, status="updated", new_article_ids=fresh))
        else:
            marked.append(replace(incident, status="continuing"))
    return replace(brief, incidents=tuple(marked))


def subject_of(brief: Brief) -> str:
    return f"{brief.title} — {brief.as_of.day} {brief.as_of:%B %Y}"


def _compose(
    brief: Brief,
    rendered: dict[str, bytes],
    text: str,
    sender: str,
    recipients: Sequence[str],
    now: datetime,
) -> EmailMessage:
    return compose_message(
        subject=subject_of(brief),
        sender=sender,
        recipients=recipients,
        html=rendered["html"].decode("utf-8"),
        text=text,
        pdf=rendered["pdf"],
        pdf_name=f"brief-{brief.as_of.isoformat()}.pdf",
        now=now,
    )


def send_brief(
    inputs: Sequence[str | Path],
    settings: Settings,
    *,
    delivery: SendSettings,
    smtp: SmtpSettings | None,
    out_dir: Path,
    ledger_path: Path | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Build the brief from ``inputs`` and email it to ``delivery.to`` (see the module doc).

    The brief covers articles dated within ``settings.since`` (24 hours before the brief's
    moment when not set: ``now``, or the same time of day on ``settings.as_of``). ``dry_run``
    writes the message to ``out_dir`` as an .eml file instead of sending (``smtp`` may then
    be None).
    """
    now = now or datetime.now().astimezone()
    recipients = delivery.to
    if not recipients:
        raise InputError("no recipients: give --to ADDRESS or set to in the [send] table")
    moment = brief_moment(settings, now)
    since = window_start(settings.since or DEFAULT_SINCE, moment)
    brief = build_brief(inputs, replace(settings, since=since), now=now)
    ledger_file = ledger_path or out_dir / LEDGER_NAME
    with SentLedger(ledger_file) as ledger:
        brief = mark_incidents(brief, ledger.last_brief(before=brief.as_of))
        rendered = render_all(brief, ("pdf", "html", "json"), template_dir=settings.template_dir)
        text = render_text(brief, template_dir=settings.template_dir)
        archive = out_dir / "archive" / brief.as_of.isoformat()
        archived = []
        for name, data in rendered.items():
            write_atomic(archive / f"brief.{name}", data)
            archived.append(archive / f"brief.{name}")

        if dry_run:
            sender = smtp.sender if smtp else "briefing@localhost"
            message = _compose(brief, rendered, text, sender, recipients, now)
            eml = write_eml(message, out_dir / f"brief-{brief.as_of.isoformat()}.eml")
            return SendResult(brief, eml=eml, archived=tuple(archived))

        if smtp is None:
            raise ValueError("smtp settings are needed unless dry_run is set")
        to_send = ledger.claim(brief.as_of, recipients, now=now, force=force)
        already = tuple(r for r in dict.fromkeys(recipients) if r not in to_send)
        if already:
            logger.info("already sent today to %s", ", ".join(already))
        if not to_send:
            return SendResult(brief, already_sent=already, archived=tuple(archived))
        message = _compose(brief, rendered, text, smtp.sender, to_send, now)
        try:
            report = send_message(message, smtp, recipients=to_send, sleep=sleep)
        except BaseException:
            ledger.release(brief.as_of, to_send)
            raise
        ledger.mark_sent(brief.as_of, report.accepted, str(message["Message-ID"]), now=now)
        ledger.release(brief.as_of, report.refused)
        ledger.record_brief(
            brief.as_of,
            generated_at=brief.generated_at,
            incidents={i.id: i.article_ids for i in brief.incidents},
            article_ids=[a.id for a in brief.articles],
        )
        return SendResult(
            brief,
            sent_to=report.accepted,
            already_sent=already,
            refused=report.refused,
            archived=tuple(archived),
        )
