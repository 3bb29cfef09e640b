"""Pages in the layouts real news sites use, written for the checker's tests and benchmark (all text invented).

Each :class:`Layout` is a clean page (its markup says what the page shows, in that site's way of
showing it) and a list of :class:`Plant`: one edit that makes the markup and the page disagree,
with the rule that must catch it. ``Plant.where`` says where the edit goes: ``"page"`` edits only
outside ``<script>`` elements (what readers see), ``"markup"`` only inside them (the JSON-LD).

    python -m structured_data.tests.checker_layouts DIRECTORY   # writes every page, clean and planted
"""

from __future__ import annotations

import json
import pathlib
import re
import sys
from typing import Any, NamedTuple

_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.DOTALL | re.IGNORECASE)


class Plant(NamedTuple):
    name: str
    old: str
    new: str
    code: str
    where: str = "page"


class Layout(NamedTuple):
    name: str
    url: str
    html: str
    plants: tuple[Plant, ...] = ()


def planted(html: str, plant: Plant) -> str:
    """``html`` with ``plant`` applied; raises if the edit finds nothing to change (a stale fixture)."""
    parts = _SCRIPT.split(html)
    changed = False
    for index, part in enumerate(parts):
        in_script = index % 2 == 1
        if (plant.where == "markup") == in_script and plant.old in part:
            parts[index] = part.replace(plant.old, plant.new)
            changed = True
    if not changed:
        raise ValueError(f"plant {plant.name!r}: {plant.old!r} not found in the {plant.where}")
    return "".join(parts)


def ld(data: Any, *, indent: int | None = None, type_attr: str = "application/ld+json") -> str:
    return f'<script type="{type_attr}">{json.dumps(data, indent=indent, ensure_ascii=False)}</script>'


def chrome(site: str, body: str, *, head: str = "", lang: str = "en", title: str = "") -> str:
    """A page with the usual surroundings: navigation, a newsletter box, related links, a footer."""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/site.css">
{head}
</head>
<body class="article-page">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a class="logo" href="/"><img src="/static/logo.svg" alt="{site}"></a>
<nav><ul><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li><li><a href="/opinion/">Opinion</a></li>
<li><a href="/culture/">Culture</a></li></ul></nav><button class="menu-toggle" aria-expanded="false">Menu</button></header>
<main id="main">
{body}
</main>
<aside class="newsletter"><h2>Get the morning briefing</h2><form><input type="email" placeholder="you@example.com">
<button>Sign up</button></form></aside>
<section class="related"><h2>More stories</h2><ul><li><a href="/news/tide-tables/">Tide tables for the week</a></li>
<li><a href="/news/bus-routes/">Three bus routes change on Monday</a></li></ul></section>
<footer class="site-footer"><p>&copy; 2026 {site}. All rights reserved.</p><a href="/privacy/">Privacy</a></footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</body>
</html>
"""


def og(title: str, image: str, url: str, kind: str = "article") -> str:
    return (
        f'<meta property="og:type" content="{kind}">\n<meta property="og:title" content="{title}">\n'
        f'<meta property="og:image" content="{image}">\n<meta property="og:url" content="{url}">'
    )


def image(
    url: str, w: int, h: int, caption: str | None = None, credit: str | None = None, **more: Any
) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "ImageObject", "url": url, "width": w, "height": h}
    if caption is not None:
        node["caption"] = caption
    if credit is not None:
        node["creditText"] = credit
    node.update(more)
    return node


def person(name: str, url: str | None = None, **more: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "name": name}
    if url:
        node["url"] = url
    node.update(more)
    return node


def org(name: str, site: str, logo: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": name, "url": site}
    if logo:
        node["logo"] = {"@type": "ImageObject", "url": logo, "width": 600, "height": 60}
    return node


def layouts() -> list[Layout]:
    found: list[Layout] = []

    def add(name: str, url: str, html: str, *plants: Plant) -> None:
        found.append(Layout(name, url, html, tuple(plants)))

    # 1. WordPress with Yoast: one @graph, authors as partial nodes naming an @id, wp-caption markup,
    #    typographic apostrophes on the page and straight ones in the markup.
    s, u = "https://harborpost.example/", "https://harborpost.example/2026/11/ferry-pier-reopens/"
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": u + "#article", "isPartOf": {"@id": u},
         "author": {"name": "Marta Quill", "@id": s + "#/schema/person/9f2c"},
         "headline": "Ferry pier reopens after the town's two-year repair", "datePublished": "2026-11-30T08:12:44+00:00",
         "dateModified": "2026-11-30T09:01:02+00:00", "mainEntityOfPage": {"@id": u}, "wordCount": 612,
         "publisher": {"@id": s + "#organization"}, "image": {"@id": u + "#primaryimage"},
         "thumbnailUrl": s + "wp-content/uploads/2026/11/pier.jpg", "articleSection": ["Local"], "inLanguage": "en-US"},
        {"@type": "WebPage", "@id": u, "url": u, "name": "Ferry pier reopens after the town's two-year repair - Harbor Post",
         "isPartOf": {"@id": s + "#website"}, "primaryImageOfPage": {"@id": u + "#primaryimage"},
         "breadcrumb": {"@id": u + "#breadcrumb"}, "inLanguage": "en-US",
         "potentialAction": [{"@type": "ReadAction", "target": [u]}]},
        {"@type": "ImageObject", "inLanguage": "en-US", "@id": u + "#primaryimage",
         "url": s + "wp-content/uploads/2026/11/pier.jpg", "contentUrl": s + "wp-content/uploads/2026/11/pier.jpg",
         "width": 1600, "height": 900, "caption": "The rebuilt pier on its first morning back in service."},
        {"@type": "BreadcrumbList", "@id": u + "#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": s},
            {"@type": "ListItem", "position": 2, "name": "Ferry pier reopens after the town's two-year repair"}]},
        {"@type": "WebSite", "@id": s + "#website", "url": s, "name": "Harbor Post", "publisher": {"@id": s + "#organization"},
         "potentialAction": [{"@type": "SearchAction", "target": {"@type": "EntryPoint", "urlTemplate": s + "?s={search_term_string}"},
                              "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True,
                                              "valueName": "search_term_string"}}], "inLanguage": "en-US"},
        {"@type": "Organization", "@id": s + "#organization", "name": "Harbor Post", "url": s,
         "logo": {"@type": "ImageObject", "@id": s + "#/schema/logo/image/", "url": s + "logo.png", "width": 512,
                  "height": 512, "caption": "Harbor Post"}, "image": {"@id": s + "#/schema/logo/image/"},
         "sameAs": ["https://social.example/harborpost"]},
        {"@type": "Person", "@id": s + "#/schema/person/9f2c", "name": "Marta Quill",
         "image": {"@type": "ImageObject", "@id": s + "#/schema/person/image/", "url": "https://avatars.example/9f2c?s=96",
                   "caption": "Marta Quill"}, "url": s + "author/mquill/"},
    ]}  # fmt: skip
    add("wordpress_yoast", u, chrome("Harbor Post", """
<article class="post type-post hentry">
<header class="entry-header"><h1 class="entry-title">Ferry pier reopens after the town&#8217;s two-year repair</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="/author/mquill/">Marta Quill</a></span></span>
<time class="entry-date published" datetime="2026-11-30T08:12:44+00:00">November 30, 2026</time></div></header>
<div class="entry-content">
<div id="attachment_88" class="wp-caption aligncenter" style="width: 1610px"><img aria-describedby="caption-attachment-88"
 src="/wp-content/uploads/2026/11/pier.jpg" width="1600" height="900" alt="">
