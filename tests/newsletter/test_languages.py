"""Editions per language: each story once, in the reader's language where a translation exists; one
edition per language with readers; the archive per language; the reader's language from signup and
preferences."""

import datetime
import logging
from io import StringIO
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from newsletter.digest import build_digest, render_digest
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.sending import send_daily_headlines
from newsletter.subscriptions import subscriber_token
from tests.support.builders import make_article, translate, translate_site
from tests.support.newsletter import make_subscribers
from tests.support.smtp import email_settings_for, smtp_server

pytestmark = pytest.mark.django_db

BASE = "https://ledger.example"


@pytest.fixture
def today(newsletter):
    return newsletter.local_today()


@pytest.fixture
def stories(tree, newsletter, today):
    """Three English stories of the day: the first translated into Spanish and French, the second into
    Spanish only, the third not at all (the demo's shape, where the digest listed them side by side)."""
    published = newsletter.send_datetime(today) - datetime.timedelta(hours=3)
    made = {
        "ferry": make_article(tree.section, "Ferry schedule changes", publication_date=published),
        "budget": make_article(
            tree.section, "Council passes budget", publication_date=published + datetime.timedelta(minutes=10)
        ),
        "tide": make_article(
            tree.section, "Record tide expected", publication_date=published + datetime.timedelta(minutes=20)
        ),
    }
    translate_site(tree, "es")
    translate_site(tree, "fr")
    made["ferry_es"] = translate(made["ferry"], "es", title="Cambia el horario del ferry", slug="horario-ferry")
    made["ferry_fr"] = translate(made["ferry"], "fr", title="Les horaires du traversier changent", slug="horaires")
    made["budget_es"] = translate(made["budget"], "es", title="El concejo aprueba el presupuesto", slug="presupuesto")
    return made


def titles(digest):
    return [story.title for story in ([digest.top_story] if digest.top_story else []) + digest.stories]


def test_english_digest_lists_each_story_once_in_english(newsletter, stories, today):
    digest = build_digest(newsletter, today)
    assert titles(digest) == ["Record tide expected", "Council passes budget", "Ferry schedule changes"]
    assert {story.language for story in [digest.top_story, *digest.stories]} == {"en"}


def test_spanish_edition_takes_translations_and_marks_the_original(newsletter, stories, today):
    digest = build_digest(newsletter, today, language="es")
    assert titles(digest) == [
        "Record tide expected",
        "El concejo aprueba el presupuesto",
        "Cambia el horario del ferry",
    ]
    html = lxml.html.fromstring(render_digest(digest).html)
    assert html.get("lang") == "es"
    marked = {element.text_content().strip() for element in html.xpath('//*[@lang="en"]')}
    assert any("Record tide expected" in text for text in marked)
    assert not any("presupuesto" in text for text in marked)


def test_other_language_stories_can_be_left_out(newsletter, stories, today):
    newsletter.other_language_stories = False
    newsletter.save()
    assert titles(build_digest(newsletter, today, language="fr")) == ["Les horaires du traversier changent"]
    assert build_digest(newsletter, today, language="de").is_empty


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_one_edition_per_language_sent_once(newsletter, stories, today, caplog):
    newsletter.other_language_stories = False
    newsletter.save()
    english = make_subscribers(newsletter, 2, prefix="en")
    spanish = make_subscribers(newsletter, 1, prefix="es")
    german = make_subscribers(newsletter, 1, prefix="de")
    gone = make_subscribers(newsletter, 1, prefix="pt")  # a language the site no longer has
    Subscriber.objects.filter(pk__in=[s.pk for s in spanish]).update(language="es")
    Subscriber.objects.filter(pk__in=[s.pk for s in german]).update(language="de")
    Subscriber.objects.filter(pk__in=[s.pk for s in gone]).update(language="pt")

    out = StringIO()
    with smtp_server() as sink, override_settings(**email_settings_for(sink)), caplog.at_level(logging.INFO):
        call_command("send_daily_headlines", "--newsletter", newsletter.slug, stdout=out)
        messages = {message["To"].addresses[0].addr_spec: message for message in sink.parsed()}
    assert sorted(messages) == sorted(s.email for s in [*english, *spanish, *gone])
    assert "not sent (no stories in this language)" in out.getvalue()
    assert any("no stories in this language" in record.getMessage() for record in caplog.records)

    spanish_message = messages[spanish[0].email]
    html = spanish_message.get_body(("html",)).get_content()
    assert lxml.html.fromstring(html).get("lang") == "es"
    assert spanish_message["Subject"] == "Morning Ledger: El concejo aprueba el presupuesto"
    assert lxml.html.fromstring(messages[gone[0].email].get_body(("html",)).get_content()).get("lang") == "en"
    assert set(Edition.objects.values_list("language", flat=True)) == {"en", "es"}

    # A reader who changes language after their edition went out gets nothing more that day.
    Subscriber.objects.filter(pk=spanish[0].pk).update(language="fr")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        results = send_daily_headlines(today, newsletter.slug)
        assert sink.recipients() == []
    assert Delivery.objects.filter(subscriber=spanish[0]).count() == 1
    assert {result.language for result in results} >= {"en", "es"}


