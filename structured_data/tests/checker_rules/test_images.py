"""structured_data/checker/rules/images.py: the article's images, with and without the files' real sizes."""

import pytest

from structured_data.checker.document import SkipImage
from structured_data.tests.checker_pages import article, by_code, codes, issues, page


def sizes(mapping):
    return lambda url: mapping.get(url)


def test_declared_sizes_against_the_files():
    served = {"https://paper.example/img/tram-1600x900.jpg": (1600, 901)}
    [issue] = by_code(page(article()), "image-size-mismatch", fetch_image_size=sizes(served))
    assert issue.severity == "warning" and issue.path == "NewsArticle.image[0].height"


def test_small_images_and_missing_ratios_are_warnings():
    small = article(image={"@type": "ImageObject", "url": "https://paper.example/s.jpg", "width": 200, "height": 200})
    found = {issue.code: issue.severity for issue in issues(page(small))}
    assert found["image-too-small"] == "warning" and found["image-ratios"] == "warning"


def test_bare_urls_without_sizes_say_nothing_about_ratios():
    assert "image-ratios" not in codes(page(article(image=["https://paper.example/a.jpg"])))


def test_unreadable_images_and_skipped_ones():
    def broken(url):
        raise TimeoutError("timed out")

    def skipped(url):
        raise SkipImage(url)

    unreadable = by_code(page(article()), "image-unreadable", fetch_image_size=broken)
    assert len(unreadable) == 3 and unreadable[0].severity == "warning"
    assert codes(page(article()), fetch_image_size=skipped) == []


@pytest.mark.parametrize("width", ["1600", "1600px", {"@type": "QuantitativeValue", "value": 1600}])
def test_width_spellings(width):
    image = {"@type": "ImageObject", "url": "https://paper.example/a.jpg", "width": width, "height": 900}
    assert "image-size-missing" not in codes(page(article(image=image)))
