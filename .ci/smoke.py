"""Request the demo site's pages over HTTP, as a reader and an editor would, and fail loudly on anything but 200."""

import re
import sys
import time
import urllib.error
import urllib.request

base = sys.argv[1].rstrip("/")


def get(path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - loopback only
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        return response.read().decode()


for _ in range(60):
    try:
        home = get("/")
        break
    except (urllib.error.URLError, ConnectionError):
        time.sleep(1)
else:
    raise SystemExit("server did not start")

section = re.search(r'<nav class="site-nav".*?href="([^"]+)"', home, re.S).group(1)
section_html = get(section)
article = re.search(r'class="card__headline"><a href="([^"]+)"', section_html).group(1)
article_html = get(article)
author = re.search(r'class="byline__author" href="([^"]+)"', article_html).group(1)
checked = {
    "/": home,
    section: section_html,
    article: article_html,
    author: get(author),
    "/authors/": get("/authors/"),
    "/admin/login/": get("/admin/login/"),
    # This round's pages: a live blog, the French home page, the corrections page, the feeds.
    "/local/live-nor-easter-power-and-ferry-outages/": get("/local/live-nor-easter-power-and-ferry-outages/"),
    "/fr/": get("/fr/"),
    "/corrections/": get("/corrections/"),
    "/feeds/rss/": get("/feeds/rss/"),
    "/news-sitemap.xml": get("/news-sitemap.xml"),
}
for path, html in checked.items():
    print(f"200 {path} ({len(html)} bytes)")
if "<h1" not in article_html or 'class="byline"' not in article_html:
    raise SystemExit("article page lacks its headline or byline")
print("smoke: all pages served")
