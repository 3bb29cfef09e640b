"""The newsletter in Wagtail's admin: newsletters (editable copy), subscribers, editions."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import cache_urls
from .admin_views import NewsletterSnippetViewSet
from .edition_admin import dashboard_panels, edition_figures, preview_view, send_test_view
from .models import Delivery, Edition, Newsletter, SignupCopy, Subscriber
from .tasks import send_edition_task


class KeepRecordsPermissionPolicy(ModelPermissionPolicy):
    """Subscribers and editions are records (consent, proof of sending): nobody deletes them, and
    subscribers arrive only through double opt-in, never typed in by hand."""

    def __init__(self, model, *, forbidden=("delete",)):
        super().__init__(model)
        self.forbidden = set(forbidden)

    def user_has_permission(self, user, action):
        return action not in self.forbidden and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class NewsletterViewSet(NewsletterSnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    list_display = ["name", "slug", "send_time", "time_zone", "is_active"]


class SubscriberViewSet(NewsletterSnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Subscribers"
    list_display = ["email", "newsletter", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "newsletter"]
    list_per_page = 50
    search_fields = ["email"]
    search_backend_name = None  # a plain, indexed ORM lookup: no search index to keep in step
    list_export = [
        "email",
        "newsletter",
        "status",
        "source_url",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "hard_bounces",
    ]
    export_filename = "newsletter-subscribers"
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Subscriber.objects.select_related("newsletter")


class CountColumn(Column):
    def get_value(self, instance):
        return getattr(instance, self.accessor, 0)


class EditionViewSet(NewsletterSnippetViewSet):
    model = Edition
    icon = "doc-full"
    menu_label = "Editions"
    list_display = [
        "__str__",
        "status",
        CountColumn("queued_count", label="Queued"),
        CountColumn("sent_count", label="Sent"),
        CountColumn("failed_count", label="Failed"),
        CountColumn("bounced_count", label="Bounced"),
        CountColumn("complained_count", label="Complained"),
        CountColumn("unsubscribed_count", label="Unsubscribed"),
    ]
    list_filter = ["newsletter", "status"]
    ordering = ["-date"]

    def get_queryset(self, request):
        return edition_figures(Edition.objects.with_counts().select_related("newsletter"))


class NewsletterGroup(SnippetViewSetGroup):
    items = (NewsletterViewSet, SubscriberViewSet, EditionViewSet)
    menu_icon = "mail"
    menu_label = "Newsletter"
    menu_name = "newsletter"


register_permission_policy(Subscriber, KeepRecordsPermissionPolicy(Subscriber, forbidden=("add", "delete")))
register_permission_policy(Edition, KeepRecordsPermissionPolicy(Edition))
register_snippet(NewsletterGroup)


class SignupCopyViewSet(NewsletterSnippetViewSet):
    """The signup block's words per language (simple_translation's "Translate" makes a copy)."""

    model = SignupCopy

    icon = "globe"
    menu_label = "Signup copy"
    add_to_admin_menu = False
    list_display = ["newsletter", "heading", "locale"]


register_snippet(SignupCopyViewSet)


def retry_failed_view(request, pk):
    """GET: how many would be retried; POST: queue them again and start sending."""
    from .sending import retry_failed

    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    if not request.user.has_perm("newsletter.change_edition"):
        raise PermissionDenied
    if request.method == "POST":
        count = retry_failed(edition)
        if count:
            send_edition_task.enqueue(edition.pk)
        messages.success(request, f"{count} failed deliveries of “{edition}” queued again.")
        return redirect("wagtailsnippets_newsletter_edition:list")
    failed = edition.deliveries.filter(status=Delivery.Status.FAILED).count()
    return TemplateResponse(request, "newsletter/admin/retry_failed.html", {"edition": edition, "failed": failed})


def unsubscribe_view(request, pk):
    """GET asks, POST unsubscribes: the one status change an editor may make, logged with who made it.

    Confirming is the reader's alone (double opt-in): the edit form shows the status read-only.
    """
    from .subscriptions import unsubscribe

    subscriber = get_object_or_404(Subscriber.objects.select_related("newsletter"), pk=pk)
    if not request.user.has_perm("newsletter.change_subscriber"):
        raise PermissionDenied
    if request.method == "POST":
        unsubscribe(subscriber, method="admin", actor=request.user)
        messages.success(request, f"{subscriber} is unsubscribed from “{subscriber.newsletter}”.")
        return redirect("wagtailsnippets_newsletter_subscriber:list")
    return TemplateResponse(request, "newsletter/admin/unsubscribe.html", {"subscriber": subscriber})


def revoke_links_view(request, pk):
    """GET asks, POST revokes: every unsubscribe and preferences link of this subscriber sent so far
    stops working (one leaked or forwarded); the next email carries new ones."""
    from .subscriptions import revoke_links

    subscriber = get_object_or_404(Subscriber.objects.select_related("newsletter"), pk=pk)
    if not request.user.has_perm("newsletter.change_subscriber"):
        raise PermissionDenied
    if request.method == "POST":
        revoke_links(subscriber)
        messages.success(request, f"Every earlier link of {subscriber} for “{subscriber.newsletter}” is revoked.")
        return redirect("wagtailsnippets_newsletter_subscriber:list")
    return TemplateResponse(request, "newsletter/admin/revoke_links.html", {"subscriber": subscriber})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newsletter/editions/<int:pk>/retry-failed/", retry_failed_view, name="newsletter_retry_failed"),
        path("newsletter/subscribers/<int:pk>/unsubscribe/", unsubscribe_view, name="newsletter_unsubscribe"),
        path("newsletter/subscribers/<int:pk>/revoke-links/", revoke_links_view, name="newsletter_revoke_links"),
    ]


@hooks.register("register_snippet_listing_buttons")
def subscriber_listing_buttons(snippet, user, next_url=None):
    subscribed = (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED)
    if (
        isinstance(snippet, Subscriber)
        and snippet.status in subscribed
        and user.has_perm("newsletter.change_subscriber")
    ):
        yield ListingButton(
            "Unsubscribe", reverse("newsletter_unsubscribe", args=[quote(snippet.pk)]), icon_name="cross", priority=30
        )
    if isinstance(snippet, Subscriber) and user.has_perm("newsletter.change_subscriber"):
        yield ListingButton(
            "Revoke links", reverse("newsletter_revoke_links", args=[quote(snippet.pk)]), icon_name="lock", priority=31
        )


@hooks.register("register_snippet_listing_buttons")
def edition_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and user.has_perm("newsletter.change_edition"):
        yield ListingButton(
            "Retry failed",
            reverse("newsletter_retry_failed", args=[quote(snippet.pk)]),
            icon_name="rotate",
            priority=30,
        )


# Previews, test sends and the complaint warning (newsletter/edition_admin.py) -----------------------


@hooks.register("register_admin_urls")
def register_edition_tool_urls():
    return [
        path("newsletter/editions/<int:pk>/preview/", preview_view, name="newsletter_edition_preview"),
        path("newsletter/editions/<int:pk>/send-test/", send_test_view, name="newsletter_edition_send_test"),
    ]


@hooks.register("register_snippet_listing_buttons")
def edition_tool_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and user.has_perm("newsletter.change_edition"):
        yield ListingButton(
            "Preview", reverse("newsletter_edition_preview", args=[quote(snippet.pk)]), icon_name="view", priority=31
        )
        yield ListingButton(
            "Send a test",
            reverse("newsletter_edition_send_test", args=[quote(snippet.pk)]),
            icon_name="mail",
            priority=32,
        )


@hooks.register("construct_homepage_panels")
def complaint_warning(request, panels):
    dashboard_panels(request, panels)


# Purges of the page cache and the CDN: the archive pages of the editions that list a page
# (newsletter/cache_urls.py).
hooks.register("pagecache_page_urls", cache_urls.page_urls)
hooks.register("pagecache_object_urls", cache_urls.object_urls)
hooks.register("pagecache_site_urls", cache_urls.site_urls)