<p id="caption-attachment-88" class="wp-caption-text">The rebuilt pier on its first morning back in service.</p></div>
<p>The first boat tied up at 7.40 on Monday.</p></div></article>""", head=og("Ferry pier reopens after the town’s two-year repair", s + "wp-content/uploads/2026/11/pier.jpg", u) + ld(graph), title="Ferry pier reopens - Harbor Post"),
        Plant("byline", "Marta Quill</a>", "M. Quill</a>", "byline-mismatch"),
        Plant("caption", "first morning back in service", "last morning in service", "caption-mismatch"),
    )  # fmt: skip

    # 2. Wire-service style: names in capitals in the markup, mixed case on the page, "By" prefix.
    s, u = "https://wirenews.example/", "https://wirenews.example/article/senate-vote-budget-0a1b2c"
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Senate passes budget after overnight session",
            "author": [person("NORA VELEZ"), person("TOMAS ORTIZ")], "datePublished": "2026-12-01T06:30:00Z",
            "dateModified": "2026-12-01T07:45:10Z", "publisher": org("Wire News", s, s + "logo.png"),
            "image": [image(s + "photos/senate-1600.jpg", 1600, 900, "Senators leave the chamber after the vote early Tuesday.",
                            "AP Photo/Lee Marsh")], "mainEntityOfPage": u}  # fmt: skip
    add("wire_capitals", u, chrome("Wire News", """
<div class="Page-content"><h1 class="Page-headline">Senate passes budget after overnight session</h1>
<div class="Page-authors">By&nbsp;<span class="Link">Nora Velez</span>&nbsp;and&nbsp;<span class="Link">Tomas Ortiz</span></div>
<figure class="Figure"><img src="/photos/senate-1600.jpg" alt=""><figcaption class="Figure-caption"><p>Senators leave the chamber
after the vote early Tuesday. (AP Photo/Lee Marsh)</p></figcaption></figure>
<div class="RichTextStoryBody"><p>WASHINGTON (WN) — The vote was 52 to 48.</p></div></div>""",
                                            head=og("Senate passes budget after overnight session", s + "photos/senate-1600.jpg", u) + ld(data)),
        Plant("byline", "Tomas Ortiz", "Tom Ortega", "byline-mismatch"),
        Plant("credit", "AP Photo/Lee Marsh)", "AP Photo/Kim Yu)", "credit-mismatch"),
    )  # fmt: skip

    # 3. The layout this project started from: caption then credit in parentheses, no class names.
    s, u = "https://northshore.example/", "https://northshore.example/news/landing-festival/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Boats crowd the north landing for the festival",
            "author": person("Jane Doe", s + "staff/jane-doe/"), "datePublished": "2026-08-14T10:00:00-04:00",
            "publisher": org("Northshore Ledger", s, s + "logo.png"),
            "image": image(s + "media/landing.jpg", 1200, 800, "Dozens of boats tie up at the north landing.", "Jane Doe/Harbor Press")}  # fmt: skip
    add("parenthesised_credit", u, chrome("Northshore Ledger", """
<article><h1>Boats crowd the north landing for the festival</h1><p>By Jane Doe</p>
<figure><img src="/media/landing.jpg" alt="Boats"><figcaption>Dozens of boats tie up at the north landing. (Jane Doe/Harbor Press)</figcaption></figure>
<p>The festival runs until Sunday.</p></article>""", head=ld(data)),
        Plant("caption", "at the north landing. (", "at the south landing. (", "caption-mismatch"),
        Plant("credit", "(Jane Doe/Harbor Press)", "(Staff/Harbor Press)", "credit-mismatch"),
    )  # fmt: skip

    # 4. Credit glued to the caption without a space, and a "file" suffix.
    s, u = "https://globalwire.example/", "https://globalwire.example/world/europe/floods-graz-2026-10-02/"
    data = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": "Floods close roads across southern Austria",
            "author": [{"@type": "Person", "name": "Ines Kober", "url": s + "authors/ines-kober/"}],
            "datePublished": "2026-10-02T14:22:31.000Z", "dateModified": "2026-10-02T16:05:00.000Z",
            "publisher": {"@type": "Organization", "name": "Global Wire", "logo": {"@type": "ImageObject", "url": s + "logo.png"}},
            "image": [{"@type": "ImageObject", "url": s + "r/floods.jpg", "caption": "Rescuers wade through a flooded street in Graz, Austria.",
                       "creditText": "Leonie Brandt / Global Wire"}]}  # fmt: skip
    add("glued_credit", u, chrome("Global Wire", """
<div class="article-body__container"><h1 data-testid="Heading">Floods close roads across southern Austria</h1>
<div class="article-byline"><a href="/authors/ines-kober/" class="author-name">Ines Kober</a></div>
<figure><div class="image-container"><img src="/r/floods.jpg"></div><figcaption><span data-testid="Body">Rescuers wade through a flooded street
in Graz, Austria.</span><span data-testid="Body">Leonie Brandt / Global Wire file</span></figcaption></figure>
<p data-testid="paragraph-0">VIENNA, Oct 2 (Global Wire) - Heavy rain closed roads.</p></div>""", head=ld(data)),
        Plant("credit", "Leonie Brandt / Global Wire file", "Global Wire file", "credit-mismatch"),
        Plant("byline", "Ines Kober</a>", "Ina Kobler</a>", "byline-mismatch"),
    )  # fmt: skip

    # 5. "Photograph:" credit in its own span; the SEO headline differs from the <h1> (allowed).
    s, u = "https://thechronicle.example/", "https://thechronicle.example/environment/2026/nov/12/river-otters-return"
    data = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "River otters return to the Wend after 40 years, survey finds",
            "author": [{"@type": "Person", "name": "Priya Natarajan", "sameAs": s + "profile/priya-natarajan"}],
            "datePublished": "2026-11-12T05:00:03.000Z", "publisher": {"@type": "Organization", "name": "The Chronicle",
            "logo": {"@type": "ImageObject", "url": s + "logo.png", "width": 300, "height": 60}},
            "image": [s + "img/otter-16x9.jpg", s + "img/otter-4x3.jpg", s + "img/otter-1x1.jpg"],
            "associatedMedia": image(s + "img/otter-16x9.jpg", 1600, 900, "An otter on the bank of the Wend near Mill Lane.", "Rob Haines/The Chronicle")}  # fmt: skip
    data["image"] = [
        image(
            s + "img/otter-16x9.jpg",
            1600,
            900,
            "An otter on the bank of the Wend near Mill Lane.",
            "Rob Haines/The Chronicle",
        )
    ]
    add("photograph_span", u, chrome("The Chronicle", """
<div data-gu-name="headline"><h1>Otters are back on the Wend</h1></div>
<div data-gu-name="meta"><address aria-label="Contributor info"><a rel="author" href="/profile/priya-natarajan">Priya Natarajan</a></address></div>
<figure><picture><img src="/img/otter-16x9.jpg" alt=""></picture><figcaption><span class="caption-text">An otter on the bank of the Wend near Mill Lane.</span>
<span class="dcr-credit">Photograph: Rob Haines/The Chronicle</span></figcaption></figure>
<p>A survey counted eleven animals.</p>""", head=ld(data)),
        Plant("credit", "Photograph: Rob Haines/", "Photograph: Bob Haynes/", "credit-mismatch"),
        Plant("byline", ">Priya Natarajan<", ">Priya Nair<", "byline-mismatch"),
    )  # fmt: skip

    # 6. Credit with a visually hidden "Credit..." label and "for The Paper".
    s, u = "https://dailyrecord.example/", "https://dailyrecord.example/2026/12/02/science/comet-visible.html"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A comet brighter than expected is visible this week",
        "description": "Look low in the west after sunset.",
        "author": [
            {"@context": "https://schema.org", "@type": "Person", "url": s + "by/sam-wexler", "name": "Sam Wexler"}
        ],
        "datePublished": "2026-12-02T10:00:08.000Z",
        "dateModified": "2026-12-02T15:31:40.000Z",
        "image": [
            {
                "@context": "https://schema.org",
                "@type": "ImageObject",
                "url": s + "images/comet-videoSixteenByNine3000.jpg",
                "height": 1688,
                "width": 3000,
                "contentUrl": s + "images/comet-videoSixteenByNine3000.jpg",
                "caption": "The comet over the ridge on Monday night.",
                "creditText": "Ana Ferris for The Daily Record",
            }
        ],
        "publisher": {"@id": s + "#publisher"},
        "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".meteredContent"},
    }
    pub = {"@context": "https://schema.org", "@type": "NewsMediaOrganization", "@id": s + "#publisher", "name": "The Daily Record",
           "logo": {"@type": "ImageObject", "url": s + "logo.png", "width": 800, "height": 80}}  # fmt: skip
    add("hidden_credit_label", u, chrome("The Daily Record", """
