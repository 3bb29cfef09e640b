"""What corrections, the paywall, search controls, a video and social overrides cost an article page.

    python bench/bench_editorial.py [--number N] [--repeat R]

Builds a throwaway SQLite database (test settings, so the video's oEmbed answer comes from the local
finder in ``tests/support/oembed.py``), then renders in the same run, alternating:

* a plain article: 2 authors, a lead photo, 8 paragraphs (the baseline);
* the same article with 3 corrections, subscriber-only after 2 paragraphs, every search control,
  a video block and a social title, description and image.

Prints the ratio of their render times (CPU time, best of R) and the queries of one render each.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_throwaway_django
from bench._measure import best_of_rounds


def build_articles():
    from django.utils import timezone

    from articles.models import ArticleCorrection, ArticlePage
    from structured_data.models import PublisherSettings
    from tests.support.builders import build_site, make_article, make_author, make_image, paragraph

    tree = build_site()
    PublisherSettings.objects.create(site=tree.site, name="The Bench Ledger", logo=make_image("Logo", 600, 200))
    authors = [make_author(f"Writer {i}", photo=make_image(f"Portrait {i}", 600, 600)) for i in range(2)]
    lead = make_image("Lead", 2000, 1500, caption="The lead.", credit="A. Photographer/Ledger")
    body = [paragraph(f"<p>Paragraph {n} of a story about the harbor and its ferry.</p>") for n in range(8)]
    plain = make_article(tree.section, "Plain story", authors=authors, lead_image=lead, body=body)
    rich = make_article(tree.section, "Corrected gated story", authors=authors, lead_image=lead, body=body)
    earlier = timezone.now() - datetime.timedelta(days=1)
    ArticlePage.objects.filter(pk=rich.pk).update(first_published_at=earlier)
    rich = ArticlePage.objects.get(pk=rich.pk)
    rich.body = [
        *body[:4],
        (
            "video",
            {
                "video": "https://www.youtube.com/watch?v=harbor00001",
                "title": "",
                "description": "The dredge at work.",
                "upload_date": datetime.date(2026, 11, 30),
                "duration": "4:05",
                "thumbnail": None,
            },
        ),
        *body[4:],
    ]
    rich.access, rich.free_paragraphs = "subscribers", 2
    rich.noindex, rich.news_noindex, rich.max_snippet, rich.max_image_preview = False, True, 120, "large"
    rich.social_title, rich.social_description = "A card title", "A card description."
    rich.social_image = make_image("Card", 1600, 1000, caption="Card.")
    for minutes in (30, 60, 90):
        rich.corrections.add(
            ArticleCorrection(date=earlier + datetime.timedelta(minutes=minutes), text=f"Fix {minutes}.")
        )
    rich.save_revision().publish()
    return plain, ArticlePage.objects.get(pk=rich.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=40, help="renders per timing")
    parser.add_argument("--repeat", type=int, default=5, help="timings per page (best is kept)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-editorial-")
    try:
        setup_throwaway_django(tmp, ALLOWED_HOSTS=["*"])
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        plain, rich = build_articles()
        client = Client(HTTP_HOST="localhost")
        for page in (plain, rich):  # warm renditions, embeds and caches
            assert client.get(page.url).status_code == 200

        def timing(url: str) -> float:
            start = time.process_time()
            for _ in range(args.number):
                client.get(url)
            return (time.process_time() - start) / args.number

        best = best_of_rounds({"plain": lambda: timing(plain.url), "rich": lambda: timing(rich.url)}, args.repeat)
        queries = {}
        for name, page in (("plain", plain), ("rich", rich)):
            with CaptureQueriesContext(connection) as captured:
                client.get(page.url)
            queries[name] = len(captured)
        print(f"plain article:     {best['plain'] * 1000:.1f} ms per render, {queries['plain']} queries")
        print(f"editorial article: {best['rich'] * 1000:.1f} ms per render, {queries['rich']} queries")
        print(f"ratio: {best['rich'] / best['plain']:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
