"""The checker's corpus: one deliberately broken page per defect class, with what the checker must say.

``build_corpus()`` returns ``{name: Case(html, expected)}``, ``expected`` being [severity, code, message
excerpt] rows; structured_data/tests/test_checker_corpus.py builds it in memory. ``write_corpus(directory)`` writes it as
``<name>.html`` files and ``expected.json``:

    python structured_data/tests/checker_corpus.py DIRECTORY

Nothing generated is committed: tests/checker/test_command.py writes the corpus to a temporary folder
and serves it over HTTP.
"""

import copy
import json
import pathlib
import sys
from typing import NamedTuple

U = "https://news.example/local/harbor-dredging/"
S = "https://news.example/"


def graph():
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": U + "#article",
                "headline": "Harbor dredging starts in May",
                "description": "The city approved the plan.",
                "url": U,
                "image": [{"@id": U + "#image-16x9"}, {"@id": U + "#image-4x3"}, {"@id": U + "#image-1x1"}],
                "datePublished": "2024-04-02T09:30:00+01:00",
                "dateModified": "2024-04-02T11:00:00+01:00",
                "author": [{"@id": S + "authors/jane-doe/#person"}],
                "publisher": {"@id": S + "#organization"},
                "mainEntityOfPage": {"@id": U + "#webpage"},
                "wordCount": 420,
                "isAccessibleForFree": True,
                "keywords": ["harbor", "city council"],
            },
            {
                "@type": "WebPage",
                "@id": U + "#webpage",
                "url": U,
                "name": "Harbor dredging starts in May",
                "isPartOf": {"@id": S + "#website"},
                "primaryImageOfPage": {"@id": U + "#image-16x9"},
            },
            *[
                {
                    "@type": "ImageObject",
                    "@id": U + f"#image-{label}",
                    "url": S + f"media/harbor-{label}.jpg",
                    "contentUrl": S + f"media/harbor-{label}.jpg",
                    "width": w,
                    "height": h,
                    "caption": "Dredgers at the north quay.",
                    "creditText": "Ana Ruiz",
                }
                for label, w, h in (("16x9", 1200, 675), ("4x3", 1200, 900), ("1x1", 1200, 1200))
            ],
            {
                "@type": "Person",
                "@id": S + "authors/jane-doe/#person",
                "name": "Jane Doe",
                "jobTitle": "Harbor reporter",
                "url": S + "authors/jane-doe/",
                "worksFor": {"@id": S + "#organization"},
            },
            {
                "@type": "NewsMediaOrganization",
                "@id": S + "#organization",
                "name": "The Example News",
                "url": S,
                "logo": {
                    "@type": "ImageObject",
                    "@id": S + "#logo",
                    "url": S + "media/logo.png",
                    "width": 600,
                    "height": 200,
                },
            },
            {
                "@type": "WebSite",
                "@id": S + "#website",
                "url": S,
                "name": "The Example News",
                "publisher": {"@id": S + "#organization"},
            },
        ],
    }


def page(
    g,
    *,
    head_extra="",
    h1="Harbor dredging starts in May",
    byline='By <a href="/authors/jane-doe/">Jane Doe</a>',
    figcaption='<span class="caption">Dredgers at the north quay.</span> <span class="credit">(Ana Ruiz)</span>',
    og_title="Harbor dredging starts in May",
    og_image=S + "media/harbor-16x9.jpg",
    body_extra="",
    scripts=None,
):
    scripts = scripts if scripts is not None else [json.dumps(g, indent=1)]
    blocks = "\n".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{h1}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{og_title}">
