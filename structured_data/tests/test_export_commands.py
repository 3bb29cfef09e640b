"""``export_structured_data`` and ``rebuild_structured_data`` as an integrator runs them: every format, to a
file, a folder, a zip or stdout, the filters, and bad input refused with status 2 before anything is written."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from structured_data.models import StoredGraph

from .builders import build_published_site, make_event, make_plain
from .iptc_validation import validate_newsml, validate_ninjs


def run(command: str, *args: str) -> SimpleNamespace:
    """What ``command *args`` printed, and its exit status (0, or the ``CommandError``'s)."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(command, *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return SimpleNamespace(status=status, out=out.getvalue(), err=err.getvalue())


def export(*args: str) -> SimpleNamespace:
    return run("export_structured_data", *args)


@pytest.fixture
def pages(db) -> SimpleNamespace:
    """A site with a publisher, two events and a plain page (five visible pages with the home and section)."""
    tree = build_published_site()
    tree.festival = make_event(tree.section, "Harbor festival", summary="Boats and music.")
    tree.regatta = make_event(tree.section, "Autumn regatta", summary="Sails on the bay.")
    tree.about = make_plain(tree.home, "About us")
    return tree


def webpage_urls(graphs: list[dict[str, Any]]) -> set[str]:
    return {node["url"] for graph in graphs for node in graph["@graph"] if node["@id"].endswith("#webpage")}


def test_ndjson_to_a_file_one_graph_a_line(pages, tmp_path):
    target = tmp_path / "pages.ndjson"
    result = export("--format", "ndjson", "-o", str(target))
    assert result.status == 0 and result.out == ""
    graphs = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(graphs) == 5
    assert webpage_urls(graphs) == {page.full_url for page in Page.objects.live().specific() if page.depth > 1}
    assert f"Exported 5 page graph(s) to {target}." in result.err
    assert target.stat().st_mode & 0o044 == 0o044  # readable by the web server, not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["pages.ndjson"]  # no temporary file left beside it


def test_jsonld_is_one_document_with_each_node_once(pages):
    result = export("--format", "jsonld")
    document = json.loads(result.out)
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))
    assert sum(node["@type"] == "Event" for node in document["@graph"]) == 2
    assert sum(node["@type"] in {"Organization", "NewsMediaOrganization"} for node in document["@graph"]) == 1


def test_type_keeps_only_pages_of_that_schema_type(pages):
    graphs = [json.loads(line) for line in export("--type", "Event").out.splitlines()]
    assert webpage_urls(graphs) == {pages.festival.full_url, pages.regatta.full_url}


def test_since_keeps_pages_published_from_that_moment(pages):
    Page.objects.filter(pk=pages.regatta.pk).update(
        first_published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        last_published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    Page.objects.exclude(pk=pages.regatta.pk).update(
        first_published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
        last_published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )
    for since in ("2019-06-01", "2019-06-01T00:00:00+00:00"):
        graphs = [json.loads(line) for line in export("--since", since).out.splitlines()]
        assert webpage_urls(graphs) == {pages.regatta.full_url}, since
    assert export("--since", "2021-01-01").out == ""


def test_site_limits_the_export_to_that_site(pages):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
    Site.objects.create(hostname="other.test", port=8080, root_page=other_home)
    graphs = [json.loads(line) for line in export("--site", "other.test:8080").out.splitlines()]
    assert webpage_urls(graphs) == {"http://other.test:8080/"}
    assert len([json.loads(line) for line in export("--site", "LOCALHOST").out.splitlines()]) == 5
    assert len(export().out.splitlines()) == 6  # every site by default


def test_ninjs_lines_are_valid_and_missing_data_is_counted(pages):
    result = run("export_structured_data", "--format", "ninjs", "--type", "Event", "-v", "2")
    items = [json.loads(line) for line in result.out.splitlines()]
    assert {item["headlines"][0]["value"] for item in items} == {"Harbor festival", "Autumn regatta"}
    for item in items:
        validate_ninjs(item)
    assert "2 item(s) exported with something missing: " in result.err
    assert "no byline (2)" in result.err
    assert f"  {pages.festival.full_url}: " in result.err  # listed page by page at -v 2
    assert f"  {pages.festival.full_url}: " not in export("--format", "ninjs", "--type", "Event").err


def test_ninjs_to_a_file_says_how_many_items(pages, tmp_path):
    target = tmp_path / "items.ndjson"
    result = export("--format", "ninjs", "-o", str(target))
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5
    assert f"Exported 5 item(s) to {target}." in result.err


def test_newsml_to_a_folder_one_valid_file_per_item(pages, tmp_path):
    target = tmp_path / "newsml"
    result = export("--format", "newsml", "--type", "Event", "-o", str(target))
    assert result.status == 0
    files = sorted(target.iterdir())
    assert len(files) == 2 and all(path.suffix == ".xml" for path in files)
    guids = {validate_newsml(path.read_bytes()).get("guid") for path in files}
    assert guids == {
        f"urn:newsml:localhost:{event.first_published_at:%Y%m%d}:page-{event.pk}"
        for event in (pages.festival, pages.regatta)
    }
    assert f"Exported 2 item(s) to {target}." in result.err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # the temporary folder was renamed


def test_newsml_into_an_empty_folder_that_exists(pages, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    assert export("--format", "newsml", "--type", "Event", "-o", str(target)).status == 0
    assert len(list(target.iterdir())) == 2


@pytest.mark.parametrize("args", [("-o", "items.zip"), ("--zip", "-o", "items.bin")])
def test_newsml_to_a_zip(pages, tmp_path, args):
    target = tmp_path / args[-1]
    result = export("--format", "newsml", "--type", "Event", *args[:-1], str(target))
    assert result.status == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert len(names) == 2
        for name in names:
            validate_newsml(archive.read(name))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "last tuesday"), "is not a date"),
        (("--since", "2024-13-45"), "is not a date"),
        (("--site", "nowhere.test"), "is not a Wagtail site (sites: localhost:80)"),
        (("--site", "localhost:http"), "the port must be a number"),
        (("--type", "Recipe"), "no page has a schema of that type"),
        (("--batch-size", "0"), "--batch-size must be at least 1"),
        (("--zip",), "is one stream, not a file per item"),
        (("--format", "ninjs", "--zip"), "is written one item a line"),
        (("--format", "newsml",), "give --output a folder or a .zip"),
    ],
)  # fmt: skip
def test_bad_input_exits_with_status_2_and_writes_nothing(pages, args, message):
    result = export(*args)
    assert result.status == 2
    assert message in result.err
    assert result.out == ""


