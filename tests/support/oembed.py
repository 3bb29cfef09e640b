"""An oEmbed finder for tests (``WAGTAILEMBEDS_FINDERS`` in the test settings): no test reaches a provider.

It answers for the YouTube and Vimeo addresses in ``VIDEOS`` as those providers' oEmbed endpoints do
(title, thumbnail, player iframe) and, like a provider that has never heard of a video, answers
nothing (``EmbedNotFoundException``) for any other YouTube or Vimeo address.
"""

from __future__ import annotations

import re

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

_PROVIDERS = re.compile(r"^https?://(www\.)?(youtube\.com/watch\?v=|youtu\.be/|vimeo\.com/)")

VIDEOS = {
    "https://www.youtube.com/watch?v=harbor00001": {
        "title": "Dredging the inner harbor, from the pilot boat",
        "provider_name": "YouTube",
        "author_name": "The Test Ledger",
        "thumbnail_url": "https://i.ytimg.com/vi/harbor00001/hqdefault.jpg",
        "html": '<iframe width="560" height="315" src="https://www.youtube.com/embed/harbor00001?feature=oembed" '
        'title="Dredging the inner harbor, from the pilot boat" allowfullscreen></iframe>',
    },
    "https://vimeo.com/700000001": {
        "title": "The peapod's first row",
        "provider_name": "Vimeo",
        "author_name": "Ledger Video",
        "thumbnail_url": "https://i.vimeocdn.com/video/700000001-d_640.jpg",
        "html": '<iframe src="https://player.vimeo.com/video/700000001?dnt=1" width="640" height="360" '
        'title="The peapod&#39;s first row" allowfullscreen></iframe>',
    },
    "https://vimeo.com/700000002": {  # a video without a thumbnail
        "title": "Town meeting, in full",
        "provider_name": "Vimeo",
        "thumbnail_url": "",
        "html": '<iframe src="https://player.vimeo.com/video/700000002" width="640" height="360"></iframe>',
    },
}


class LocalVideoFinder(EmbedFinder):
    def accept(self, url: str) -> bool:
        return bool(_PROVIDERS.match(url))

    def find_embed(self, url: str, max_width: int | None = None, max_height: int | None = None) -> dict:
        known = VIDEOS.get(url)
        if known is None:
            raise EmbedNotFoundException
        return {"type": "video", "width": 640, "height": 360, "author_name": "", **known}
