"""Each page of the corpus imports with the right headline, standfirst, dates, authors, captions and credits."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from articles.models import ArticlePage, Author, SectionPage
from tests.support.builders import build_site

pytestmark = pytest.mark.django_db


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


EXPECTED = {
    "graph_idrefs.html": {
        "headline": "Harbor ferry service returns after two-year pause",
        "standfirst": "Islanders will again have a direct boat to the mainland from Monday, the port authority said.",
        "published": at("2024-03-04T07:30:00-05:00"),
        "modified": at("2024-03-04T11:15:00-05:00"),
        "authors": ["Maria Alvarez"],
        "section": "Local",
        "caption": "The Island Romance leaves the Casco Bay terminal on a trial run.",
        "credit": "Dan Whitlock/Casco Courier",
        "tags": {"ferries", "Peaks Island", "transport"},
        "dateline": "PORTLAND, Maine",
    },
    "nested_jsonld.html": {
        "headline": "City council approves budget with new library hours",
        "standfirst": "Branches will open on Sundays for the first time since 2009 after a 7-2 vote.",
        "published": at("2024-06-12T21:05:00+00:00"),
        "modified": at("2024-06-13T08:40:00+00:00"),
        "authors": ["Samuel Okafor"],
        "section": "Politics",
        "caption": "Council members vote on the budget on Wednesday night.",
        "credit": "Priya Nair for the Riverton Post",
        "article_type": "reportage",
    },
    "several_authors.html": {
        "headline": "Why the bay's lobster catch keeps moving north",
        "standfirst": "Warmer water is pushing lobsters toward Canada, and the boats are following.",
        "published": at("2024-05-20T06:00:00-04:00"),
        "modified": None,
        "authors": ["Maria Alvarez", "Tom Becker", "Aiko Tanaka"],
        "section": "Environment",
        "caption": "A lobster boat returns to Stonington.",
        "credit": "Aiko Tanaka",
        "article_type": "analysis",
    },
    "microdata_only.html": {
        "headline": "School board delays start-time change to 2025",
        "standfirst": "Parents asked for more time to arrange transport; the board agreed 5-0.",
        "published": at("2024-02-08T18:30:00-08:00"),
        "modified": at("2024-02-09T09:00:00-08:00"),
        "authors": ["Grace Lin"],
        "section": "Education",
        "caption": "Students wait for the 6:50 a.m. bus in Millbrook.",
        "credit": "Rosa Park/Valley Gazette",
    },
    "rdfa_only.html": {
        "headline": "Storm knocks out power to 30,000 homes",
        "standfirst": "Crews expect most customers to be reconnected by Saturday night.",
        "published": at("2024-01-10T05:45:00+00:00"),
        "modified": None,
        "authors": ["Liam Walsh", "Nora Quinn"],
        "section": "Weather",
        "caption": "A tree brought down lines on Shore Road.",
        "credit": "Eva Stone/Coastal Herald",
    },
    "opengraph_only.html": {
        "headline": "New trail links two state parks",
        "standfirst": "The 14-mile route opens on Saturday after six years of work by volunteers.",
        "published": at("2024-04-18T12:00:00-05:00"),
        "modified": at("2024-04-18T16:20:00-05:00"),
        "authors": ["Rachel Green"],
        "section": "Outdoors",
        "caption": "Volunteers walk the last section before the opening.",
        "credit": "Ben Carter",
        "tags": {"hiking", "state parks"},
    },
    "missing_fields.html": {
        "headline": "Water main break closes Elm Street",
        # No standfirst in the page: the first paragraph stands in (the field is required).
        "standfirst": "Elm Street is closed between 3rd and 5th avenues while crews repair a broken water main.",
        "published": dt.datetime(2024, 7, 2, 4, 0, tzinfo=dt.UTC),  # a date alone: midnight, site time zone
        "modified": None,
        "authors": [],
        "section": "News",
        "caption": None,
        "credit": None,
    },
    "broken_jsonld.html": {
        "headline": "Farmers market moves to the waterfront",
        "standfirst": "Vendors say the new site doubles the space and adds parking.",
        "published": at("2024-04-27T09:00:00-04:00"),
        "modified": None,
        "authors": ["Aiko Tanaka"],
        "section": "Food",
        "caption": "Shoppers at the first waterfront market.",
        "credit": "Lee Morgan",
    },
}


@pytest.fixture
def site():
    return build_site(sections=("Local",))


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def article_for(corpus, name) -> ArticlePage:
    from importer.pipeline import Source, draft_for

    draft = draft_for(Source(str(corpus / name), root=corpus))
    return (
        ArticlePage.objects.get(source_url=draft.source_url)
        if draft.source_url
        else (ArticlePage.objects.get(title=draft.headline))
    )


def test_corpus_imports_every_page_with_its_metadata(site, corpus):
    output = run(corpus, "--publish")
    assert "8 imported, 0 updated, 0 skipped, 0 failed" in output, output
    for name, expected in EXPECTED.items():
        page = article_for(corpus, name)
        assert page.live, name
        assert page.title == expected["headline"], name
        assert page.standfirst == expected["standfirst"], name
        assert page.publication_date == expected["published"], name
        assert page.updated_at == expected["modified"], name
        assert [a.name for a in page.authors] == expected["authors"], name
        assert page.get_parent().specific.title == expected["section"], name
        assert isinstance(page.get_parent().specific, SectionPage)
        if expected["caption"] is None:
            assert page.lead_image is None, name
        else:
            assert page.lead_caption == expected["caption"], name
            assert page.lead_credit == expected["credit"], name
            # The metadata travels with the image itself, not only with this use of it.
            assert page.lead_image.caption == expected["caption"], name
            assert page.lead_image.credit == expected["credit"], name
        if "tags" in expected:
            assert {tag.name for tag in page.tags.all()} == expected["tags"], name
        if "dateline" in expected:
            assert page.dateline == expected["dateline"], name
        if "article_type" in expected:
            assert page.article_type == expected["article_type"], name
        assert len(page.body) > 0, name


def test_authors_are_matched_never_duplicated(site, corpus):
    run(corpus, "--publish")
    assert Author.objects.filter(name="Maria Alvarez").count() == 1  # by profile URL, in two articles
    assert Author.objects.filter(name="Aiko Tanaka").count() == 1  # by name, in two articles
    assert Author.objects.filter(name="Tom Becker").count() == 1  # listed twice in one article
    maria = Author.objects.get(name="Maria Alvarez")
    assert maria.job_title == "Transportation Reporter"
    assert [link.url for link in maria.profile_links.all()] == ["https://www.cascocourier.example/people/maria-alvarez"]
    assert maria.photo is not None  # her portrait, read relative to the page file
    assert maria.article_links.count() == 2


def test_image_metadata_and_body_photos(site, corpus):
    run(corpus, "--publish")
    ferry = article_for(corpus, "graph_idrefs.html").lead_image
    assert ferry.creator == "Dan Whitlock"
    assert ferry.copyright_notice == "© 2024 Casco Courier"
    assert ferry.license_url == "https://www.cascocourier.example/licensing"
    assert ferry.acquire_license_url == "https://www.cascocourier.example/photo-sales"
    lobster = article_for(corpus, "several_authors.html")
    assert [(caption, credit) for _image, caption, credit in lobster.body_images()] == [
        ("Landings by port, 2000-2023.", "Casco Courier graphic")
    ]
    kinds = [block.block_type for block in lobster.body]
    assert kinds == ["paragraph", "image", "quote", "paragraph"]
    graph = article_for(corpus, "graph_idrefs.html")
    html = "".join(str(block.value) for block in graph.body if block.block_type == "paragraph")
    assert "<b>Ellen Ruiz</b>" in html and "trackRead" not in html and "Read more" not in html
    assert not html.startswith("<p>PORTLAND")  # the dateline became the field


def test_provenance_and_missing_fields_are_reported(site, corpus):
    output = run(corpus / "missing_fields.html", corpus / "rdfa_only.html", "--dry-run")
    assert "missing: standfirst, date_modified, authors, images, section, tags, dateline" in output
    assert "headline ← rdfa" in output


def test_duplicates_are_skipped_unless_update(site, corpus):
    run(corpus / "broken_jsonld.html", "--publish")
    output = run(corpus / "broken_jsonld.html", "--publish")
    assert "0 imported, 0 updated, 1 skipped, 0 failed" in output
    assert "use --update" in output
    page = corpus / "broken_jsonld.html"
    page.write_text(page.read_text().replace("Farmers market moves to the waterfront", "Farmers market moves again"))
    output = run(page, "--publish", "--update")
    assert "0 imported, 1 updated, 0 skipped, 0 failed" in output
    source_url = "https://www.cascocourier.example/food/farmers-market-moves"
    assert ArticlePage.objects.filter(source_url=source_url).count() == 1
    assert ArticlePage.objects.get(source_url__endswith="farmers-market-moves").title == "Farmers market moves again"


def test_dry_run_writes_nothing(site, corpus):
    images, pages, authors = get_image_model().objects.count(), ArticlePage.objects.count(), Author.objects.count()
    output = run(corpus, "--dry-run")
    assert "Dry run, nothing written. Would have: 8 imported" in output
    assert "WOULD IMPORT" in output
    assert (get_image_model().objects.count(), ArticlePage.objects.count(), Author.objects.count()) == (
        images,
        pages,
        authors,
    )
    assert SectionPage.objects.count() == 1


def test_a_bad_source_does_not_stop_the_others_and_fails_the_run(site, corpus):
    (corpus / "zz_not_an_article.html").write_text("<html><body><p>No headline anywhere.</p></body></html>")
    (corpus / "zz_laughs.html").write_text('<!DOCTYPE x [<!ENTITY a "aaaa">]><html><body>&a;</body></html>')
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 10 source"):
        call_command("import_articles", str(corpus), stdout=out, stderr=io.StringIO())
    output = out.getvalue()
    assert "8 imported, 0 updated, 0 skipped, 2 failed" in output
    assert "zz_not_an_article.html: no headline" in output
    assert "zz_laughs.html: the document declares entities" in output


def test_drafts_by_default(site, corpus):
    run(corpus / "rdfa_only.html")
    page = ArticlePage.objects.get()
    assert not page.live and page.has_unpublished_changes


def test_each_article_is_atomic(site, corpus, monkeypatch):
    from importer import save

    def explode(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr(save, "find_available_slug", explode)
    images = get_image_model().objects.count()
    with pytest.raises(CommandError):
        run(corpus / "graph_idrefs.html")
    assert ArticlePage.objects.count() == 0
    assert Author.objects.count() == 0
    assert get_image_model().objects.count() == images


def test_parent_by_path_or_id(site, corpus):
    run(corpus / "rdfa_only.html", "--parent", "/local/")
    assert ArticlePage.objects.get().get_parent().id == site.section.id  # a section parent: used as it is
    run(corpus / "opengraph_only.html", "--parent", site.home.id)
    assert ArticlePage.objects.get(title__startswith="New trail").get_parent().title == "Outdoors"
    with pytest.raises(CommandError, match="no page at"):
        run(corpus / "missing_fields.html", "--parent", "/nowhere/")


def test_loose_text_between_blocks_is_kept_as_its_own_paragraphs():
    """Text outside any <p> is neither lost nor nested into the paragraph before it."""
    import lxml.html

    from importer.mapping import body_from_html

    html = (
        "<article><p>One</p> loose text <ul><li>a</li></ul> tail"
        '<div>Text <a href="https://example.org/x">link</a> more</div><div><p>P</p>after</div>'
        "<div><script>ignored()</script>kept<h2>Head</h2></div></article>"
    )
    assert body_from_html(lxml.html.fromstring(html), "https://example.org/", []) == [
        ("paragraph", "<p>One</p>"),
        ("paragraph", "<p>loose text</p>"),
        ("paragraph", "<ul><li>a</li></ul>"),
        ("paragraph", "<p>tail</p>"),
        ("paragraph", '<p>Text <a href="https://example.org/x">link</a> more</p>'),
        ("paragraph", "<p>P</p>"),
        ("paragraph", "<p>after</p>"),
        ("paragraph", "<p>kept</p>"),
        ("heading", {"text": "Head", "level": "h2"}),
    ]
