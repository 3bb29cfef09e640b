"""``manage.py check_structured_data``: the site in-process, URLs over HTTP, formats and exit statuses."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from articles.models import ArticlePage
from structured_data.models import PublisherSettings
from structured_data.tests.checker_command import run_checker
from structured_data.tests.checker_corpus import write_corpus
from tests.support.checker_site import build_checked_site


def run(*args):
    """(exit status, stdout, stderr) of the command, as the shell would see them."""
    return run_checker(*args)


class SiteCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_checked_site()

    def test_demo_like_site_has_no_errors(self):
        status, out, _err = run("--format", "json")
        report = json.loads(out)
        errors = [(page["url"], issue) for page in report["pages"] for issue in page["issues"]
                  if issue["severity"] == "error"]  # fmt: skip
        assert errors == []
        assert status == 0
        urls = {page["url"] for page in report["pages"]}
        # Every visible page, and the author profile routes of the authors index.
        assert "http://localhost/" in urls
        assert "http://localhost/local/ferry-fares-rise-in-june/" in urls
        assert "http://localhost/authors/rita-alvarez/" in urls
        assert report["summary"]["pages"] == len(urls) == 8
        assert report["summary"]["errors"] == 0

    def test_text_report_and_summary(self):
        status, out, _err = run()
        assert status == 0
        assert out.strip().splitlines()[-1].startswith("Checked 8 page(s)")
        assert "0 error(s)" in out

    def test_errors_exit_1_with_path_and_hint(self):
        # A type schema.org does not define (as a value saved before the choices changed would be).
        PublisherSettings.objects.update(organization_type="NewsOrganisation")
        status, out, err = run()
        assert status == 1
        assert "NewsOrganisation.@type: 'NewsOrganisation' is not a schema.org type." in out
        assert "hint: Did you mean NewsMediaOrganization?" in out
        assert "--fail-on=error" in err

    def test_fail_on_warning(self):
        article = ArticlePage.objects.get(slug="harbor-chorale-sings-again")
        article.title = "A " + "very " * 25 + "long headline"
        article.save_revision().publish()
        assert run("--fail-on", "error")[0] == 0
        status, out, _err = run("--fail-on", "warning", "--format", "json")
        assert status == 1
        codes = [issue["code"] for page in json.loads(out)["pages"] for issue in page["issues"]]
        assert "headline-long" in codes

    def test_draft_and_private_pages_are_not_checked(self):
        article = self.tree.articles[0]
        article.unpublish()
        _status, out, _err = run("--format", "json")
        urls = {page["url"] for page in json.loads(out)["pages"]}
        assert article.get_full_url() not in urls

    def test_site_by_hostname(self):
        assert run("--site", "localhost")[0] == 0
        status, _out, err = run("--site", "nowhere.example")
        assert status == 2
        assert "No Wagtail site has the hostname 'nowhere.example'" in err


def test_bad_arguments_exit_2(db):
    assert run("--url", "ftp://example.com/")[0] == 2
    assert run("--url", "http://example.com/", "--allow-address", "not-a-network")[0] == 2
    assert run("--url", "http://example.com/", "--deadline", "0")[0] == 2
    assert run("--url", "http://example.com/", "--max-pages", "0")[0] == 2
    assert run("--url", "not a url")[0] == 2
    status, _out, err = run("--url", "http://127.0.0.1:9/", "--site", "localhost")
    assert status == 2 and "not both" in err
    with pytest.raises(CommandError):  # argparse: an unknown format
        call_command("check_structured_data", "--format", "xml", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def corpus_server(tmp_path_factory):
    """The checker corpus written to a temporary folder and served over HTTP on loopback."""
    directory = tmp_path_factory.mktemp("checker-corpus")
    write_corpus(directory)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_urls_over_http(db, corpus_server):
    status, out, _err = run(
        "--allow-private",
        "--url", corpus_server + "headline_h1.html", "--url", corpus_server + "expected.json",
        "--url", corpus_server + "missing.html", "--url", "http://127.0.0.1:9/", "--format", "json",
    )  # fmt: skip
    assert status == 1
    pages = {page["url"]: [issue["code"] for issue in page["issues"]] for page in json.loads(out)["pages"]}
    assert "headline-mismatch" in pages[corpus_server + "headline_h1.html"]
    assert pages[corpus_server + "expected.json"] == ["not-html"]
    assert pages[corpus_server + "missing.html"] == ["http-status"]
    assert pages["http://127.0.0.1:9/"] == ["fetch-failed"]


def test_valid_page_over_http_passes(db, corpus_server):
    status, out, _err = run("--allow-private", "--url", corpus_server + "valid.html")
    # The corpus's images and author pages live on news.example, which is not reachable: warnings only.
    assert status == 0, out
    assert run("--allow-private", "--url", corpus_server + "valid.html", "--fail-on", "warning")[0] == 1
