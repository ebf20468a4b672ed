"""Mail: composing the message and sending it to a real SMTP server on loopback."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from smtp_server import RecordingHandler, smtp_server
from weasyprint import HTML

from briefing.errors import DeliveryError, InputError
from briefing.mail import SmtpSettings, compose_message, inline_css, send_message

NOW = datetime(2024, 3, 14, 7, 0, tzinfo=UTC)
HTML_BRIEF = (
    "<html><head><style>h1 { color: #123c69; } .q { font-style: italic; }</style>"
    '<link rel="stylesheet" href="http://tracker.example/x.css"></head>'
    '<body><h1>Brief</h1><p class="q">Quote</p><img src="http://tracker.example/p.png">'
    "<script>alert(1)</script></body></html>"
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    data = HTML(string="<p>Situation brief</p>").write_pdf()
    assert isinstance(data, bytes)
    return data


def _settings(port: int, **extra: str) -> SmtpSettings:
    environ = {
        "BRIEFING_SMTP_HOST": "127.0.0.1",
        "BRIEFING_SMTP_PORT": str(port),
        "BRIEFING_SMTP_FROM": "Briefing Desk <desk@example.org>",
        "BRIEFING_SMTP_TLS": "none",
        **extra,
    }
    return SmtpSettings.from_sources(None, environ)


def _message(pdf: bytes, recipients: list[str]):  # type: ignore[no-untyped-def]
    return compose_message(
        subject="Regional brief — 14 March 2024",
        sender="Briefing Desk <desk@example.org>",
        recipients=recipients,
        html=HTML_BRIEF,
        text="REGIONAL BRIEF\n\n1. Quake\n",
        pdf=pdf,
        pdf_name="brief-2024-03-14.pdf",
        now=NOW,
    )


def test_inlined_html_has_styles_on_elements_and_nothing_remote() -> None:
    html = inline_css(HTML_BRIEF)
    assert 'style="color: #123c69;"' in html
    assert "<style" not in html
    assert "<script" not in html
    assert "tracker.example" not in html


def test_message_reaches_the_server_with_both_parts_and_the_pdf(pdf: bytes) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        report = send_message(
            _message(pdf, ["a@example.org", "b@example.org"]),
            _settings(port),
            recipients=["a@example.org", "b@example.org"],
        )
    assert report.accepted == ("a@example.org", "b@example.org")
    (received,) = handler.received
    assert received.recipients == ["a@example.org", "b@example.org"]
    message = received.message
    assert message["Subject"] == "Regional brief — 14 March 2024"
    assert message["To"] == "a@example.org, b@example.org"
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Date"] == "Thu, 14 Mar 2024 07:00:00 +0000"
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(message.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html = list(alternative.iter_parts())
    assert plain.get_content_type() == "text/plain"
    assert "REGIONAL BRIEF" in plain.get_content()
    assert html.get_content_type() == "text/html"
    assert 'style="font-style: italic;"' in html.get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "brief-2024-03-14.pdf"
    reader = PdfReader(BytesIO(attachment.get_content()))
    assert "Situation brief" in reader.pages[0].extract_text()


def test_transient_failure_is_retried_with_backoff(pdf: bytes) -> None:
    handler = RecordingHandler(transient_failures=2)
    waits: list[float] = []
    with smtp_server(handler) as port:
        report = send_message(
            _message(pdf, ["a@example.org"]),
            _settings(port),
            recipients=["a@example.org"],
            backoff=1.5,
            sleep=waits.append,
        )
    assert report.attempts == 3
    assert waits == [1.5, 3.0]
    assert len(handler.received) == 1


def test_transient_failures_beyond_the_retries_are_a_delivery_error(pdf: bytes) -> None:
    handler = RecordingHandler(transient_failures=10)
    with smtp_server(handler) as port, pytest.raises(DeliveryError, match="451"):
        send_message(
            _message(pdf, ["a@example.org"]),
            _settings(port),
            recipients=["a@example.org"],
            retries=2,
            sleep=lambda seconds: None,
        )
    assert handler.attempts == 3


def test_permanent_refusal_is_reported_per_recipient(pdf: bytes) -> None:
    handler = RecordingHandler(refuse={"gone@example.org"})
    waits: list[float] = []
    with smtp_server(handler) as port:
        report = send_message(
            _message(pdf, ["a@example.org", "gone@example.org"]),
            _settings(port),
            recipients=["a@example.org", "gone@example.org"],
            sleep=waits.append,
        )
    assert report.accepted == ("a@example.org",)
    assert report.refused["gone@example.org"].startswith("550")
    assert waits == []  # a permanent refusal is not retried
    assert handler.received[0].recipients == ["a@example.org"]


def test_everyone_refusing_is_a_delivery_error(pdf: bytes) -> None:
    handler = RecordingHandler(refuse={"gone@example.org"})
    with smtp_server(handler) as port, pytest.raises(DeliveryError, match="550"):
        send_message(
            _message(pdf, ["gone@example.org"]),
            _settings(port),
            recipients=["gone@example.org"],
            sleep=lambda seconds: None,
        )


def test_login_works_and_the_password_never_reaches_logs_or_errors(
    pdf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "s3cret-Pa55word"
    handler = RecordingHandler()
    caplog.set_level(logging.DEBUG)
    with smtp_server(handler, credentials=("desk", secret)) as port:
        good = _settings(port, BRIEFING_SMTP_USER="desk", BRIEFING_SMTP_PASSWORD=secret)
        send_message(_message(pdf, ["a@example.org"]), good, recipients=["a@example.org"])
        bad = _settings(port, BRIEFING_SMTP_USER="desk", BRIEFING_SMTP_PASSWORD=secret + "x")
        with pytest.raises(DeliveryError) as refused:
            send_message(_message(pdf, ["a@example.org"]), bad, recipients=["a@example.org"])
    assert len(handler.received) == 1
    assert secret not in str(refused.value)
    assert secret not in caplog.text
    assert secret not in repr(good)


def test_environment_wins_over_the_config_file() -> None:
    settings = SmtpSettings.from_sources(
        {"host": "mail.example.org", "port": 2525, "from": "a@example.org", "tls": "ssl"},
        {"BRIEFING_SMTP_HOST": "relay.example.org", "BRIEFING_SMTP_TLS": "starttls"},
    )
    assert (settings.host, settings.port, settings.tls) == ("relay.example.org", 2525, "starttls")
    ssl = SmtpSettings.from_sources({"host": "h", "from": "a@b.c", "tls": "ssl"}, {})
    assert ssl.effective_port == 465


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "no SMTP server"),
        ({"host": "h"}, "sender address missing"),
        ({"host": "h", "from": "a@b.c", "tls": "tls1.3"}, "tls must be one of none, starttls, ssl"),
        ({"host": "h", "from": "a@b.c", "port": "twenty-five"}, r"port: bad value .*a number"),
        ({"host": "h", "from": "a@b.c", "passwort": "x"}, "unknown key 'passwort'.*'password'"),
    ],
)
def test_bad_smtp_settings_are_named(config: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        SmtpSettings.from_sources(config, {})


def test_a_server_without_starttls_is_not_retried_and_the_error_says_what_to_set(
    pdf: bytes,
) -> None:
    handler = RecordingHandler()
    waits: list[float] = []
    with smtp_server(handler) as port:
        settings = _settings(port, BRIEFING_SMTP_TLS="starttls")
        with pytest.raises(DeliveryError) as failure:
            send_message(
                _message(pdf, ["a@example.org"]),
                settings,
                recipients=["a@example.org"],
                sleep=waits.append,
            )
    assert waits == []  # permanent: retrying cannot help
    assert "BRIEFING_SMTP_TLS=" in str(failure.value)
    assert handler.received == []


def test_the_message_carries_the_given_id_and_headers(pdf: bytes) -> None:
    message = compose_message(
        subject="Brief",
        sender="desk@example.org",
        recipients=["a@example.org", "b@example.org"],
        html=HTML_BRIEF,
        text="Brief\n",
        pdf=None,
        pdf_name="brief.pdf",
        now=NOW,
        message_id="<briefing.2024-03-14.abc@example.org>",
        bcc=True,
        headers={"Auto-Submitted": "auto-generated"},
    )
    assert message["Message-ID"] == "<briefing.2024-03-14.abc@example.org>"
    assert message["To"] == "desk@example.org"
    assert "a@example.org" not in str(message)
    assert message["Auto-Submitted"] == "auto-generated"
