"""The docs' screenshots of the digest email (docs/newsletter.md), in Debian's chromium (Playwright never downloads a
browser): 375 px and 600 px wide, light and dark colour schemes.

    python tools/email-audit/screenshots.py [docs/screenshots]

Uses a throwaway SQLite database and media folder; the email's links point at that folder so its photo shows.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/shots.sqlite3"
        os.environ["TEST_MEDIA_ROOT"] = f"{tmp}/media"
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import override_settings

        call_command("migrate", verbosity=0, interactive=False)
        from newsletter.digest import build_digest, personalise, render_digest
        from tests.support.builders import build_site, make_article, make_image
        from tests.support.newsletter import make_newsletter

        tree = build_site()
        newsletter = make_newsletter(tree.site)
        today = newsletter.local_today()
        sent_at = newsletter.send_datetime(today)
        photo = make_image("Harbor", caption="Fishing boats at the town dock.", credit="Lee Park/Ledger")
        titles = [
            "Council approves the harbor plan after a long night",
            "Ferry schedule changes for the winter",
            "Record tide expected on Thursday",
            "School buses return to the island route",
        ]
        for index, title in enumerate(titles):
            make_article(
                tree.section,
                title,
                lead_image=photo if index == 0 else None,
                publication_date=sent_at - datetime.timedelta(hours=index + 1),
            )
        with override_settings(NEWSLETTER={"BASE_URL": f"file://{tmp}"}):
            rendered = render_digest(build_digest(newsletter, today))
        html = personalise(rendered, unsubscribe_url="#unsubscribe", preferences_url="#preferences").html
        page_file = Path(tmp) / "digest.html"
        page_file.write_text(html, encoding="utf-8")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for width in (375, 600):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
                    page = context.new_page()
                    page.goto(page_file.as_uri())
                    page.screenshot(path=str(out / f"digest-{width}-{scheme}.png"), full_page=True)
                    context.close()
            browser.close()
    print(f"written to {out}")


if __name__ == "__main__":
    main()
