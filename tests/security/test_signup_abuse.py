"""Issue 13, items 2, 3, 5 and 6: the public signup endpoint under attack, over HTTP."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/subscribe/"
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}


def signup(email, *, ip="127.0.0.1", headers=JSON, **fields):
    data = {"email": email, "newsletter": "morning-ledger", **fields}
    return Client().post(SIGNUP, data, REMOTE_ADDR=ip, **headers)


# Item 2: one inbox, many spellings ---------------------------------------------------------------

# Twelve spellings that all land in the inbox of leser@bücher.example.
SPELLINGS = [
    "leser@bücher.example",
    "leser@xn--bcher-kva.example",  # the same domain in punycode
    "LESER@BÜCHER.EXAMPLE",
    "le\u200bser@bücher.example",  # zero-width space
    "le\u00adser@bücher.example",  # soft hyphen
    "le\u2060ser@bücher.example",  # word joiner
    "\uff4c\uff45\uff53\uff45\uff52@bücher.example",  # full-width letters
    "leser@bu\u0308cher.example",  # ü as u + combining diaeresis
    '"leser"@bücher.example',  # a quoted local part
    "leser+news@bücher.example",
    "Leser+Tag@xn--bcher-kva.example",
    "leser\ufeff@\uff42\u00fccher.example",  # a BOM, and a full-width b in the domain
]


def test_twelve_spellings_of_one_inbox_get_at_most_one_email(newsletter):
    statuses = [signup(address, ip=f"10.1.0.{index}").status_code for index, address in enumerate(SPELLINGS)]
    assert set(statuses) <= {200, 400, 429}
    assert statuses[0] == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["leser@xn--bcher-kva.example"]
    stored = set(Subscriber.objects.values_list("email", flat=True))
    assert {address.partition("+")[0] for address in stored} == {"leser@xn--bcher-kva.example"}
    assert set(Subscriber.objects.values_list("mailbox", flat=True)) == {"leser@xn--bcher-kva.example"}


def test_tagged_spellings_share_the_inbox_limit_but_keep_their_own_row(newsletter):
    assert signup("reader+one@example.org").status_code == 200
    assert signup("reader+two@example.org").status_code == 200
    assert len(mail.outbox) == 1  # one confirmation a day per inbox, whatever the tag
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize(
    "address",
    ['"reader"@example.org', '"a b"@example.org', "reader@[127.0.0.1]", "reader@localhost", "reader@intranet"],
)
def test_quoted_literal_local_and_single_label_addresses_are_refused(newsletter, address):
    response = signup(address)
    assert response.status_code == 400
    assert response.json()["errors"]["email"]
    assert not Subscriber.objects.exists() and not mail.outbox