<article id="story"><header><h1 data-testid="headline">A Comet Brighter Than Expected Is Visible This Week</h1>
<p class="css-byline"><span>By <a href="/by/sam-wexler"><span class="last-byline">Sam Wexler</span></a></span></p></header>
<figure><img src="/images/comet.jpg" alt=""><figcaption><span class="css-caption">The comet over the ridge on Monday night.</span>
<span class="css-credit"><span class="visually-hidden">Credit...</span>Ana Ferris for The Daily Record</span></figcaption></figure>
<section class="meteredContent"><p>Look low in the west after sunset.</p></section></article>""", head=ld(data) + ld(pub)),
        Plant("credit", "Ana Ferris for", "Ann Ferrish for", "credit-mismatch"),
    )  # fmt: skip

    # 7. "Image caption," and "Image source," labels read out to screen readers.
    s, u = "https://publicnews.example/", "https://publicnews.example/news/uk-70112233"
    data = {"@context": "http://schema.org", "@type": "ReportageNewsArticle", "url": u, "headline": "Lighthouse keeper's cottage saved by village",
            "datePublished": "2026-09-09T11:04:51.000Z", "dateModified": "2026-09-09T11:04:51.000Z",
            "image": {"@type": "ImageObject", "width": 1024, "height": 576, "url": s + "ic/1024/cottage.jpg",
                      "caption": "The cottage was built in 1861", "creditText": "Getty Images"},
            "author": {"@type": "NewsMediaOrganization", "name": "Public News", "logo": {"@type": "ImageObject", "url": s + "logo.png"}},
            "publisher": {"@type": "NewsMediaOrganization", "name": "Public News", "publishingPrinciples": s + "editorialguidelines",
                          "logo": {"@type": "ImageObject", "url": s + "logo.png"}}, "mainEntityOfPage": u}  # fmt: skip
    add("screen_reader_labels", u, chrome("Public News", """
<div id="main-heading"><h1 id="main-heading" class="ssrcss-headline">Lighthouse keeper’s cottage saved by village</h1></div>
<div data-component="byline-block"><span>Public News</span></div>
<figure><div><img src="/ic/1024/cottage.jpg" alt="Cottage"><span role="text"><span class="visually-hidden">Image source, </span>Getty Images</span></div>
<figcaption><span class="visually-hidden">Image caption, </span>The cottage was built in 1861</figcaption></figure>
<div data-component="text-block"><p>Villagers raised the money in six weeks.</p></div>""", head=ld(data)),
        Plant("caption", "was built in 1861", "was built in 1816", "caption-mismatch"),
    )  # fmt: skip

    # 8. Paywalled story: isAccessibleForFree false with the paywalled part marked.
    s, u = "https://capitalpost.example/", "https://capitalpost.example/politics/2026/11/20/transit-bill/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Transit bill clears committee",
            "isAccessibleForFree": "False", "hasPart": [{"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywall"}],
            "author": [{"@type": "Person", "name": "Dana Whitlock", "url": s + "people/dana-whitlock/"}],
            "datePublished": "2026-11-20T16:30:00-05:00", "dateModified": "2026-11-20T18:02:00-05:00",
            "isPartOf": {"@type": ["CreativeWork", "Product"], "name": "The Capital Post", "productID": "capitalpost.example:basic"},
            "publisher": org("The Capital Post", s, s + "logo.png"),
            "image": [image(s + "photo/bill-1x1.jpg", 1200, 1200, "Committee members vote on the bill.", "Ray Okafor/The Capital Post"),
                      image(s + "photo/bill-4x3.jpg", 1200, 900, "Committee members vote on the bill.", "Ray Okafor/The Capital Post"),
                      image(s + "photo/bill-16x9.jpg", 1600, 900, "Committee members vote on the bill.", "Ray Okafor/The Capital Post")]}  # fmt: skip
    add("paywall", u, chrome("The Capital Post", """
<main><h1 data-qa="headline" id="main-content">Transit bill clears committee</h1>
<div data-qa="byline"><a data-qa="author-name" href="/people/dana-whitlock/">Dana Whitlock</a></div>
<figure><img src="/photo/bill-16x9.jpg"><figcaption data-qa="caption">Committee members vote on the bill. (Ray Okafor/The Capital Post)</figcaption></figure>
<div class="paywall"><p>The bill now goes to the floor.</p></div></main>""", head=ld(data)),
        Plant("caption", "Committee members vote", "Council members vote", "caption-mismatch"),
        Plant("byline", "Dana Whitlock</a>", "Dan Whitlow</a>", "byline-mismatch"),
    )  # fmt: skip

    # 9. Microdata only (an older theme): the article in itemprops, no JSON-LD at all.
    s, u = "https://valleyblog.example/", "https://valleyblog.example/2026/10/apple-harvest/"
    add("microdata_blog", u, chrome("Valley Blog", """
<article itemscope itemtype="https://schema.org/BlogPosting">
<h1 itemprop="headline">A late apple harvest on the hill farms</h1>
<p class="post-meta">Posted by <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Owen Pryce</span></span>
on <time itemprop="datePublished" datetime="2026-10-05">5 October 2026</time></p>
<figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject"><img itemprop="url" src="/img/apples.jpg">
<meta itemprop="width" content="1200"><meta itemprop="height" content="800"><figcaption itemprop="caption">Crates of russets at Top Farm.</figcaption></figure>
<div itemprop="articleBody"><p>The frost came late this year.</p></div></article>""", head=og("A late apple harvest on the hill farms", s + "img/apples.jpg", u)),
        Plant("microdata-vocabulary", 'itemprop="articleBody"', 'itemprop="articleText"', "unknown-property"),
    )  # fmt: skip

    # 10. AMP page: amp-img inside the figure, the JSON-LD in the body.
    s, u = "https://coastal.example/", "https://coastal.example/amp/story/seal-pups-counted/"
    data = {"@context": "https://schema.org/", "@type": "NewsArticle", "mainEntityOfPage": {"@type": "WebPage", "@id": u},
            "headline": "Record number of seal pups counted on the spit", "image": {"@type": "ImageObject",
            "url": s + "img/seals.jpg", "width": 1280, "height": 720, "caption": "Grey seal pups on the spit in November."},
            "datePublished": "2026-11-28T07:00:00+00:00", "author": {"@type": "Person", "name": "Elin Rhys", "url": s + "elin-rhys/"},
            "publisher": {"@type": "Organization", "name": "Coastal Times", "logo": {"@type": "ImageObject", "url": s + "amp-logo.png", "width": 600, "height": 60}}}  # fmt: skip
    add("amp", u, """<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>Seal pups</title>
