"""The fast path over SMTP: each recipient's bytes made by substitution in the edition's serialised
message must read exactly as the message Django builds in full, and anything substitution cannot be
trusted with must go out as Django's own message, correctly encoded."""

import contextlib
import datetime
import smtplib
from types import SimpleNamespace

import pytest
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter.claims import Claimed
from newsletter.digest import UNSUBSCRIBE_PLACEHOLDER
from newsletter.mail import get_connection
from newsletter.messages import MAX_LINE, PLAIN_ADDRESS, MessageFactory, serialise
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.sending import freeze, get_or_create_edition, send_edition
from newsletter.wire import envelope_sender, send_raw
from tests.support.builders import make_article
from tests.support.newsletter import make_subscribers
from tests.support.smtp import Received, email_settings_for, smtp_server

pytestmark = pytest.mark.django_db

BASE = "https://ledger.example"


@pytest.fixture
def edition(tree, newsletter):
    today = newsletter.local_today()
    make_article(
        tree.section,
        "Ferry schedule changes",
        publication_date=newsletter.send_datetime(today) - datetime.timedelta(hours=2),
    )
    return get_or_create_edition(newsletter, today)


def factory_for(edition) -> MessageFactory:
    rendered = freeze(edition)
    return MessageFactory(Edition.objects.select_related("newsletter").get(pk=edition.pk), rendered)


def claimed(subscriber, pk=41) -> Claimed:
    return Claimed(pk, subscriber.pk, subscriber.email, 1)


def smtp_backend() -> SMTPBackend:
    """The configured SMTP backend, never opened."""
    with override_settings(**email_settings_for(SimpleNamespace(host="127.0.0.1", port=25))):
        backend = get_connection()
    assert isinstance(backend, SMTPBackend)
    return backend


def read(raw: bytes):
    return Received("", [], raw).parse()


def assert_same_message(substituted, built):
    for name in [
        "From",
        "To",
        "Reply-To",
        "Subject",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Auto-Submitted",
        "MIME-Version",
    ]:
        assert str(substituted[name]) == str(built[name]), name
    assert substituted.get_content_type() == built.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        assert substituted.get_body((kind,)).get_content() == built.get_body((kind,)).get_content()


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_substituted_bytes_read_as_djangos_own_message(newsletter, edition):
    [subscriber] = make_subscribers(newsletter, 1)
    factory = factory_for(edition)
    delivery = claimed(subscriber)
    message_id = factory.message_id(delivery.pk)
    raw = factory.wire(delivery, message_id)
    assert raw is not None
    assert_same_message(read(raw), read(serialise(factory.build(delivery, message_id))))
    assert all(len(line) <= MAX_LINE for line in raw.split(b"\r\n"))
    assert read(raw)["Message-ID"] == f"<morning-ledger.{edition.date:%Y%m%d}.41@ledger.example>"


@pytest.mark.parametrize(
    "address",
    [
        "reader@example.org",
        "first.last+news@mail.example.co.uk",
        "o'brien@example.org",
        "x_y-z=1/2@a-b.example",
        "{a}|~b@example.org",
    ],
)
def test_plain_addresses_go_out_as_django_would_prepare_them(address):
    assert PLAIN_ADDRESS.fullmatch(address)
    backend = smtp_backend()
    if hasattr(backend, "prep_address"):  # Django >= 6.1
        assert backend.prep_address(address) == address
    else:
        assert sanitize_address(address, "utf-8") == address


@pytest.mark.parametrize(
    "address",
    [
        '"two words"@example.org',
        "dot..dot@example.org",
        ".lead@example.org",
        "reader@exämple.org",
        "rëader@example.org",
        "reader@-bad.example",
    ],
)
def test_other_addresses_are_not_plain(address):
    assert not PLAIN_ADDRESS.fullmatch(address)


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_addresses_substitution_cannot_take_are_sent_as_djangos_message(newsletter, edition):
    plain = make_subscribers(newsletter, 1)[0]
    unusual = Subscriber.objects.create(newsletter=newsletter, email='"two words"@example.org', status="confirmed")
    factory = factory_for(edition)
    assert factory.wire(claimed(unusual), factory.message_id(1)) is None
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        result = send_edition(edition)
    assert result.sent == 2
    assert sorted(sink.recipients()) == sorted([plain.email, unusual.email])
    for received in sink.parsed():
        assert received.get_body(("plain",)).get_content().count(f"{BASE}/newsletter/unsubscribe/") == 1


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_a_line_that_substitution_would_make_too_long_is_left_to_django(newsletter, edition):
    """An unsubscribe link at the end of a line just under 998 characters: the longer token would
    push it over, so that message is built by Django, which encodes the long line properly."""
    [subscriber] = make_subscribers(newsletter, 1)
    url_template = f"{BASE}/newsletter/unsubscribe/NEWSLETTERTOKENPLACEHOLDER/"
    long_line = "x" * (MAX_LINE - 8 - len(url_template)) + " " + UNSUBSCRIBE_PLACEHOLDER
    Edition.objects.filter(pk=edition.pk).update(
        rendered_subject="Long lines",
        rendered_text=f"Today\n{long_line}\n",
        rendered_html=f"<p>{long_line}</p>\n",
        rendered_at=timezone.now(),
        status="sending",
    )
    edition.refresh_from_db()
    factory = factory_for(edition)
    delivery = claimed(subscriber, pk=Delivery.objects.count() + 1)
    assert factory.wire(delivery, factory.message_id(delivery.pk)) is None  # the check, not a broken line

    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert send_edition(edition).sent == 1
    [received] = sink.messages
    assert all(len(line) <= MAX_LINE for line in received.data.split(b"\r\n"))
    message = received.parse()
    unsubscribe = message["List-Unsubscribe"].split(",")[0].strip(" <>")
    assert message.get_body(("plain",)).get_content().splitlines()[1].endswith(" " + unsubscribe)


