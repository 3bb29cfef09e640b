"""Keys: hashed at rest, shown once in the admin, revocable, their last use recorded; 401 and nothing else."""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from partners.models import PartnerKey

from .conftest import LIST, PartnerData


class KeysTest(PartnerData):
    def test_only_the_digest_is_stored(self):
        key = PartnerKey.objects.get(pk=self.all_key.pk)
        assert key.key_hash == hashlib.sha256(self.all_raw.encode()).hexdigest()
        assert len(self.all_raw) >= 40 and self.all_raw.startswith(key.key_prefix)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {PartnerKey._meta.db_table}")  # noqa: S608 (a model's own table)
            stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        assert self.all_raw not in stored and self.all_raw[10:] not in stored

    def test_the_admin_shows_a_new_key_once_and_stores_its_digest(self):
        admin = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
        self.client.force_login(admin)
        add_url = reverse("wagtailsnippets_partners_partnerkey:add")
        response = self.client.post(
            add_url, {"name": "Bay Agency", "sections": [self.local.pk], "requests_per_minute": "60"}
        )
        assert response.status_code == 200, response.content[:300]
        created = PartnerKey.objects.get(name="Bay Agency")
        shown = response.context["raw_key"]
        assert shown.encode() in response.content
        assert created.key_hash == hashlib.sha256(shown.encode()).hexdigest()
        assert list(created.sections.all()) == [self.local]
        listing = self.client.get(reverse("wagtailsnippets_partners_partnerkey:list"))
        edit = self.client.get(reverse("wagtailsnippets_partners_partnerkey:edit", args=[created.pk]))
        for later in (listing, edit):
            assert later.status_code == 200
            assert created.key_prefix.encode() in listing.content
            assert shown.encode() not in later.content
        self.client.logout()
        assert self.get(LIST, shown).status_code == 200

    def test_wrong_missing_and_revoked_keys_hear_401_and_nothing_else(self):
        for headers in (
            {"authorization": f"Bearer {self.revoked_raw}"},
            {"authorization": f"Bearer {self.all_raw}x"},
            {"authorization": "Bearer "},
            {"authorization": f"Basic {self.all_raw}"},
            {},
        ):
            for url in (LIST, f"{LIST}{self.ferry.pk}/", f"{LIST}?since=nonsense", f"{LIST}{self.ferry.pk}/?format=x"):
                response = self.client.get(url, headers=headers)
                assert response.status_code == 401, (headers, url)
                assert response.content == b""
                assert response["WWW-Authenticate"].startswith("Bearer")

    def test_revoking_a_key_closes_it_for_good(self):
        assert self.get(LIST, self.local_raw).status_code == 200
        key = PartnerKey.objects.get(pk=self.local_key.pk)
        key.revoked = True
        key.save()
        assert key.revoked_at is not None
        assert self.get(LIST, self.local_raw).status_code == 401
        key.revoked = False  # an untick in the admin does not bring a leaked key back
        key.save()
        assert PartnerKey.objects.get(pk=key.pk).revoked
        assert self.get(LIST, self.local_raw).status_code == 401

    def test_the_last_use_is_recorded(self):
        assert PartnerKey.objects.get(pk=self.subscriber_key.pk).last_used_at is None
        response = self.client.get(LIST, headers={"x-api-key": self.subscriber_raw})
        assert response.status_code == 200
        used = PartnerKey.objects.get(pk=self.subscriber_key.pk).last_used_at
        assert used is not None
        self.client.get(LIST, headers={"x-api-key": self.subscriber_raw})  # within the minute: not written again
        assert PartnerKey.objects.get(pk=self.subscriber_key.pk).last_used_at == used

    def test_a_key_over_its_rate_hears_429(self):
        PartnerKey.objects.filter(pk=self.local_key.pk).update(requests_per_minute=3)
        statuses = [self.get(LIST, self.local_raw).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = self.get(LIST, self.local_raw)
        assert response.status_code == 429 and int(response["Retry-After"]) >= 1
        assert self.get(LIST, self.all_raw).status_code == 200  # per key: another partner is not held up
