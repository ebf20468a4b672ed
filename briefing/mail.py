"""Email: SMTP settings, the brief as a multipart message, and sending with retries.

The message is what mail clients handle well: ``multipart/mixed`` holding a
``multipart/alternative`` (a plain-text part that reads on its own, then HTML with every CSS
rule inlined into ``style`` attributes, since Gmail and Outlook drop ``<style>`` blocks and
never load external resources) and the PDF attached.

The SMTP password comes from the environment (or a config file) and is never put in a log
line, an error message or a repr.
"""

from __future__ import annotations

import logging
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Literal

import css_inline

from briefing.errors import DeliveryError, InputError
from briefing.render import write_atomic

logger = logging.getLogger(__name__)

TlsMode = Literal["none", "starttls", "ssl"]
_DEFAULT_PORTS: dict[str, int] = {"none": 25, "starttls": 587, "ssl": 465}
_ENV = "BRIEFING_SMTP_"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. ``password`` never appears in repr, logs or errors."""

    host: str
    port: int
    sender: str
    tls: TlsMode = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def from_sources(
        cls, config: Mapping[str, object] | None, environ: Mapping[str, str]
    ) -> SmtpSettings:
        """The ``[smtp]`` table of a config file, overridden by ``BRIEFING_SMTP_*`` variables."""
        values: dict[str, object] = dict(config or {})
        for key in ("host", "port", "user", "password", "from", "tls", "timeout"):
            raw = environ.get(_ENV + key.upper())
            if raw:
                values[key] = raw
        unknown = set(values) - {"host", "port", "user", "password", "from", "tls", "timeout"}
        if unknown:
            raise InputError(f"smtp settings: unknown key {sorted(unknown)[0]!r}")
        host = str(values.get("host") or "")
        if not host:
            raise InputError(f"no SMTP server: set {_ENV}HOST or host in the [smtp] table")
        sender = str(values.get("from") or "")
        if "@" not in sender:
            raise InputError(f"no sender address: set {_ENV}FROM or from in the [smtp] table")
        tls = str(values.get("tls") or "starttls").lower()
        if tls not in _DEFAULT_PORTS:
            raise InputError(f"{_ENV}TLS must be none, starttls or ssl, not {tls!r}")
        try:
            port = int(str(values.get("port") or _DEFAULT_PORTS[tls]))
            timeout = float(str(values.get("timeout") or 30.0))
        except ValueError as error:
            raise InputError(f"smtp settings: port and timeout must be numbers ({error})") from None
        user = values.get("user")
        password = values.get("password")
        return cls(
            host=host,
            port=port,
            sender=sender,
            tls=tls,  # type: ignore[arg-type]
            user=str(user) if user else None,
            password=str(password) if password else None,
            timeout=timeout,
        )


_SCRIPT_OR_LINK = re.compile(r"<script\b.*?</script>|<link\b[^>]*>", re.IGNORECASE | re.DOTALL)
_REMOTE_ATTRIBUTE = re.compile(
    r"""\s(?:src|background|srcset)\s*=\s*(["'])\s*(?:https?:|//|file:)[^"']*\1""", re.IGNORECASE
)


def inline_css(html: str) -> str:
    """HTML for mail clients: CSS inlined into style attributes, nothing loaded from outside."""
    html = _SCRIPT_OR_LINK.sub("", html)
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)
    inlined = inliner.inline(html)
    return _REMOTE_ATTRIBUTE.sub("", inlined)


def compose_message(
    *,
    subject: str,
    sender: str,
    recipients: Sequence[str],
    html: str,
    text: str,
    pdf: bytes | None,
    pdf_name: str,
    now: datetime,
    domain: str | None = None,
) -> EmailMessage:
    """The brief as a mail: text and inlined HTML alternatives, the PDF attached."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(
        idstring="briefing", domain=domain or sender.rpartition("@")[2] or None
    )
    message["MIME-Version"] = "1.0"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(inline_css(html), subtype="html", charset="utf-8")
    if pdf is not None:
        message.make_mixed()
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message as an ``.eml`` file, atomically (``--dry-run``)."""
    write_atomic(path, message.as_bytes())
    return path


