"""What a schema may ask of the graph being built: ``self.builder`` in a :class:`~structured_data.schema.Schema`.

The graph builder (:class:`structured_data.graph.GraphBuilder`) collects nodes, caches shared ones,
records what the graph was built from and takes rendition shortcuts; a schema sees only this. For
schema authors, the whole of it is:

==============================================  ===============================================================
``builder.ref(obj)``                            a ``{"@id": ...}`` reference to ``obj``'s entity (its full node
                                                joins the graph once); returning ``obj`` from a property does
                                                the same
``builder.add(node)``                           add a node with an ``@id`` (merged with any of the same ``@id``);
                                                returns a reference to it
``builder.node(ref)``                           the node added under a reference or ``@id``, or None
``builder.image_object(image, spec, node_id=)`` an ImageObject for one use of a Wagtail image; returns its reference
``builder.full_url(page)``                      a page's full URL, as ``page.get_full_url(request)`` gives it
``builder.depends_on(obj)``                     the graph reads ``obj``: a stored graph is dropped when it changes
``builder.publisher_ref``, ``website_ref``      references to the site-wide nodes
``builder.page_url``, ``page_id``               the URL of the page being described and its WebPage's ``@id``
``builder.request``, ``page``, ``site``         what the graph is built for (``request`` may be a stand-in)
==============================================  ===============================================================

Objects passed to ``ref``, ``image_object``, ``full_url`` and ``depends_on`` (and the page's
ancestors, the publisher) are recorded as the graph's dependencies automatically.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Builder(Protocol):
    """The graph builder, as schemas see it."""

    request: Any
    page: Any
    site: Any
    subject: Any
    page_url: str
    page_id: str

    @property
    def site_root(self) -> str: ...

    @property
    def publisher_ref(self) -> dict[str, str]: ...

    @property
    def website_ref(self) -> dict[str, str]: ...

    @property
    def publisher(self) -> Any: ...

    def ref(self, obj: Any) -> dict[str, str] | None: ...

    def add(self, node: dict[str, Any] | None) -> dict[str, Any] | None: ...

    def node(self, ref: Mapping[str, Any] | str | None) -> dict[str, Any] | None: ...

    def image_object(
        self,
        image: Any,
        spec: str,
        *,
        node_id: str,
        caption: str | None = None,
        credit: str | None = None,
        min_pixels: int | None = None,
    ) -> dict[str, str] | None: ...

    def full_url(self, page: Any) -> str | None: ...

    def depends_on(self, obj: Any, *, any_change: bool = False) -> None: ...

    # Used by the plugin's own schemas (breadcrumbs, images, the publisher's policies).

    @property
    def page_urls(self) -> Any: ...

    @property
    def public_pages_by_id(self) -> dict[int, Any]: ...

    def rendition(self, image: Any, spec: str) -> Any: ...

    def rendition_url(self, rendition: Any) -> str | None: ...
