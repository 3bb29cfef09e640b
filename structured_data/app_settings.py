"""One settings dict per app, read the same way everywhere: documented defaults, unknown keys refused.

``AppSettings("PAGE_CACHE", DEFAULTS, check_id="pagecache.E001")`` reads ``settings.PAGE_CACHE``. A key
missing there is its default; a key given is used as given (an empty string included); a key the defaults
do not know is an ``ImproperlyConfigured`` naming it, and ``manage.py check`` reports it under the app's
own id once the check is registered (``register_check()`` in the app's conf module). The resolved dict is
kept until the setting changes (``override_settings`` included), so hot paths pay a dict lookup.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed


class AppSettings:
    """The settings dict ``name`` of one app, with its defaults.

    ``flat_prefix`` keeps the flat names of earlier releases working (``ARTICLE_IMPORT_MAX_REDIRECTS``
    for ``ARTICLE_IMPORT["MAX_REDIRECTS"]``) with a ``DeprecationWarning``, reported by ``manage.py check``
    under ``deprecation_id`` (by default the check id's ``W`` twin); a key in the dict wins.
    """

    def __init__(
        self,
        name: str,
        defaults: Mapping[str, Any],
        *,
        check_id: str,
        flat_prefix: str | None = None,
        deprecation_id: str | None = None,
    ) -> None:
        self.name = name
        self.defaults = dict(defaults)
        self.check_id = check_id
        self.flat_prefix = flat_prefix
        self.deprecation_id = deprecation_id
        self._given: dict[str, Any] | None = None
        self._digests: dict[tuple[str, ...], str] = {}
        setting_changed.connect(self._forget, dispatch_uid=f"structured_data.AppSettings.{name}")

    def __repr__(self) -> str:
        return f"AppSettings({self.name!r})"

    def get(self, key: str) -> Any:
        """``settings.<name>[key]``, else its flat name (deprecated), else the default."""
        if key not in self.defaults:
            raise ImproperlyConfigured(f"{self.name} has no key {key!r}; known: {self._known()}")
        given = self._read()
        if key in given:
            return given[key]
        if self.flat_prefix is not None:
            flat = f"{self.flat_prefix}{key}"
            if hasattr(settings, flat):
                warnings.warn(
                    f"The {flat} setting is deprecated: set {self.name} = {{{key!r}: ...}} instead.",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return getattr(settings, flat)
        return self.defaults[key]

    __call__ = get

    def digest(self, keys: tuple[str, ...]) -> str:
        """A short digest of the values of ``keys``, kept until the setting changes: what was built from
        them (a stored graph) can record it and be told apart from what other values would build."""
        found = self._digests.get(keys)
        if found is None:
            values = repr([self.get(key) for key in keys])
            found = self._digests[keys] = hashlib.sha256(values.encode()).hexdigest()[:8]
        return found

    def unknown_keys(self) -> list[str]:
        """The keys of the project's dict that have no default (misspelt or removed)."""
        return sorted(set(self._given_now()) - set(self.defaults))

    def deprecated_names(self) -> list[str]:
        """The flat names still set in the project's settings."""
        if self.flat_prefix is None:
            return []
        return [f"{self.flat_prefix}{key}" for key in self.defaults if hasattr(settings, f"{self.flat_prefix}{key}")]

    def check(self, app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
        """``manage.py check``: a misspelt key (an error) and flat names to move into the dict (warnings)."""
        messages: list[checks.CheckMessage] = [
            checks.Error(f"Unknown {self.name} setting {key!r}.", hint=f"Known: {self._known()}.", id=self.check_id)
            for key in self.unknown_keys()
        ]
        messages += [
            checks.Warning(
                f"The {flat} setting is deprecated.",
                hint=f"Set {self.name} = {{{flat.removeprefix(self.flat_prefix or '')!r}: ...}} instead.",
                id=self.deprecation_id or self.check_id.replace(".E", ".W", 1),
            )
            for flat in self.deprecated_names()
        ]
        return messages

    def register_check(self) -> None:
        """Add :meth:`check` to Django's system checks (call once, from the app's conf module)."""

        def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
            return self.check(app_configs, **kwargs)

        checks.register(check_settings)  # a function: Django tags the check, which a bound method refuses

    def _read(self) -> dict[str, Any]:
        if self._given is None:
            given = self._given_now()
            unknown = sorted(set(given) - set(self.defaults))
            if unknown:
                raise ImproperlyConfigured(
                    f"Unknown {self.name} setting(s): {', '.join(unknown)}; known: {self._known()}"
                )
            self._given = given
        return self._given

    def _given_now(self) -> dict[str, Any]:
        return dict(getattr(settings, self.name, None) or {})

    def _known(self) -> str:
        return ", ".join(sorted(self.defaults))

    def _forget(self, setting: str, **kwargs: Any) -> None:
        if setting == self.name or (self.flat_prefix and setting.startswith(self.flat_prefix)):
            self._given = None
            self._digests.clear()
