"""Kinds of news sites, each wrapping a story in its own markup and clutter (written for these tests,
modelled on the patterns of real pages: WordPress themes, wire stories on partner sites, paywalls, live
pages, microdata and OpenGraph-only templates, custom CMSs, broadcasters, AMP-like pages)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape

from .stories import Story


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    story: Story
    canonical: str  # the URL the page must be recognised under
    date_only: bool = False  # the page gives only a day: compare dates, not times


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _jsonld(data) -> str:
    return f'<script type="application/ld+json">{_json(data)}</script>'


def _blocks(story: Story, paragraph_class: str = "", limit: int | None = None, between: str = "") -> str:
    out, items = [], []
    blocks = story.body[:limit] if limit else story.body
    for number, (kind, text) in enumerate(blocks):
        if kind != "li" and items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if kind == "p":
            attr = f' class="{paragraph_class}"' if paragraph_class else ""
            out.append(f"<p{attr}>{escape(text)}</p>")
        elif kind == "h2":
            out.append(f"<h2>{escape(text)}</h2>")
        elif kind == "quote":
            out.append(f"<blockquote><p>{escape(text)}</p></blockquote>")
        elif kind == "li":
            items.append(f"<li>{escape(text)}</li>")
        if between and number in (1, 3):
            out.append(between)
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def _head(story: Story, extra: str, title_suffix: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{story.language}"><head><meta charset="utf-8">'
        f"<title>{escape(story.headline)}{title_suffix}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="/static/site.css">{extra}</head>'
    )


NAV = (
    '<header class="site-header"><a class="logo" href="/">Home</a><nav><ul><li><a href="/news/">News</a></li>'
    '<li><a href="/sport/">Sport</a></li><li><a href="/business/">Business</a></li><li><a href="/opinion/">Opinion'
    '</a></li><li><a href="/subscribe/">Subscribe</a></li></ul></nav></header>'
)
FOOTER = (
    '<footer class="site-footer"><p>Contact us | Advertise | Privacy policy | Terms of use</p><p>Copyright 2026 '
    "Harbor Media Group. All rights reserved.</p></footer>"
)
COOKIES = (
    '<div class="cookie-banner">We use cookies to improve your experience and to show you relevant advertising. '
    "By continuing you agree to our use of cookies. <button>Accept</button></div>"
)
RELATED = (
    '<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">City budget vote delayed again as council '
    'members argue over police overtime</a></li><li><a href="/b">Five things to do this weekend across the region, '
    'from markets to music</a></li><li><a href="/c">Opinion: the bridge we need is not the bridge we are building'
    "</a></li></ul></aside>"
)
NEWSLETTER = (
    '<div class="newsletter-promo"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter and get the '
    'day\'s most important stories in your inbox every morning before seven.</p><form><input type="email" '
    'placeholder="Email address"><button>Sign up</button></form></div>'
)
COMMENTS = (
    '<section id="comments" class="comments"><h3>3 comments</h3><div class="comment"><p class="comment-author">'
    "riverwatcher</p><p>This has been coming for years and nobody in charge listened to the people who actually "
    'live here.</p></div><div class="comment"><p class="comment-author">jk_1987</p><p>Great reporting as always, '
    "thank you for covering this story in such detail.</p></div></section>"
)


def _figure(story: Story, style: int, src: str) -> str:
    caption, credit = escape(story.photo_caption), escape(story.photo_credit)
    captions = (
        f'<figcaption>{caption} <span class="credit">{credit}</span></figcaption>',
        f"<figcaption>{caption} (Photo: {credit})</figcaption>",
        f'<figcaption><span itemprop="caption">{caption}</span> <span itemprop="creditText">{credit}'
        "</span></figcaption>",
        f"<figcaption>{caption} \u2014 {credit}</figcaption>",
        f"<figcaption>{caption} Credit: {credit}</figcaption>",
    )
    return f'<figure class="lead"><img src="{src}" alt="" width="1200" height="675">{captions[style % 5]}</figure>'


def _person_nodes(story: Story, raw: bool = False) -> list[dict]:
    if raw:
        return [{"@type": "Person", "name": story.byline}]
    return [
        {"@type": "Organization" if name in story.organisations else "Person", "name": name} for name in story.authors
    ]


def _date(story: Story) -> str:
    return story.published.isoformat()


def _human_date(story: Story) -> str:
    return story.published.strftime("%B %-d, %Y, %-I:%M %p")


# Layouts ----------------------------------------------------------------------------------------


def wordpress(story: Story, n: int) -> Page:
    url = f"https://www.harborblog.example/{story.published:%Y/%m/%d}/{story.slug}/"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://www.harborblog.example/#organization", "name": "Harbor Blog"},
            {
                "@type": "Article", "@id": f"{url}#article", "headline": story.headline,
                "datePublished": _date(story), "dateModified": _date(story),
                "author": [{"@id": f"https://www.harborblog.example/#/schema/person/{i}"}
                           for i in range(len(story.authors))],
                "publisher": {"@id": "https://www.harborblog.example/#organization"},
                "mainEntityOfPage": {"@id": url}, "articleSection": [story.section], "inLanguage": story.language,
            },
            {"@type": "WebPage", "@id": url, "url": url, "name": story.headline},
            *[
                {"@type": "Person", "@id": f"https://www.harborblog.example/#/schema/person/{i}", "name": name}
                for i, name in enumerate(story.authors)
            ],
        ],
    }  # fmt: skip
    html = (
        _head(story, f'<link rel="canonical" href="{url}">{_jsonld(graph)}', " &#8211; Harbor Blog")
        + f'<body class="post-template-default single">{COOKIES}{NAV}<div id="content" class="site-content">'
        f'<main id="main"><article class="post type-post hentry"><header class="entry-header">'
        f'<h1 class="entry-title">{escape(story.headline)}</h1><div class="entry-meta"><span class="byline">'
        f'<span class="author vcard">{escape(story.byline)}</span></span> <time class="entry-date published" '
        f'datetime="{_date(story)}">{_human_date(story)}</time></div></header>'
        f'<div class="entry-content"><p class="lede"><em>{escape(story.standfirst)}</em></p>'
        f"{_figure(story, n, 'https://www.harborblog.example/wp-content/uploads/2026/11/lead.jpg')}{_blocks(story)}"
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter'
        '</a></li><li><a href="#">Facebook</a></li><li><a href="#">Email</a></li></ul></div>'
        '<div class="jp-relatedposts"><h3>Related</h3><p><a href="/x">Ferry fares to rise in the new year</a></p>'
        '<p><a href="/y">Harbor dredging finally begins after two-year delay</a></p></div></div>'
        f'<footer class="entry-footer">Posted in {escape(story.section)}</footer></article>{COMMENTS}</main>'
        f'<aside id="secondary" class="widget-area"><h2>Recent posts</h2><ul><li>Council approves new budget</li>'
        f"<li>Winter parking rules start Monday</li></ul></aside></div>{FOOTER}</body></html>"
    )
    return Page(f"wordpress-{story.slug}", html, story, url)


def wire_partner(story: Story, n: int) -> Page:
    original = f"https://wirenews.example/article/{story.slug}-4f2a9c1e"
    partner = f"https://www.valleytribune.example/news/national/{story.slug}"
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
        "description": story.standfirst, "datePublished": _date(story), "author": _person_nodes(story, raw=True),
        "publisher": {"@type": "Organization", "name": "Valley Tribune"},
        "image": [{"@type": "ImageObject", "url": "https://cdn.valleytribune.example/wire/lead.jpg",
                   "caption": f"{story.photo_caption} ({story.photo_credit})"}],
        "mainEntityOfPage": partner,
    }  # fmt: skip
    ad = '<div class="ad-slot"><p>Advertisement</p></div>'
    related = (
        '<p class="related-link"><strong>RELATED:</strong> <a href="/z">Earlier strike talks collapsed in June</a></p>'
    )
    html = (
        _head(
            story,
            f'<link rel="canonical" href="{original}"><meta property="og:url" content="{partner}">'
            f'<meta property="og:title" content="{escape(story.headline)}">{_jsonld(data)}',
        )
        + f'<body>{NAV}<div class="wrapper"><div class="main-col"><div class="story">'
        f'<h1 class="headline">{escape(story.headline)}</h1><div class="byline">{escape(story.byline)}</div>'
        f'<div class="timestamp">{_human_date(story)}</div>'
        f'{_figure(story, n, "https://cdn.valleytribune.example/wire/lead.jpg")}<div class="article-body">'
        f"{_blocks(story, between=ad + related)}</div>"
        '<div class="copyright">Copyright 2026 Wire News. All rights reserved. This material may not be published, '
        "broadcast, rewritten or redistributed.</div></div>"
        f'{RELATED}</div><div class="sidebar">{NEWSLETTER}</div></div>{FOOTER}</body></html>'
    )
    return Page(f"wire-{story.slug}", html, story, original)


def paywall(story: Story, n: int) -> Page:
    url = f"https://www.dailyledger.example/{story.section.lower()}/{story.slug}"
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
        "description": story.standfirst, "datePublished": _date(story), "dateModified": _date(story),
        "author": _person_nodes(story), "articleBody": "\n\n".join(text for _k, text in story.body),
        "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"},
        "image": {"@type": "ImageObject", "url": "https://img.dailyledger.example/lead.jpg",
                  "caption": story.photo_caption, "creditText": story.photo_credit},
        "publisher": {"@type": "NewsMediaOrganization", "name": "Daily Ledger"},
    }  # fmt: skip
    html = (
        _head(story, f'<link rel="canonical" href="{url}">{_jsonld(data)}')
        + f'<body>{NAV}<main><article><h1>{escape(story.headline)}</h1><p class="dek">{escape(story.standfirst)}</p>'
        f'<p class="byline">{escape(story.byline)}</p>{_figure(story, n, "https://img.dailyledger.example/lead.jpg")}'
        f'<div class="article-text">{_blocks(story, limit=2)}</div><div class="paywalled">'
        '<div class="paywall-box"><h2>Subscribe to keep reading</h2><p>Get unlimited access to award-winning '
        "journalism for just 1 dollar a week. Cancel anytime.</p><p>Already a subscriber? Log in</p></div></div>"
        f"</article>{RELATED}</main>{FOOTER}</body></html>"
    )
    return Page(f"paywall-{story.slug}", html, story, url)


def live(story: Story, n: int) -> Page:
    url = f"https://live.citynews.example/live/{story.slug}"
    data = {
        "@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": story.headline,
        "description": story.standfirst, "datePublished": _date(story), "coverageStartTime": _date(story),
        "author": _person_nodes(story),
    }  # fmt: skip
    updates = []
    for number, (kind, text) in enumerate(story.body):
        stamp = (story.published + dt.timedelta(minutes=15 * number)).strftime("%-I:%M %p")
        inner = (
            f"<h2>{escape(text)}</h2>"
            if kind == "h2"
            else f"<blockquote><p>{escape(text)}</p></blockquote>"
            if kind == "quote"
            else f"<p>{escape(text)}</p>"
        )
        updates.append(
            f'<article class="live-update"><time class="update-time">{stamp}</time>{inner}'
            '<div class="update-share"><button>Share</button><button>Copy link</button></div></article>'
        )
    html = (
        _head(story, f'<meta property="og:url" content="{url}">{_jsonld(data)}')
        + f'<body>{NAV}<main><h1>{escape(story.headline)}</h1><p class="summary">{escape(story.standfirst)}</p>'
        f'<div class="live-byline">{escape(story.byline)}</div><div class="key-events"><h3>Key events</h3><ul>'
        '<li><a href="#1">First ships unloaded</a></li><li><a href="#2">Union statement</a></li></ul></div>'
        f"{_figure(story, n, 'https://live.citynews.example/img/lead.jpg')}"
        f'<div class="live-updates">{"".join(updates)}</div><button class="load-more">Load more updates</button>'
        f"</main>{FOOTER}</body></html>"
    )
    return Page(f"live-{story.slug}", html, story, url)


def microdata(story: Story, n: int) -> Page:
    url = f"https://valleygazette.example/{story.section.lower()}/{story.slug}"
    authors = "".join(
        f'<span itemprop="author" itemscope itemtype="https://schema.org/'
        f'{"Organization" if name in story.organisations else "Person"}"><span itemprop="name">{escape(name)}'
        "</span></span> "
        for name in story.authors
    )
    html = (
        _head(story, f'<link rel="canonical" href="{url}?utm_source=rss&amp;utm_medium=feed">')
        + f'<body>{NAV}<article itemscope itemtype="https://schema.org/NewsArticle">'
        f'<h1 itemprop="headline">{escape(story.headline)}</h1><p itemprop="description">{escape(story.standfirst)}</p>'
        f'<div class="byline">By {authors}</div><meta itemprop="datePublished" content="{_date(story)}">'
        f'{_figure(story, n, "https://valleygazette.example/photos/lead.jpg")}<div itemprop="articleBody">'
        '<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this '
        "story</a></div>"
        f"{_blocks(story)}</div></article>{RELATED}{FOOTER}</body></html>"
    )
    return Page(f"microdata-{story.slug}", html, story, url)


def opengraph(story: Story, n: int) -> Page:
    url = f"https://hillcountrynews.example/{story.slug}"
    html = (
        _head(
            story,
            f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(story.headline)}">'
            f'<meta property="og:description" content="{escape(story.standfirst)}">'
            f'<meta property="og:url" content="{url}"><meta property="og:image" content="/media/lead.jpg">'
            f'<meta property="article:published_time" content="{_date(story)}">'
            f'<meta property="article:section" content="{escape(story.section)}">'
            f'<meta name="author" content="{escape(story.byline)}">',
        )
        + f"<body>{COOKIES}{NAV}<main><h1>{escape(story.headline)}</h1>"
        f'<div class="byline">{escape(story.byline)}</div>{_figure(story, n, "/media/lead.jpg")}'
        f'<div class="story-body">{_blocks(story, between=NEWSLETTER)}</div>'
        f'<div class="tags">Tags: <a href="/t/1">{escape(story.section)}</a></div>{RELATED}{COMMENTS}</main>'
        f"{FOOTER}</body></html>"
    )
    return Page(f"opengraph-{story.slug}", html, story, url)


def custom_cms(story: Story, n: int) -> Page:
    url = f"https://www.metroherald.example/{story.section.lower()}/{story.published:%Y%m%d}/{story.slug}.html"
    shouting = url.replace("https://www.metroherald.example", "HTTPS://WWW.MetroHerald.example:443")
    data = {
        "@context": "http://schema.org", "@type": "ReportageNewsArticle", "headline": story.headline,
        "description": story.standfirst, "datePublished": _date(story), "author": _person_nodes(story),
        "articleBody": " ".join(text for _k, text in story.body), "url": url,
    }  # fmt: skip
    readmore = '<p class="c-readmore">Read more: <a href="/q">Council to vote on waterfront plan next week</a></p>'
    html = (
        _head(story, f'<link rel="canonical" href="{shouting}">{_jsonld(data)}')
        + f'<body><div class="c-page">{NAV}<div class="c-grid"><div class="c-main"><div class="c-title">'
        f'<h1>{escape(story.headline)}</h1><div class="c-teaser">{escape(story.standfirst)}</div></div>'
        f'<div class="c-author">{escape(story.byline)} | {_human_date(story)}</div>'
        f"{_figure(story, n, 'https://img.metroherald.example/lead.jpg')}"
        f'<div class="c-text">{_blocks(story, paragraph_class="c-para", between=readmore)}</div>'
        '<div class="c-gallery"><p>Photo gallery: scenes from the week in pictures, 24 images</p></div>'
        '<div class="c-social"><p>Follow us on Facebook, Instagram and X for the latest news.</p></div></div>'
        '<div class="c-aside"><h3>Most read</h3><ol><li>Man rescued from icy river by passing jogger</li>'
        "<li>New restaurant opens in old fire station</li><li>Traffic alert: bridge lane closures this week</li></ol>"
        f"</div></div>{FOOTER}</div></body></html>"
    )
    return Page(f"cms-{story.slug}", html, story, url)


def teaser_jsonld(story: Story, n: int) -> Page:
    url = f"https://www.coastalherald.example/stories/{story.slug}"
    first = story.body[0][1]
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
        "datePublished": _date(story), "author": _person_nodes(story),
        "articleBody": " ".join(first.split()[:25]) + " …",
    }  # fmt: skip
    html = (
        _head(
            story,
            '<link rel="canonical" href="https://www.coastalherald.example/">'
            f'<meta property="og:url" content="{url}">{_jsonld(data)}',
        )
        + f'<body>{NAV}<div id="story"><h1>{escape(story.headline)}</h1><h2 class="standfirst">'
        f'{escape(story.standfirst)}</h2><div class="meta"><span class="author-name">{escape(story.byline)}</span>'
        f'</div>{_figure(story, n, "https://www.coastalherald.example/i/lead.jpg")}<section class="body">'
        f"{_blocks(story)}</section>{RELATED}</div>{FOOTER}</body></html>"
    )
    return Page(f"teaser-{story.slug}", html, story, url)


def broadcaster(story: Story, n: int) -> Page:
    url = f"https://news.harborbroadcasting.example/{story.section.lower()}/{story.slug}-{n:04d}"
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
        "datePublished": _date(story), "author": _person_nodes(story, raw=True),
        "publisher": {"@type": "Organization", "name": "Harbor Broadcasting"},
    }  # fmt: skip
    blocks = []
    for kind, text in story.body:
        if kind == "h2":
            blocks.append(f'<div class="text-block"><h2>{escape(text)}</h2></div>')
        elif kind == "quote":
            blocks.append(f'<div class="text-block"><blockquote><p>{escape(text)}</p></blockquote></div>')
        else:
            blocks.append(f'<div class="text-block"><p>{escape(text)}</p></div>')
        if len(blocks) == 2:
            blocks.append('<div class="media-embed"><p>Video: watch the full report (2:14)</p></div>')
    html = (
        _head(story, f'<link rel="canonical" href="{url}">{_jsonld(data)}')
        + f'<body>{NAV}<div class="page"><div class="story-header"><h1>{escape(story.headline)}</h1>'
        f'<div class="byline-block"><span class="byline__name">{escape(story.byline)}</span><span class="date">'
        f"Updated {_human_date(story)}</span></div></div>{_figure(story, n, 'https://media.example/lead.jpg')}"
        f'<div class="story-content">{"".join(blocks)}</div><div class="more-from"><h3>More from Harbor News</h3>'
        "<p>Watch live: evening bulletin at six</p><p>Download our app for breaking news alerts</p></div>"
        f"</div>{FOOTER}</body></html>"
    )
    return Page(f"broadcast-{story.slug}", html, story, url)


def plain_dated(story: Story, n: int) -> Page:
    """No structured date at all: the day is in the URL and the visible text only."""
    url = f"https://smalltownpress.example/{story.published:%Y/%m/%d}/{story.slug}"
    html = (
        _head(story, f'<link rel="canonical" href="{url}"><meta name="author" content="{escape(story.byline)}">')
        + f'<body>{NAV}<div id="main"><h1>{escape(story.headline)}</h1>'
        f'<p class="postmeta">Posted {story.published:%B %-d, %Y} in {escape(story.section)}</p>'
        f'{_figure(story, n, "/uploads/lead.jpg")}<div class="post">{_blocks(story)}</div>'
        f'<div class="post-nav"><a href="/prev">Previous post</a> <a href="/next">Next post</a></div>'
        f"</div>{FOOTER}</body></html>"
    )
    return Page(f"dated-{story.slug}", html, story, url, date_only=True)


LAYOUTS = (
    wordpress,
    wire_partner,
    paywall,
    live,
    microdata,
    opengraph,
    custom_cms,
    teaser_jsonld,
    broadcaster,
    plain_dated,
)
