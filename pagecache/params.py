"""Which query parameters a cached view reads, and which values of them make a cache variant.

A page stored under a key that leaves out a parameter its view read is served for every value of
that parameter (``/news-sitemap.xml?p=3`` for ``?p=1``). The page cache swaps the request's
``GET`` for a :class:`RecordingQueryDict` before the view runs and does not store an answer whose
view read a parameter outside ``KEY_PARAMS``; tests/pagecache/test_key_params.py walks every URL
pattern with it, so a new view that reads a parameter fails CI until the key names it.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, QueryDict

from .conf import get_setting

#: Recorded when a view reads the whole query (iterates, copies or re-encodes it).
EVERYTHING = "*"


class RecordingQueryDict(QueryDict):
    """A ``QueryDict`` that notes the names asked for (present or not), and ``*`` for the whole query."""

    read: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.read = set()
        super().__init__(*args, **kwargs)
        self.read = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> list[Any]:
        self.read.add(key)
        return super().getlist(key, default)

    def _everything(self) -> None:
        self.read.add(EVERYTHING)

    def __iter__(self) -> Any:
        self._everything()
        return super().__iter__()

    def __len__(self) -> int:
        self._everything()
        return super().__len__()

    def items(self) -> Any:
        self._everything()
        return super().items()

    def lists(self) -> Any:
        self._everything()
        return super().lists()

    def values(self) -> Any:
        self._everything()
        return super().values()

    def keys(self) -> Any:
        self._everything()
        return super().keys()

    def dict(self) -> dict[str, Any]:
        self._everything()
        return super().dict()

    def urlencode(self, safe: str | None = None) -> str:
        self._everything()
        return super().urlencode(safe)

    def __deepcopy__(self, memo: Any) -> RecordingQueryDict:
        self._everything()  # a copy (``GET.copy()``) is read in full as far as the key is concerned
        copied = RecordingQueryDict(mutable=True, encoding=self.encoding)
        for key, values in dict.items(self):
            copied.setlist(key, list(values))
        return copied


def record_reads(request: HttpRequest) -> RecordingQueryDict:
    """Give ``request`` a ``GET`` that records what is read from it (the same parameters and values)."""
    original = request.GET
    recording = RecordingQueryDict(mutable=True, encoding=original.encoding)
    for key, values in dict.items(original):
        recording.setlist(key, list(values))
    recording._mutable = False
    recording.read = set()
    request.GET = recording  # type: ignore[assignment]
    return recording


def unkeyed_reads(request: HttpRequest) -> set[str]:
    """The parameters the view read that the cache key leaves out (``*``: it read the whole query and
    the query holds a parameter the key leaves out)."""
    recording = request.GET
    if not isinstance(recording, RecordingQueryDict):
        return set()
    keyed = set(get_setting("KEY_PARAMS"))
    unkeyed = {name for name in recording.read if name != EVERYTHING and name not in keyed}
    if EVERYTHING in recording.read and any(name not in keyed for name in dict.keys(recording)):
        unkeyed.add(EVERYTHING)
    return unkeyed


def valid_value(name: str, value: str) -> bool:
    """Whether ``value`` is one that names a variant of its own (``KEY_PARAM_VALUES``; any if unlisted)."""
    pattern = get_setting("KEY_PARAM_VALUES").get(name)
    return pattern is None or re.fullmatch(pattern, value) is not None
