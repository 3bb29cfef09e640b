"""Requests per minute, per key, counted in Django's cache (shared by every worker on Redis)."""

from __future__ import annotations

from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle


class PartnerKeyThrottle(SimpleRateThrottle):
    """The key's own ``requests_per_minute`` (a field, so the admin sets it per partner)."""

    cache = cache
    scope = "partner"

    def get_rate(self) -> str | None:
        return None  # read per request, from the key, in allow_request

    def allow_request(self, request, view) -> bool:
        key = getattr(request, "auth", None)
        if key is None:
            return True  # unauthenticated requests fail before any work
        self.num_requests, self.duration = key.requests_per_minute, 60
        self.key = f"partners:throttle:{key.pk}"
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_cache_key(self, request, view) -> str | None:
        key = getattr(request, "auth", None)
        return f"partners:throttle:{key.pk}" if key is not None else None
