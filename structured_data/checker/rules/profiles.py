"""Profile pages: Google's ProfilePage rules, and each article author linked to a ProfilePage about them.

Google's ProfilePage documentation requires ``mainEntity`` (a Person or Organization) and its
``name``: errors. An author ``url`` that is missing, unreachable, or not a ProfilePage about the
same Person is a consistency hint (Google's author best practices): warnings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..document import Document, as_list, is_ref, squash, top_nodes, types_of
from ..extract import parse_json_ld, parse_tree
from ..issues import Issue
from ..registry import Rule, register
from ..text import normalise
from ..vocabulary import get_vocabulary
from . import sources
from .article import article_authors

PROFILE_ENTITY = Rule(
    "profile-entity",
    "error",
    sources.GOOGLE_PROFILE_PAGE,
    "A ProfilePage's mainEntity is required and is a Person or Organization.",
)
PROFILE_NAME = Rule(
    "profile-name", "error", sources.GOOGLE_PROFILE_PAGE, "mainEntity.name is required on a ProfilePage."
)
AUTHOR_URL_MISSING = Rule(
    "author-url-missing",
    "warning",
    sources.GOOGLE_ARTICLE_AUTHOR,
    "author.url links the author to a page that identifies them.",
)
AUTHOR_URL_UNREACHABLE = Rule(
    "author-url-unreachable", "warning", sources.GOOGLE_ARTICLE_AUTHOR, "The author's url could not be read."
)
AUTHOR_PROFILE = Rule(
    "author-profile",
    "warning",
    sources.GOOGLE_PROFILE_PAGE,
    "The author's url is not a ProfilePage about the same Person.",
)


@register(PROFILE_ENTITY, PROFILE_NAME)
def profile_pages(doc: Document) -> Iterator[Issue]:
    for label, node in doc.nodes_of_type("ProfilePage"):
        raw = as_list(node.get("mainEntity"))
        entity = doc.resolve(raw[0]) if raw else None
        path = f"{label}.mainEntity"
        if entity is None:
            yield PROFILE_ENTITY.issue(
                "The ProfilePage has no mainEntity.",
                path,
                "Make its mainEntity the Person (or Organization) it is about.",
            )
            continue
        if not isinstance(entity, dict) or is_ref(entity):
            continue
        if not doc.is_a(entity, "Person", "Organization"):
            yield PROFILE_ENTITY.issue("The ProfilePage's mainEntity is not a Person or Organization.", path)
        elif not entity.get("name"):
            yield PROFILE_NAME.issue("The ProfilePage's mainEntity has no name.", f"{path}.name")


@functools.lru_cache(maxsize=256)
def profile_summary(html: str) -> tuple[frozenset[str], frozenset[str]]:
    """``(ids, names)`` of the Persons that ProfilePages in ``html`` are about (names normalised)."""
    vocabulary = get_vocabulary()
    ids: set[str] = set()
    names: set[str] = set()
    try:
        blocks = parse_json_ld(parse_tree(html))
    except Exception:
        return frozenset(), frozenset()
    for block in blocks:
        nodes = list(top_nodes(block.data)) if block.error is None else []
        by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and len(node) > 1}
        for node in nodes:
            if not any(vocabulary.is_subtype(t, ("ProfilePage",)) for t in types_of(node)):
                continue
            for entity in as_list(node.get("mainEntity")) + as_list(node.get("about")):
                if not isinstance(entity, dict):
                    continue
                if isinstance(entity.get("@id"), str):
                    ids.add(entity["@id"])
                target = by_id.get(entity.get("@id"), entity)
                if isinstance(target.get("name"), str):
                    names.add(normalise(target["name"]))
    return frozenset(ids), frozenset(names)


@register(AUTHOR_URL_MISSING, AUTHOR_URL_UNREACHABLE, AUTHOR_PROFILE)
def author_profiles(doc: Document) -> Iterator[Issue]:
    for label, node in doc.articles:
        for path, author in article_authors(doc, node, label):
            if not isinstance(author, dict) or not doc.is_a(author, "Person"):
                continue
            url = author.get("url")
            url = url[0] if isinstance(url, list) and url else url
            if not isinstance(url, str) or not url.strip():
                yield AUTHOR_URL_MISSING.issue(
                    "The author has no url.",
                    f"{path}.url",
                    "Link each author to their profile page (a ProfilePage about them).",
                )
                continue
            if doc.fetch_page is None:
                continue
            try:
                html = doc.fetch_page(url)
            except Exception as error:
                message = f"The author's url {url} could not be read: {error}"
                yield AUTHOR_URL_UNREACHABLE.issue(message, f"{path}.url")
                continue
            if html is None:
                continue
            ids, names = profile_summary(html)
            person_id = author.get("@id")
            name = author.get("name")
            if (isinstance(person_id, str) and person_id in ids) or (
                isinstance(name, str) and normalise(squash(name)) in names
            ):
                continue
            yield AUTHOR_PROFILE.issue(
                f"The author's url {url} is not a ProfilePage about this Person.",
                f"{path}.url",
                "The profile page's JSON-LD needs a ProfilePage whose mainEntity is the same Person @id.",
            )
