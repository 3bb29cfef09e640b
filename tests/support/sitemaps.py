"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then every file it names."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_files(client, index: str = "/sitemap.xml") -> list[str]:
    """The files the index names, as paths (with their ``?p=``) the test client can ask for."""
    response = client.get(index)
    assert response.status_code == 200, index
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP}}}sitemapindex", root.tag
    paths = []
    for loc in root.iter(f"{{{SITEMAP}}}loc"):
        parts = urlsplit(loc.text)
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def sitemap_entries(client, index: str = "/sitemap.xml") -> list[etree._Element]:
    """Every ``<url>`` element of every file of the index."""
    entries = []
    for path in sitemap_files(client, index):
        response = client.get(path)
        assert response.status_code == 200, path
        entries += etree.fromstring(response.content).findall(f"{{{SITEMAP}}}url")
    return entries


def sitemap_locations(client, index: str = "/sitemap.xml") -> list[str]:
    return [entry.findtext(f"{{{SITEMAP}}}loc") for entry in sitemap_entries(client, index)]
