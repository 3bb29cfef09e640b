"""Read rendered pages the way a reader's browser would: parsed with lxml, not string-matched."""

import lxml.html


def parse(response_or_html):
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    return lxml.html.fromstring(content)


def text(element) -> str:
    return " ".join(element.text_content().split())


def texts(tree, selector: str) -> list[str]:
    return [text(el) for el in tree.cssselect(selector)]