<link rel="canonical" href="https://coastal.example/story/seal-pups-counted/"><meta name="viewport" content="width=device-width">
<style amp-boilerplate>body{visibility:hidden}</style><script async src="https://cdn.ampproject.org/v0.js"></script></head>
<body><header><amp-img src="/amp-logo.png" width="600" height="60" layout="responsive" alt="Coastal Times"></amp-img></header>
<article><h1 class="amp-title">Record number of seal pups counted on the spit</h1><div class="amp-byline"><span>Elin Rhys</span></div>
<figure class="amp-wp-inline"><amp-img src="/img/seals.jpg" width="1280" height="720" layout="responsive"></amp-img>
<figcaption class="wp-caption-text">Grey seal pups on the spit in November.</figcaption></figure><p>Wardens counted 312 pups.</p></article>
""" + ld(data) + "</body></html>",
        Plant("byline", "<span>Elin Rhys</span>", "<span>Ellen Rees</span>", "byline-mismatch"),
    )  # fmt: skip

    # 11. Live blog: updates as nested BlogPostings, each with its own headline and time.
    s, u = "https://metrodaily.example/", "https://metrodaily.example/live/election-night-2026/"
    data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "@id": u, "headline": "Election night: results as they come in",
            "coverageStartTime": "2026-11-03T18:00:00-05:00", "coverageEndTime": "2026-11-04T06:00:00-05:00",
            "datePublished": "2026-11-03T18:00:00-05:00", "dateModified": "2026-11-03T23:40:00-05:00",
            "author": [person("Lena Ortiz", s + "staff/lena-ortiz/"), person("Ravi Menon", s + "staff/ravi-menon/")],
            "publisher": org("Metro Daily", s, s + "logo.png"), "image": image(s + "live/hero.jpg", 1920, 1080, "Volunteers count ballots at City Hall."),
            "liveBlogUpdate": [
                {"@type": "BlogPosting", "headline": "Turnout passes 2022 level", "datePublished": "2026-11-03T21:10:00-05:00",
                 "articleBody": "Officials said turnout had already passed the last midterm."},
                {"@type": "BlogPosting", "headline": "First results from the east side", "datePublished": "2026-11-03T20:05:00-05:00",
                 "articleBody": "Early counts favour the incumbent."}]}  # fmt: skip
    add("live_blog", u, chrome("Metro Daily", """
<div class="live-header"><span class="live-badge">LIVE</span><h1>Election night: results as they come in</h1>
<p class="contributors">Lena Ortiz, Ravi Menon</p></div>
<figure class="hero"><img src="/live/hero.jpg"><figcaption>Volunteers count ballots at City Hall.</figcaption></figure>
<ol class="updates"><li><h2>Turnout passes 2022 level</h2><p>Officials said turnout had already passed the last midterm.</p></li>
<li><h2>First results from the east side</h2><p>Early counts favour the incumbent.</p></li></ol>""", head=ld(data)),
        Plant("byline", "Ravi Menon</p>", "R. Menon</p>", "byline-mismatch"),
    )  # fmt: skip

    # 12. Article with an embedded video described as a VideoObject.
    s, u = "https://rivercity.example/", "https://rivercity.example/news/bridge-lift-test/"
    video = {"@type": "VideoObject", "name": "Watch: the new bridge lifts for the first time",
             "description": "The lifting span rises during Tuesday's test.", "thumbnailUrl": [s + "v/bridge-thumb.jpg"],
             "uploadDate": "2026-11-24T12:00:00+00:00", "duration": "PT1M42S", "embedUrl": "https://player.example/embed/9a8b7c",
             "contentUrl": s + "v/bridge.mp4"}  # fmt: skip
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The new bridge lifts for the first time",
            "datePublished": "2026-11-24T12:30:00+00:00", "author": person("Colm Byrne", s + "colm-byrne/"),
            "publisher": org("River City News", s, s + "logo.png"), "image": image(s + "v/bridge-thumb.jpg", 1280, 720), "video": video}  # fmt: skip
    add("video_article", u, chrome("River City News", """
<h1 class="headline">The new bridge lifts for the first time</h1><div class="author-block">Story by <b>Colm Byrne</b></div>
<div class="video-embed"><iframe src="https://player.example/embed/9a8b7c" title="Watch: the new bridge lifts for the first time"></iframe></div>
<p>The lifting span rose in 90 seconds.</p>""", head=ld(data)),
        Plant("video-thumbnail", '"thumbnailUrl": ["https://rivercity.example/v/bridge-thumb.jpg"], ', "", "video-thumbnail", "markup"),
        Plant("video-duration", '"duration": "PT1M42S"', '"duration": "1:42"', "video-duration-format", "markup"),
    )  # fmt: skip

    # 13. A video page with only a VideoObject (no article), microdata-free.
    s, u = "https://tvnorth.example/", "https://tvnorth.example/video/storm-surge-seafront/"
    data = {"@context": "https://schema.org", "@type": "VideoObject", "name": "Storm surge on the seafront",
            "description": "Waves top the wall at high tide.", "thumbnailUrl": s + "thumbs/surge.jpg", "uploadDate": "2026-11-02",
            "duration": "PT45S", "embedUrl": s + "embed/surge", "publisher": {"@type": "Organization", "name": "TV North"}}  # fmt: skip
    add("video_page", u, chrome("TV North", """
<div class="video-page"><h1>Storm surge on the seafront</h1><div class="player"><iframe src="/embed/surge"></iframe></div>
<p class="video-description">Waves top the wall at high tide.</p></div>""", head=og("Storm surge on the seafront", s + "thumbs/surge.jpg", u, "video.other") + ld(data)),
        Plant("upload-date", '"uploadDate": "2026-11-02", ', "", "video-upload-date", "markup"),
    )  # fmt: skip

    # 14. An author's profile page (ProfilePage about a Person).
    s, u = "https://harborpost.example/", "https://harborpost.example/author/mquill/"
    data = {"@context": "https://schema.org", "@type": "ProfilePage", "dateCreated": "2019-03-01T09:00:00+00:00",
            "mainEntity": {"@type": "Person", "@id": s + "#/schema/person/9f2c", "name": "Marta Quill", "jobTitle": "Harbour reporter",
                           "sameAs": ["https://social.example/mquill"], "description": "Covers the port and the islands."}}  # fmt: skip
    add("profile_page", u, chrome("Harbor Post", """
<section class="author-archive"><img class="avatar" src="https://avatars.example/9f2c?s=192" alt="">
<h1 class="page-title">Marta Quill</h1><p class="author-description">Covers the port and the islands.</p>
<ul class="posts"><li><a href="/2026/11/ferry-pier-reopens/">Ferry pier reopens</a></li></ul></section>""", head=og("Marta Quill", s + "logo.png", u, "profile") + ld(data)),
        Plant("profile-name", '"name": "Marta Quill", ', "", "profile-name", "markup"),
    )  # fmt: skip

    # 15. German: "Von" byline in capitals, "Foto:" credit.
    s, u = "https://nordkurier.example/", "https://nordkurier.example/region/hafenfest-2026-a1234.html"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Hafenfest lockt 40.000 Besucher an",
            "author": {"@type": "Person", "name": "Jürgen Müller"}, "datePublished": "2026-07-12T18:45:00+02:00",
            "publisher": org("Nordkurier", s, s + "logo.png"), "inLanguage": "de-DE",
            "image": image(s + "bilder/hafenfest.jpg", 1600, 900, "Gedränge an der Kaimauer am Samstagabend.", "dpa")}  # fmt: skip
    add("german", u, chrome("Nordkurier", """
<article><p class="kicker">Hafenfest</p><h1>Hafenfest lockt 40.000 Besucher an</h1>
<div class="autor">Von JÜRGEN MÜLLER</div><figure><img src="/bilder/hafenfest.jpg"><figcaption>Gedränge an der Kaimauer am Samstagabend.
<span class="bildquelle">Foto: dpa</span></figcaption></figure><p>Die Veranstalter zogen eine positive Bilanz.</p></article>""", lang="de", head=ld(data)),
        Plant("byline", "JÜRGEN MÜLLER", "JÖRG MÜLLER", "byline-mismatch"),
    )  # fmt: skip

    # 16. French: guillemets on the page, straight quotes in the markup, "Par" byline, "Photo X / AFP".
    s, u = "https://lequotidien.example/", "https://lequotidien.example/societe/article/2026/09/03/rentree_123.html"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rentrée : \"une année décisive\" pour les lycées",
            "author": [{"@type": "Person", "name": "Amélie Dupont"}], "datePublished": "2026-09-03T06:00:12+02:00",
            "publisher": org("Le Quotidien", s, s + "logo.png"),
            "image": [image(s + "img/rentree.jpg", 1200, 675, "Des élèves devant le lycée Victor-Hugo, \"premier jour\".", "Jean Martin / AFP")]}  # fmt: skip
    add("french", u, chrome("Le Quotidien", """
