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

from briefing.config import Settings
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
    recipients: Sequence[str],
    smtp: SmtpSettings | None,
    out_dir: Path,
    ledger_path: Path | None = None,
    now: datetime | None = None,
    since: timedelta | None = DEFAULT_SINCE,
    dry_run: bool = False,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Build the brief from ``inputs`` and email it to ``recipients`` (see the module doc).

    ``since`` is the window of article dates before ``now`` the brief covers, unless
    ``settings.since`` says otherwise; ``None`` means no window. ``dry_run`` writes the message
    to ``out_dir`` as an .eml file instead of sending (``smtp`` may then be None).
    """
    now = now or datetime.now().astimezone()
    if settings.since is None and since is not None:
        settings = replace(settings, since=(now - since).date())
    brief = build_brief(inputs, settings, now=now)
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
