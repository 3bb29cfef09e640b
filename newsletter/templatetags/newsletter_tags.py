"""``{% newsletter_signup %}``: the signup form, anywhere, cache-safe (no per-user data in it)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from pagecache.routes import kept_until_site_changes

from ..forms import SignupForm
from ..models import Newsletter, default_newsletter

register = template.Library()


def resolve_newsletter(newsletter=None, request=None) -> Newsletter | None:
    """A Newsletter, its slug, or None for the default (first active) one, looked up once per request."""
    if isinstance(newsletter, Newsletter):
        return newsletter if newsletter.is_active else None
    cache = getattr(request, "_newsletters", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._newsletters = cache
    key = newsletter or ""
    if key not in cache:
        # Every page's signup block asks: kept until a site-wide change (newsletters are one).
        cache[key] = kept_until_site_changes(f"newsletter:{key}", lambda: default_newsletter(newsletter or None))
    return cache[key]


def signup_form_context(
    newsletter: Newsletter, request=None, *, variant: str = "inline", heading: str = "", blurb: str = ""
) -> dict:
    counter = 0
    if request is not None:
        counter = request._newsletter_forms = getattr(request, "_newsletter_forms", 0) + 1
    source = request.build_absolute_uri(request.path) if request is not None else ""
    form = SignupForm(
        initial={"newsletter": newsletter.slug, "source": source}, auto_id=f"newsletter-{variant}-{counter}-%s"
    )
    copy = signup_copy(newsletter, request)
    return {
        "newsletter": newsletter,
        "form": form,
        "variant": variant,
        "heading": heading or (copy.heading if copy else newsletter.heading),
        "blurb": blurb or (copy.blurb if copy else newsletter.blurb),
        "button_label": copy.button_label if copy else newsletter.button_label,
        "privacy_note": copy.privacy_note if copy else newsletter.privacy_note,
    }


def signup_copy(newsletter: Newsletter, request=None):
    """The newsletter's signup copy in the language being shown, if it is not the default and has one.

    Pages in the default language use the newsletter's own fields (no query).
    """
    from django.conf import settings
    from django.utils import translation
    from wagtail.coreutils import get_supported_content_language_variant

    from ..models import SignupCopy

    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    try:
        language = get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return None
    if language == get_supported_content_language_variant(settings.LANGUAGE_CODE):
        return None
    memo = request.__dict__.setdefault("_signup_copies", {}) if request is not None else {}
    key = (newsletter.pk, language)
    if key not in memo:
        memo[key] = SignupCopy.objects.filter(newsletter=newsletter, locale__language_code=language).first()
    return memo[key]


@register.simple_tag(takes_context=True)
def newsletter_signup(context, newsletter=None, variant="inline", heading=""):
    """Render the signup form: ``{% newsletter_signup %}``, ``{% newsletter_signup "morning" variant="footer" %}``.

    One signup region per page: the first one the page renders (in the body, the paywall, under the
    article) is the page's, and later ones (the footer's) render nothing. Two regions with the same
    heading are two landmarks with one name, which screen-reader users cannot tell apart.
    """
    request = context.get("request")
    if request is not None and getattr(request, "_newsletter_forms", None):
        return ""
    newsletter = resolve_newsletter(newsletter, request)
    if newsletter is None:
        return ""
    return render_to_string(
        "newsletter/includes/signup_form.html",
        signup_form_context(newsletter, request, variant=variant, heading=heading),
    )
