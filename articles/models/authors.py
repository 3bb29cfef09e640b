"""Authors: the snippet named in bylines, with its profile links.

An author's public profile page is a route of the site's authors index (``listings.AuthorIndexPage``),
which lists the author's articles: that page builds on articles, so it is looked up in the app
registry here rather than imported.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES
from .images import images_with_renditions


def author_index_model():
    """The authors index page class, which serves each author's profile page."""
    return apps.get_model("articles", "AuthorIndexPage")


class AuthorQuerySet(models.QuerySet):
    def with_photos(self, *specs):
        return self.prefetch_related(Prefetch("photo", queryset=images_with_renditions(*specs)))


class Author(index.Indexed, ClusterableModel):
    name = models.CharField(max_length=255, help_text="The name only, as it appears in the byline.")
    slug = models.SlugField(max_length=255, unique=True, help_text="The last part of the profile page's URL.")
    photo = models.ForeignKey("articles.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    job_title = models.CharField(max_length=255, blank=True, help_text="For example: Senior Political Reporter.")
    short_bio = models.TextField(blank=True, max_length=500, help_text="One or two sentences, shown under articles.")
    bio = RichTextField("full bio", blank=True, features=RICH_TEXT_FEATURES)
    location = models.CharField(max_length=255, blank=True, help_text="Where the author is based.")
    email = models.EmailField(
        "public email", blank=True, help_text="Shown on the profile page and in structured data. Optional."
    )
    organisation = models.CharField(
        max_length=255, blank=True, help_text="Leave blank for staff; name the agency or outlet for contributors."
    )
    is_organisation = models.BooleanField(
        "organisation byline",
        default=False,
        help_text="An agency or desk rather than a person (Associated Press, Staff Reports): shown and described "
        "to search engines as an organisation.",
    )
    # The profile page's dateCreated and dateModified in structured data.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("job_title"), FieldPanel("location")]),
        FieldPanel("short_bio"),
        FieldPanel("bio"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("organisation")]),
        FieldPanel("is_organisation"),
        InlinePanel("profile_links", heading="Profile links (sameAs)", label="Link"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("job_title"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def bio_text(self) -> str:
        return strip_tags(self.bio).strip() or self.short_bio

    @property
    def web_profile_links(self) -> list["AuthorProfileLink"]:
        """The profile links that may be rendered as links (http and https only)."""
        return [link for link in self.profile_links.all() if link.is_web_url]

    def get_url(self, request=None) -> str | None:
        """The author's public profile page, served by the site's authors index."""
        index_page = author_index_model().for_request(request)
        if index_page is None:
            return None
        return index_page.url_for_author(self, request=request)

    def get_full_url(self, request=None) -> str | None:
        index_page = author_index_model().for_request(request)
        if index_page is None:
            return None
        return index_page.url_for_author(self, request=request, full=True)


class AuthorProfileLink(Orderable):
    author = ParentalKey(Author, on_delete=models.CASCADE, related_name="profile_links")
    url = models.URLField("URL", help_text="A profile elsewhere: a social network, a personal site.")
    label = models.CharField(max_length=60, blank=True)

    panels = [FieldPanel("url"), FieldPanel("label")]

    def __str__(self):
        return self.url

    @property
    def is_web_url(self) -> bool:
        """Only http(s) links are rendered: a ``javascript:`` URL saved past the form is not a link."""
        return urlsplit(self.url.strip()).scheme.lower() in ("http", "https")
