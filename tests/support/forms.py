"""The article editor's form data as a browser posts it.

StreamField and inline panels are built by JavaScript in the editor, so tests give the form data
explicitly instead of scraping it from the page.
"""

from __future__ import annotations

from typing import Any

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form_data(article, **fields: Any) -> dict[str, Any]:
    """The edit form of ``article`` as it stands (one short paragraph of body), with ``fields`` changed."""
    data: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline": "",
        "article_type": "news",
        "language": "en",
        "update_note": "",
        "article_authors": inline_formset([{"author": author.pk} for author in article.authors]),
        "lead_image": article.lead_image_id,
        "lead_image_caption": "",
        "lead_image_credit": "",
        "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
        "tags": "",
        "access": "free",
        "free_paragraphs": 3,
        "corrections": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)
