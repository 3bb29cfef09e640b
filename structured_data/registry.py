"""Which :class:`~structured_data.schema.Schema` describes which model.

Schemas are registered by model and found along the object's MRO, the way
``wagtail.utils.registry.ObjectTypeRegistry`` finds block and field handlers: a schema
registered for ``wagtail.models.Page`` describes every page that has nothing more specific.
Apps register theirs in a ``schema.py`` module, imported by ``StructuredDataConfig.ready()``.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import TYPE_CHECKING, Any, TypeVar, cast

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
        self._identity: str | None = None

    def register(self, model: type | str, schema: type[Schema], *, exact_class: bool = False) -> None:
        """Describe ``model`` (a model class or ``"app_label.Model"``, or any class whose objects a view shows,
        such as a listing a route puts in the context) and, unless ``exact_class``, its subclasses.

        Registering again for the same model replaces the earlier schema, so a project can override
        the schema an app ships by registering its own subclass after it.
        """
        model_class = resolve_model_string(model) if isinstance(model, str) else model
        self._registry.register(model_class, schema, exact_class=exact_class)
        self._identity = None

    def get_for_model(self, model: type) -> type[Schema] | None:
        return cast("type[Schema] | None", self._registry.get_by_type(model))

    def schemas(self) -> dict[type, type[Schema]]:
        """Every registered model and its schema (for listings such as the export's ``--type``)."""
        return {**self._registry.values_by_class, **self._registry.values_by_exact_class}

    def get(self, obj: Any) -> type[Schema] | None:
        """The schema class for ``obj``, or None if nothing in its MRO is registered."""
        return self.get_for_model(type(obj))

    def identity(self) -> str:
        """A digest of the code that builds graphs: the plugin's version, which schema describes which
        model, and the source of each schema class and its bases.

        Stored graphs record it (``stored.current_context``): after a deploy that changes a schema,
        graphs built by the old code stop counting as current instead of being served until someone
        runs ``rebuild_structured_data``.
        """
        if self._identity is None:
            from . import __version__

            parts = [__version__]
            classes: dict[str, type] = {}
            for model, schema in self.schemas().items():
                parts.append(f"{model.__module__}.{model.__qualname__}={schema.__module__}.{schema.__qualname__}")
                for cls in schema.__mro__[:-1]:  # ``object`` has no source
                    classes.setdefault(f"{cls.__module__}.{cls.__qualname__}", cls)
            for name, cls in sorted(classes.items()):
                parts.append(f"{name}:{_source_digest(cls)}")
            self._identity = hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:12]
        return self._identity


def _source_digest(cls: type) -> str:
    """The digest of a class's source, or its version attribute where the source is not shipped."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return f"version={getattr(cls, 'version', '')}"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


registry = SchemaRegistry()


def register(model: type | str, *, exact_class: bool = False) -> Callable[[SchemaT], SchemaT]:
    """Class decorator: ``@register(EventPage)`` above ``class EventSchema(PageSchema)``."""

    def decorator(schema: SchemaT) -> SchemaT:
        registry.register(model, schema, exact_class=exact_class)
        return schema

    return decorator
