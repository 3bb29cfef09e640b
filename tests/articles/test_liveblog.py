"""Live blogs: updates newest first, pinned on top, "load older", the poll endpoint, JSON-LD, listings."""

import datetime
import json

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.forms import update_time_errors
from articles.models import LiveBlogPage, LiveBlogUpdate, SectionPage
from tests.support.builders import build_site, make_author, make_image, make_live_blog
from tests.support.html import parse, texts
from tests.support.jsonld import JsonLdGraph
from tests.support.queries import queries_for
from tests.support.sitemaps import sitemap_entries


def updates_for(start, count, *, image=None, authors=()):
    return [
        {
            "published_at": start + datetime.timedelta(minutes=3 * i),
            "headline": f"Update number {i}" if i % 2 else "",
            "body": f"<p>Crews reported progress on the levee, report {i}.</p>",
            "image": image if i % 5 == 0 else None,
            "authors": list(authors) if i % 3 == 0 else [],
        }
        for i in range(count)
    ]


class LiveBlogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.reporter = make_author("Dana Whitfield", photo=make_image("Dana portrait", 400, 400))
        cls.photo = make_image("Levee at dusk", caption="Sandbags on the levee.", credit="Ana Ruiz/Ledger")
        cls.start = timezone.now() - datetime.timedelta(hours=23)
        updates = updates_for(cls.start, 25, image=cls.photo, authors=[cls.reporter])
        updates[2]["pinned"] = True
        updates[2]["headline"] = "Evacuation routes"
        cls.blog = make_live_blog(
            cls.tree.section,
            "River flood: live",
            authors=[cls.reporter],
            coverage_start=cls.start,
            publication_date=cls.start,
            updates=updates,
        )

    def test_page_shows_pinned_then_newest_first_and_links_older(self):
        response = self.client.get(self.blog.url)
        tree = parse(response)
        self.assertEqual(texts(tree, ".liveblog__pinned .live-update__headline"), ["Evacuation routes"])
        stream_ids = [int(el.get("data-update-id")) for el in tree.cssselect(".liveblog__stream .live-update")]
        self.assertEqual(len(stream_ids), 20)
        times = [el.get("datetime") for el in tree.cssselect(".liveblog__stream .live-update time")]
        self.assertEqual(times, sorted(times, reverse=True))
        older = tree.cssselect(".liveblog__older a")[0].get("href")
        # The no-JavaScript "load older" page: the remaining 4 unpinned updates, oldest last.
        older_tree = parse(self.client.get(older))
        older_ids = [int(el.get("data-update-id")) for el in older_tree.cssselect(".liveblog__stream .live-update")]
        self.assertEqual(len(older_ids), 4)
        self.assertFalse(set(older_ids) & set(stream_ids))
        self.assertFalse(older_tree.cssselect(".liveblog__older"))

    def test_updates_endpoint_is_cacheable_json_with_fragments(self):
        response = self.client.get(self.blog.url + "updates/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("public", response["Cache-Control"])
        self.assertFalse(response.cookies)
        data = json.loads(response.content)
        self.assertEqual(data["status"], "live")
        self.assertEqual(len(data["updates"]), 20)
        newest = data["updates"][0]
        fragment = parse(newest["html"])
        self.assertEqual(int(fragment.get("data-update-id")), newest["id"])
        self.assertEqual(data["latest_id"], max(u["id"] for u in data["updates"]))
        older = json.loads(self.client.get(self.blog.url + "updates/", {"before": data["updates"][-1]["id"]}).content)
        self.assertTrue(older["updates"])
        self.assertLess(older["updates"][0]["published_at"], data["updates"][-1]["published_at"])

    def test_bad_cursor_is_a_clear_error_not_a_500(self):
        self.assertEqual(self.client.get(self.blog.url + "updates/", {"before": "abc"}).status_code, 400)
        self.assertEqual(self.client.get(self.blog.url, {"before": "abc"}).status_code, 200)
        self.assertEqual(self.client.get(self.blog.url, {"before": "999999"}).status_code, 200)

    def test_json_ld_live_blog_posting(self):
        graph = JsonLdGraph.from_response(self.client.get(self.blog.url))
        posting = graph.one("LiveBlogPosting")
        self.assertEqual(posting["headline"], "River flood: live")
        self.assertTrue(
            posting["coverageStartTime"].startswith(self.start.astimezone(datetime.UTC).date().isoformat()[:4])
        )
        updates = posting["liveBlogUpdate"]
        self.assertEqual(len(updates), 10)
        self.assertTrue(all(u["@type"] == "BlogPosting" for u in updates))
        dates = [datetime.datetime.fromisoformat(u["datePublished"]) for u in updates]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertTrue(all(u["articleBody"].startswith("Crews reported") for u in updates))
        self.assertTrue(all(u["headline"] for u in updates))
        with_author = [u for u in updates if "author" in u]
        self.assertTrue(with_author)
        self.assertEqual(graph.resolve(with_author[0]["author"])[0]["name"], "Dana Whitfield")
        with_image = [u for u in updates if "image" in u]
        self.assertTrue(with_image)
        image = graph.resolve(with_image[0]["image"])
        self.assertEqual(image["caption"], "Sandbags on the levee.")
        self.assertEqual(datetime.datetime.fromisoformat(posting["dateModified"]), max(dates))

    def test_listed_in_section_feed_and_news_sitemap_with_last_update(self):
        section = parse(self.client.get(self.tree.section.url))
        self.assertIn("River flood: live", texts(section, ".card__headline"))
        feed = self.client.get("/feeds/rss/").content.decode()
        self.assertIn("River flood: live", feed)
        from lxml import etree

        news = etree.fromstring(self.client.get("/news-sitemap.xml").content)
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locs = news.xpath("//s:url/s:loc/text()", namespaces=ns)
        self.assertIn(self.blog.full_url, locs)
        # A live blog that began three days ago is still news while it is updated; lastmod is its newest update.
        begun = timezone.now() - datetime.timedelta(days=3)
        older = make_live_blog(
            self.tree.section, "Long trial: live", coverage_start=begun, publication_date=begun,
            updates=[{"published_at": timezone.now() - datetime.timedelta(hours=1), "body": "<p>Jury out.</p>"}],
        )  # fmt: skip
        news = etree.fromstring(self.client.get("/news-sitemap.xml").content)
        entry = [
            u for u in news.xpath("//s:url", namespaces=ns) if u.findtext("s:loc", namespaces=ns) == older.full_url
        ]
        lastmod = datetime.datetime.fromisoformat(entry[0].findtext("s:lastmod", namespaces=ns))
        self.assertEqual(lastmod, LiveBlogPage.objects.get(pk=older.pk).last_update_at.replace(microsecond=0))
        entry = [u for u in sitemap_entries(self.client) if u.findtext("s:loc", namespaces=ns) == self.blog.full_url]
        # Wagtail's sitemap writes the date alone, in the site's time zone (TIME_ZONE), not in UTC.
        lastmod = entry[0].findtext("s:lastmod", namespaces=ns)
        last_update_at = LiveBlogPage.objects.get(pk=self.blog.pk).last_update_at
        self.assertEqual(lastmod[:10], timezone.localtime(last_update_at).date().isoformat())

    def test_update_times_are_checked(self):
        now = timezone.now()
        self.assertEqual(update_time_errors(now - datetime.timedelta(minutes=1), now - datetime.timedelta(hours=1)), [])
        self.assertIn("future", update_time_errors(now + datetime.timedelta(hours=1), None, now)[0])
        self.assertIn(
            "before the coverage",
            update_time_errors(now - datetime.timedelta(hours=2), now - datetime.timedelta(hours=1))[0],
        )


class LiveBlogQueryTests(TestCase):
    """500 updates cost what 25 cost: a slice with its photos and authors, in constant queries."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        reporter = make_author("Dana Whitfield", photo=make_image("Dana portrait", 400, 400))
        photo = make_image("Levee at dusk", caption="Sandbags.", credit="Ana Ruiz/Ledger")
        start = timezone.now() - datetime.timedelta(days=2)
        cls.small = make_live_blog(
            cls.tree.section,
            "Small blog",
            coverage_start=start,
            authors=[reporter],
            updates=updates_for(start, 25, image=photo, authors=[reporter]),
        )
        cls.large = make_live_blog(
            cls.tree.section,
            "Large blog",
            coverage_start=start,
            authors=[reporter],
            updates=updates_for(start, 500, image=photo, authors=[reporter]),
        )

    def test_constant_queries(self):
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.large).count(), 500)
        for suffix in ("", "updates/"):
            small = queries_for(self.client, self.small.url + suffix)
            large = queries_for(self.client, self.large.url + suffix)
            self.assertEqual(small, large, suffix)


class LiveBlogAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.reporter = make_author("Dana Whitfield")
        cls.start = timezone.now() - datetime.timedelta(hours=3)
        cls.blog = make_live_blog(
            cls.tree.section, "Storm live", authors=[cls.reporter], coverage_start=cls.start,
            updates=updates_for(cls.start, 3),
        )  # fmt: skip

    def setUp(self):
        self.login()

    def post_update(self, **fields):
        data = {
            "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "headline": "Power restored downtown",
            "body": rich_text("<p>Lights are back on Main Street.</p>"),
            "image_caption": "",
            "image_credit": "",
            "authors": [self.reporter.pk],
            **fields,
        }
        return self.client.post(reverse("liveblog_post_update", args=[self.blog.pk]), data)

    def test_quick_action_publishes_a_revision_with_one_more_update(self):
        self.assertEqual(self.client.get(reverse("liveblog_post_update", args=[self.blog.pk])).status_code, 200)
        revisions = self.blog.revisions.count()
        response = self.post_update()
        self.assertEqual(response.status_code, 302)
        blog = LiveBlogPage.objects.get(pk=self.blog.pk)
        self.assertEqual(blog.revisions.count(), revisions + 1)
        newest = blog.published_updates().first()
        self.assertEqual(newest.headline, "Power restored downtown")
        self.assertEqual([a.name for a in newest.authors.all()], ["Dana Whitfield"])
        self.assertEqual(LiveBlogUpdate.objects.filter(page=blog).count(), 4)
        # Readers polling the endpoint see it.
        data = json.loads(self.client.get(blog.url + "updates/").content)
        self.assertEqual(data["updates"][0]["id"], newest.pk)

    def test_quick_action_refuses_bad_times_and_saves_nothing(self):
        future = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
        response = self.post_update(published_at=future)
        self.assertEqual(response.status_code, 200)
        self.assertIn("future", str(response.context["form"].errors["published_at"]))
        early = timezone.localtime(self.start - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
        response = self.post_update(published_at=early)
        self.assertIn("before the coverage", str(response.context["form"].errors["published_at"]))
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.blog).count(), 3)

    def test_quick_action_refuses_when_a_draft_is_pending(self):
        draft = self.blog.get_latest_revision_as_object()
        draft.standfirst = "A draft nobody published yet."
        draft.save_revision()
        response = self.post_update()
        self.assertEqual(response.status_code, 200)
        self.assertIn("unpublished changes", str(response.context["form"].non_field_errors()))
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.blog).count(), 3)

    def test_editor_form_refuses_an_update_before_the_coverage(self):
        self.edit_with_update(timezone.localtime(self.start - datetime.timedelta(hours=1)))
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.blog).count(), 3)

    def test_editor_form_publishes_an_update_with_authors(self):
        response = self.edit_with_update(timezone.localtime() - datetime.timedelta(minutes=5), author=True)
        self.assertEqual(response.status_code, 302)
        blog = LiveBlogPage.objects.get(pk=self.blog.pk)
        newest = blog.published_updates().first()
        self.assertEqual(newest.headline, "From the editor")
        self.assertEqual([a.name for a in newest.authors.all()], ["Dana Whitfield"])
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.blog).count(), 4)
        self.assertEqual(blog.last_update_at, newest.published_at)

    def test_editor_form_has_the_article_checks_too(self):
        """A live blog is an article: an access rule that gates nothing is refused as it is for one."""
        when = timezone.localtime() - datetime.timedelta(minutes=5)
        response = self.edit_with_update(when, author=True, access="subscribers")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nothing would be behind the wall")
        self.assertEqual(LiveBlogUpdate.objects.filter(page=self.blog).count(), 3)

    def edit_with_update(self, when, author=False, access="free"):
        early = when.strftime("%Y-%m-%d %H:%M")
        data = nested_form_data(
            {
                "title": "Storm live",
                "slug": "storm-live",
                "standfirst": "Live: storm.",
                "dateline": "",
                "article_type": "news",
                "language": "en",
                "article_authors": inline_formset(
                    [{"id": self.blog.article_authors.get().pk, "author": self.reporter.pk}], initial=1
                ),
                "lead_image_caption": "",
                "lead_image_credit": "",
                "body": streamfield([]),
                "tags": "",
                "update_note": "",
                "access": access,
                "free_paragraphs": 3,
                "corrections": inline_formset([]),
                "coverage_start": timezone.localtime(self.start).strftime("%Y-%m-%d %H:%M"),
                "status": "live",
                "updates": inline_formset(
                    [
                        {
                            "published_at": early,
                            "headline": "From the editor",
                            "body": rich_text("<p>Early.</p>"),
                            "image_caption": "",
                            "image_credit": "",
                        }
                    ]
                ),
                "action-publish": "publish",
            }
        )
        if author:  # a multiple choice is one key with several values (nested_form_data would number them)
            data["updates-0-authors"] = [self.reporter.pk]
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.blog.pk]), data)
        if not author:
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "before the coverage started")
        return response

    def test_create_in_admin_and_header_button(self):
        self.assertCanCreateAt(SectionPage, LiveBlogPage)
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.tree.section.pk]))
        self.assertEqual(response.status_code, 200)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.blog.pk]))
        self.assertEqual(response.status_code, 200)
        links = [a.get("href") for a in parse(response).cssselect("a")]
        self.assertIn(reverse("liveblog_post_update", args=[self.blog.pk]), links)


class LiveBlogPublishQueryTests(TestCase):
    """Publishing a revision saves every update; each costs a few queries, not a re-read of the whole page."""

    def publish_queries(self, count):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        start = timezone.now() - datetime.timedelta(days=1)
        blog = make_live_blog(
            self.tree.section, f"Blog {count}", coverage_start=start,
            updates=updates_for(start, count, image=self.photo, authors=[self.reporter]),
        )  # fmt: skip
        page = LiveBlogPage.objects.prefetch_related("updates__authors").get(pk=blog.pk)
        page.updates.add(LiveBlogUpdate(body="<p>One more.</p>"))
        with CaptureQueriesContext(connection) as queries:
            page.save_revision().publish()
        return len(queries)

    def test_publish_cost_per_update_is_small_and_constant(self):
        self.tree = build_site()
        self.reporter = make_author("Dana Whitfield")
        self.photo = make_image("Levee")
        small, large = self.publish_queries(10), self.publish_queries(40)
        self.assertLessEqual((large - small) / 30, 6, (small, large))  # was about 20 per update
