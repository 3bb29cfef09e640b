"""Who is calling: a partner key in ``Authorization: Bearer <key>`` (or ``X-Api-Key: <key>``).

A missing, wrong or revoked key fails the same way (401, no body: see ``views.exception_handler``),
so an answer never says which keys exist. The key's last use is written at most once a minute.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import PartnerKey

#: How stale ``last_used_at`` may get before a request writes it again.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class PartnerUser:
    """The caller, for DRF: authenticated, never staff, no session."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, key: PartnerKey) -> None:
        self.key = key
        self.pk = self.id = None
        self.username = f"partner:{key.pk}"

    def __str__(self) -> str:
        return self.username


def raw_key_of(request) -> str:
    header = authentication.get_authorization_header(request).decode("latin-1").strip()
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        key = PartnerKey.objects.for_raw_key(raw_key_of(request))
        if key is None:
            raise exceptions.AuthenticationFailed()
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return PartnerUser(key), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="partners"'