@override_settings(NEWSLETTER={"BASE_URL": BASE})
def test_archive_has_a_page_per_language_linked_with_hreflang(newsletter, stories, today):
    make_subscribers(newsletter, 1, prefix="en")
    Subscriber.objects.filter(pk=make_subscribers(newsletter, 1, prefix="fr")[0].pk).update(language="fr")
    with smtp_server() as sink, override_settings(**email_settings_for(sink)):
        send_daily_headlines(today, newsletter.slug)
    client = Client()
    english = client.get(f"/newsletters/{newsletter.slug}/{today.isoformat()}/")
    french = client.get(f"/newsletters/{newsletter.slug}/{today.isoformat()}/fr/")
    assert english.status_code == 200 and french.status_code == 200
    for response in (english, french):
        page = lxml.html.fromstring(response.content)
        links = {link.get("hreflang"): urlsplit(link.get("href")).path for link in page.xpath("//link[@hreflang]")}
        assert links == {
            "en": f"/newsletters/{newsletter.slug}/{today.isoformat()}/",
            "fr": f"/newsletters/{newsletter.slug}/{today.isoformat()}/fr/",
            "x-default": f"/newsletters/{newsletter.slug}/{today.isoformat()}/",
        }
    french_page = lxml.html.fromstring(french.content)
    assert "Les horaires du traversier changent" in french_page.text_content()
    assert client.get(f"/newsletters/{newsletter.slug}/{today.isoformat()}/es/").status_code == 404
    assert client.get(f"/newsletters/{newsletter.slug}/{today.isoformat()}/en/").status_code == 404


def test_signup_takes_the_pages_language(newsletter):
    data = {"email": "lectrice@example.org", "newsletter": newsletter.slug, "source": "http://testserver/fr/une-page/"}
    response = Client().post(
        "/newsletter/subscribe/", data, HTTP_ORIGIN="http://testserver", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="lectrice@example.org").language == "fr"
    data = {"email": "reader@example.org", "newsletter": newsletter.slug, "source": "http://testserver/local/"}
    Client().post("/newsletter/subscribe/", data, HTTP_ORIGIN="http://testserver", HTTP_ACCEPT="application/json")
    assert Subscriber.objects.get(email="reader@example.org").language == "en"


