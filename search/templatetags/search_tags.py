"""``{% search_form %}``: the header's search box, for the language being shown."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("search/search_form.html")
def search_form() -> dict:
    return {"action": reverse("search:search")}
