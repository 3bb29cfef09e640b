"""Bad exports and hostile paths: reported per item, what came before kept, nothing half-saved."""

from __future__ import annotations

import io
import json
import os

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticlePage
from importer.errors import ArticleImportError
from importer.wordpress import uploads_loader
from importer.wxr import WXRError, items, scan

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol4;</title>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>
"""


def run(*args) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_truncated_export_keeps_the_posts_before_the_fault(site, export, uploads, tmp_path):
    text = export.read_text(encoding="utf-8")
    cut = text.index("<title><![CDATA[Storm warning")  # inside the third post
    export.write_text(text[:cut], encoding="utf-8")
    report = tmp_path / "report.json"
    output, error = run("--wordpress", str(export), "--uploads", str(uploads), "--report", str(report))
    assert error is not None, output  # non-zero exit
    rows = json.loads(report.read_text())["items"]
    failed = [row for row in rows if row["status"] == "failed"]
    assert len(failed) == 1 and "line" in failed[0]["reason"] and "column" in failed[0]["reason"]
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["festival-des-phares", "night-ferry-returns"]


def test_billion_laughs_is_refused(site, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BILLION_LAUGHS)
    output, error = run("--wordpress", str(bomb))
    assert error is not None
    assert "DTD" in output
    assert ArticlePage.objects.count() == 0
    with pytest.raises(WXRError):
        list(items(bomb))
    assert scan(bomb).error


def test_undeclared_entity_is_a_parse_error_not_an_expansion(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<rss><channel><item><title>&lol9;</title></item></channel></rss>")
    with pytest.raises(WXRError, match="line 1"):
        list(items(broken))


def test_a_post_that_fails_to_save_leaves_nothing(site, export, uploads, monkeypatch):
    from importer import save

    original = save._write

    def write_then_fail(draft, *args, **kwargs):
        page = original(draft, *args, **kwargs)
        if draft.slug == "festival-des-phares":
            raise ValueError("the disk filled up")
        return page

    monkeypatch.setattr(save, "_write", write_then_fail)
    output, error = run("--wordpress", str(export), "--uploads", str(uploads))
    assert error is not None and "the disk filled up" in output
    assert not ArticlePage.objects.filter(slug="festival-des-phares").exists()
    assert ArticlePage.objects.count() == 4


@pytest.mark.parametrize(
    "url",
    [
        "https://ledger.example/wp-content/uploads/../../secret.jpg",
        "https://ledger.example/wp-content/uploads/2024/%2e%2e/%2e%2e/%2e%2e/secret.jpg",
        "https://ledger.example/wp-content/uploads//etc/secret.jpg",
    ],
)
def test_uploads_never_leave_their_folder(uploads, tmp_path, url):
    (tmp_path / "secret.jpg").write_bytes(b"not yours")
    with pytest.raises(ArticleImportError):
        uploads_loader(uploads)(url)


def test_symlink_out_of_uploads_is_refused(uploads, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes((uploads / "2024/03/ferry.jpg").read_bytes())
    os.symlink(outside, uploads / "2024/03/linked.jpg")
    with pytest.raises(ArticleImportError, match="outside"):
        uploads_loader(uploads)("https://ledger.example/wp-content/uploads/2024/03/linked.jpg")
    content, name = uploads_loader(uploads)("https://ledger.example/wp-content/uploads/2024/03/ferry.jpg")
    assert name == "ferry.jpg" and content.startswith(b"\xff\xd8")


def test_missing_export_and_bad_options(site, tmp_path):
    assert run("--wordpress", str(tmp_path / "nope.xml"))[1].startswith("no such file")
    assert "give one of" in run()[1]
    assert "time zone" in run("--wordpress", __file__, "--timezone", "Mars/Olympus")[1]
    assert ".csv or .json" in run("--wordpress", __file__, "--report", str(tmp_path / "r.txt"))[1]