@override_settings(NEWSLETTER={"BASE_URL": BASE, "BATCH_SIZE": 10})
def test_each_accepted_message_costs_one_update_and_a_batch_a_few_queries_more(newsletter, edition):
    make_subscribers(newsletter, 10)
    send_edition(edition, max_batches=0)  # freeze and enqueue
    with (
        smtp_server() as sink,
        override_settings(**email_settings_for(sink)),
        CaptureQueriesContext(connection) as queries,
    ):
        result = send_edition(edition, max_batches=1)
    assert result.sent == sink.count == 10
    sqls = [query["sql"] for query in queries.captured_queries]
    marks = [
        index
        for index, sql in enumerate(sqls)
        if sql.replace('"', "").startswith("UPDATE newsletter_delivery SET status = 'sent'")
    ]
    assert len(marks) == 10
    # One statement per message and nothing in between: no SELECT, no savepoint, no second UPDATE.
    assert marks == list(range(marks[0], marks[0] + 10))
    assert all(" WHERE " in sqls[index] for index in marks)
    assert len(sqls) - len(marks) <= 16  # freezing, the claim, the counts and the status: once per run
    assert Delivery.objects.filter(status="sent", sent_at__isnull=False).exclude(message_id="").count() == 10


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_the_envelope_is_what_djangos_backend_sends(newsletter, edition):
    plain = make_subscribers(newsletter, 1)[0]
    Subscriber.objects.create(newsletter=newsletter, email="reader@exämple.org", status="confirmed")
    sender = envelope_sender(smtp_backend(), newsletter.from_email)
    assert "headlines@ledger.example" in sender
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        assert send_edition(edition).sent == 2  # one by substitution, one built by Django
    assert {received.mail_from for received in sink.messages} == {"headlines@ledger.example"}
    assert sorted(address for received in sink.messages for address in received.rcpt_tos) == sorted(
        [plain.email, "reader@xn--exmple-cua.org"]
    )


@given(st.from_regex(PLAIN_ADDRESS, fullmatch=True))
@settings(max_examples=300, deadline=None)
def test_smtplib_leaves_plain_addresses_as_they_are(address):
    """send_raw writes a plain recipient as ``<address>``: what smtplib's own parsing makes of it."""
    assert smtplib.quoteaddr(address) == f"<{address}>"


SENDER = "Morning Ledger <headlines@ledger.example>"
RECIPIENT = "reader@example.org"
RAW = b"Subject: Today\r\nTo: reader@example.org\r\n\r\n.A line that starts with a dot\r\nBody.\r\n"


def deliver(sink, how):
    """Send RAW over a fresh connection with sendmail or send_raw: (error or None, connection still open)."""
    smtp = smtplib.SMTP(sink.host, sink.port)
    try:
        if how == "sendmail":
            smtp.sendmail(SENDER, [RECIPIENT], RAW)
        else:
            send_raw(smtp, smtplib.quoteaddr(SENDER), RECIPIENT, RAW, before_content=lambda: None)
        error = None
    except (OSError, smtplib.SMTPException) as caught:
        error = caught
    still_open = smtp.sock is not None
    with contextlib.suppress(OSError, smtplib.SMTPException):
        smtp.quit()
    return error, still_open


def test_send_raw_sends_what_sendmail_sends():
    with smtp_server() as sink:
        assert deliver(sink, "sendmail") == (None, True)
        assert deliver(sink, "send_raw") == (None, True)
    by_sendmail, by_send_raw = sink.messages
    assert by_send_raw == by_sendmail
    assert by_send_raw.mail_from == "headlines@ledger.example" and by_send_raw.mail_options == [f"SIZE={len(RAW)}"]


@pytest.mark.parametrize(
    "server",
    [
        {"refuse": {RECIPIENT: 451}},
        {"refuse": {RECIPIENT: 550}},
        {"refuse": {RECIPIENT: 421}},
        {"refuse_sender": 550},
        {"refuse_sender": 421},
        {"drop_after": 0},
    ],
    ids=["rcpt-451", "rcpt-550", "rcpt-421", "mail-550", "mail-421", "dropped-at-data"],
)
def test_send_raw_fails_as_sendmail_fails(server):
    """The same exception, code and recipients, and the connection left open or closed alike."""
    outcomes = []
    for how in ("sendmail", "send_raw"):
        with smtp_server(**server) as sink:
            error, still_open = deliver(sink, how)
            assert sink.count == 0
        assert error is not None
        outcomes.append(
            (type(error), getattr(error, "smtp_code", None), getattr(error, "recipients", None), still_open)
        )
    assert outcomes[0] == outcomes[1]


def test_send_raw_calls_before_content_when_the_server_is_ready_for_the_message():
    calls = []
    with smtp_server(before_accept=lambda envelope: calls.append("accepting")) as sink:
        smtp = smtplib.SMTP(sink.host, sink.port)
        send_raw(
            smtp, "<headlines@ledger.example>", RECIPIENT, RAW, before_content=lambda: calls.append("before content")
        )
        smtp.quit()
        with smtp_server(refuse={RECIPIENT: 550}) as refusing:
            smtp = smtplib.SMTP(refusing.host, refusing.port)
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                send_raw(
                    smtp,
                    "<headlines@ledger.example>",
                    RECIPIENT,
                    RAW,
                    before_content=lambda: calls.append("refused, yet called"),
                )
            smtp.quit()
    assert calls == ["before content", "accepting"]
