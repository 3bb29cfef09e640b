"""Editors' tools for an edition in Wagtail's admin: a preview (HTML and text, as a chosen subscriber
would get it), "send a test" to the signed-in editor's own address (when it confirmed a subscription or
is listed in ``TEST_RECIPIENTS``), and the complaint-rate warning.

A preview never carries a working unsubscribe or preferences link: those links are a reader's
capability (they unsubscribe and manage the address with no login), and whoever may preview must not
get one. Its links are inert fragments (:data:`PREVIEW_UNSUBSCRIBE`, :data:`PREVIEW_PREFERENCES`).

Every view checks the newsletter permission it needs (``change_edition``; choosing a subscriber to
preview as also needs ``view_subscriber``, since it shows an address) and refuses otherwise.
"""

from __future__ import annotations

import contextlib
import datetime
import smtplib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import ratelimit, subscriptions
from .addresses import normalise_email
from .conf import get_setting
from .digest import RenderedEmail, build_edition_digest, personalise, render_digest
from .languages import language_choices, normalise_language
from .mail import absolute, get_connection, newsletter_message
from .models import Delivery, Edition, Subscriber

# Where a reader's own links go in a preview: fragments of the preview itself, which do nothing.
PREVIEW_UNSUBSCRIBE = "#preview-unsubscribe-link"
PREVIEW_PREFERENCES = "#preview-preferences-link"


def edition_for(request, pk: int) -> Edition:
    if not request.user.has_perm("newsletter.change_edition"):
        raise PermissionDenied
    return get_object_or_404(Edition.objects.select_related("newsletter__site"), pk=pk)


def rendered_copy(edition: Edition) -> RenderedEmail:
    """What the edition's email is (its stored copy once sending started), else what it would be now."""
    if edition.is_frozen:
        return RenderedEmail(edition.rendered_subject, edition.rendered_text, edition.rendered_html)
    return render_digest(build_edition_digest(edition))


def preview_copy(edition: Edition) -> RenderedEmail:
    """The edition as a reader gets it, with inert links where their unsubscribe and preferences links go."""
    return personalise(rendered_copy(edition), unsubscribe_url=PREVIEW_UNSUBSCRIBE, preferences_url=PREVIEW_PREFERENCES)


def test_copy(edition: Edition) -> RenderedEmail:
    """The edition for a test send: links to the signup page where a reader's own links go."""
    signup = absolute(edition.newsletter, reverse("newsletter:signup"))
    sample = f"{signup}?newsletter={edition.newsletter.slug}"
    return personalise(rendered_copy(edition), unsubscribe_url=sample, preferences_url=sample)


def in_language(edition: Edition, language: str | None) -> Edition:
    """The same date's edition in ``language``: the one that exists, else the one sending would start
    (the day's stories in that language, not saved)."""
    language = normalise_language(language or edition.language)
    if language == edition.language:
        return edition
    found = Edition.objects.filter(newsletter=edition.newsletter, date=edition.date, language=language).first()
    return found or Edition(newsletter=edition.newsletter, date=edition.date, language=language)


def preview_view(request, pk: int):
    edition = edition_for(request, pk)
    subscriber, address = None, request.GET.get("email", "").strip()
    may_choose = request.user.has_perm("newsletter.view_subscriber")
    if address and may_choose:
        subscriber = subscriptions.find_subscriber(edition.newsletter, address)
        if subscriber is None:
            messages.warning(request, "No subscriber of this newsletter has that address: showing a sample reader.")
    # Each language's readers get their own edition: shown in the language asked for, else the reader's.
    language = request.GET.get("language") or (subscriber.language if subscriber is not None else None)
    shown = in_language(edition, language)
    copy = preview_copy(shown)
    return TemplateResponse(
        request,
        "newsletter/admin/preview.html",
        {
            "edition": edition,
            "shown": shown,
            "languages": language_choices(),
            "copy": copy,
            "subscriber": subscriber,
            "may_choose": may_choose,
            "address": address if may_choose else "",
            "complaints": complaint_rate(),
        },
    )


def may_receive_tests(address: str) -> bool:
    """``address`` proved it is someone's inbox (it confirmed a subscription: double opt-in), or the
    site lists it in ``NEWSLETTER["TEST_RECIPIENTS"]``. An account's email changes without any check,
    so it alone is no reason to mail an address."""
    normalised = normalise_email(address)
    listed = {normalise_email(str(entry)) for entry in get_setting("TEST_RECIPIENTS")}
    if normalised in listed:
        return True
    return (
        Subscriber.objects.alias(email_ci=Lower("email"))
        .filter(email_ci=normalised, status=Subscriber.Status.CONFIRMED)
        .exists()
    )


