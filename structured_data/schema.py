"""Schema classes: how a model appears in the page's schema.org graph.

Like ``django.contrib.sitemaps.Sitemap``, a schema is declarative by default and imperative where
it must be. Each name in :attr:`Schema.properties` is a schema.org property, produced by the
attribute or method of the same name: a class attribute for a constant, a method taking the
object for anything else. Defaults follow Wagtail conventions (``get_full_url``,
``search_description``, ``first_published_at``, ``last_published_at``)::

    from structured_data.registry import register
    from structured_data.schema import PageSchema

    @register(EventPage)
    class EventSchema(PageSchema):
        schema_type = "Event"
        id_fragment = "event"
        properties = ("name", "url", "description", "startDate", "location")

        def startDate(self, page):
            return page.starts_at

        def location(self, page):
            return {"@type": "Place", "name": page.venue}

A value may be a string, number, boolean, date/datetime (written as ISO 8601 with offset), a
dict (a nested node), a list, or a model instance that has a schema of its own (it becomes a
``{"@id": ...}`` reference and its full node joins the graph). ``None``, ``""`` and ``[]`` leave
the property out. Anything else raises ``TypeError``: nothing is silently ``str()``-ed.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.models import Page, Site

from .conf import get_setting
from .models import PolicyKind, PublisherSettings
from .registry import register
from .utils import page_ancestors
from .values import clean_url

if TYPE_CHECKING:
    from .builder import Builder
    from .graph import GraphBuilder

logger = logging.getLogger(__name__)

_PROPERTY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")

#: The WebPage node's properties when a schema does not say otherwise.
PAGE_PROPERTIES: tuple[str, ...] = (
    "url",
    "name",
    "description",
    "isPartOf",
    "breadcrumb",
    "primaryImageOfPage",
    "datePublished",
    "dateModified",
    "inLanguage",
    "mainEntity",
)


class Schema:
    """Describe one kind of object as a schema.org node, and the web page that shows it.

    Override the class attributes for the simple case and add methods named after schema.org
    properties when a value needs code. Methods receive the object; ``self.request``,
    ``self.page`` (the Wagtail page being served) and ``self.builder`` (to add or reference
    other nodes: :class:`structured_data.builder.Builder`) are available. Each property's value is
    computed once per object (:meth:`resolve`), so the order of :attr:`properties` is only the
    order of the output: a method may ask for another property's value with ``self.resolve``.
    """

    #: The entity's ``@type`` (a string or list), or a method returning it. ``None`` means the
    #: object has no entity of its own: its page node carries the properties instead.
    schema_type: ClassVar[Any] = "Thing"
    #: The entity's ``@id`` is ``"{url}#{id_fragment}"``, stable across every page that mentions it.
    id_fragment: ClassVar[str] = "thing"
    #: The entity's schema.org properties, in output order.
    properties: ClassVar[Sequence[str]] = ("name", "url", "description")
    #: The ``@type`` of the page node when this object is what a page is about.
    page_type: ClassVar[Any] = "WebPage"
    #: The page node's properties, in output order.
    page_properties: ClassVar[Sequence[str]] = PAGE_PROPERTIES
    #: The one escape hatch: properties the declared ones do not cover, as a dict or a method taking
    #: the object. They may add to the entity (or to the page node of a schema without an entity) but
    #: not replace ``@id``, ``@type`` or a declared property; values go through the same cleaning.
    extra_properties: ClassVar[Any] = {}

    #: Every ``@type`` this schema can give its entity or page node, for filters such as
    #: ``export_structured_data --type``. Empty: the string values of ``schema_type`` and
    #: ``page_type``. List them when ``schema_type`` is a method.
    schema_types: ClassVar[Sequence[str]] = ()

    #: Whether the bulk export may keep the graphs of this schema's pages between runs
    #: (:mod:`structured_data.stored`). ``None`` (the default): the plugin decides, graph by graph,
    #: storing one only when every object its build loaded is a recorded dependency or the page's own
    #: (:mod:`structured_data.reads`), so a forgotten ``depends_on`` costs time, never a stale graph.
    #: ``False``: never, for graphs that change with the clock (the reads cannot show that). ``True``: the
    #: author vouches that every read is recorded, and the graphs are stored without the check.
    store: ClassVar[bool | None] = None

    @classmethod
    def _declared_types(cls) -> set[str]:
        """The ``@type`` values :attr:`schema_types` declares (or the static ones)."""
        types = set(cls.schema_types)
        for value in (cls.schema_type, cls.page_type):
            if isinstance(value, str):
                types.add(value)
            elif isinstance(value, (list, tuple)):
                types.update(v for v in value if isinstance(v, str))
        return types

    @classmethod
    def prefetch(cls, objects: Sequence[Any]) -> None:
        """Load, for a whole batch of objects at once, everything building their graphs reads.

        The bulk export calls it once per batch with the batch's objects of this schema's model,
        so that building each graph afterwards runs no query of its own: queries are a constant
        per batch, not per page. The default does nothing; override it with
        ``prefetch_related_objects`` (and :func:`structured_data.prefetch.prefetch_stream_fields`
        for StreamFields) on the relations the schema's methods follow.
        """

    @classmethod
    def prefetch_body(cls, objects: Sequence[Any]) -> None:
        """Load, for a batch, what :meth:`body_html` reads: the news formats' bulk export calls it
        for pages whose graph is stored (read as text). The default is :meth:`prefetch`; override it
        with the body's relations alone (``prefetch_stream_fields``) to skip the graph's."""
        cls.prefetch(objects)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in (*cls.properties, *cls.page_properties) if not hasattr(cls, name)]
        if missing:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} lists schema.org properties with no attribute or method of that name: "
                + ", ".join(missing)
            )

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.request = builder.request
        self.page = builder.page
        self._ids: dict[int, str] = {}
        self._memo: dict[tuple[str, int], Any] = {}
        self._values: dict[tuple[str, int], tuple[Any, Any]] = {}

    @property
    def _engine(self) -> GraphBuilder:
        """The builder beyond what schemas see (:class:`~structured_data.builder.Builder`): the plugin's own
        schemas read its URL lookups, the subject and the publisher from here."""
        return cast("GraphBuilder", self.builder)

    # Reading declared values ------------------------------------------------------------------

    def resolve(self, name: str, obj: Any) -> Any:
        """The value of attribute ``name`` for ``obj`` (called with ``obj`` when it is a method).

        Computed once per object and builder: the entity and its page node, and any method that
        needs another property's value (``thumbnailUrl`` reads ``image``), share it, in whatever
        order they ask.
        """
        key = (name, id(obj))
        found = self._values.get(key)
        if found is not None:
            return found[1]
        attr = getattr(self, name)
        value = attr(obj) if callable(attr) else attr
        self._values[key] = (obj, value)  # holding obj keeps its id() from naming another object meanwhile
        return value

    def get_id(self, obj: Any) -> str:
        """The entity's ``@id`` (computed once per object). Override :meth:`make_id` to change it."""
        key = id(obj)
        if key not in self._ids:
            self._ids[key] = self.make_id(obj)
        return self._ids[key]

    def cache_version(self, obj: Any) -> str | None:
        """A string that changes whenever anything ``obj``'s nodes show changes, or None.

        None (the default) builds the nodes on every page. Give a version for entities many pages
        refer to (people, organisations): their nodes are then built once and kept in Django's
        cache between pages, under this version, for ``SITE_NODES_CACHE_TIMEOUT`` seconds. Any
        change to a page, an image, a site or the publisher forgets them all; the version must
        cover the rest (e.g. an ``updated_at`` set on every save that also saves the object's
        inline children).
        """
        return None

    def make_id(self, obj: Any) -> str:
        """The entity's ``@id`` hook: ``{object_url}#{id_fragment}`` unless overridden.

        Keep it stable, since other pages refer to it. It reads :meth:`object_url`, not the ``url``
        property: overriding ``url`` (a canonical URL elsewhere, say) never moves a node's ``@id``.
        """
        url = self.object_url(obj)
        if url:
            return f"{url}#{self.id_fragment}"
        meta = getattr(obj, "_meta", None)
        label = meta.label_lower if meta else type(obj).__name__.lower()
        return f"{self.builder.site_root}#{label}-{getattr(obj, 'pk', id(obj))}"

    def _entity_node(self, obj: Any) -> dict[str, Any] | None:
        """The entity's node (the builder calls it once per object; schemas override properties, not this)."""
        schema_type = self.resolve("schema_type", obj)
        if not schema_type:
            return None
        node: dict[str, Any] = {"@type": schema_type, "@id": self.get_id(obj)}
        for name in self.properties:
            node[name] = self.resolve(name, obj)
        self._add_extra_properties(node, obj, self.properties)
        return node

    def _page_node(self, obj: Any) -> dict[str, Any]:
        """The WebPage (or CollectionPage, ProfilePage, ...) node of the page that shows ``obj``."""
        node: dict[str, Any] = {"@type": self.resolve("page_type", obj), "@id": self.builder.page_id}
        has_entity = bool(self.resolve("schema_type", obj))
        declared = tuple(self.page_properties)
        if not has_entity:
            declared = (*declared, *(name for name in self.properties if name not in declared))
        for name in declared:
            node[name] = self.resolve(name, obj)
        if not has_entity:
            self._add_extra_properties(node, obj, declared)
        return node

    def _add_extra_properties(self, node: dict[str, Any], obj: Any, declared: Sequence[str]) -> None:
        extra = self.resolve("extra_properties", obj)
        if not extra:
            return
        if not isinstance(extra, Mapping):
            raise ImproperlyConfigured(f"{type(self).__qualname__}.extra_properties must be a mapping")
        for key, value in extra.items():
            if not isinstance(key, str) or not _PROPERTY_NAME.match(key) or key in declared:
                raise ImproperlyConfigured(
                    f"{type(self).__qualname__}.extra_properties cannot set {key!r}: use a method named after it"
                )
            node[key] = value

    # Defaults from Wagtail conventions --------------------------------------------------------

    def memo(self, name: str, obj: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per builder, name and object: for values several properties need."""
        key = (name, id(obj))
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def object_url(self, obj: Any) -> str | None:
        """Where ``obj`` lives, from Wagtail (``get_full_url``): what ``@id``, the page's URL and ``url`` start from."""
        if isinstance(obj, Page):
            return cast("str | None", self.memo("url", obj, lambda: self._engine.page_urls.full_url(obj)))
        get_full_url = getattr(obj, "get_full_url", None)
        if not callable(get_full_url):
            return None
        return cast("str | None", self.memo("url", obj, lambda: get_full_url(self.request)))

    def url(self, obj: Any) -> str | None:
        """The ``url`` property: :meth:`object_url` unless overridden (which leaves ``@id`` alone)."""
        return self.object_url(obj)

    def name(self, obj: Any) -> str:
        return getattr(obj, "title", None) or str(obj)

    def headline(self, obj: Any) -> str:
        return self.name(obj)

    def description(self, obj: Any) -> str:
        return getattr(obj, "search_description", "") or ""

    def datePublished(self, obj: Any) -> Any:
        return getattr(obj, "first_published_at", None)

    def dateModified(self, obj: Any) -> Any:
        """Never before ``datePublished``."""
        published = self.datePublished(obj)
        modified = getattr(obj, "last_published_at", None)
        if published and modified and modified < published:
            return published
        return modified or published

    def inLanguage(self, obj: Any) -> str:
        return translation.get_language() or settings.LANGUAGE_CODE

    def image(self, obj: Any) -> Any:
        return None

    def primaryImageOfPage(self, obj: Any) -> Any:
        """The first of :meth:`image`, as a reference."""
        images = self.resolve("image", obj)
        if isinstance(images, (list, tuple)):
            images = images[0] if images else None
        if isinstance(images, dict) and "@id" in images:
            return {"@id": images["@id"]}
        return images

    def thumbnailUrl(self, obj: Any) -> str | None:
        """The URL of the first of :meth:`image`'s ImageObjects that has one (whichever property runs first)."""
        images = self.resolve("image", obj)
        for image in images if isinstance(images, (list, tuple)) else [images]:
            if not isinstance(image, Mapping):
                continue
            node = self.builder.node(image) if "@id" in image else image
            url = (node or {}).get("url") or (node or {}).get("contentUrl")
            if isinstance(url, str) and url:
                return url
        return None

    def isPartOf(self, obj: Any) -> Any:
        return self.builder.website_ref

    def publisher(self, obj: Any) -> Any:
        return self.builder.publisher_ref

    def mainEntity(self, obj: Any) -> Any:
        if self.resolve("schema_type", obj):
            return {"@id": self.get_id(obj)}
        return None

    def mainEntityOfPage(self, obj: Any) -> Any:
        return {"@id": self.builder.page_id} if obj is self._engine.subject else None

    def breadcrumb(self, obj: Any) -> Any:
        """A BreadcrumbList node from the page's ancestors (from the site's root page down)."""
        trail = self.breadcrumb_trail(obj)
        if not trail:
            return None
        items = [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ]
        return self.builder.add(
            {"@type": "BreadcrumbList", "@id": f"{self.builder.page_url}#breadcrumb", "itemListElement": items}
        )

    def breadcrumb_trail(self, obj: Any) -> list[tuple[str, str | None]]:
        """``(name, url)`` pairs; an object shown by a route of the page is the last crumb."""
        page = self.page
        if page is None:
            return []
        ancestors = page_ancestors(page, self.request)
        for ancestor in ancestors:
            self.builder.depends_on(ancestor)  # their titles and URLs
        trail = [(ancestor.title, self._engine.page_urls.full_url(ancestor)) for ancestor in ancestors]
        if obj is not page:
            trail.append((self.name(obj), self.url(obj)))
        return trail

    # News formats (ninjs, NewsML-G2: structured_data.formats) ------------------------------------
    # They are read from the built graph; these hooks give what schema.org does not carry.

    def body_html(self, obj: Any) -> str:
        """The body as HTML for the news formats (schema.org carries no markup): "" for none.

        The formats make its URLs absolute and drop scripts, styles and forms; override it to
        return what a partner may republish (e.g. the StreamField's blocks without sign-up forms).
        """
        return ""

    def item_uri(self, obj: Any) -> str | None:
        """The news item's stable ``uri`` (NewsML-G2 ``guid``): an RFC 3085 ``urn:newsml`` for a page.

        Built from the Wagtail site's hostname (never the request's Host), the page's first
        publication date and its id, so it survives moves, retitling and other Host headers.
        Other objects keep their ``@id``.
        """
        site = self.builder.site
        if isinstance(obj, Page) and obj.pk and site is not None:
            first = obj.first_published_at or obj.latest_revision_created_at
            day = first.astimezone(datetime.UTC).strftime("%Y%m%d") if first else "19700101"
            return f"urn:newsml:{site.hostname.lower()}:{day}:page-{obj.pk}"
        return self.get_id(obj) if self.resolve("schema_type", obj) else self.builder.page_id

    def item_version(self, obj: Any) -> int:
        """The news item's version: rises with each publication (the live revision's id for a page)."""
        return int(getattr(obj, "live_revision_id", None) or 1)

    def item_pictures(self, images: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """``images`` (the ImageObject nodes of ``image``) grouped into pictures: ``{uri: renditions}``.

        Nodes whose ``@id`` ends in ``-{label}`` for an ``IMAGE_CROPS`` label (the crops
        ``builder.image_object`` gives a lead photo) are one picture; any other node is a picture of
        its own. Read from the graph only, so a stored graph needs no image to be loaded.
        """
        labels = tuple(f"-{label}" for label in get_setting("IMAGE_CROPS"))
        pictures: dict[str, list[dict[str, Any]]] = {}
        for node in images:
            node_id = str(node.get("@id", id(node)))
            key = next((node_id[: -len(label)] for label in labels if node_id.endswith(label)), node_id)
            pictures.setdefault(key, []).append(node)
        return pictures

    def item_list(self, items: Sequence[dict[str, Any]]) -> Any:
        """The page's ``ItemList`` node (``#itemlist``) of ``items``, numbered in order; None if empty.

        For a listing's ``mainEntity``: each item is a ListItem's properties (``name``, ``url``, ...).
        """
        if not items:
            return None
        elements = [{"@type": "ListItem", "position": n, **item} for n, item in enumerate(items, start=1)]
        return self.builder.add(
            {
                "@type": "ItemList",
                "@id": f"{self.builder.page_url}#itemlist",
                "numberOfItems": len(elements),
                "itemListElement": elements,
            }
        )


@register(Page)
class PageSchema(Schema):
    """Any Wagtail page: a WebPage node with breadcrumb, inside the WebSite, published by the publisher."""

    schema_type: ClassVar[Any] = None
    id_fragment = "webpage"
    properties: ClassVar[Sequence[str]] = ()


@register(AbstractImage)
class ImageSchema(Schema):
    """ImageObjects for one use of an image: a rendition, plus that use's caption and credit.

    Register a subclass for a custom image model to add licensing metadata (``creator``,
    ``copyrightNotice``, ``license``, ``acquireLicensePage``) through :attr:`properties`, and to
    say where its default caption and credit come from.
    """

    schema_type = "ImageObject"
    properties: ClassVar[Sequence[str]] = ()
    page_properties = ()

    def caption(self, image: AbstractImage) -> str:
        """The caption when the use gives none."""
        return ""

    def creditText(self, image: AbstractImage) -> str:
        """The credit when the use gives none."""
        return ""

    def image_node(
        self,
        image: AbstractImage,
        spec: str,
        *,
        node_id: str,
        caption: str | None = None,
        credit: str | None = None,
        min_pixels: int | None = None,
    ) -> dict[str, Any] | None:
        """An ImageObject with the true size of ``image``'s ``spec`` rendition, or None if too small."""
        try:
            rendition = self.builder.rendition(image, spec)
        except SourceImageIOError:
            logger.warning("Image file missing for image %s; left out of structured data", image.pk)
            return None
        if min_pixels is None:
            min_pixels = get_setting("MIN_IMAGE_PIXELS")
        if rendition.width * rendition.height < min_pixels:
            return None
        url = self.builder.rendition_url(rendition)
        node: dict[str, Any] = {
            "@type": self.resolve("schema_type", image),
            "@id": node_id,
            "url": url,
            "contentUrl": url,
            "width": rendition.width,
            "height": rendition.height,
            "caption": self.caption(image) if caption is None else caption,
            "creditText": self.creditText(image) if credit is None else credit,
        }
        for name in self.properties:
            node[name] = self.resolve(name, image)
        self._add_extra_properties(node, image, (*node, *self.properties))
        return node


@register(Site)
class WebSiteSchema(Schema):
    """The WebSite node, one per Wagtail site: ``{site_root}#website``."""

    schema_type = "WebSite"
    id_fragment = "website"
    properties = ("name", "alternateName", "url", "publisher", "inLanguage")
    page_properties = ()

    def make_id(self, site: Site) -> str:
        return f"{self.builder.site_root}#website"

    def url(self, site: Site) -> str:
        return self.builder.site_root

    def name(self, site: Site) -> str:
        publisher = self._engine.publisher
        return (publisher.name if publisher else "") or site.site_name or getattr(settings, "WAGTAIL_SITE_NAME", "")

    def alternateName(self, site: Site) -> str:
        publisher = self._engine.publisher
        return publisher.alternate_name if publisher else ""

    def inLanguage(self, site: Site) -> str:
        return settings.LANGUAGE_CODE


class _PolicyProperty:
    """A publishing-principles property (``ethicsPolicy``, ...) read from the publisher's policies."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.kind = name

    def __get__(self, schema: PublisherSchema | None, owner: type | None = None) -> Any:
        if schema is None:
            return self
        return lambda publisher: schema.policy_url(publisher, self.kind)


@register(PublisherSettings)
class PublisherSchema(Schema):
    """The publisher (``{site_root}#organization``), from the ``PublisherSettings`` site setting."""

    id_fragment = "organization"
    properties = (
        "name", "alternateName", "url", "logo", "sameAs", "email", "telephone", "address", "contactPoint",
        "foundingDate", *PolicyKind.values,
    )  # fmt: skip
    page_properties = ()

    publishingPrinciples = _PolicyProperty()
    ethicsPolicy = _PolicyProperty()
    correctionsPolicy = _PolicyProperty()
    masthead = _PolicyProperty()
    diversityPolicy = _PolicyProperty()
    actionableFeedbackPolicy = _PolicyProperty()
    verificationFactCheckingPolicy = _PolicyProperty()
    unnamedSourcesPolicy = _PolicyProperty()
    noBylinesPolicy = _PolicyProperty()
    ownershipFundingInfo = _PolicyProperty()

    def schema_type(self, publisher: PublisherSettings) -> str:
        return publisher.organization_type or "NewsMediaOrganization"

    def make_id(self, publisher: PublisherSettings) -> str:
        return f"{self.builder.site_root}#organization"

    def name(self, publisher: PublisherSettings) -> str:
        site = self.builder.site
        return publisher.name or (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")

    def alternateName(self, publisher: PublisherSettings) -> str:
        return publisher.alternate_name

    def url(self, publisher: PublisherSettings) -> str:
        return publisher.url or self.builder.site_root

    def logo(self, publisher: PublisherSettings) -> Any:
        if not publisher.logo_id or publisher.logo is None:
            return None
        return self.builder.image_object(
            publisher.logo,
            get_setting("LOGO_SPEC"),
            node_id=f"{self.builder.site_root}#logo",
            caption=publisher.name,
            min_pixels=0,
        )

    def sameAs(self, publisher: PublisherSettings) -> list[str]:
        return [link.url for link in publisher.social_links.all()]

    def email(self, publisher: PublisherSettings) -> str:
        return publisher.email

    def telephone(self, publisher: PublisherSettings) -> str:
        return publisher.telephone

    def address(self, publisher: PublisherSettings) -> dict[str, Any] | None:
        fields = {
            "streetAddress": publisher.street_address,
            "addressLocality": publisher.address_locality,
            "addressRegion": publisher.address_region,
            "postalCode": publisher.postal_code,
            "addressCountry": publisher.address_country,
        }
        if not any(fields.values()):
            return None
        return {"@type": "PostalAddress", **fields}

    def contactPoint(self, publisher: PublisherSettings) -> dict[str, Any] | None:
        if not publisher.contact_url:
            return None
        return {"@type": "ContactPoint", "contactType": "customer support", "url": publisher.contact_url}

    def foundingDate(self, publisher: PublisherSettings) -> str | None:
        return str(publisher.founding_year) if publisher.founding_year else None

    def policy_url(self, publisher: PublisherSettings, kind: str) -> str | None:
        """The URL of the publisher's policy of ``kind``: a live, public page of the site or a URL."""
        for policy in publisher.policies.all():
            if policy.kind != kind:
                continue
            if policy.page_id:
                page = self._engine.public_pages_by_id.get(policy.page_id)
                if page is not None:
                    return self._engine.page_urls.full_url(page)
            elif policy.url:
                return clean_url(policy.url)
        return None
