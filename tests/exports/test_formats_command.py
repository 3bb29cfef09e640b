"""``export_structured_data --format ninjs|newsml``: every visible article as a valid item, bad data reported."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from structured_data.models import PublisherSettings
from structured_data.tests.iptc_validation import validate_newsml, validate_ninjs
from tests.support.builders import image_block, make_article, make_author, make_image, paragraph

NAR = "{http://iptc.org/std/nar/2006-10-01/}"


def run(*args, verbosity: int = 1) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_structured_data", *args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def site(tree):
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger")
    author = make_author("Rita Alvarez")
    photo = make_image("Harbor", caption="The harbor.", credit="Ledger")
    tree.articles = [
        make_article(tree.section, f"Story {i}", authors=[author], lead_image=photo,
                     body=[paragraph("<p>Words.</p>"), image_block(photo)])
        for i in range(3)
    ]  # fmt: skip
    tree.bare = make_article(tree.section, "No byline, no photo", body=[paragraph("<p>Words.</p>")])
    tree.draft = make_article(tree.section, "Draft story", authors=[author], publish=False)
    tree.private = make_article(tree.section, "Private story", authors=[author])
    PageViewRestriction.objects.create(page=tree.private, restriction_type=PageViewRestriction.LOGIN)
    tree.titles = {f"Story {i}" for i in range(3)} | {"No byline, no photo"}
    return tree


@pytest.mark.django_db
def test_ninjs_ndjson_one_valid_item_a_line_drafts_and_private_pages_left_out(site):
    out, err = run("--format", "ninjs", "--type", "NewsArticle")
    items = [json.loads(line) for line in out.splitlines()]
    for item in items:
        validate_ninjs(item)
    assert {item["headlines"][0]["value"] for item in items} == site.titles
    assert "1 item(s) exported with something missing: no byline (1), no picture (1)." in err


@pytest.mark.django_db
def test_ninjs_to_a_file_lists_the_problems_page_by_page(site, tmp_path):
    target = tmp_path / "items.ndjson"
    _out, err = run("--format", "ninjs", "--type", "NewsArticle", "-o", str(target), verbosity=2)
    assert len(target.read_text().splitlines()) == 4
    assert f"Exported 4 item(s) to {target}." in err
    assert f"  {site.bare.full_url}: no byline, no picture" in err


@pytest.mark.django_db
def test_newsml_one_valid_file_per_item_in_a_folder(site, tmp_path):
    target = tmp_path / "newsml"
    run("--format", "newsml", "--type", "NewsArticle", "-o", str(target))
    names = sorted(os.listdir(target))
    assert len(names) == 4 and all(name.endswith(".xml") for name in names)
    headlines = set()
    for name in names:
        root = validate_newsml((target / name).read_bytes())
        assert name == root.get("guid").replace(":", "_") + ".xml"
        headlines.add(root.findtext(f"{NAR}contentMeta/{NAR}headline"))
    assert headlines == site.titles


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("-o", "items.zip"), ("-o", "items.bin", "--zip")])
def test_newsml_in_a_zip(site, tmp_path, args):
    output, *rest = args[1:]
    run("--format", "newsml", "--type", "NewsArticle", "-o", str(tmp_path / output), *rest)
    with zipfile.ZipFile(tmp_path / output) as archive:
        documents = [archive.read(name) for name in archive.namelist()]
    assert len(documents) == 4
    for document in documents:
        validate_newsml(document)


@pytest.mark.django_db
def test_bad_output_for_files_exits_2_without_writing(site, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    for args in (("--format", "newsml"), ("--format", "newsml", "-o", str(tmp_path / "full")), ("--zip",)):
        with pytest.raises(CommandError) as raised:
            run(*args)
        assert raised.value.returncode == 2
    assert os.listdir(tmp_path) == ["full"] and os.listdir(tmp_path / "full") == ["keep.txt"]


@pytest.mark.django_db
def test_the_export_and_the_page_give_the_same_item(site, client):
    from structured_data.models import StoredGraph

    assert StoredGraph.objects.filter(page_id=site.articles[0].pk).exists()  # stored on publish: read, not rebuilt
    out, _err = run("--format", "ninjs", "--type", "NewsArticle")
    exported = {item["uri"]: item for item in map(json.loads, out.splitlines())}
    for article in (*site.articles, site.bare):
        served = json.loads(client.get(article.url, {"format": "ninjs"}).content)
        assert exported[served["uri"]] == served
