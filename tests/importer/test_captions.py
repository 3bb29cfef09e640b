"""Credits split off captions wherever the text puts them (captions written for these tests)."""

from __future__ import annotations

import lxml.html
import pytest

from importer.captions import split_caption_text
from importer.mapping import figure_image

CAPTIONS = [
    ("A ferry leaves port. Photo: Dan Whitlock/Casco Courier", "A ferry leaves port.", "Dan Whitlock/Casco Courier"),
    ("A ferry leaves port. (Photo: Dan Whitlock/Casco Courier)", "A ferry leaves port.", "Dan Whitlock/Casco Courier"),
    ("A ferry leaves port (Credit: AP)", "A ferry leaves port", "AP"),
    ("A ferry leaves port. Credit: Getty Images", "A ferry leaves port.", "Getty Images"),
    ("Crowds gather at the gate. (Jane Roe)", "Crowds gather at the gate.", "Jane Roe"),
    ("Crowds gather at the gate. [Reuters]", "Crowds gather at the gate.", "Reuters"),
    ("Crowds gather at the gate — Jane Roe/Reuters", "Crowds gather at the gate", "Jane Roe/Reuters"),
    ("Crowds gather at the gate - AP Photo/Sam Price", "Crowds gather at the gate", "AP Photo/Sam Price"),
    ("Crowds gather at the gate. © Getty Images", "Crowds gather at the gate.", "© Getty Images"),
    ("Crowds gather at the gate. Photograph by Ana Ruiz", "Crowds gather at the gate.", "Ana Ruiz"),
    ("Die Fähre im Hafen. Foto: Katrin Vogel/dpa", "Die Fähre im Hafen.", "Katrin Vogel/dpa"),
    ("Le port au matin. Crédit : Julien Marchand", "Le port au matin.", "Julien Marchand"),
    ("Landings by port, 2000-2023. (Casco Courier graphic)", "Landings by port, 2000-2023.", "Casco Courier graphic"),
    # Not credits: left in the caption
    (
        "Smoke rises over the city - the fire started at noon",
        "Smoke rises over the city - the fire started at noon",
        "",
    ),
    ("The mayor (left) greets the crew.", "The mayor (left) greets the crew.", ""),
    ("Votes cast (in thousands)", "Votes cast (in thousands)", ""),
    ("", "", ""),
]


@pytest.mark.parametrize(("text", "caption", "credit"), CAPTIONS, ids=[c[0][:40] or "empty" for c in CAPTIONS])
def test_split_caption_text(text, caption, credit):
    assert split_caption_text(text) == (caption, credit)


@pytest.mark.parametrize(
    "figure",
    [
        '<figure><img src="a.jpg"><figcaption>The dock at dawn. <span class="credit">Ana Ruiz</span>'
        "</figcaption></figure>",
        '<figure><img src="a.jpg"><figcaption><span itemprop="caption">The dock at dawn.</span> '
        '<span itemprop="creditText">Ana Ruiz</span></figcaption></figure>',
        '<figure><img src="a.jpg"><figcaption>The dock at dawn.</figcaption>'
        '<small class="credit">Photo: Ana Ruiz</small></figure>',
        '<figure><img src="a.jpg"><figcaption>The dock at dawn. Photo: Ana Ruiz</figcaption></figure>',
    ],
)
def test_credit_in_the_figure_markup(figure):
    image = figure_image(lxml.html.fromstring(figure), "https://news.example/story")
    assert (image.url, image.caption, image.credit) == ("https://news.example/a.jpg", "The dock at dawn.", "Ana Ruiz")
