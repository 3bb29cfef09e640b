"""What a schema may ask of the graph being built: ``self.builder`` in a :class:`~structured_data.schema.Schema`.

The graph builder (:class:`structured_data.graph.GraphBuilder`) collects nodes, caches shared ones,
records what the graph was built from and takes rendition shortcuts; a schema sees only this protocol,
documented member by member below (and in docs/plugin/reference.md, generated from it). Objects
passed to ``ref``, ``image_object``, ``full_url`` and ``depends_on`` (and the page's ancestors, the
publisher) are recorded as the graph's dependencies automatically.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Builder(Protocol):
    """The graph builder, as schemas see it: what the graph is for, references, nodes, images, URLs."""

    #: The request the graph is built for (a stand-in with the site's host outside a request).
    request: Any
    #: The Wagtail page being served.
    page: Any
    #: The Wagtail site of the page.
    site: Any
    #: The URL of the page being described.
    page_url: str
    #: The ``@id`` of its WebPage node (``{page_url}#webpage``).
    page_id: str

    @property
    def site_root(self) -> str:
        """The site's root URL, which the site-wide nodes' ``@id`` start from."""
        ...

    @property
    def publisher_ref(self) -> dict[str, str]:
        """A reference to the publisher node (``{site_root}#organization``)."""
        ...

    @property
    def website_ref(self) -> dict[str, str]:
        """A reference to the WebSite node (``{site_root}#website``)."""
        ...

    def ref(self, obj: Any) -> dict[str, str] | None:
        """A ``{"@id": ...}`` reference to ``obj``'s entity (its full node joins the graph once), or None."""
        ...

    def add(self, node: dict[str, Any] | None) -> dict[str, Any] | None:
        """Add a node with an ``@id`` (merged into any of the same ``@id``) and return a reference to it;
        a node without ``@id`` comes back cleaned, to be nested."""
        ...

    def node(self, ref: Mapping[str, Any] | str | None) -> dict[str, Any] | None:
        """The node added under a reference or an ``@id``, or None."""
        ...

    def image_object(
        self,
        image: Any,
        spec: str,
        *,
        node_id: str,
        caption: str | None = None,
        credit: str | None = None,
        min_pixels: int | None = None,
    ) -> dict[str, str] | None:
        """An ImageObject for one use of a Wagtail image, with the rendition's true size; its reference,
        or None when the rendition is too small."""
        ...

    def full_url(self, page: Any) -> str | None:
        """A page's full URL, as ``page.get_full_url(request)`` gives it."""
        ...

    def depends_on(self, obj: Any, *, any_change: bool = False) -> None:
        """The graph reads ``obj`` (an instance, or a model class for "any of them"): a stored graph is
        dropped when it changes. Objects read and not recorded keep a graph from being stored."""
        ...

    def rendition(self, image: Any, spec: str) -> Any:
        """``image.get_rendition(spec)``, taking renditions the page prefetched."""
        ...

    def rendition_url(self, rendition: Any) -> str | None:
        """A rendition's absolute URL."""
        ...