NOT_A_TEST_RECIPIENT = (
    "Tests go only to an address that has confirmed a newsletter subscription or is listed in the "
    "NEWSLETTER_TEST_RECIPIENTS setting; {address} is neither. Subscribe it and confirm, or ask for it to be listed."
)


def send_test_view(request, pk: int):
    """GET: what will be sent where; POST: send it to the signed-in editor's own address, if it may
    receive tests (:func:`may_receive_tests`)."""
    edition = edition_for(request, pk)
    # Sent to the address's stored form: the one a confirmed subscription or the setting names.
    address = normalise_email(request.user.email or "")
    allowed = bool(address) and may_receive_tests(address)
    if request.method == "POST":
        if not address:
            messages.error(request, "Your account has no email address: add one in your account settings first.")
        elif not allowed:
            messages.error(request, NOT_A_TEST_RECIPIENT.format(address=address))
        elif not ratelimit.allow(
            "test-send", str(request.user.pk), limit=get_setting("TEST_SENDS_PER_HOUR"), window=3600
        ):
            messages.error(request, "Too many test sends in the last hour; try again later.")
        else:
            copy = test_copy(in_language(edition, request.POST.get("language")))
            message = newsletter_message(
                edition.newsletter, subject=f"[Test] {copy.subject}", text=copy.text, html=copy.html, to=address
            )
            connection = get_connection()
            try:
                connection.open()
                connection.send_messages([message])
            except (OSError, smtplib.SMTPException) as error:
                messages.error(request, f"The test was not sent: {error}")
            else:
                messages.success(request, f"Test of “{edition}” sent to {address}.")
            finally:
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    connection.close()
        return redirect("newsletter_edition_send_test", pk=edition.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/send_test.html",
        {
            "edition": edition,
            "languages": language_choices(),
            "address": address,
            "allowed": allowed,
            "refusal": NOT_A_TEST_RECIPIENT.format(address=address),
        },
    )


def complaint_rate(days: int = 30) -> dict:
    """Complaints against deliveries sent in the last ``days`` days, and whether they pass the limit."""
    since = timezone.now() - datetime.timedelta(days=days)
    row = Delivery.objects.filter(status=Delivery.Status.SENT, sent_at__gte=since).aggregate(
        sent=Count("pk"), complained=Count("pk", filter=Q(complained_at__isnull=False))
    )
    sent, complained = row["sent"], row["complained"]
    rate = complained / sent if sent else 0.0
    limit = get_setting("COMPLAINT_WARNING_RATE")
    return {
        "sent": sent,
        "complained": complained,
        "rate": rate,
        "percent": f"{rate * 100:.2f}%",
        "limit_percent": f"{limit * 100:g}%",
        "days": days,
        "over": rate > limit,
    }


class ComplaintRatePanel(Component):
    """On the admin dashboard of anyone who works on editions, when complaints pass the limit."""

    name = "newsletter_complaints"
    order = 50
    template_name = "newsletter/admin/complaint_panel.html"

    def __init__(self, figures: dict):
        self.figures = figures

    def get_context_data(self, parent_context=None):
        return {"figures": self.figures}


def dashboard_panels(request, panels) -> None:
    if not request.user.has_perm("newsletter.change_edition"):
        return
    figures = complaint_rate()
    if figures["over"]:
        panels.append(ComplaintRatePanel(figures))


def edition_figures(queryset):
    """Per edition (listing columns): deliveries bounced and complained about (provider events), and
    readers who unsubscribed within a week of it reaching them."""
    week = datetime.timedelta(days=7)
    return queryset.annotate(
        bounced_count=Count("deliveries", filter=~Q(deliveries__bounce="")),
        complained_count=Count("deliveries", filter=Q(deliveries__complained_at__isnull=False)),
        unsubscribed_count=Count(
            "deliveries",
            filter=Q(
                deliveries__status=Delivery.Status.SENT,
                deliveries__subscriber__unsubscribed_at__gte=F("deliveries__sent_at"),
                deliveries__subscriber__unsubscribed_at__lt=F("deliveries__sent_at") + week,
            ),
        ),
    )
