"""The rendition specs pages, templates and structured data ask for, one place for each.

Listings prefetch exactly these, so a page renders with a constant number of queries however many
photos it shows. The image model itself is ``articles.models.images.NewsImage``.
"""

from structured_data import get_setting as get_structured_data_setting

# Rendition specs used by the templates.
LEAD_SPEC = "width-1200"
BODY_SPEC = "width-1000"
CARD_SPEC = "fill-480x270-c75"
TOP_STORY_SPEC = "fill-960x540-c75"
PORTRAIT_SPEC = "fill-160x160-c100"

#: What templates ask for by role (``{% rendition image "card" %}``): one place for each spec,
#: so a template can't drift from what its page prefetched.
RENDITION_SPECS = {
    "lead": LEAD_SPEC,
    "body": BODY_SPEC,
    "card": CARD_SPEC,
    "top_story": TOP_STORY_SPEC,
    "portrait": PORTRAIT_SPEC,
}

# Structured data (JSON-LD) wants the lead photo in 16:9, 4:3 and 1:1 focal-point crops and body
# photos uncropped, all large. Pages prefetch these with the ones they show, so building the
# graph adds no query; the specs come from the plugin's settings so the two never disagree.
LEAD_SCHEMA_SPECS = tuple(get_structured_data_setting("IMAGE_CROPS").values())
BODY_SCHEMA_SPEC = get_structured_data_setting("IMAGE_SPEC")
LEAD_SPECS = (LEAD_SPEC, *LEAD_SCHEMA_SPECS)
BODY_SPECS = (BODY_SPEC, BODY_SCHEMA_SPEC)
PORTRAIT_SPECS = (PORTRAIT_SPEC,)  # the JSON-LD Person image is the portrait readers see
