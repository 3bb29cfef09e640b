"""The signup form as a StreamField block, so editors can put it in any page's body."""

from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class NewsletterSignupBlock(blocks.StructBlock):
    newsletter = SnippetChooserBlock(
        "newsletter.Newsletter", required=False, help_text="Leave blank for the site's main newsletter."
    )
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Leave blank for the newsletter's own.")
    blurb = blocks.TextBlock(required=False, help_text="Leave blank for the newsletter's own.")

    class Meta:
        icon = "mail"
        label = "Newsletter signup"
        group = "Newsletter"

    def render(self, value, context=None):
        from .templatetags.newsletter_tags import resolve_newsletter, signup_form_context

        request = (context or {}).get("request")
        newsletter = resolve_newsletter(value.get("newsletter"), request)
        if newsletter is None:
            return ""
        return render_to_string(
            "newsletter/includes/signup_form.html",
            signup_form_context(
                newsletter, request, variant="block", heading=value.get("heading") or "", blurb=value.get("blurb") or ""
            ),
        )
