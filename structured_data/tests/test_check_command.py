"""``check_structured_data`` on the test app's own site, rendered in-process: the report formats, ``--state``
resuming a stopped run, ``--max-pages``, the choice of site, and each bad argument refused with status 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from structured_data.models import PublisherSettings

from .builders import build_site, make_event, make_image, make_plain
from .checker_command import run_checker


@pytest.fixture
def tree(db) -> SimpleNamespace:
    """Four visible pages: the home, a section, an event and a plain page."""
    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="Events Weekly", logo=make_image("Logo", 300, 300))
    tree.event = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    tree.about = make_plain(tree.home, "About us")
    return tree


def page_urls(tree: SimpleNamespace) -> set[str]:
    return {page.full_url for page in (tree.home, tree.section, tree.event, tree.about)}


def test_json_report_lists_every_visible_page(tree):
    status, out, _err = run_checker("--format", "json")
    report = json.loads(out)
    assert {page["url"] for page in report["pages"]} == page_urls(tree)
    assert report["summary"]["pages"] == 4
    assert status == (1 if report["summary"]["errors"] else 0)


def test_an_error_exits_1_and_is_printed_with_its_path(tree):
    publisher = PublisherSettings.objects.get()
    publisher.organization_type = "NewsOrganisation"  # no such schema.org type (a value saved long ago)
    publisher.save()
    status, out, err = run_checker()
    assert status == 1
    assert "'NewsOrganisation' is not a schema.org type." in out
    assert "By rule (issues, pages):" in out
    assert "at --fail-on=error level" in err
    status, out, _err = run_checker("--format", "junit")
    suite = ET.fromstring(out).find("testsuite")  # noqa: S314 - our own report
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert status == 1
    assert set(cases) == page_urls(tree)  # one test case per page
    failing = [url for url, case in cases.items() if case.find("failure") is not None]
    assert failing and suite.get("failures") == str(len(failing))
    assert "is not a schema.org type" in cases[failing[0]].find("failure").text


def test_state_records_each_page_and_a_second_run_resumes(tree, tmp_path):
    state = tmp_path / "state.jsonl"
    _status, first, _err = run_checker("--state", str(state), "--max-pages", "2", "--format", "json")
    recorded = [json.loads(line) for line in state.read_text().splitlines()]
    assert len(recorded) == 2 and len(json.loads(first)["pages"]) == 2
    with state.open("a") as file:
        file.write('{"url": "http://localhost/cut-sho')  # a line a crash cut short: checked again
    _status, second, _err = run_checker("--state", str(state), "--format", "json")
    assert {page["url"] for page in json.loads(second)["pages"]} == page_urls(tree)
    lines = state.read_text().splitlines()
    assert sum(1 for line in lines if line.startswith('{"url": "http')) == 5  # 2 + the torn line + 2 more


def test_state_in_a_folder_that_cannot_be_written_is_refused(tree, tmp_path):
    status, _out, err = run_checker("--state", str(tmp_path / "missing" / "state.jsonl"))
    assert status == 2 and "--state: cannot write" in err
    status, _out, err = run_checker("--state", str(tmp_path))
    assert status == 2 and "--state: cannot read" in err


def test_site_by_hostname_and_without_a_default_site(tree):
    tree.site.hostname, tree.site.is_default_site = "ledger.test", False
    tree.site.save()
    status, _out, err = run_checker()
    assert status == 2 and "no default Wagtail site" in err
    status, _out, err = run_checker("--site", "nowhere.test")
    assert status == 2 and "(known: ledger.test)" in err
    _status, out, _err = run_checker("--site", "ledger.test", "--format", "json")
    assert {page["url"] for page in json.loads(out)["pages"]} == {
        url.replace("localhost", "ledger.test") for url in page_urls(tree)
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--site", "localhost", "--url", "https://example.com/"), "not both"),
        (("--store", "--url", "https://example.com/"), "use it with --site"),
        (("--state", "x.jsonl", "--sitemap", "https://example.com/sitemap.xml"), "needs no source option"),
        (("--concurrency", "0"), "--concurrency must be at least 1"),
        (("--image-host-limit", "0"), "--image-host-limit must be at least 1"),
        (("--max-pages", "0"), "--max-pages must be at least 1"),
        (("--delay", "-1"), "cannot be negative"),
        (("--image-budget", "-0.5"), "cannot be negative"),
        (("--deadline", "0"), "at most an hour"),
        (("--deadline", "7200"), "at most an hour"),
        (("--allow-address", "not-an-address", "--url", "https://example.com/"), "--allow-address:"),
        (("--url", "/news/"), "needs an absolute http(s) URL"),
        (("--url", "ftp://example.com/file"), "needs an absolute http(s) URL"),
        (("--sitemap", "sitemap.xml"), "--sitemap needs an absolute http(s) URL"),
    ],
)
def test_bad_arguments_exit_with_status_2(db, args, message):
    status, out, err = run_checker(*args)
    assert status == 2
    assert message in err
    assert out == ""


def test_urls_from_a_file_that_is_missing_or_holds_a_relative_url(db, tmp_path):
    status, _out, err = run_checker("--urls-from", str(tmp_path / "missing.txt"))
    assert status == 2 and "--urls-from: cannot read" in err
    listed = tmp_path / "urls.txt"
    listed.write_text("# pages\n/news/story/\n")
    status, _out, err = run_checker("--urls-from", str(listed))
    assert status == 2 and f"--urls-from ({listed}) needs an absolute http(s) URL" in err
