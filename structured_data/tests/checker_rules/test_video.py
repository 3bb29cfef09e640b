"""structured_data/checker/rules/video.py: Google's VideoObject rules, in JSON-LD at any depth and in microdata."""

from structured_data.tests.checker_pages import article, by_code, codes, issues, page

VIDEO = {"@type": "VideoObject", "name": "The first tram", "description": "The tram leaves the depot.",
         "thumbnailUrl": "https://paper.example/v/thumb.jpg", "uploadDate": "2026-11-30T09:00:00+00:00",
         "duration": "PT1M33S", "embedUrl": "https://player.example/embed/1"}  # fmt: skip


def video(**changes):
    node = {"@context": "https://schema.org", **VIDEO}
    for key, value in changes.items():
        if value is None:
            node.pop(key)
        else:
            node[key] = value
    return node


def test_a_complete_video_passes_alone_and_inside_an_article():
    assert codes(page(video(), body="")) == []
    assert codes(page(article(video=VIDEO))) == []


def test_required_properties_are_errors():
    for prop, code in (
        ("name", "video-name"),
        ("thumbnailUrl", "video-thumbnail"),
        ("uploadDate", "video-upload-date"),
    ):
        [issue] = by_code(page(video(**{prop: None}), body=""), code)
        assert issue.severity == "error" and issue.path == f"VideoObject.{prop}"
    nested = by_code(page(article(video={**VIDEO, "thumbnailUrl": None})), "video-thumbnail")
    assert nested[0].path == "NewsArticle.video.thumbnailUrl"


def test_recommended_properties_are_warnings_and_durations_are_iso_8601():
    found = {i.code: i.severity for i in issues(page(video(description=None, duration=None, embedUrl=None), body=""))}
    assert found == {"video-description": "warning", "video-duration": "warning", "video-location": "warning"}
    assert by_code(page(video(duration="1:33"), body=""), "video-duration-format")[0].severity == "error"
    for duration in ("PT45S", "PT1H2M", "P1DT2H", "PT0.5S"):
        assert codes(page(video(duration=duration), body="")) == [], duration


def test_microdata_video():
    body = ('<div itemscope itemtype="https://schema.org/VideoObject"><meta itemprop="name" content="Tram">'
            '<meta itemprop="uploadDate" content="2026-11-30"><meta itemprop="embedUrl" content="https://player.example/1">'
            '<meta itemprop="description" content="d"><meta itemprop="duration" content="PT1M"></div>')  # fmt: skip
    assert [i.code for i in by_code(page(body=body), "video-thumbnail")] == ["video-thumbnail"]
