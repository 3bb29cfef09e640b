"""structured_data/checker/rules/visible.py and structured_data/checker/text.py:
the markup against what readers see, on any layout.
"""

import lxml.html
import pytest

from structured_data.checker.text import VisibleText, normalise, strip_prefix, words
from structured_data.tests.checker_pages import article, by_code, codes, issues, page


def shows(html, value):
    return VisibleText(lxml.html.fromstring(html)).shows(value)


def test_words_unify_case_quotes_dashes_spaces_and_accents():
    assert words("MEG\u00a0KINNARD\u2019s \u201cbig\u201d day \u2014 ok") == ["meg", "kinnard", "s", "big", "day", "ok"]
    assert normalise("Cara Díaz") == normalise("CARA DIAZ") == "cara diaz"
    assert normalise("ﬁnal") == "final"  # NFKC


@pytest.mark.parametrize(
    "prefix", ["By ", "by ", "Photo: ", "Photograph: ", "Credit: ", "Photo by ", "Words by ", "© 2026 "]
)
def test_prefixes_are_dropped(prefix):
    assert strip_prefix(prefix + "Jane Doe") == "Jane Doe"


@pytest.mark.parametrize(
    "figcaption",
    [
        "At the north landing. (Jane Doe/Harbor Press)",
        "(Jane Doe/Harbor Press) At the north landing.",
        "At the north landing.Jane Doe/Harbor Press",
        "At the north landing. <span>Jane Doe / Harbor Press</span>",
        "At the north landing<span>Jane Doe/Harbor Press</span>",
        "At the north landing — Jane Doe/Harbor Press",
        "At the north landing [Jane Doe/Harbor Press]",
        "AT THE NORTH LANDING. PHOTO: JANE DOE/HARBOR PRESS",
    ],
)
def test_caption_and_credit_inside_one_figcaption(figcaption):
    html = f"<figcaption>{figcaption}</figcaption>"
    assert shows(html, "At the north landing.") and shows(html, "Jane Doe/Harbor Press")
    assert not shows(html, "At the south landing.") and not shows(html, "Jane Roe/Harbor Press")


def test_short_values_match_whole_words_only():
    assert not shows("<p>Happy days</p>", "AP")
    assert shows("<p>(AP Photo)</p>", "AP")


def test_byline_in_capitals_with_a_by_prefix():
    body = (
        "<h1>Tram line extension approved</h1><p>BY ADA BROOK</p>"
        + "<figcaption>A tram at the depot. Lu Wei</figcaption>"
    )
    assert (
        codes(
            page(article()),
        )
        == []
        and codes(page(article(), body=body)) == []
    )


def test_byline_mismatch_is_an_error_for_people_and_a_warning_for_organizations():
    [issue] = by_code(
        page(
            article(),
            body="<h1>Tram line extension approved</h1><p>By Bo Li</p>"
            "<figcaption>A tram at the depot. Lu Wei</figcaption>",
        ),
        "byline-mismatch",
    )
    assert issue.severity == "error" and issue.path == "NewsArticle.author.name"
    org = article(author={"@type": "Organization", "name": "Paper Staff"})
    assert by_code(page(org), "byline-organization")[0].severity == "warning"


def test_headline_mismatch_is_a_warning_and_a_site_suffix_is_fine():
    assert codes(page(article(headline="Tram line extension approved | The Paper"))) == []
    [issue] = by_code(page(article(headline="Council says yes to trams")), "headline-mismatch")
    assert issue.severity == "warning"


def test_caption_and_credit_not_shown_are_errors():
    body = "<h1>Tram line extension approved</h1><p>By Ada Brook</p>"
    body += "<figure><figcaption>A bus at the depot. (Staff)</figcaption></figure>"
    found = {issue.code: issue for issue in issues(page(article(), body=body))}
    assert found["caption-mismatch"].severity == "error" and found["credit-mismatch"].severity == "error"
    assert "'A bus at the depot. (Staff)'" in found["caption-mismatch"].message


def test_markup_with_entities_and_tags():
    image = {
        "@type": "ImageObject",
        "url": "https://paper.example/a.jpg",
        "caption": "<p>A tram at the &quot;depot&quot;</p>",
    }
    body = "<h1>Tram line extension approved</h1><p>By Ada Brook</p><figcaption>A tram at the “depot”</figcaption>"
    assert "caption-mismatch" not in codes(page(article(image=image), body=body))


def test_names_with_initials_or_honorifics_and_credits_with_glue_words():
    body = "<h1>Tram line extension approved</h1><p>By Dr. Ada Brook</p>"
    body += "<figcaption>A tram at the depot. Lu Wei/Getty</figcaption>"
    person = {"@type": "Person", "name": "Ada J. Brook", "url": "https://paper.example/ada/"}
    image = {"@type": "ImageObject", "url": "https://paper.example/a.jpg", "caption": "A tram at the depot.",
             "creditText": "Lu Wei via Getty Images", "width": 1600, "height": 900}  # fmt: skip
    assert [i.code for i in issues(page(article(author=person, image=image), body=body)) if i.severity == "error"] == []
    image["creditText"] = "Bo Li via Getty Images"
    assert "credit-mismatch" in codes(page(article(author=person, image=image), body=body))


def test_a_listing_of_several_articles_is_not_compared_with_the_page():
    stories = [article(**{"@id": f"https://paper.example/s{i}/", "url": f"https://paper.example/s{i}/",
                          "headline": f"Story {i}", "author": {"@type": "Person", "name": f"Writer {i}"}})
               for i in range(3)]  # fmt: skip
    html = page(*stories, body="<h1>Latest news</h1><ul><li>Story 0</li><li>Story 1</li></ul>")
    assert [issue.code for issue in issues(html) if issue.severity == "error"] == []
    # The one that is this page is compared.
    own = article(**{"@id": "https://paper.example/news/story/#article", "author": {"@type": "Person", "name": "Zed"}})
    assert "byline-mismatch" in codes(page(own, *stories))


def test_names_in_scripts_written_without_spaces():
    assert shows("<p>記者 山田 太郎</p>", "山田太郎")
    assert shows("<p>山田太郎</p>", "山田 太郎")
    assert not shows("<p>山田 次郎</p>", "山田太郎")