<h1 class="article__title">Rentrée : « une année décisive » pour les lycées</h1>
<span class="meta__author">Par <a class="article__author-link">Amélie Dupont</a></span>
<figure class="article__media"><img src="/img/rentree.jpg"><figcaption class="article__legend">Des élèves devant le lycée Victor-Hugo, « premier jour ».
<span class="article__credit">JEAN MARTIN / AFP</span></figcaption></figure><p class="article__paragraph">La ministre a présenté son plan.</p>""", lang="fr", head=ld(data)),
        Plant("credit", "JEAN MARTIN / AFP", "JEAN MARTINEZ / AFP", "credit-mismatch"),
    )  # fmt: skip

    # 17. Spanish: "Por" and an agency credit after an em dash.
    s, u = "https://diariosur.example/", "https://diariosur.example/local/puerto-obras-20261015.html"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Las obras del puerto terminan en marzo",
            "author": person("Lucía Fernández", s + "autor/lucia-fernandez/"), "datePublished": "2026-10-15T09:00:00+02:00",
            "publisher": org("Diario Sur", s, s + "logo.png"),
            "image": image(s + "fotos/puerto.jpg", 1200, 900, "Grúas en el muelle norte", "EFE")}  # fmt: skip
    add("spanish", u, chrome("Diario Sur", """
<h1 class="v-a-t">Las obras del puerto terminan en marzo</h1><div class="v-mdl-ath">Por <a href="/autor/lucia-fernandez/">Lucía Fernández</a></div>
<figure><img src="/fotos/puerto.jpg"><figcaption>Grúas en el muelle norte — EFE</figcaption></figure><p>El plazo se amplía tres meses.</p>""", lang="es", head=ld(data)),
        Plant("caption", "en el muelle norte", "en el muelle sur", "caption-mismatch"),
    )  # fmt: skip

    # 18. A regional paper crediting its staff as an Organization author.
    s, u = "https://valleytribune.example/", "https://valleytribune.example/news/school-board-meets/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "School board meets on Thursday",
            "author": {"@type": "Organization", "name": "The Valley Tribune", "url": s}, "datePublished": "2026-11-18T17:00:00-06:00",
            "publisher": org("The Valley Tribune", s, s + "logo.png"), "image": image(s + "img/board.jpg", 1200, 675)}  # fmt: skip
    add("organization_author", u, chrome("The Valley Tribune", """
<h1>School board meets on Thursday</h1><p class="byline">From staff reports — The Valley Tribune</p>
<img src="/img/board.jpg" alt=""><p>The agenda includes the new calendar.</p>""", head=ld(data)),
        Plant("org-author", '"name": "The Valley Tribune", "url": "https://valleytribune.example/"}, "datePublished"',
              '"name": "Valley Tribune Newsroom", "url": "https://valleytribune.example/"}, "datePublished"', "byline-organization", "markup"),
    )  # fmt: skip

    # 19. Three authors, non-breaking spaces, "and" before the last.
    s, u = "https://citydesk.example/", "https://citydesk.example/2026/11/housing-report/"
    data = {"@context": "https://schema.org", "@type": "AnalysisNewsArticle", "headline": "What the housing report says, and what it leaves out",
            "author": [person("Ann Lee", s + "ann-lee"), person("Bo Chen", s + "bo-chen"), person("Cara Díaz", s + "cara-diaz")],
            "datePublished": "2026-11-21T12:00:00+00:00", "publisher": org("City Desk", s, s + "logo.png"),
            "image": image(s + "img/housing.jpg", 2000, 1125, "New flats on Mill Road.", "Bo Chen")}  # fmt: skip
    add("three_authors", u, chrome("City Desk", """
<h1>What the housing report says, and what it leaves out</h1>
<div class="c-byline">By&nbsp;Ann&nbsp;Lee, Bo Chen and Cara&nbsp;Diaz</div>
<figure><img src="/img/housing.jpg"><figcaption>New flats on Mill Road. <em>Photo by Bo Chen</em></figcaption></figure><p>Analysis.</p>""", head=ld(data)),
        Plant("byline", "Cara&nbsp;Diaz", "Carla&nbsp;Diaz", "byline-mismatch"),
    )  # fmt: skip

    # 20. Byline with the job title on the page, only the name in the markup.
    s, u = "https://sciencetoday.example/", "https://sciencetoday.example/space/moon-lander/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Moon lander sends first pictures",
            "author": {"@type": "Person", "name": "Helen Achebe", "jobTitle": "Science correspondent", "url": s + "helen-achebe/"},
            "datePublished": "2026-12-03T22:15:00+00:00", "publisher": org("Science Today", s, s + "logo.png"),
            "image": image(s + "img/lander.jpg", 1600, 900, "The first picture from the surface.", "Lunar Agency")}  # fmt: skip
    add("byline_with_title", u, chrome("Science Today", """
<h1>Moon lander sends first pictures</h1><div class="author"><strong>Helen Achebe</strong>, Science correspondent</div>
<figure><img src="/img/lander.jpg"><figcaption>The first picture from the surface. Image: Lunar Agency</figcaption></figure><p>More soon.</p>""", head=ld(data)),
        Plant("credit", "Image: Lunar Agency", "Image: Space Agency", "credit-mismatch"),
    )  # fmt: skip

    # 21. Caption and credit in divs (no figcaption), "Credit:" prefix.
    s, u = "https://eveningpost.example/", "https://eveningpost.example/news/market-hall/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Market hall roof to be replaced",
            "author": person("Gareth Iles", s + "gareth-iles/"), "datePublished": "2026-10-30T10:00:00+00:00",
            "publisher": org("Evening Post", s, s + "logo.png"),
            "image": image(s + "img/hall.jpg", 1200, 900, "The hall's roof dates from 1908.", "Evening Post archive")}  # fmt: skip
    add("caption_divs", u, chrome("Evening Post", """
<h1 class="story-title">Market hall roof to be replaced</h1><span class="story-byline">Gareth Iles</span>
<div class="lead-image"><img src="/img/hall.jpg"><div class="image-caption">The hall’s roof dates from 1908.</div>
<div class="image-credit">Credit: Evening Post archive</div></div><p>Work starts in spring.</p>""", head=ld(data)),
        Plant("caption", "dates from 1908", "dates from 1928", "caption-mismatch"),
    )  # fmt: skip

    # 22. Credit first, then the caption, in one figcaption.
    s, u = "https://mountaingazette.example/", "https://mountaingazette.example/outdoors/first-snow/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "First snow closes the pass",
            "author": person("Ida Svensson"), "datePublished": "2026-10-21T07:30:00-06:00", "publisher": org("Mountain Gazette", s, s + "logo.png"),
            "image": image(s + "img/pass.jpg", 1600, 1200, "Ploughs at the top of the pass on Wednesday.", "Kurt Vail")}  # fmt: skip
    add("credit_first", u, chrome("Mountain Gazette", """
<h1>First snow closes the pass</h1><p class="by">Ida Svensson | Mountain Gazette</p>
<figure><img src="/img/pass.jpg"><figcaption><cite>Photo: Kurt Vail</cite> Ploughs at the top of the pass on Wednesday.</figcaption></figure><p>The road reopens Friday.</p>""", head=ld(data)),
        Plant("credit", "Photo: Kurt Vail", "Photo: Kurt Vale", "credit-mismatch"),
    )  # fmt: skip

    # 23. Credit in square brackets, caption ending without a full stop.
    s, u = "https://islandvoice.example/", "https://islandvoice.example/2026/06/ferry-strike/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry crews vote to strike",
            "author": [person("Tomasz Nowak")], "datePublished": "2026-06-02T15:00:00+01:00", "publisher": org("Island Voice", s, s + "logo.png"),
            "image": image(s + "img/crew.jpg", 1280, 720, "Crew members outside the union office", "Island Voice")}  # fmt: skip
    add("square_brackets", u, chrome("Island Voice", """
