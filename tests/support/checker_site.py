"""A small demo-like site for the checker's tests: publisher with a logo, authors, articles with photos."""

from __future__ import annotations

from structured_data.models import PublisherSettings
from tests.support.builders import build_site, image_block, make_article, make_author, make_image, paragraph


def build_checked_site():
    tree = build_site(sections=("Local", "Culture"))
    PublisherSettings.objects.create(site=tree.site, name="The Test Ledger", logo=make_image("Ledger logo", 600, 300))
    rita = make_author("Rita Alvarez", job_title="Harbor Reporter", photo=make_image("Rita", 400, 400))
    tom = make_author("Tom Becker", job_title="Photographer")
    lead = make_image("Ferry", 2000, 1500, caption="The morning ferry.", credit="Sam Ortiz/Ledger")
    body_photo = make_image("Quay", 1600, 900, caption="The north quay.", credit="Tom Becker")
    tree.articles = [
        make_article(
            tree.section, "Ferry fares rise in June", authors=[rita, tom], lead_image=lead,
            body=[
                paragraph("<p>The ferry board voted on Tuesday.</p>"),
                image_block(body_photo, "At the quay.", "T. B."),
            ],
        ),
        make_article(tree.sections[1], "Harbor chorale sings again", authors=[tom], lead_image=lead,
                     lead_image_caption="Singers on the pier.", body=[paragraph("<p>A review.</p>")]),
    ]  # fmt: skip
    tree.authors = [rita, tom]
    return tree
