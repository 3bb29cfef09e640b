"""Signup, double opt-in and unsubscribe, through real requests and the emails they send."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.models import ConsentEvent, Subscriber
from newsletter.tokens import make_confirm_token, make_unsubscribe_token
from tests.support.builders import make_article
from tests.support.html import parse

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/subscribe/"
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
JSON = {"HTTP_ACCEPT": "application/json", **ORIGIN}


def signup(client, email, *, headers=JSON, ip="127.0.0.1", **fields):
    data = {"email": email, "newsletter": "morning-ledger", "source": "http://testserver/local/", **fields}
    return client.post(SIGNUP, data, REMOTE_ADDR=ip, **headers)


def links_in(message):
    bodies = [message.body] + [content for content, _mimetype in getattr(message, "alternatives", [])]
    return [url for body in bodies for url in re.findall(r"https?://[^\s\"<>]+", body)]


def confirm_path(message) -> str:
    return next(url for url in links_in(message) if "/newsletter/confirm/" in url).replace("http://testserver", "")


# The form --------------------------------------------------------------------------------------


def test_article_page_carries_one_cache_safe_form_and_region(tree, newsletter):
    article = make_article(tree.section, "Harbor dredging starts Monday")
    response = Client().get(article.url)
    assert response.status_code == 200
    tree_html = parse(response)
    forms = tree_html.cssselect("form[data-newsletter-signup]")
    assert len(forms) == 1  # under the article; the footer's stands aside (one region per page)
    regions = tree_html.cssselect("section.newsletter-signup")
    assert len(regions) == 1
    heading = tree_html.get_element_by_id(regions[0].get("aria-labelledby"))
    assert heading.text_content() == "Sign Up for Daily Headlines"
    assert tree_html.cssselect(".newsletter-signup--article h2")[0].text_content() == "Sign Up for Daily Headlines"
    assert not tree_html.cssselect("footer.site-footer .newsletter-signup")
    for form in forms:
        assert form.get("action") == SIGNUP and form.get("method") == "post"
        assert not form.cssselect("input[name=csrfmiddlewaretoken]")  # nothing per-user in cached HTML
        assert form.cssselect("input[name=website]")  # honeypot
    assert tree_html.cssselect("script[src$='newsletter/signup.js']")


def test_signup_block_renders_in_a_body(tree, newsletter):
    block = ("newsletter_signup", {"newsletter": newsletter, "heading": "Get it daily"})
    article = make_article(tree.section, "Ferry fares rise", body=[block])
    tree_html = parse(Client().get(article.url))
    block = tree_html.cssselect(".article__body .newsletter-signup--block")
    assert block and block[0].cssselect("h2")[0].text_content() == "Get it daily"
    # The body's signup is the page's one region: none under the article, none in the footer.
    assert len(tree_html.cssselect("section.newsletter-signup")) == 1


def test_a_page_without_a_signup_of_its_own_has_the_footers(tree, newsletter):
    tree_html = parse(Client().get(tree.section.url))
    regions = tree_html.cssselect("section.newsletter-signup")
    assert len(regions) == 1 and regions[0].getparent().tag == "footer"


def test_no_newsletter_no_form(tree):
    article = make_article(tree.section, "Quiet day")
    assert not parse(Client().get(article.url)).cssselect("form[data-newsletter-signup]")


# Double opt-in ---------------------------------------------------------------------------------


def test_double_opt_in_with_csrf_enforced_and_no_cookies(newsletter):
    client = Client(enforce_csrf_checks=True)
    response = signup(client, "  Reader@Example.ORG ")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": newsletter.success_message}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and subscriber.status == "pending"
    assert subscriber.source_url == "http://testserver/local/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    path = confirm_path(message)

    # A link scanner's GET shows a button and confirms nothing.
    page = Client().get(path)
    assert page.status_code == 200
    assert parse(page).cssselect("form[method=post] button")
    # The form posts to the page's own address, named (an empty action is invalid HTML).
    assert parse(page).cssselect("form[method=post]")[0].get("action") == urlsplit(path).path
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    confirmed = Client(enforce_csrf_checks=True).post(path)
    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    assert list(subscriber.consent_events.values_list("action", flat=True)) == ["subscribe", "confirm"]
    assert subscriber.consent_events.first().source_url == "http://testserver/local/"


def test_without_javascript_the_answer_is_a_page(newsletter):
    response = signup(Client(), "reader@example.org", headers=ORIGIN)
    assert response.status_code == 200
    assert newsletter.success_message in parse(response).text_content()


def test_same_answer_whatever_the_state(newsletter):
    answers = []
    for state in ["new", "pending", "confirmed", "unsubscribed", "suppressed"]:
        address = f"{state}@example.org"
        if state != "new":
            Subscriber.objects.create(newsletter=newsletter, email=address, status=state)
        response = signup(Client(), address)
        answers.append((response.status_code, response.content))
        page = signup(Client(), address + ".uk", headers=ORIGIN)  # the HTML answer, too
        answers.append((page.status_code, b""))
    assert len(set(answers[::2])) == 1
    assert {status for status, _ in answers} == {200}


def test_one_confirmation_per_address_per_day(newsletter):
    for _ in range(3):
        assert signup(Client(), "reader@example.org").status_code == 200
    assert signup(Client(), "READER@example.org").status_code == 200
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_unsubscribed_reader_can_sign_up_again_with_a_new_confirmation(newsletter):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="back@example.org", status="unsubscribed")
    signup(Client(), "back@example.org")
    subscriber.refresh_from_db()
    assert subscriber.status == "pending" and len(mail.outbox) == 1


def test_database_refuses_a_second_spelling(newsletter):
    Subscriber.objects.create(newsletter=newsletter, email="Reader@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips save(), so only the database constraint stands in the way
        Subscriber.objects.bulk_create([Subscriber(newsletter=newsletter, email="READER@example.ORG")])


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["not-an-address", "reader@", "@example.org", "", "a@b.c, d@e.f", "x" * 300 + "@example.org"]
)
def test_malformed_addresses_get_a_clear_error(newsletter, address):
    response = signup(Client(), address)
    assert response.status_code == 400
    errors = response.json()["errors"]["email"]
    assert errors and all(error.strip() for error in errors)
    page = signup(Client(), address, headers=ORIGIN)
    assert page.status_code == 400
    tree_html = parse(page)
    assert tree_html.cssselect("[data-newsletter-error]:not([hidden])")
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "address",
    [
        "reader@example.org\nBcc: victim@example.org",
        "reader@example.org\r\n",
        "reader@example.org\rX-Injected: 1",
        "reader@example.org\x00",
    ],
)
def test_header_injection_is_a_form_error(newsletter, address):
    response = signup(Client(), address)
    assert response.status_code == 400
    error = response.json()["errors"]["email"][0]
    assert "line breaks" in error or "Null characters" in error
    assert not Subscriber.objects.exists() and not mail.outbox


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(address=st.text(max_size=80) | st.emails())
def test_any_input_is_never_a_server_error(newsletter, address):
    from django.core.cache import cache

    cache.clear()
    response = signup(Client(), address)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "\n" not in address.strip(" ") and "\r" not in address


def test_honeypot_answers_yes_and_does_nothing(newsletter):
    response = signup(Client(), "bot@example.org", website="http://spam.example")
    assert response.status_code == 200 and response.json()["ok"]
    assert not Subscriber.objects.exists() and not mail.outbox


def test_cross_site_posts_are_refused(newsletter):
    for headers in [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": "null"},
    ]:
        response = signup(Client(), "reader@example.org", headers={"HTTP_ACCEPT": "application/json", **headers})
        assert response.status_code == 403
    assert (
        signup(Client(), "reader@example.org", headers={"HTTP_REFERER": "http://testserver/local/story/"}).status_code
        == 200
    )
    assert Subscriber.objects.count() == 1


@override_settings(NEWSLETTER={"RATE_LIMIT_PER_IP": 3, "RATE_LIMIT_PER_ADDRESS": 2})
def test_rate_limits_per_ip_and_per_address(newsletter):
    assert [signup(Client(), "same@example.org", ip="10.0.0.1").status_code for _ in range(3)] == [200, 200, 429]
    statuses = [signup(Client(), f"r{index}@example.org", ip="10.0.0.2").status_code for index in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert json.loads(signup(Client(), "x@example.org", ip="10.0.0.2").content)["errors"]["__all__"]


# Tokens and unsubscribing ----------------------------------------------------------------------


def test_tokens_are_purpose_bound_and_confirmations_expire(newsletter):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="reader@example.org")
    assert Client().post(f"/newsletter/confirm/{make_unsubscribe_token(subscriber.pk)}/").status_code == 400
    assert Client().post(f"/newsletter/unsubscribe/{make_confirm_token(subscriber)}/").status_code == 400
    with override_settings(NEWSLETTER={"CONFIRM_MAX_AGE": -1}):
        assert Client().post(f"/newsletter/confirm/{make_confirm_token(subscriber)}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    assert Client().post(f"/newsletter/confirm/{make_confirm_token(subscriber)}x/").status_code == 400


def test_one_click_unsubscribe_without_cookies_is_idempotent(newsletter):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="reader@example.org", status="confirmed")
    url = f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber.pk)}/"
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200 and not client.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # kept, never deleted
    assert list(ConsentEvent.objects.filter(subscriber=subscriber).values_list("action", "method")) == [
        ("unsubscribe", "one-click")
    ]


def test_footer_link_page_unsubscribes_with_one_button(newsletter):
    subscriber = Subscriber.objects.create(newsletter=newsletter, email="reader@example.org", status="confirmed")
    url = f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber.pk)}/"
    page = Client().get(url)
    assert page.status_code == 200
    buttons = parse(page).cssselect(".newsletter-page form[method=post] button")
    assert len(buttons) == 1
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"  # the GET changed nothing
    done = Client(enforce_csrf_checks=True).post(url)
    assert done.status_code == 200 and "unsubscribed" in parse(done).text_content()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert Client().get("/newsletter/unsubscribe/forged:token/").status_code == 400
