"""What a graph was built from, in a form that can be stored and cached.

:meth:`GraphBuilder.depends_on <structured_data.graph.GraphBuilder.depends_on>` turns each object
it is given into a key, ``(model label, object id)``, and a fingerprint:

* a page: ``("wagtailcore.page", "<pk>")`` (every page under the one label, however specific the
  instance), fingerprinted by its title and URL path: other pages' graphs read those (breadcrumbs,
  an article's section), so republishing a page without changing them keeps its dependants;
* any other model instance: the label of its topmost concrete model and its pk, no fingerprint
  (any save or delete counts);
* a model class: its own label and ``""``, meaning "any object of this model" (for lookups by type,
  such as the site's visible authors index).

An empty fingerprint means "any change". Nothing here queries the database.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any, cast

from django.db.models import Model
from wagtail.models import Page

PAGE_LABEL = "wagtailcore.page"


@cache
def root_label(model: type[Model]) -> str:
    """The label of ``model``'s topmost concrete model (multi-table parents share their rows' ids)."""
    concrete: Any = model._meta.concrete_model
    parents = concrete._meta.get_parent_list()
    return cast("str", (parents[-1] if parents else concrete)._meta.label_lower)


def page_fingerprint(title: Any, url_path: Any) -> str:
    """What other pages' graphs read of a page: its title and where it is."""
    return hashlib.blake2b(f"{title}\x00{url_path}".encode(), digest_size=8).hexdigest()


def dependency(obj: Any, any_change: bool = False) -> tuple[tuple[str, str], str] | None:
    """``((label, object id), fingerprint)`` for ``obj`` (see the module docstring), or None."""
    if isinstance(obj, type):
        model: Any = obj
        return (model._meta.label_lower, ""), ""
    pk = getattr(obj, "pk", None)
    if pk is None or getattr(obj, "_meta", None) is None:
        return None
    if isinstance(obj, Page):
        return (PAGE_LABEL, str(pk)), "" if any_change else page_fingerprint(obj.title, obj.url_path)
    return (root_label(obj.__class__), str(pk)), ""
