"""Issue 13, item 1: no admin view of a newsletter model answers a user without permission on it.

The URLs are not listed by hand: they are read from Wagtail's snippet registry (each newsletter
snippet's viewset and chooser viewset) and from the admin URLconf (anything a hook mounts under
``newsletter/``), so a viewset or model added later is walked too.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.snippets.models import get_snippet_models

from newsletter.models import Edition, Subscriber

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "secret.reader@mail.example"


def walk(resolver, prefix="", namespace=""):
    """(full URL name, route prefix, pattern) for every pattern under ``resolver``."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern


def newsletter_snippet_models():
    return [model for model in get_snippet_models() if model._meta.app_label == "newsletter"]


def url_arguments(pattern, model):
    """Keyword arguments for ``pattern``: a real object's pk where there is one."""
    names = list(getattr(pattern.pattern, "converters", {}) or pattern.pattern.regex.groupindex)
    instance = model.objects.order_by("pk").first() if model is not None else None
    pk = quote(instance.pk) if instance is not None else "1"
    return dict.fromkeys(names, pk), instance is not None


def newsletter_admin_urls():
    """Every admin URL of every newsletter model, with the model (None for hook URLs) it belongs to."""
    namespaces = {}
    for model in newsletter_snippet_models():
        viewset = model.snippet_viewset
        namespaces[viewset.url_namespace] = model
        namespaces[viewset.chooser_viewset.url_namespace] = model
    urls = []
    for name, route, pattern in walk(get_resolver()):
        if not route.startswith("admin/"):
            continue
        namespace = name.rpartition(":")[0]
        if namespace in namespaces:
            model = namespaces[namespace]
        elif "newsletter" in route:  # mounted by a hook: the model its route names
            specific_first = sorted(namespaces.values(), key=lambda model: model._meta.model_name == "newsletter")
            model = next((model for model in specific_first if model._meta.model_name in route), None)
        else:
            continue
        kwargs, found = url_arguments(pattern, model)
        url = reverse(name, kwargs=kwargs)
        urls.append((url, found))
        if name.endswith((":list", ":list_results")):
            urls += [(f"{url}?export=csv", True), (f"{url}?export=xlsx", True)]
        if name.endswith(":choose_results"):
            urls += [(f"{url}?p=2", True), (f"{url}?q=secret", True)]
        if name.endswith(":chosen_multiple"):
            urls.append((f"{url}?id={kwargs.get('pk', '1')}", True))
    return urls


@pytest.fixture(name="records")
def records_fixture(newsletter):
    for index in range(30):  # more than one chooser page
        Subscriber.objects.create(newsletter=newsletter, email=f"reader{index}@mail.example")
    Subscriber.objects.create(newsletter=newsletter, email=SECRET_ADDRESS)
    Edition.objects.create(newsletter=newsletter, date=datetime.date(2026, 12, 4))


def test_the_walk_covers_what_the_audit_named(records):
    urls = [url for url, _found in newsletter_admin_urls()]
    subscriber_urls = [url for url in urls if "/subscriber/" in url]
    for fragment in ["/choose/", "/results/", "/chosen/", "/edit/", "/delete/", "/history/", "/usage/", "export=csv"]:
        assert any(fragment in url for url in subscriber_urls), fragment
    assert {model._meta.model_name for model in newsletter_snippet_models()} >= {"newsletter", "subscriber", "edition"}
    assert any("retry-failed" in url for url in urls)
    assert any("/unsubscribe/" in url for url in urls)


@pytest.mark.parametrize("who", ["editor", "anonymous"])
def test_no_newsletter_admin_url_answers_without_permission(records, who, request):
    client = Client()
    if who == "editor":
        client.force_login(request.getfixturevalue("editor"))
    urls = newsletter_admin_urls()
    refused = []
    for url, found in urls:
        for method in (client.get, client.post):
            response = method(url)
            allowed = {302, 403} if found else {302, 403, 404}
            body = b"" if response.streaming else response.content
            if response.status_code not in allowed or SECRET_ADDRESS.encode() in body:
                refused.append((method.__name__, url, response.status_code))
    assert not refused, f"answered a user without newsletter permissions: {refused}"


def test_a_superuser_still_gets_the_chooser(records, superuser):
    client = Client()
    client.force_login(superuser)
    chooser = reverse(Subscriber.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
    response = client.get(chooser, {"q": "secret"})
    assert response.status_code == 200 and SECRET_ADDRESS.encode() in response.content
