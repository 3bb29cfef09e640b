"""structured_data/checker/rules/opengraph.py: OpenGraph against the JSON-LD (hints only)."""

from structured_data.tests.checker_pages import article, by_code, codes, page


def og(title="Tram line extension approved", image="https://paper.example/img/tram-1600x900.jpg", kind="article"):
    return (f'<meta property="og:type" content="{kind}"><meta property="og:title" content="{title}">'
            f'<meta property="og:image" content="{image}">')  # fmt: skip


def test_matching_opengraph_and_site_suffixes():
    assert codes(page(article(), head=og())) == []
    assert codes(page(article(), head=og(title="Tram line extension approved | The Paper"))) == []
    assert codes(page(article(), head=og(image="/img/tram-1600x900.jpg"))) == []  # relative, same file


def test_differences_are_warnings():
    assert by_code(page(article(), head=og(title="Trams: what you need to know")), "og-title")[0].severity == "warning"
    assert (
        by_code(page(article(), head=og(image="https://paper.example/social.jpg")), "og-image")[0].severity == "warning"
    )


def test_og_type_article_without_any_article():
    assert by_code(page(body="<h1>x</h1>", head=og()), "article-missing")[0].severity == "warning"
    microdata = '<div itemscope itemtype="https://schema.org/BlogPosting"><h1 itemprop="headline">x</h1></div>'
    assert "article-missing" not in codes(page(body=microdata, head=og()))
