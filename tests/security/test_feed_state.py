"""Issue 23, "Also": a feed view is one instance per URL pattern, shared by every request and every
thread of a worker. Django's ``Feed`` passes the request to few of its methods, so ours kept it (and
the language root) on that instance, where a concurrent request could swap it mid-feed. Each call
now works on a copy: the shared instance holds nothing of any request."""

from __future__ import annotations

import pytest
from django.contrib.syndication.views import Feed
from django.test import Client

from articles import urls as article_urls
from tests.support.builders import make_article, make_author

pytestmark = pytest.mark.django_db


def feed_views():
    """``(url, the shared Feed instance)`` of every feed URL pattern."""
    for pattern in article_urls.urlpatterns:
        view = getattr(pattern.callback, "__wrapped__", pattern.callback)
        if isinstance(view, Feed):
            yield str(pattern.pattern), view


def test_every_feed_instance_holds_no_request_after_answering(tree):
    author = make_author("Dana Reyes")
    make_article(tree.section, "Harbor dredging approved", authors=[author])
    from articles.models import CorrectionsPage

    tree.home.add_child(instance=CorrectionsPage(title="Corrections", slug="corrections"))
    views = list(feed_views())
    assert len(views) == 7
    client = Client()
    for route, feed in views:
        url = "/" + route.replace("<slug:slug>", author.slug if "authors" in route else tree.section.slug)
        for host in ("localhost", "127.0.0.1"):
            response = client.get(url, HTTP_HOST=host)
            assert response.status_code == 200, url
            assert host in response.content.decode()  # its own request's address (the feed's self link)
        assert not {"request", "root"} & set(vars(feed)), route