@dataclass(frozen=True)
class SendReport:
    """Who took the message, and who refused it with the server's words."""

    accepted: tuple[str, ...]
    refused: dict[str, str]
    attempts: int


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls == "ssl":
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.tls == "starttls":
        connection.starttls(context=ssl.create_default_context())
    return connection


def _login(connection: smtplib.SMTP, settings: SmtpSettings) -> None:
    """Log in with one mechanism, so a wrong password is one clear 535, not a cascade.

    smtplib's ``login`` tries every mechanism in turn after a refusal, which some servers
    answer by hanging up: that would look like a transient failure and be retried.
    """
    connection.ehlo_or_helo_if_needed()
    advertised = connection.esmtp_features.get("auth", "").upper().split()
    connection.user, connection.password = settings.user or "", settings.password or ""
    if "PLAIN" in advertised:
        connection.auth("PLAIN", connection.auth_plain)
    elif "LOGIN" in advertised:
        connection.auth("LOGIN", connection.auth_login)
    else:
        connection.login(settings.user or "", settings.password or "")


def _is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPServerDisconnected | socket.timeout | OSError)


def _describe(error: Exception) -> str:
    # smtplib errors may echo what was sent; the AUTH line is never among what we describe.
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def send_message(
    message: EmailMessage,
    settings: SmtpSettings,
    *,
    recipients: Sequence[str],
    retries: int = 3,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SendReport:
    """Send to ``recipients``; retry transient failures, report permanent refusals per recipient.

    Transient: connection errors, timeouts, 4xx replies; retried ``retries`` times with
    exponential backoff (``backoff``, then twice that, ...). Permanent: 5xx replies, reported
    per recipient without retrying. Raises DeliveryError when nobody accepted the message.
    """
    pending = list(recipients)
    refused: dict[str, str] = {}
    attempt = 0
    while True:
        attempt += 1
        try:
            with _connect(settings) as connection:
                if settings.user:
                    _login(connection, settings)
                rejected = connection.send_message(
                    message, from_addr=settings.sender, to_addrs=pending
                )
        except smtplib.SMTPRecipientsRefused as error:
            transient = {
                address: reply
                for address, reply in error.recipients.items()
                if 400 <= reply[0] < 500
            }
            for address, (code, reply) in error.recipients.items():
                if address not in transient:
                    refused[address] = f"{code} {reply.decode('utf-8', 'replace')}"
            if not transient or attempt > retries:
                for address, (code, reply) in transient.items():
                    refused[address] = f"{code} {reply.decode('utf-8', 'replace')}"
                break
            pending = list(transient)
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryError(
                f"the SMTP server {settings.host} refused the login of {settings.user!r} "
                f"({error.smtp_code}); check BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD"
            ) from None
        except Exception as error:
            if not _is_transient(error) or attempt > retries:
                reason = _describe(error)
                if not _is_transient(error) and isinstance(error, smtplib.SMTPResponseException):
                    refused.update({address: reason for address in pending})
                    break
                raise DeliveryError(
                    f"could not send through {settings.host}:{settings.port} after "
                    f"{attempt} attempts: {reason}"
                ) from None
        else:
            for address, (code, reply) in rejected.items():
                refused[address] = f"{code} {reply.decode('utf-8', 'replace')}"
            break
        delay = backoff * 2 ** (attempt - 1)
        logger.warning("sending failed (attempt %d), retrying in %.0f s", attempt, delay)
        sleep(delay)
    accepted = tuple(address for address in recipients if address not in refused)
    for address, reason in refused.items():
        logger.error("%s refused the brief: %s", address, reason)
    if not accepted:
        raise DeliveryError(
            "no recipient accepted the brief: "
            + "; ".join(f"{address}: {reason}" for address, reason in refused.items())
        )
    return SendReport(accepted=accepted, refused=refused, attempts=attempt)
