"""Which :class:`~structured_data.schema.Schema` describes which model.

Schemas are registered by model and found along the object's MRO, the way
``wagtail.utils.registry.ObjectTypeRegistry`` finds block and field handlers: a schema
registered for ``wagtail.models.Page`` describes every page that has nothing more specific.
Apps register theirs in a ``schema.py`` module, imported by ``StructuredDataConfig.ready()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models
from wagtail.coreutils import resolve_model_string
from wagtail.utils.registry import ObjectTypeRegistry

if TYPE_CHECKING:
    from collections.abc import Callable

    from .schema import Schema

SchemaT = TypeVar("SchemaT", bound="type[Schema]")


class SchemaRegistry:
    """Model class → Schema class, most specific ancestor first."""

    def __init__(self) -> None:
        self._registry = ObjectTypeRegistry()

    def register(self, model: type[models.Model] | str, schema: type[Schema], *, exact_class: bool = False) -> None:
        """Describe ``model`` (a class or ``"app_label.Model"``) and, unless ``exact_class``, its subclasses.

        Registering again for the same model replaces the earlier schema, so a project can override
        the schema an app ships by registering its own subclass after it.
        """
        model_class = resolve_model_string(model) if isinstance(model, str) else model
        self._registry.register(model_class, schema, exact_class=exact_class)

    def get_for_model(self, model: type) -> type[Schema] | None:
        return cast("type[Schema] | None", self._registry.get_by_type(model))

    def schemas(self) -> dict[type, type[Schema]]:
        """Every registered model and its schema (for listings such as the export's ``--type``)."""
        return {**self._registry.values_by_class, **self._registry.values_by_exact_class}

    def get(self, obj: Any) -> type[Schema] | None:
        """The schema class for ``obj``, or None if nothing in its MRO is registered."""
        return self.get_for_model(type(obj))


registry = SchemaRegistry()


def register(model: type[models.Model] | str, *, exact_class: bool = False) -> Callable[[SchemaT], SchemaT]:
    """Class decorator: ``@register(EventPage)`` above ``class EventSchema(PageSchema)``."""

    def decorator(schema: SchemaT) -> SchemaT:
        registry.register(model, schema, exact_class=exact_class)
        return schema

    return decorator
