"""Email: SMTP settings, the brief as a multipart message, and sending with retries.

The message is what mail clients handle well: ``multipart/mixed`` holding a
``multipart/alternative`` (a plain-text part that reads on its own, then HTML with every CSS
rule inlined into ``style`` attributes, since Gmail and Outlook drop ``<style>`` blocks and
never load external resources) and the PDF attached.

The SMTP password comes from the environment (or a config file) and is never put in a log
line, an error message or a repr.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from html.parser import HTMLParser
from pathlib import Path

import css_inline

from briefing.config import SmtpSettings, entry
from briefing.errors import DeliveryError, InputError
from briefing.files import write_atomic

logger = logging.getLogger(__name__)

__all__ = ["SendReport", "SmtpSettings", "compose_message", "inline_css", "send_message"]


# ---------------------------------------------------------------------------------------------
# HTML for mail clients

# Attributes whose URL a mail client would fetch when showing the message.
_RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "background", "poster", "data", "lowsrc", "dynsrc", "longdesc"}
)
# Elements dropped with everything inside them: they run code or embed other documents.
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "noscript", "iframe", "object", "applet", "frameset", "template"}
)
# Void elements dropped on their own: they load things or change how URLs resolve.
_DROPPED_VOID = frozenset({"link", "base", "embed", "frame", "source", "track"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "frame"}
)
_LOCAL_URL = re.compile(r"^\s*(?:cid:|data:|#)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
# A CSS declaration (up to ; or }) that fetches a URL, e.g. background: url(http://...).
_CSS_URL_DECLARATION = re.compile(
    r"""[^;{}]*\burl\(\s*(?!['"]?\s*(?:data:|cid:))[^)]*\)[^;{}]*;?""", re.IGNORECASE
)


def _sanitize_css(css: str) -> str:
    return _CSS_URL_DECLARATION.sub("", _CSS_IMPORT.sub("", css))


class _MailSafeHtml(HTMLParser):
    """Re-emits HTML as it came, minus anything a mail client would fetch or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._skipping: list[str] = []  # open elements whose content is dropped

    def _keep(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self._skipping:
            if tag == self._skipping[-1] and not closed:
                self._skipping.append(tag)
            return
        if tag in _DROPPED_WITH_CONTENT:
            if not closed:
                self._skipping.append(tag)
            return
        if tag in _DROPPED_VOID or (
            tag == "meta" and any(name == "http-equiv" for name, _ in attrs)
        ):
            return
        kept: list[str] = []
        for name, value in attrs:
            if name.startswith("on"):  # event handlers: mail clients strip them anyway
                continue
            if name in _RESOURCE_ATTRIBUTES and not _LOCAL_URL.match(value or ""):
                continue
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                continue
            if name == "style" and value:
                value = _sanitize_css(value).strip()
                if not value:
                    continue
            kept.append(name if value is None else f'{name}="{html_lib.escape(value)}"')
        self.out.append(f"<{' '.join([tag, *kept])}{' /' if closed else ''}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in _DROPPED_WITH_CONTENT or tag in _DROPPED_VOID or tag in _VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            in_style = getattr(self, "cdata_elem", None) == "style"
            self.out.append(_sanitize_css(data) if in_style else data)

    def handle_entityref(self, name: str) -> None:
        if not self._skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self._skipping:
            self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    # Comments go: Outlook reads conditional comments, which could load what we removed.
    def handle_comment(self, data: str) -> None:
        return

    def handle_pi(self, data: str) -> None:
        return

    def unknown_decl(self, data: str) -> None:
        return


def inline_css(html: str) -> str:
    """HTML for mail clients: CSS inlined into ``style`` attributes, nothing from outside.

    Takes a rendered HTML document and returns it with every stylesheet rule copied onto
    the elements it matches (css-inline), ``@media`` rules kept in one ``<style>`` block
    for clients that honour them, and nothing a mail client would fetch or run: scripts,
    frames, ``<link>``, ``@import``, remote ``url(...)`` in CSS and remote ``src`` are
    removed. Links (``<a href>``) stay, since they are only followed when clicked.
    """
    # At-rules (@media) cannot be inlined: css-inline keeps them in one <style> block, for
    # the clients that honour it (Gmail, Apple Mail); the others just ignore it.
    inliner = css_inline.CSSInliner(
        load_remote_stylesheets=False,
        keep_style_tags=False,
        keep_link_tags=False,
        keep_at_rules=True,
    )
    inlined = inliner.inline(html)
    sanitizer = _MailSafeHtml()
    sanitizer.feed(inlined)
    sanitizer.close()
    return "".join(sanitizer.out)


# ---------------------------------------------------------------------------------------------
# The message


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
    message_id: str | None = None,
    bcc: bool = False,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """The brief as a mail, ready for :func:`send_message` or :func:`write_eml`.

    Takes the rendered HTML (its CSS is inlined here, see :func:`inline_css`), the plain
    text, the PDF bytes (or None for no attachment) and the clock; ``message_id`` (by default
    a new one in ``domain``, else the sender's domain); ``bcc``: the recipients are not
    named in the headers (``To`` is the sender); ``headers`` are added as they are. Returns
    ``multipart/mixed`` holding a ``multipart/alternative`` (text/plain first, then
    text/html) and the PDF.
    """
    if not recipients:
        raise InputError("no recipients: give at least one --to address")
    for address in recipients:
        if "@" not in parseaddr(address)[1]:
            raise InputError(f"{address!r} is not an email address")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    # Bcc: nobody sees the others' addresses; the envelope carries them (send_message).
    message["To"] = sender if bcc else ", ".join(recipients)
    message["Date"] = format_datetime(now if now.tzinfo else now.astimezone())
    sender_domain = parseaddr(sender)[1].rpartition("@")[2]
    message["Message-ID"] = message_id or make_msgid(
        idstring="briefing", domain=domain or sender_domain or None
    )
    message["MIME-Version"] = "1.0"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(inline_css(html), subtype="html", charset="utf-8")
    if pdf is not None:
        message.make_mixed()
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message to ``path`` as an ``.eml`` file, atomically (``--dry-run``)."""
    write_atomic(path, message.as_bytes())
    return path


# ---------------------------------------------------------------------------------------------
# Sending


@dataclass(frozen=True)
class SendReport:
    """Who took the message, who refused it (with the server's reply) and in how many tries."""

    accepted: tuple[str, ...]
    refused: dict[str, str]
    attempts: int = 1


def _connect(settings: SmtpSettings, context: ssl.SSLContext | None) -> smtplib.SMTP:
    context = context or ssl.create_default_context()
    if settings.tls == "ssl":
        return smtplib.SMTP_SSL(
            settings.host, settings.effective_port, timeout=settings.timeout, context=context
        )
    connection = smtplib.SMTP(settings.host, settings.effective_port, timeout=settings.timeout)
    try:
        if settings.tls == "starttls":
            connection.starttls(context=context)
    except BaseException:
        connection.close()
        raise
    return connection


def _login(connection: smtplib.SMTP, settings: SmtpSettings) -> None:
    """Log in with one mechanism, so a wrong password is one clear 535, not a cascade.

    smtplib's ``login`` tries every mechanism in turn after a refusal, which some servers
    answer by hanging up: that would look like a transient failure and be retried.
    """
    connection.ehlo_or_helo_if_needed()
    if settings.tls == "none" and settings.host not in ("localhost", "127.0.0.1", "::1"):
        logger.warning("SMTP login to %s without TLS sends the password in clear", settings.host)
    if not connection.has_extn("auth"):
        raise DeliveryError(
            f"the SMTP server {settings.host} offers no login (AUTH)"
            + (f" before TLS: set {_env('tls')} to starttls" if settings.tls == "none" else "")
        )
    advertised = connection.esmtp_features.get("auth", "").upper().split()
    connection.user, connection.password = settings.user or "", settings.password or ""
    if "PLAIN" in advertised:
        connection.auth("PLAIN", connection.auth_plain)
    elif "LOGIN" in advertised:
        connection.auth("LOGIN", connection.auth_login)
    else:
        connection.login(settings.user or "", settings.password or "")


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPNotSupportedError | ssl.SSLError):
        # No STARTTLS, a certificate that does not verify, TLS spoken to a plain port: none of
        # these fixes itself by waiting.
        return False
    return isinstance(error, smtplib.SMTPServerDisconnected | socket.timeout | OSError)


def _env(name: str) -> str:
    """The environment variable of an [smtp] setting, as the settings table names it."""
    return entry("smtp", name).env


def _what_to_set(error: BaseException, settings: SmtpSettings) -> str:
    """For a permanent failure, the setting that most likely fixes it."""
    if isinstance(error, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(error):
        return (
            f"; the server offers no TLS: set {_env('tls')}=ssl if it speaks TLS from the "
            f"start (port 465), or {_env('tls')}=none on a trusted network only"
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"; the server's certificate does not verify: check {_env('host')}"
    if isinstance(error, ssl.SSLError):
        other = "starttls" if settings.tls == "ssl" else "ssl"
        return f"; TLS failed: set {_env('tls')}={other} or check {_env('port')}"
    return ""


def _reply_text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _describe(error: BaseException, settings: SmtpSettings) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # The server's words after AUTH may echo what we sent; keep only the code.
        return f"{error.smtp_code} login refused"
    if isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {_reply_text(error.smtp_error)}"
    else:
        text = f"{type(error).__name__}: {error}"
    return _redact(text, settings)


def _redact(text: str, settings: SmtpSettings) -> str:
    """Belt and braces: no message of ours carries the password, whatever a server echoes."""
    return text.replace(settings.password, "********") if settings.password else text


def _envelope_addresses(recipients: Sequence[str]) -> dict[str, str]:
    """Each bare address for RCPT TO ("Ann <a@x.org>" -> "a@x.org") with how it was given."""
    addresses: dict[str, str] = {}
    for given in recipients:
        for _, address in getaddresses([given]):
            addresses.setdefault(address, given)
    return addresses


def send_message(
    message: EmailMessage,
    settings: SmtpSettings,
    *,
    recipients: Sequence[str],
    retries: int = 3,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
    ssl_context: ssl.SSLContext | None = None,
) -> SendReport:
    """Send ``message`` to ``recipients`` through the server of ``settings``.

    Transient failures (no connection, timeouts, a dropped connection, 4xx replies, also for
    single recipients) are retried up to ``retries`` times, waiting ``backoff`` seconds,
    then twice that, and so on, through ``sleep``. Permanent refusals (5xx) are not retried
    and are reported per recipient. ``ssl_context`` replaces the default certificate checks
    (for a private CA). Returns a SendReport; raises DeliveryError when nobody accepted the
    message or the login was refused.
    """
    given = _envelope_addresses(recipients)
    pending = list(given)
    accepted: list[str] = []
    refused: dict[str, str] = {}
    attempt = 0
    while pending:
        attempt += 1
        logger.info(
            "sending to %d recipient(s) via %s:%d (%s), attempt %d",
            len(pending),
            settings.host,
            settings.effective_port,
            settings.tls,
            attempt,
        )
        failure = ""
        try:
            with _connect(settings, ssl_context) as connection:
                if settings.user:
                    _login(connection, settings)
                rejected = connection.send_message(
                    message, from_addr=parseaddr(settings.sender)[1], to_addrs=pending
                )
        except smtplib.SMTPRecipientsRefused as error:
            rejected = error.recipients
        except smtplib.SMTPAuthenticationError as error:
            if not _is_transient(error) or attempt > retries:
                raise DeliveryError(
                    f"the SMTP server {settings.host} refused the login of {settings.user!r} "
                    f"({error.smtp_code}); check {_env('user')} and {_env('password')}"
                ) from None
            rejected, failure = {}, _describe(error, settings)
        except (smtplib.SMTPException, OSError) as error:
            reason = _describe(error, settings)
            if isinstance(error, smtplib.SMTPResponseException) and not _is_transient(error):
                # Refused for everyone (sender, message or greeting): a permanent no.
                refused.update(dict.fromkeys(pending, reason))
                break
            if not _is_transient(error):
                raise DeliveryError(
                    f"could not send through {settings.host}:{settings.effective_port}: {reason}"
                    + _what_to_set(error, settings)
                ) from None
            rejected, failure = {}, reason
        if not failure:
            accepted.extend(address for address in pending if address not in rejected)
            retry: list[str] = []
            for address, (code, reply) in rejected.items():
                reason = _redact(f"{code} {_reply_text(reply)}", settings)
                if 400 <= code < 500:
                    retry.append(address)
                    failure = reason
                refused[address] = reason
            pending = retry
        if not pending:
            break
        if attempt > retries:
            if not accepted and not refused:
                raise DeliveryError(
                    f"could not send through {settings.host}:{settings.effective_port} after "
                    f"{attempt} attempts: {failure}"
                )
            refused.update({address: failure for address in pending if address not in refused})
            break
        for address in pending:
            refused.pop(address, None)
        delay = backoff * 2 ** (attempt - 1)
        logger.warning("sending failed (%s); retrying in %g s", failure, delay)
        sleep(delay)
    for address, reason in sorted(refused.items()):
        logger.error("%s refused the brief: %s", address, reason)
    if not accepted:
        raise DeliveryError(
            "no recipient accepted the brief: "
            + "; ".join(f"{address}: {reason}" for address, reason in sorted(refused.items()))
        )
    # Report in the caller's words ("Ann <a@x.org>"), in the caller's order.
    return SendReport(
        accepted=tuple(given[address] for address in given if address in accepted),
        refused={given[address]: refused[address] for address in sorted(refused)},
        attempts=attempt,
    )
