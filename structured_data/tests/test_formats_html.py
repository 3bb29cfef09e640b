"""The body as it travels: absolute URLs, nothing executable, well-formed XHTML whatever the HTML was."""

from __future__ import annotations

from lxml import etree

from structured_data.formats.html import XHTML, clean_body, to_html, to_xhtml

BASE = "https://news.example/local/story/"


def test_urls_become_absolute_and_unsafe_ones_go():
    body = clean_body(
        '<p><a href="/local/">in</a> <a href="#notes">notes</a> <a href="javascript:alert(1)">x</a>'
        '<img src="pic.jpg" srcset="a.jpg 2x" onerror="alert(1)" style="color:red"></p>',
        BASE,
    )
    links = body.xpath("//a")
    assert [a.get("href") for a in links] == ["https://news.example/local/", f"{BASE}#notes", None]
    (img,) = body.xpath("//img")
    assert dict(img.attrib) == {"src": f"{BASE}pic.jpg"}


def test_scripts_styles_forms_and_comments_are_dropped_their_tails_kept():
    body = clean_body(
        "<p>One<script>alert(1)</script> two<!-- note --> three</p><style>p{}</style>"
        '<form action="/signup"><input name="email"><button>Go</button></form><p>Four</p>',
        BASE,
    )
    assert to_html(body) == "<p>One two three</p><p>Four</p>"


def test_nothing_left_is_none():
    assert clean_body("", BASE) is None
    assert clean_body("<script>alert(1)</script>", BASE) is None


def test_any_html_becomes_well_formed_namespaced_xhtml():
    body = clean_body(
        '<p data-x="1" 2bad="y" a:b="z">Tab\x0bbed <svg:rect>kept</svg:rect><br>line<b><i>unclosed</p>'
        "<figure><img src=/a.jpg><figcaption>Cap &amp; credit</figcaption></figure>",
        BASE,
    )
    html = to_xhtml(body, "Head\x01line", "en")
    document = etree.tostring(html)
    reparsed = etree.fromstring(document)  # well-formed
    assert all(el.tag.startswith(f"{{{XHTML}}}") for el in reparsed.iter())
    assert reparsed.findtext(f"{{{XHTML}}}head/{{{XHTML}}}title") == "Headline"
    paragraph = reparsed.find(f"{{{XHTML}}}body/{{{XHTML}}}p")
    assert dict(paragraph.attrib) == {"data-x": "1"}
    assert "".join(paragraph.itertext()).startswith("Tabbed kept")
    assert reparsed.findtext(f".//{{{XHTML}}}figcaption") == "Cap & credit"