def test_preferences_change_the_language(newsletter):
    reader = make_subscribers(newsletter, 1)[0]
    path = f"/newsletter/preferences/{subscriber_token(reader)}/"
    client = Client()
    page = lxml.html.fromstring(client.get(path).content)
    assert page.cssselect('select[name="language"] option[selected]')[0].get("value") == "en"
    response = client.post(path, {"newsletters": [newsletter.pk], "language": "es"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.language == "es"
    assert client.post(path, {"newsletters": [newsletter.pk], "language": "xx"}).status_code == 400


def test_an_unconfigured_language_reads_as_the_default(newsletter, stories, today):
    reader = make_subscribers(newsletter, 1)[0]
    Subscriber.objects.filter(pk=reader.pk).update(language="pt")
    edition = Edition.objects.create(newsletter=newsletter, date=today, language="en")
    from newsletter.claims import enqueue_deliveries

    assert enqueue_deliveries(edition) == 1


def preferences_page_copy(client: Client, path: str) -> tuple[str, dict[str, str]]:
    """The page's lang and its words: title, heading, each field's label, the pause choices and the button."""
    page = lxml.html.fromstring(client.get(path).content)
    words = {
        "title": page.findtext(".//title").strip(),
        "heading": page.cssselect("h1")[0].text_content().strip(),
        "button": page.cssselect('.newsletter-page form button[type="submit"]')[0].text_content().strip(),
    }
    for label in page.cssselect(".newsletter-page form label[for], .newsletter-page form legend"):
        if not label.get("for", "").startswith("id_newsletters_"):  # newsletter names are content, not copy
            words[f"label {label.get('for', 'legend')}"] = label.text_content().strip().rstrip(":").strip()
    for option in page.cssselect('.newsletter-page select[name="pause"] option'):
        words[f"pause {option.get('value')}"] = option.text_content().strip()
    return page.get("lang"), words


def test_the_preferences_page_speaks_the_readers_language(newsletter):
    from django.utils import translation

    reader = make_subscribers(newsletter, 1)[0]
    path = f"/newsletter/preferences/{subscriber_token(reader)}/"
    client = Client()
    lang, english = preferences_page_copy(client, path)
    assert lang == "en" and english["label id_language"] == "Language of the emails"
    for code in ("fr", "es"):
        Subscriber.objects.filter(pk=reader.pk).update(language=code)
        lang, words = preferences_page_copy(client, path)
        assert lang == code
        assert words.keys() == english.keys()
        unchanged = set()
        for key, text in words.items():  # every word translated from the catalogue
            if key == "title":
                text = text.split(" | ")[0].split(" - ")[0]
                english_text = english[key].split(" | ")[0].split(" - ")[0]
            else:
                english_text = english[key]
            with translation.override(code):
                assert text == translation.gettext(english_text), key
            if text == english_text:
                unchanged.add(key)
        assert unchanged <= {"label id_pause"}, (code, unchanged)  # French says "Pause" too
    # Choosing a language answers in it at once; each language is offered in its own name.
    response = client.post(path, {"newsletters": [newsletter.pk], "language": "es"})
    page = lxml.html.fromstring(response.content)
    assert page.get("lang") == "es" and response["Content-Language"] == "es"
    names = {option.get("value"): option.text_content() for option in page.cssselect('select[name="language"] option')}
    assert names["fr"] == "français" and names["es"] == "español"


def test_a_preferences_change_is_confirmed_by_email_in_the_new_language(newsletter, django_capture_on_commit_callbacks):
    from email import message_from_bytes, policy

    from django.core import mail

    from newsletter.messages import serialise

    reader = make_subscribers(newsletter, 1)[0]
    path = f"/newsletter/preferences/{subscriber_token(reader)}/"
    client = Client()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"newsletters": [newsletter.pk], "language": "en"})  # nothing changed
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"newsletters": [newsletter.pk], "language": "es", "pause": "7"})
    assert len(mail.outbox) == 1
    message = message_from_bytes(serialise(mail.outbox[0]), policy=policy.default)
    assert message["To"] == reader.email
    assert message["Subject"] == "Sus preferencias de Morning Ledger se han guardado"
    html = lxml.html.fromstring(message.get_body(("html",)).get_content())
    assert html.get("lang") == "es"
    lines = [p.text_content() for p in html.xpath("//p")]
    assert "Boletines: Morning Ledger" in lines and "Idioma de los correos: español" in lines
    assert any(line.startswith("En pausa hasta el ") for line in lines)
    assert html.xpath("//a/@href")[0].endswith(path)  # back to the same preferences page
    assert message["List-Unsubscribe"] is None  # transactional