<h1>Ferry crews vote to strike</h1><div class="meta"><span class="writer">Tomasz Nowak</span></div>
<figure><img src="/img/crew.jpg"><figcaption>Crew members outside the union office [Island Voice]</figcaption></figure><p>The vote was 81 per cent.</p>""", head=ld(data)),
        Plant("caption", "outside the union office", "inside the union office", "caption-mismatch"),
    )  # fmt: skip

    # 24. The credit in <small>, glued on without a space.
    s, u = "https://thecourier.example/", "https://thecourier.example/sport/derby-preview/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Derby preview: both sides at full strength",
            "author": person("Sean Doyle", s + "sean-doyle/"), "datePublished": "2026-11-29T09:00:00+00:00",
            "publisher": org("The Courier", s, s + "logo.png"),
            "image": image(s + "img/derby.jpg", 1600, 900, "The teams met in August.", "Courier Sport")}  # fmt: skip
    add("glued_small", u, chrome("The Courier", """
<h1>Derby preview: both sides at full strength</h1><p class="article-author">Sean Doyle</p>
<figure><img src="/img/derby.jpg"><figcaption>The teams met in August.<small>Courier Sport</small></figcaption></figure><p>Kick-off is at three.</p>""", head=ld(data)),
        Plant("credit", "<small>Courier Sport</small>", "<small>Getty</small>", "credit-mismatch"),
    )  # fmt: skip

    # 25. Markup with HTML entities and tags left in by the CMS; typographic quotes on the page.
    s, u = "https://lakesideherald.example/", "https://lakesideherald.example/arts/choir-wins/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Lakeside choir wins &quot;best in show&quot;",
            "author": person("Noor Haddad"), "datePublished": "2026-05-18T20:00:00+01:00", "publisher": org("Lakeside Herald", s, s + "logo.png"),
            "image": image(s + "img/choir.jpg", 1200, 800, "<p>The choir on stage in &quot;Ode to the Lake&quot;</p>", "Noor Haddad")}  # fmt: skip
    add("entities_in_markup", u, chrome("Lakeside Herald", """
<h1>Lakeside choir wins “best in show”</h1><div class="byline-wrap">words &amp; pictures: Noor Haddad</div>
<figure><img src="/img/choir.jpg"><figcaption>The choir on stage in “Ode to the Lake”</figcaption></figure><p>The judges were unanimous.</p>""", head=ld(data)),
        Plant("caption", "in “Ode to the Lake”", "in “Song of the Lake”", "caption-mismatch"),
    )  # fmt: skip

    # 26. Several JSON-LD blocks in the body, one per entity, linked by @id.
    s, u = "https://portcity.example/", "https://portcity.example/business/shipyard-orders/"
    blocks = ld({"@context": "https://schema.org", "@type": "NewsMediaOrganization", "@id": s + "#org", "name": "Port City Journal",
                 "logo": {"@type": "ImageObject", "url": s + "logo.png", "width": 400, "height": 80}}) + ld(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": "1", "name": "Business", "item": s + "business/"}]}) + ld(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Shipyard wins orders for six ferries",
         "author": {"@id": s + "people/ruth-obi#person"}, "publisher": {"@id": s + "#org"}, "datePublished": "2026-11-05T08:00:00Z",
         "image": {"@type": "ImageObject", "url": s + "img/yard.jpg", "width": "1600", "height": "900",
                   "caption": "The dry dock at Quay 4.", "creditText": "Port City Journal"}}) + ld(
        {"@context": "https://schema.org", "@type": "Person", "@id": s + "people/ruth-obi#person", "name": "Ruth Obi", "url": s + "people/ruth-obi"})  # fmt: skip
    add("blocks_in_body", u, chrome("Port City Journal", f"""
<h1>Shipyard wins orders for six ferries</h1>{blocks}<p class="story__byline">Ruth Obi · Business reporter</p>
<figure><img src="/img/yard.jpg"><figcaption>The dry dock at Quay 4. / Port City Journal</figcaption></figure><p>The first hull is due in 2028.</p>"""),
        Plant("byline", "Ruth Obi ·", "Ruth Oben ·", "byline-mismatch"),
    )  # fmt: skip

    # 27. Drupal-style graph with numbers as strings and "True" as text.
    s, u = "https://countynews.example/", "https://countynews.example/node/48213"
    data = {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "@id": u, "name": "Library opens on Sundays",
            "headline": "Library opens on Sundays", "description": "A trial starts in January.",
            "image": {"@type": "ImageObject", "representativeOfPage": "True", "url": s + "files/library.jpg", "width": "1200", "height": "675"},
            "datePublished": "2026-12-01T12:00:00-0500", "dateModified": "2026-12-01T12:30:00-0500", "isAccessibleForFree": "True",
            "author": {"@type": "Person", "@id": s + "user/12", "name": "Pat Rourke", "url": s + "user/12"},
            "publisher": {"@type": "Organization", "@id": s, "name": "County News", "url": s,
                          "logo": {"@type": "ImageObject", "url": s + "logo.png", "width": "300", "height": "60"}}}]}  # fmt: skip
    add("drupal_strings", u, chrome("County News", """
<h1 class="page-title"><span class="field--name-title">Library opens on Sundays</span></h1>
<div class="node__meta"><span class="field--name-uid"><a href="/user/12">Pat Rourke</a></span></div>
<div class="field--name-field-image"><img src="/files/library.jpg"></div><div class="field--name-body"><p>A trial starts in January.</p></div>""", head=ld(data)),
        Plant("date", '"datePublished": "2026-12-01T12:00:00-0500"', '"datePublished": "2026-12-01 12:00:00"', "date-format", "markup"),
    )  # fmt: skip

    # 28. Multiple @type, a dateline and speakable selectors.
    s, u = "https://nationalwire.example/", "https://nationalwire.example/politics/minister-resigns/"
    data = {"@context": "https://schema.org", "@type": ["NewsArticle", "ReportageNewsArticle"], "headline": "Transport minister resigns",
            "dateline": "LONDON", "author": [{"@type": ["Person"], "name": "Kwame Mensah", "url": s + "kwame-mensah"}],
            "datePublished": "2026-11-27T13:05:00Z", "publisher": org("National Wire", s, s + "logo.png"),
            "speakable": {"@type": "SpeakableSpecification", "cssSelector": ["h1", ".summary"]},
            "image": [image(s + "img/minister-16x9.jpg", 1920, 1080), image(s + "img/minister-4x3.jpg", 1440, 1080),
                      image(s + "img/minister-1x1.jpg", 1080, 1080)]}  # fmt: skip
    add("multi_type", u, chrome("National Wire", """
<h1>Transport minister resigns</h1><p class="summary">The minister left after a row over rail funding.</p>
<div class="AuthorByline"><a href="/kwame-mensah">Kwame Mensah</a>, Political Editor</div><p>LONDON — The resignation letter was short.</p>""", head=ld(data)),
        Plant("type", '"ReportageNewsArticle"', '"reportageNewsArticle"', "unknown-type", "markup"),
    )  # fmt: skip

    # 29. Longform: the <h1> is the title only, the markup headline adds the subtitle.
    s, u = "https://longreads.example/", "https://longreads.example/features/the-last-lightship/"
    data = {"@context": "https://schema.org", "@type": "Article", "headline": "The last lightship: a life moored off the sandbanks",
            "author": person("Imogen Hart", s + "contributors/imogen-hart/"), "datePublished": "2026-10-10T06:00:00+01:00",
            "publisher": org("Longreads Weekly", s, s + "logo.png"),
            "image": image(s + "img/lightship.jpg", 2400, 1350, "The lightship at her mooring, 1979.", "National Maritime Archive")}  # fmt: skip
    add("longform_subtitle", u, chrome("Longreads Weekly", """