<meta property="og:image" content="{og_image}">
{blocks}
{head_extra}
</head>
<body>
<article>
<h1>{h1}</h1>
<p class="byline">{byline}</p>
<figure><img src="/media/harbor-1200.jpg" width="1200" height="800" alt=""><figcaption>{figcaption}</figcaption></figure>
<p>The city approved the plan on Tuesday.</p>
{body_extra}
</article>
</body>
</html>
"""


class Case(NamedTuple):
    html: str
    expected: list[list[str]]  # [[severity, code, message excerpt], ...]


def mut(fn):
    g = graph()
    fn(g)
    return g


def A(g):  # the article node, in the table below
    return g["@graph"][0]


def node(g, t):
    return next(n for n in g["@graph"] if n["@type"] == t)


def place_author(g):
    person = node(g, "Person")
    for key in ("jobTitle", "worksFor"):
        person.pop(key)
    person["@type"] = "Place"


def two_articles(g):
    second = copy.deepcopy(A(g))
    second["@id"] = U + "#article-2"
    g["@graph"].append(second)


def build_corpus() -> dict[str, Case]:
    cases = {}

    def case(name, html, expected):
        cases[name] = Case(html, expected)

    case("valid", page(graph()), [])
    case(
        "json_syntax",
        page(
            None,
            scripts=[
                '{"@context": "https://schema.org", "@type": "Organization", "name": "Broken",}',
                json.dumps(graph()),
            ],
        ),
        [["error", "json-syntax", "JSON-LD block 1 of 2 is not valid JSON"]],
    )
    case(
        "unknown_type",
        page(mut(lambda g: node(g, "WebSite").update({"@type": "WebSight"}))),
        [["error", "unknown-type", "'WebSight' is not a schema.org type"]],
    )
    case(
        "unknown_property",
        page(mut(lambda g: A(g).update({"headlin": "x"}))),
        [["error", "unknown-property", "'headlin' is not a schema.org property"]],
    )
    case(
        "property_domain",
        page(mut(lambda g: node(g, "Person").update({"headline": "Reporter"}))),
        [["warning", "property-domain", "headline is not a property of Person"]],
    )
    case(
        "value_type",
        page(mut(lambda g: A(g).update({"wordCount": "many"}))),
        [["error", "value-type", "wordCount expects Integer, not 'many'"]],
    )
    case(
        "value_type_node",
        page(mut(lambda g: A(g).update({"isPartOf": {"@type": "Person", "name": "Not a work"}}))),
        [["error", "value-type", "isPartOf expects CreativeWork or URL, not Person"]],
    )
    case(
        "boolean_type",
        page(mut(lambda g: A(g).update({"isAccessibleForFree": 1}))),
        [["error", "value-type", "isAccessibleForFree expects Boolean, not a number"]],
    )
    case(
        "url_scheme",
        page(mut(lambda g: A(g).update({"url": "javascript:alert(1)"}))),
        [["error", "url-scheme", "url uses the javascript: scheme"]],
    )
    case(
        "headline_missing",
        page(mut(lambda g: A(g).pop("headline"))),
        [["warning", "headline-missing", "The article has no headline"]],
    )
    long_headline = "A " + "very " * 25 + "long headline"
    case(
        "headline_long",
        page(
            mut(
                lambda g: (A(g).update({"headline": long_headline}), node(g, "WebPage").update({"name": long_headline}))
            ),
            h1=long_headline,
            og_title=long_headline,
        ),
        [["warning", "headline-long", "Google advises at most 110"]],
    )
    case(
        "image_small",
        page(
            mut(
                lambda g: g["@graph"][4].update(
                    {"width": 200, "height": 200, "url": S + "media/small.jpg", "contentUrl": S + "media/small.jpg"}
                )
            ),
            og_image=S + "media/harbor-16x9.jpg",
        ),
        [["warning", "image-too-small", "40,000 pixels"]],
    )
    case(
        "image_ratios",
        page(mut(lambda g: A(g).update({"image": [{"@id": U + "#image-16x9"}]}))),
        [["warning", "image-ratios", "No article image in 4:3, 1:1"]],
    )
    case(
        "image_size_mismatch",
        page(mut(lambda g: g["@graph"][3].update({"width": 1300}))),
        [["warning", "image-size-mismatch", "declares width 1300 but the file"]],
    )
    case(
        "image_missing",
        page(mut(lambda g: A(g).pop("image")), og_image=""),
        [["warning", "image-missing", "The article has no image"]],
    )
    case(
        "date_format",
        page(mut(lambda g: A(g).update({"datePublished": "April 2, 2024"}))),
        [["error", "date-format", "datePublished is not an ISO 8601"]],
    )
    case(
        "date_offset",
        page(
            mut(lambda g: A(g).update({"datePublished": "2024-04-02T09:30:00", "dateModified": "2024-04-02T11:00:00"}))
        ),
        [
            ["warning", "date-offset", "datePublished has no time zone offset"],
            ["warning", "date-offset", "dateModified has no time zone offset"],
        ],
    )
    case(
        "date_order",
        page(mut(lambda g: A(g).update({"dateModified": "2024-03-01T09:00:00+01:00"}))),
        [["warning", "date-order", "dateModified is before datePublished"]],
    )

    case(
        "author_type",
        page(mut(place_author)),
        [
            ["error", "author-type", "The author is a Place, not a Person or Organization"],
            ["error", "value-type", "author expects Organization or Person, not Place"],
        ],
    )
    case(
        "author_name_by",
        page(mut(lambda g: node(g, "Person").update({"name": "By Jane Doe"})), byline="By Jane Doe"),
        [["warning", "author-name", "starts with a byline word"]],
    )
    case(
        "author_name_job_title",
        page(
            mut(lambda g: node(g, "Person").update({"name": "Jane Doe, Harbor reporter"})),
            byline="By Jane Doe, Harbor reporter",
        ),
        [["warning", "author-name", "holds a job title"]],
    )
    case(
        "author_text",
        page(mut(lambda g: A(g).update({"author": "Jane Doe"}))),
        [["warning", "author-text", "The author is plain text"]],
    )
    case(
        "author_profile",
        page(mut(lambda g: node(g, "Person").update({"url": S + "about/"}))),
        [["warning", "author-profile", "is not a ProfilePage about this Person"]],
    )
    case(
        "author_url_missing",
        page(mut(lambda g: node(g, "Person").pop("url"))),
        [["warning", "author-url-missing", "The author has no url"]],
    )
    case(
        "publisher_logo",
        page(mut(lambda g: node(g, "NewsMediaOrganization").pop("logo"))),
        [["warning", "publisher-logo", "The publisher has no logo"]],
    )
    case(
        "publisher_type",
        page(mut(lambda g: A(g).update({"publisher": {"@type": "Person", "name": "Sam"}}))),
        [["warning", "publisher-type", "The publisher is not an Organization"]],
    )
    case(
        "unresolved_reference",
        page(mut(lambda g: A(g).update({"publisher": {"@id": S + "#publisher"}}))),
        [["warning", "unresolved-reference", "The reference https://news.example/#publisher leads to no node"]],
    )

    case("article_count", page(mut(two_articles)), [["warning", "article-count", "The page describes 2 articles"]])
    case(
        "article_missing",
        page(mut(lambda g: g["@graph"].pop(0))),
        [["warning", "article-missing", "og:type says article, but no Article"]],
    )
    case(
        "microdata_conflict",
        page(
            graph(),
            body_extra='<div itemscope itemtype="https://schema.org/NewsArticle"><span itemprop="headline">Dredging delayed again</span></div>',
        ),
        [
            [
                "warning",
                "conflicting-duplicate",
                "The microdata describes another NewsArticle with the headline 'Dredging delayed again'",
            ]
        ],
    )
    case(
        "conflicting_node",
        page(
            None,
            scripts=[
                json.dumps(graph()),
                json.dumps(
                    {
                        "@context": "https://schema.org",
                        "@type": "NewsMediaOrganization",
                        "@id": S + "#organization",
                        "name": "Another Name",
                        "logo": S + "media/logo.png",
                    }
                ),
            ],
        ),
        [["warning", "conflicting-node", "is defined twice with different name values"]],
    )
    case(
        "headline_h1",
        page(graph(), h1="Dredging begins"),
        [["warning", "headline-mismatch", "is not shown on the page (the <h1> reads 'Dredging begins')"]],
    )
    case(
        "byline_author",
        page(graph(), byline="By John Roe"),
        [["error", "byline-mismatch", "The author 'Jane Doe' is not in the visible byline"]],
    )
    case(
        "caption_mismatch",
        page(
            graph(),
            figcaption='<span class="caption">Dredgers at the south quay.</span> <span class="credit">(Ana Ruiz)</span>',
        ),
        [
            [
                "error",
                "caption-mismatch",
                "The image caption 'Dredgers at the north quay.' is not what the page's figcaptions show",
            ]
        ],
    )
    case(
        "credit_mismatch",
        page(
            graph(),
            figcaption='<span class="caption">Dredgers at the north quay.</span> <span class="credit">(Staff)</span>',
        ),
        [["error", "credit-mismatch", "The image creditText 'Ana Ruiz' is not what the page's figcaptions show"]],
    )
    case(
        "og_title",
        page(graph(), og_title="Dredging: what you need to know"),
        [["warning", "og-title", "og:title 'Dredging: what you need to know' differs"]],
    )
    case(
        "og_image",
        page(graph(), og_image=S + "media/other.jpg"),
        [["warning", "og-image", "og:image https://news.example/media/other.jpg is not one of the article's images"]],
    )
    case(
        "missing_context",
        page(None, scripts=[json.dumps({k: v for k, v in graph().items() if k != "@context"})]),
        [["error", "context", "The JSON-LD has no schema.org @context"]],
    )

    return cases


def write_corpus(directory: pathlib.Path) -> dict[str, Case]:
    """The corpus as files: ``<name>.html`` per case and ``expected.json``."""
    cases = build_corpus()
    for name, (html, _expected) in cases.items():
        (directory / f"{name}.html").write_text(html)
    expected = {name: expected for name, (_html, expected) in cases.items()}
    (directory / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} DIRECTORY")
    print(len(write_corpus(pathlib.Path(sys.argv[1]))))
