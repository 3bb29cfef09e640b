"""A real SMTP server on loopback (aiosmtpd) for tests and benchmarks, and settings pointing Django at it.

Messages are kept as bytes and parsed with Python's ``email`` package, the way a mail client reads them.
The server can refuse the sender or chosen recipients (4xx or 5xx), drop the connection after N
messages to simulate a crash mid-batch, and call back before accepting each message.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import itertools
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from newsroom.settings.email import SMTP_BACKEND, email_settings

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO


QUEUE_NUMBERS = itertools.count(1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str] = field(default_factory=list)
    rcpt_options: list[str] = field(default_factory=list)

    def parse(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class SMTPSink:
    """The aiosmtpd handler: collects what it accepts; optional refusals and one connection drop."""

    drop_after: int | None = None  # close the connection instead of accepting message N+1 (once)
    refuse: dict[str, int] = field(default_factory=dict)  # address -> SMTP code at RCPT TO
    refuse_sender: int | None = None  # an SMTP code for every MAIL FROM
    keep: bool = True  # False: count only (benchmarks)
    queue_ids: bool = False  # name each accepted message in the reply, as Postfix or Amazon SES do
    # Called (in a thread of its own, so it may use the database) with the envelope of each message
    # about to be accepted: what a test needs to see at the moment a message is accepted.
    before_accept: Callable | None = None
    messages: list[Received] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)  # the queue ids given, with queue_ids=True
    count: int = 0
    dropped: int = 0

    def __post_init__(self):
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender:
            return f"{self.refuse_sender} {str(self.refuse_sender)[0]}.7.1 Sender not allowed"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.refuse.get(address.lower())
        if code:
            kind = "temporarily unavailable, try later" if code < 500 else "no such mailbox"
            return f"{code} {'4.2.1' if code < 500 else '5.1.1'} Mailbox {kind}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.before_accept is not None:
            await asyncio.to_thread(self.before_accept, envelope)
        with self.lock:
            if self.drop_after is not None and self.count >= self.drop_after:
                self.drop_after = None
                self.dropped += 1
                server.transport.close()  # a crash: no reply, the client sees the connection go
                return "421 closing"
            self.count += 1
            if self.keep:
                self.messages.append(
                    Received(
                        envelope.mail_from,
                        list(envelope.rcpt_tos),
                        envelope.content,
                        list(envelope.mail_options),
                        list(envelope.rcpt_options),
                    )
                )
        if self.queue_ids:
            with self.lock:
                self.issued.append(f"SINK{next(QUEUE_NUMBERS):08X}")  # unique across sinks, as a provider's are
                return f"250 2.0.0 Ok: queued as {self.issued[-1]}"
        return "250 Message accepted for delivery"

    def parsed(self) -> list[email.message.EmailMessage]:
        return [message.parse() for message in self.messages]

    def recipients(self) -> list[str]:
        return [address for message in self.messages for address in message.rcpt_tos]


@contextlib.contextmanager
def smtp_server(**options):
    """Start an SMTP server on 127.0.0.1:<free port>; yields the sink with ``host`` and ``port``."""
    sink = SMTPSink(**options)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    sink.host, sink.port = "127.0.0.1", port
    try:
        yield sink
    finally:
        controller.stop()


def email_settings_for(sink) -> dict:
    """``override_settings`` keyword arguments sending Django's default mail to ``sink``."""
    return email_settings(
        {
            "EMAIL_BACKEND": SMTP_BACKEND,
            "EMAIL_HOST": sink.host,
            "EMAIL_PORT": sink.port,
            "EMAIL_TIMEOUT": 10,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
    )
