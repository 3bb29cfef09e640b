"""The reader's preferences page, linked from every email: which newsletters this address gets, and a
pause. No login: the link carries the signed token of the subscriber it was sent to (the same
capability as the unsubscribe link, valid for the subscriber's current link generation only).

The page manages an address only once the reader has proven they own it, by confirming the
subscription the link belongs to (``subscriptions.has_proven_address``); a link of a subscription
that was never confirmed (or waits for a new confirmation) manages nothing, so no link can bypass
double opt-in. For a proven address, choosing another newsletter here subscribes at once (logged as
subscribe and confirm, method "preferences page"); a suppressed address is never switched back on.
The page is per reader: never cached.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from . import subscriptions
from .languages import native_language_choices, normalise_language
from .models import ConsentEvent, Newsletter, Subscriber
from .preferences_email import confirm_if_changed, preferences_state

METHOD = "preferences page"
PAUSES = [
    ("", _("Keep sending")),
    ("7", _("Pause for a week")),
    ("14", _("Pause for two weeks")),
    ("28", _("Pause for four weeks")),
]


class PreferencesForm(forms.Form):
    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Send me")
    )
    pause = forms.ChoiceField(choices=PAUSES, required=False, label=_("Pause"))
    resume = forms.BooleanField(required=False, label=_("Resume now"))
    # Each language in its own name ("Français", "Español"): readable whatever the page's language.
    language = forms.ChoiceField(choices=native_language_choices, required=False, label=_("Language of the emails"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Declared above as a ModelMultipleChoiceField; ``self.fields`` is typed as a dict of any Field.
        newsletters = cast(forms.ModelMultipleChoiceField, self.fields["newsletters"])
        newsletters.queryset = Newsletter.objects.filter(is_active=True).order_by("name")


def subscriptions_of(address: str) -> dict[int, Subscriber]:
    """This address's subscriber row per newsletter id."""
    rows = Subscriber.objects.alias(email_ci=Lower("email")).filter(email_ci=address.lower())
    return {row.newsletter_id: row for row in rows}


def _subscribe_confirmed(newsletter: Newsletter, address: str, existing: Subscriber | None, now) -> None:
    with transaction.atomic():
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Subscriber.objects.create(newsletter=newsletter, email=address, created_at=now)
            except IntegrityError:  # the same choice posted twice at once
                return
        changed = Subscriber.objects.filter(
            pk=existing.pk, status__in=[Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED]
        ).update(status=Subscriber.Status.CONFIRMED, confirmed_at=now, unsubscribed_at=None)
        if changed:
            subscriptions.log(existing, ConsentEvent.Action.SUBSCRIBE, method=METHOD, now=now)
            subscriptions.log(existing, ConsentEvent.Action.CONFIRM, method=METHOD, now=now)


def apply_preferences(
    subscriber: Subscriber, chosen, pause_days: int | None, resume: bool, *, now=None, language: str = ""
) -> None:
    if not subscriptions.has_proven_address(subscriber):
        raise PermissionDenied("This address has not been confirmed.")
    now = now or timezone.now()
    if language:  # the address's language, for every newsletter it gets (the next edition on)
        ids = [row.pk for row in subscriptions_of(subscriber.email).values()]
        Subscriber.objects.filter(pk__in=ids).exclude(language=language).update(language=language)
    rows = subscriptions_of(subscriber.email)
    chosen_ids = {newsletter.pk for newsletter in chosen}
    for newsletter in Newsletter.objects.filter(is_active=True):
        row = rows.get(newsletter.pk)
        active = row is not None and row.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING)
        if newsletter.pk in chosen_ids and not active:
            if row is None or row.status != Subscriber.Status.SUPPRESSED:
                _subscribe_confirmed(newsletter, subscriber.email, row, now)
        elif newsletter.pk not in chosen_ids and row is not None and active:
            subscriptions.unsubscribe(row, method=METHOD, now=now)
    until: datetime.date | None
    if resume:
        until = None
    elif pause_days:
        until = timezone.localdate(now) + datetime.timedelta(days=pause_days)
    else:
        return
    for confirmed in subscriptions_of(subscriber.email).values():
        if confirmed.status == Subscriber.Status.CONFIRMED and confirmed.paused_until != until:
            Subscriber.objects.filter(pk=confirmed.pk).update(paused_until=until)
            ConsentEvent.objects.create(
                subscriber=confirmed,
                newsletter_id=confirmed.newsletter_id,
                action=ConsentEvent.Action.PAUSE,
                method=METHOD,
                detail=f"until {until:%Y-%m-%d}" if until else "resumed",
                created_at=now,
            )


@method_decorator(never_cache, name="dispatch")
class PreferencesView(View):
    """The page in the reader's language (the subscriber's, as their emails), whatever the URL's."""

    template_name = "newsletter/preferences.html"

    def dispatch(self, request, *args, **kwargs):
        subscriber = self.subscriber(kwargs.get("token", ""))
        language = normalise_language(subscriber.language if subscriber is not None else None)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)  # rendered here (django.shortcuts.render)
        response.headers.setdefault("Content-Language", language)
        return response

    def subscriber(self, token: str) -> Subscriber | None:
        return subscriptions.subscriber_for_token(token)

    def refused(self, request, subscriber: Subscriber | None):
        """The answer for a link that manages nothing: unknown or revoked (400), or unconfirmed (403)."""
        if subscriber is None:
            return render(request, self.template_name, {"state": "invalid"}, status=400)
        return render(request, self.template_name, {"state": "unconfirmed", "subscriber": subscriber}, status=403)

    def initial(self, subscriber: Subscriber) -> dict:
        rows = subscriptions_of(subscriber.email).values()
        return {
            "newsletters": [row.newsletter_id for row in rows if row.status == Subscriber.Status.CONFIRMED],
            "language": normalise_language(subscriber.language),
        }

    def context(self, subscriber, form, state: str) -> dict:
        paused = [row.paused_until for row in subscriptions_of(subscriber.email).values() if row.paused_until]
        paused_until = max(paused) if paused else None
        if paused_until and paused_until < timezone.localdate():
            paused_until = None
        return {"subscriber": subscriber, "form": form, "state": state, "paused_until": paused_until}

    def get(self, request, token):
        subscriber = self.subscriber(token)
        if subscriber is None or not subscriptions.has_proven_address(subscriber):
            return self.refused(request, subscriber)
        form = PreferencesForm(initial=self.initial(subscriber))
        return render(request, self.template_name, self.context(subscriber, form, "ask"))

    def post(self, request, token):
        subscriber = self.subscriber(token)
        if subscriber is None or not subscriptions.has_proven_address(subscriber):
            return self.refused(request, subscriber)
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(subscriber, form, "ask"), status=400)
        pause = form.cleaned_data["pause"]
        before = preferences_state(subscriber.email)
        apply_preferences(
            subscriber,
            form.cleaned_data["newsletters"],
            int(pause) if pause else None,
            form.cleaned_data["resume"],
            language=form.cleaned_data["language"],
        )
        subscriber.refresh_from_db()
        confirm_if_changed(subscriber, before)
        with translation.override(normalise_language(subscriber.language)):  # the language just chosen
            form = PreferencesForm(initial=self.initial(subscriber))
            response = render(request, self.template_name, self.context(subscriber, form, "saved"))
        response.headers["Content-Language"] = normalise_language(subscriber.language)
        return response
