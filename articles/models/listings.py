"""The pages that list articles: the home page, sections, the authors index and the corrections page.

Each author's profile page is a route of the authors index, which ``Author.get_url`` asks for.
"""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import translation
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, Site
from wagtail.search import index

from pagecache.keys import add as add_cache_keys
from pagecache.keys import path_key
from pagecache.restrictions import CachedViewRestrictionsMixin
from pagecache.routes import kept_until_site_changes
from structured_data import is_published, visible_pages

from ..renditions import card_specs, portrait_specs, top_story_specs
from .articles import ArticlePage
from .authors import Author
from .corrections import ArticleCorrection

ARTICLES_PER_PAGE = 12


def paginate(request, queryset, per_page=ARTICLES_PER_PAGE):
    """A page of results for ``?page=``; any bad value gives a valid page, never an error.

    The page's keys are found first, on a narrow query (the primary key and what the listing is
    ordered by), and only that page's rows are then loaded with what they show: a deep page of a
    long listing (a section's 400th, an author's last) costs a sort of keys, not of whole rows
    (which PostgreSQL spilled to disk at 5,000 rows). Three queries and the rows' prefetches,
    whatever the page number.
    """
    keys = queryset.prefetch_related(None).select_related(None).values_list("pk", flat=True)
    page = Paginator(keys, per_page).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    found = {row.pk: row for row in queryset.filter(pk__in=wanted).order_by()} if wanted else {}
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


def tag_listing(request, articles):
    """Name the cards' articles, authors and images in the response's cache keys (pagecache/keys.py)."""
    found = []
    for article in articles:
        found.append(path_key(article.path))
        found.extend(f"{link.author._meta.label_lower}-{link.author_id}" for link in article.article_authors.all())
        if article.lead_image_id:
            found.append(f"articles.newsimage-{article.lead_image_id}")
    add_cache_keys(request, found)
    return articles


class SectionPage(CachedViewRestrictionsMixin, Page):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage", "articles.LiveBlogPage"]

    class Meta:
        verbose_name = "section"

    def articles(self):
        return ArticlePage.objects.child_of(self).visible().newest_first().for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = tag_listing(request, paginate(request, self.articles()))
        return context


class HomePage(CachedViewRestrictionsMixin, Page):
    intro = models.TextField(blank=True, max_length=500)
    top_story = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave blank to lead with the newest article.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), PageChooserPanel("top_story")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage", "articles.AuthorIndexPage", "articles.CorrectionsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"

    def latest_articles(self):
        return ArticlePage.objects.descendant_of(self).visible().newest_first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        top = None
        if self.top_story_id:
            top = self.latest_articles().for_listing(*top_story_specs()).filter(pk=self.top_story_id).first()
        latest = list(self.latest_articles().for_listing(*card_specs(), *top_story_specs())[:13])
        if top is None and latest:
            top = latest[0]
        context["top_story"] = top
        context["latest"] = [article for article in latest if top is None or article.pk != top.pk][:12]
        tag_listing(request, [top, *context["latest"]] if top is not None else context["latest"])
        return context


class AuthorIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The authors index; each author's profile page is a route below it (``/authors/<slug>/``)."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "authors index"

    @classmethod
    def for_request(cls, request=None):
        """The visible authors index of the request's site, looked up once per request."""
        if request is None:
            return visible_pages(cls.objects.all()).order_by("path").first()
        if not hasattr(request, "_author_index_page"):
            site = Site.find_for_request(request)

            def find():
                indexes = visible_pages(cls.objects.all(), site=site).order_by("path")
                # The index in the language being shown, if it has one (articles/translations.py,
                # imported here: it reads URL routing, which needs the models loaded).
                from ..translations import localized_root

                root = localized_root(site) if site is not None else None
                localized = (
                    indexes.descendant_of(root).first() if root is not None and root.pk != site.root_page_id else None
                )
                return localized or indexes.first()

            # Every article page asks (its byline links): kept until the site changes
            # (pagecache.routes), unless it has expired meanwhile.
            name = f"author-index:{site.pk if site else None}:{translation.get_language()}"
            index = kept_until_site_changes(name, find)
            request._author_index_page = index if index is None or is_published(index) else find()
        return request._author_index_page

    def url_for_author(self, author, request=None, full=False) -> str:
        # Every byline and Person node asks for one: the index's own URL is worked out once per
        # request (this instance is per request too, from for_request).
        memo = self.__dict__.setdefault("_url_memo", {})
        key = (request, full)
        base = memo.get(key)
        if base is None:
            base = memo[key] = self.get_full_url(request) if full else self.get_url(request)
        return f"{base}{self.reverse_subpage('author_profile', args=[author.slug])}"

    @path("")
    def index_route(self, request):
        authors = Author.objects.with_photos(*portrait_specs()).order_by("name")
        return self.render(request, context_overrides={"authors": authors})

    @path("<slug:slug>/", name="author_profile")
    def author_profile(self, request, slug):
        author = get_object_or_404(
            Author.objects.with_photos(*portrait_specs()).prefetch_related("profile_links"), slug=slug
        )
        # Authors are shared by every site; their articles are listed where they are published, in
        # this index's language.
        site = Site.find_for_request(request) or self.get_site()
        by_author = ArticlePage.objects.visible(site=site).filter(article_authors__author=author)
        articles = by_author.filter(locale_id=self.locale_id)
        # An author with no work in this language: their articles in the language they were written in
        # (each card marked with its ``lang``), so the profile is never an empty page in the sitemap.
        in_other_languages = not articles.exists()
        if in_other_languages:
            articles = by_author
        articles = articles.newest_first().for_listing()
        profile_url = self.url_for_author(author, request=request)
        add_cache_keys(request, [f"{author._meta.label_lower}-{author.pk}"])
        return self.render(
            request,
            template="articles/author_profile_page.html",
            context_overrides={
                "author": author,
                "articles": tag_listing(request, paginate(request, articles)),
                "in_other_languages": in_other_languages,
                "author_crumb": {"title": author.name, "url": profile_url},
                "canonical_url": self.url_for_author(author, request=request, full=True),
                "structured_data_object": author,  # the page's JSON-LD describes the author (ProfilePage)
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base is None:
            return urls
        for author in Author.objects.only("slug"):
            urls.append({"location": f"{base}{self.reverse_subpage('author_profile', args=[author.slug])}"})
        return urls

    def serve_preview(self, request, mode_name):
        return self.index_route(request)


class CorrectionsPage(CachedViewRestrictionsMixin, Page):
    """Every correction and clarification on the site, newest first: what ``correctionsPolicy`` can name."""

    intro = models.TextField(
        blank=True, max_length=1000, help_text="The policy in brief: when and how the newsroom corrects its work."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["articles.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "corrections page"

    def corrections(self, site: Site | None = None):
        """Corrections of visible articles (published rows only: drafts live in revisions), newest first."""
        articles = visible_pages(ArticlePage.objects.all(), site=site or self.get_site())
        # Each correction's article looked up by key (EXISTS), not every visible article listed
        # for an IN: the archive is large, its corrections few.
        return (
            ArticleCorrection.objects.filter(Exists(articles.filter(pk=OuterRef("page_id"))))
            .select_related("page")
            .defer("page__body")  # titles and URLs only
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["corrections"] = paginate(request, self.corrections(Site.find_for_request(request)))
        return context
