"""A real SMTP server on loopback (aiosmtpd) for the mail tests, with scriptable failures."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class RecordingHandler:
    """Keeps every message; can refuse addresses for good or fail the first deliveries."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    transient_failures: int = 0
    #: Take the message, then hang up before saying so, this many times (the client cannot
    #: know the message arrived, and sends it again).
    hang_ups_after_data: int = 0
    attempts: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.transient_failures > 0:
            self.transient_failures -= 1
            return "451 4.3.0 try again later"
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        if self.hang_ups_after_data > 0:
            self.hang_ups_after_data -= 1
            server.transport.close()
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PasswordCheck:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (self.user, self.password)
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(
    handler: RecordingHandler, *, credentials: tuple[str, str] | None = None
) -> Iterator[int]:
    """Run the server on 127.0.0.1 and yield its port."""
    port = _free_port()
    options: dict[str, Any] = {}
    if credentials:
        options = {
            "authenticator": PasswordCheck(*credentials),
            "auth_require_tls": False,
            "auth_required": True,
        }
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def smtp_environment(port: int) -> dict[str, str]:
    """The BRIEFING_SMTP_* variables that point ``briefing`` at the server on ``port``."""
    return {
        "BRIEFING_SMTP_HOST": "127.0.0.1",
        "BRIEFING_SMTP_PORT": str(port),
        "BRIEFING_SMTP_FROM": "desk@example.org",
        "BRIEFING_SMTP_TLS": "none",
    }