<header class="feature-hero"><h1 class="feature-title">The last lightship</h1><p class="standfirst">A life moored off the sandbanks</p>
<p class="feature-credits">Words by <span class="contributor">Imogen Hart</span></p></header>
<figure class="full-bleed"><img src="/img/lightship.jpg"><figcaption><span>The lightship at her mooring, 1979.</span><span>Photograph courtesy of the National Maritime Archive</span></figcaption></figure>""", head=ld(data)),
        Plant("credit", "National Maritime Archive</span>", "Harbour Museum</span>", "credit-mismatch"),
    )  # fmt: skip

    # 30. Headline with a " | Site" suffix, opinion type, "Opinion by".
    s, u = "https://westerntimes.example/", "https://westerntimes.example/opinion/parking-charges/"
    data = {"@context": "https://schema.org", "@type": "OpinionNewsArticle", "headline": "Parking charges will empty the high street | Western Times",
            "author": person("Felix Grant", s + "felix-grant/"), "datePublished": "2026-11-11T08:00:00Z",
            "publisher": org("Western Times", s, s + "logo.png"), "image": image(s + "img/high-street.jpg", 1200, 675)}  # fmt: skip
    add("headline_site_suffix", u, chrome("Western Times", """
<h1>Parking charges will empty the high street</h1><p class="opinion-byline">Opinion by Felix Grant</p><p>Text.</p>""",
        head=og("Parking charges will empty the high street", s + "img/high-street.jpg", u) + ld(data)),
        Plant("byline", "Opinion by Felix Grant", "Opinion by Felix Gant", "byline-mismatch"),
    )  # fmt: skip

    # 31. The type attribute with a charset, raw newlines and tabs inside JSON strings.
    s, u = "https://oldtown.example/", "https://oldtown.example/news/clock-tower/"
    raw = ('{"@context":"https://schema.org","@type":"NewsArticle","headline":"Clock tower chimes again",'
           '"articleBody":"The clock stopped in 2019.\n\tVolunteers fixed it.","datePublished":"2026-09-30T12:00:00+01:00",'
           '"author":{"@type":"Person","name":"Beth Morgan"},"publisher":{"@type":"Organization","name":"Old Town Gazette",'
           '"logo":{"@type":"ImageObject","url":"https://oldtown.example/logo.png"}},'
           '"image":{"@type":"ImageObject","url":"https://oldtown.example/img/clock.jpg","width":1200,"height":900}}')  # fmt: skip
    add("json_with_newlines", u, chrome("Old Town Gazette", """
<h1>Clock tower chimes again</h1><span class="meta-author">Beth Morgan</span><p>The clock stopped in 2019.</p>""",
        head=f'<script type="application/ld+json; charset=utf-8">{raw}</script>'),
        Plant("json", '"headline":"Clock tower chimes again",', '"headline":"Clock tower chimes again",,', "json-syntax", "markup"),
    )  # fmt: skip

    # 32. A home page: WebSite with the retired sitelinks search box, an ItemList of articles.
    s = "https://harbortimes.example/"
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "url": s, "name": "Harbor Times", "potentialAction": {"@type": "SearchAction",
         "target": s + "search?q={search_term_string}", "query-input": "required name=search_term_string"}},
        {"@type": "CollectionPage", "url": s, "name": "Harbor Times: local news",
         "mainEntity": {"@type": "ItemList", "itemListElement": [
             {"@type": "ListItem", "position": 1, "item": {"@type": "NewsArticle", "headline": "Pier reopens", "url": s + "pier/"}},
             {"@type": "ListItem", "position": 2, "url": s + "tides/"}]}}]}  # fmt: skip
    add("home_page_search_box", s, chrome("Harbor Times", """
<h1 class="visually-hidden">Harbor Times</h1><section class="top-stories"><article class="card"><h2><a href="/pier/">Pier reopens</a></h2></article>
<article class="card"><h2><a href="/tides/">Tide tables</a></h2></article></section>""", head=og("Harbor Times", s + "logo.png", s, "website") + ld(data)),
        Plant("search-type", '"@type": "SearchAction"', '"@type": "SearchActions"', "unknown-type", "markup"),
    )  # fmt: skip

    # 33. Copyright-style credit in the markup, plain agency name on the page; caption holds the credit too.
    s, u = "https://bayobserver.example/", "https://bayobserver.example/2026/04/regatta/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Regatta returns after a wet spring",
            "author": person("Mina Park", s + "mina-park/"), "datePublished": "2026-04-26T17:00:00+01:00",
            "publisher": org("Bay Observer", s, s + "logo.png"),
            "image": image(s + "img/regatta.jpg", 1600, 900, "Dinghies round the first mark. Photo: Harbor Press", "© 2026 Harbor Press",
                           copyrightHolder={"@type": "Organization", "name": "Harbor Press"})}  # fmt: skip
    add("copyright_credit", u, chrome("Bay Observer", """
<h1>Regatta returns after a wet spring</h1><div class="byline"><span class="byline__name">MINA PARK</span></div>
<figure><img src="/img/regatta.jpg"><figcaption>Dinghies round the first mark. (Photo: Harbor Press)</figcaption></figure>""", head=ld(data)),
        Plant("credit", '"© 2026 Harbor Press"', '"© 2026 Bay Photo Agency"', "credit-mismatch", "markup"),
    )  # fmt: skip

    # 34. A gallery: several images each with its own caption.
    s, u = "https://eastend.example/", "https://eastend.example/galleries/street-party/"
    pics = [
        ("Bunting along Cable Street.", "g1"),
        ("The brass band at noon.", "g2"),
        ("Children's races in the square.", "g3"),
    ]
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "In pictures: the Cable Street party",
            "author": person("Yusuf Amin", s + "yusuf-amin/"), "datePublished": "2026-07-04T19:00:00+01:00",
            "publisher": org("East End Echo", s, s + "logo.png"),
            "image": [image(f"{s}img/{name}.jpg", 1600, 1067, caption, "Yusuf Amin") for caption, name in pics]}  # fmt: skip
    shown = {caption: caption.replace("'", "\u2019") for caption, _name in pics}  # typographic apostrophes on the page
    figures = "".join(f'<li class="gallery__item"><img src="/img/{name}.jpg"><p class="gallery__caption">{shown[caption]} '
                      f'<span class="gallery__credit">Yusuf Amin</span></p></li>' for caption, name in pics)  # fmt: skip
    add("gallery", u, chrome("East End Echo", f"""
<h1>In pictures: the Cable Street party</h1><p class="byline">Photographs by Yusuf Amin</p><ul class="gallery">{figures}</ul>""", head=ld(data)),
        Plant("caption", "The brass band at noon.", "The pipe band at noon.", "caption-mismatch"),
    )  # fmt: skip

    # 35. Lazy-loading theme: the figure repeated inside <noscript>.
    s, u = "https://suburbanlife.example/", "https://suburbanlife.example/food/bakery-opens/"
    data = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "A new bakery opens on Elm Street",
            "author": {"@type": "Person", "name": "Grace Liu"}, "datePublished": "2026-03-14T09:00:00-07:00",
            "publisher": org("Suburban Life", s, s + "logo.png"),
            "image": image(s + "img/bakery.jpg", 1200, 800, "Morning queue outside the bakery.")}  # fmt: skip
    add("noscript_figure", u, chrome("Suburban Life", """
<h1 class="post-title">A new bakery opens on Elm Street</h1><div class="post-author">Grace Liu</div>
<img class="lazy" data-src="/img/bakery.jpg"><noscript><figure><img src="/img/bakery.jpg"><figcaption>Morning queue outside the bakery.</figcaption></figure></noscript>
<p>Sourdough sells out by ten.</p>""", head=ld(data)),
        Plant("caption", "Morning queue outside", "Evening queue outside", "caption-mismatch"),
    )  # fmt: skip

    # 36. Reversed name order in a sports-style byline ("OKAFOR, Chidi"), date-only datePublished.
    s, u = "https://sportsdesk.example/", "https://sportsdesk.example/rowing/boat-race-crews/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Boat race crews named",
            "author": person("Chidi Okafor"), "datePublished": "2026-03-20", "dateModified": "2026-03-20T15:00:00Z",
            "publisher": org("Sports Desk", s, s + "logo.png"), "image": image(s + "img/crews.jpg", 1200, 675)}  # fmt: skip
    add("reversed_name", u, chrome("Sports Desk", """