def test_an_unusable_output_is_refused_and_the_previous_file_kept(pages, tmp_path):
    assert export("-o", str(tmp_path)).status == 2  # a directory, for a stream
    missing = tmp_path / "no" / "such" / "folder" / "pages.ndjson"
    result = export("-o", str(missing))
    assert result.status == 2 and "cannot be written" in result.err
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.xml").write_text("mine")
    result = export("--format", "newsml", "-o", str(full))
    assert result.status == 2 and "must be a new or empty folder" in result.err
    assert [p.name for p in full.iterdir()] == ["keep.xml"]
    previous = tmp_path / "pages.ndjson"
    previous.write_text("yesterday's export\n")
    assert export("--type", "Recipe", "-o", str(previous)).status == 2
    assert previous.read_text() == "yesterday's export\n"


def test_rebuild_stores_every_visible_page_and_forgets_the_rest(pages):
    StoredGraph.objects.all().delete()
    result = run("rebuild_structured_data")
    assert result.status == 0
    assert result.out.strip() == "Stored 5 page graph(s)."
    assert set(StoredGraph.objects.values_list("page_id", flat=True)) == {
        pages.home.pk, pages.section.pk, pages.festival.pk, pages.regatta.pk, pages.about.pk,
    }  # fmt: skip
    pages.about.unpublish()
    assert run("rebuild_structured_data", "--batch-size", "2").out.strip() == "Stored 4 page graph(s)."
    assert not StoredGraph.objects.filter(page_id=pages.about.pk).exists()


def test_rebuild_of_one_site_keeps_the_other_sites_graphs(pages):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
    Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    run("rebuild_structured_data")
    before = StoredGraph.objects.count()
    assert run("rebuild_structured_data", "--site", "other.test").out.strip() == "Stored 1 page graph(s)."
    assert StoredGraph.objects.count() == before
    assert run("rebuild_structured_data", "--site", "other.test", "-v", "0").out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--site", "nowhere.test"), "is not a Wagtail site"), (("--batch-size", "0"), "must be at least 1")],
)
def test_rebuild_refuses_bad_input_with_status_2(pages, args, message):
    StoredGraph.objects.all().delete()
    run("rebuild_structured_data")
    count = StoredGraph.objects.count()
    result = run("rebuild_structured_data", *args)
    assert result.status == 2 and message in result.err
    assert StoredGraph.objects.count() == count  # nothing dropped before the input was checked


def test_a_site_with_no_pages_exports_nothing(db):
    Site.objects.all().delete()
    assert export().out == ""
    assert json.loads(export("--format", "jsonld").out)["@graph"] == []