<h1>Boat race crews named</h1><div class="article-byline-author">OKAFOR, Chidi</div><p>Both crews include Olympians.</p>""", head=ld(data)),
        Plant("byline", "OKAFOR, Chidi", "OKAFOR, Chinedu", "byline-mismatch"),
    )  # fmt: skip

    # 37. A section front: several top-level articles (teasers), none of them the page itself.
    s, u = "https://metrodaily.example/", "https://metrodaily.example/local/"
    teasers = [{"@context": "https://schema.org", "@type": "NewsArticle", "url": f"{s}local/story-{i}/", "headline": headline,
                "author": person(writer), "datePublished": f"2026-12-0{i + 1}T08:00:00-05:00",
                "image": image(f"{s}img/teaser-{i}.jpg", 800, 450, f"Teaser photo {i}", "Metro Daily")}
               for i, (headline, writer) in enumerate([("Snow plough schedule set", "Ana Ruiz"),
                                                       ("New bakery on Fifth", "Joe Kim"), ("Library hours extended", "Li Na")])]  # fmt: skip
    add("section_front", u, chrome("Metro Daily", """
<h1 class="section-title">Local</h1><ul class="river"><li><a href="/local/story-0/">Snow plough schedule set</a></li>
<li><a href="/local/story-1/">New bakery on Fifth</a></li><li><a href="/local/story-2/">Library hours extended</a></li></ul>""",
        head=og("Local news", s + "logo.png", u, "website") + ld(teasers)),
        Plant("type", '"@type": "NewsArticle", "url": "https://metrodaily.example/local/story-1/"',
              '"@type": "NewsArtikel", "url": "https://metrodaily.example/local/story-1/"', "unknown-type", "markup"),
    )  # fmt: skip

    # 38. A middle initial in the markup only; "via Getty Images" in the markup, "/Getty Images" on the page.
    s, u = "https://financial.example/", "https://financial.example/markets/2026/12/03/rates-hold/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Central bank holds rates steady",
            "author": [person("Robert J. Alvarez", s + "authors/robert-alvarez/")], "datePublished": "2026-12-03T14:00:00-05:00",
            "publisher": org("Financial Daily", s, s + "logo.png"),
            "image": image(s + "img/bank.jpg", 2048, 1152, "Traders on the floor on Wednesday.", "Mark Lenn via Getty Images")}  # fmt: skip
    add("middle_initial_via", u, chrome("Financial Daily", """
<h1>Central bank holds rates steady</h1><div class="byline">By <a class="byline__author" href="/authors/robert-alvarez/">Robert Alvarez</a></div>
<figure><img src="/img/bank.jpg"><figcaption>Traders on the floor on Wednesday. <span class="credit">Mark Lenn/Getty Images</span></figcaption></figure>""", head=ld(data)),
        Plant("credit", "Mark Lenn/Getty Images", "Spencer Platt/Getty Images", "credit-mismatch"),
        Plant("byline", ">Robert Alvarez</a>", ">Roberta Alvarado</a>", "byline-mismatch"),
    )  # fmt: skip

    # 39. RDFa only (vocab and typeof), OpenGraph saying article.
    s, u = "https://smalltownnews.example/", "https://smalltownnews.example/2026/fair/"
    add("rdfa_article", u, chrome("Small Town News", """
<article vocab="https://schema.org/" typeof="NewsArticle"><h1 property="headline">County fair breaks attendance record</h1>
<p>By <span property="author" typeof="Person"><span property="name">Hal Brennan</span></span>,
<time property="datePublished" datetime="2026-08-30">August 30</time></p><p property="articleBody">More than 20,000 came.</p></article>""",
        head=og("County fair breaks attendance record", s + "img/fair.jpg", u)),
        Plant("json-ld-conflict", "<p>By <span", '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Fair cancelled", "author": {"@type": "Person", "name": "Hal Brennan"}}</script><p>By <span', "conflicting-duplicate"),
    )  # fmt: skip

    # 40. Honorific on the page only, byline in <address>, a Yoast-like article whose @id is the page's.
    s, u = "https://medjournal.example/", "https://medjournal.example/news/flu-season/"
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": u + "#article", "mainEntityOfPage": u, "headline": "Flu season starts early",
         "author": {"@type": "Person", "name": "Sara Lind", "url": s + "sara-lind/"}, "datePublished": "2026-10-01T09:00:00+02:00",
         "publisher": {"@id": s + "#org"}, "image": {"@id": u + "#img"}},
        {"@type": "ImageObject", "@id": u + "#img", "url": s + "img/flu.jpg", "width": 1200, "height": 675,
         "caption": "A vaccination clinic in Malmö.", "creditText": "Erik Holm/Med Journal"},
        {"@type": "NewsArticle", "@id": s + "news/older-story/#article", "headline": "Older story", "url": s + "news/older-story/",
         "author": {"@type": "Person", "name": "Someone Else"}},
        {"@type": "Organization", "@id": s + "#org", "name": "Med Journal", "logo": s + "logo.png"}]}  # fmt: skip
    add("honorific_address", u, chrome("Med Journal", """
<h1>Flu season starts early</h1><address class="article-author">Dr Sara Lind, Medical editor</address>
<figure><img src="/img/flu.jpg"><figcaption>A vaccination clinic in Malmö. Photo: Erik Holm/Med Journal</figcaption></figure>""",
        head=f'<link rel="canonical" href="{u}">' + ld(data)),
        Plant("caption", "clinic in Malmö", "clinic in Lund", "caption-mismatch"),
    )  # fmt: skip

    # 41. Japanese: the name spaced on the page, unspaced in the markup; full-width brackets around the credit.
    s, u = "https://minatoshimbun.example/", "https://minatoshimbun.example/articles/20261201-a1b2/"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "港の新しいフェリーが就航", "inLanguage": "ja",
            "author": [{"@type": "Person", "name": "山田太郎"}], "datePublished": "2026-12-01T10:00:00+09:00",
            "publisher": org("みなと新聞", s, s + "logo.png"),
            "image": image(s + "img/ferry.jpg", 1200, 675, "就航したフェリー＝1日午前", "佐藤花子撮影")}  # fmt: skip
    add("japanese", u, chrome("みなと新聞", """
<h1 class="article-title">港の新しいフェリーが就航</h1><p class="article-author">記者 山田 太郎</p>
<figure><img src="/img/ferry.jpg"><figcaption>就航したフェリー＝1日午前（佐藤花子撮影）</figcaption></figure><p>新しいフェリーは1日、就航した。</p>""", lang="ja", head=ld(data)),
        Plant("byline", "記者 山田 太郎", "記者 田中 一郎", "byline-mismatch"),
    )  # fmt: skip

    return found


_SITE_ROOT = re.compile(r"https://[a-z0-9-]+\.example/")


def write_layouts(
    directory: pathlib.Path, *, planted_too: bool = True, rebase: str | None = None
) -> dict[str, dict[str, str | None]]:
    """Every layout as ``<name>.html`` (and ``<name>--<plant>.html``); returns {file: {"expect": code or None}}.

    ``rebase`` replaces every ``https://<site>.example/`` with one base URL, so that the images and
    author pages the markup names are asked of the server that serves the folder.
    """
    manifest: dict[str, dict[str, str | None]] = {}

    def write(name: str, html: str) -> None:
        if rebase is not None:
            html = _SITE_ROOT.sub(rebase, html)
        (directory / name).write_text(html, encoding="utf-8")

    for layout in layouts():
        write(f"{layout.name}.html", layout.html)
        manifest[f"{layout.name}.html"] = {"url": layout.url, "expect": None}
        if planted_too:
            for plant in layout.plants:
                name = f"{layout.name}--{plant.name}.html"
                write(name, planted(layout.html, plant))
                manifest[name] = {"url": layout.url, "expect": plant.code}
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m structured_data.tests.checker_layouts DIRECTORY")
    print(len(write_layouts(pathlib.Path(sys.argv[1]))))
