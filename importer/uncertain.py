"""Say where an extraction is uncertain, per page, and take the better source where there is one.

Three signs a whole archive repeats: the headline is the site's name (a CMS that puts the publication
in ``headline`` or ``og:title``), the body is much shorter than the page's main text (unusual markup
the extractor read past), and the body disagrees with the page's own ``articleBody``. Each adds a flag
for the import report; a headline that is the site name is replaced by the page's other headline
sources (another syntax's headline, the ``<h1>``, the ``<title>`` without the site name) if any differs.
"""

from __future__ import annotations

from . import shingles, values
from .mapping import MAX_HEADLINE, ArticleDraft, _known_body, _marked_body, _visible_text, body_text_of

#: Below this share of the page's main text, the body is flagged as short.
SHORT_SHARE = 0.5
#: Main texts shorter than this many words are not judged (a brief is short everywhere).
MIN_MAIN_WORDS = 150
#: Below this F1 against a whole-text articleBody, the two are flagged as disagreeing.
AGREEMENT_F1 = 0.5


def _key(text: str) -> str:
    return " ".join(shingles.words(text))


def site_names(extraction, draft: ArticleDraft) -> set[str]:
    records = getattr(extraction, "records", None) or {}
    names = {draft.publisher}
    for record in records.values():
        names.add(values.text(record.get("publisher")))
    tree = getattr(extraction, "tree", None)
    if tree is not None:
        for meta in tree.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() in ("og:site_name", "application-name"):
                names.add(values.text(meta.get("content")))
    return {_key(name) for name in names if name}


def headline_candidates(extraction) -> list[tuple[str, str]]:
    from .extract import _without_site_name

    records = getattr(extraction, "records", None) or {}
    found = [(syntax, values.text(record.get("headline"), MAX_HEADLINE)) for syntax, record in records.items()]
    tree = getattr(extraction, "tree", None)
    if tree is not None:
        found += [("<h1>", values.text(h.text_content(), MAX_HEADLINE)) for h in tree.iter("h1")]
        found += [
            ("<title>", _without_site_name(values.text(t.text_content(), MAX_HEADLINE))) for t in tree.iter("title")
        ]
    return [(where, text) for where, text in found if text]


def main_text(extraction) -> str:
    """The page's main text as the page marks it: its articleBody element, a CMS body class, else the
    longest ``<article>`` or ``<main>``."""
    tree = getattr(extraction, "tree", None)
    if tree is None:
        return ""
    marked, _syntax = _marked_body(tree)
    element = marked if marked is not None else _known_body(tree)
    if element is None:
        candidates = tree.xpath("//article|//main")
        element = max(candidates, key=lambda e: len(e.text_content()), default=None)
    return _visible_text(element) if element is not None else ""


def review(draft: ArticleDraft, extraction) -> list[str]:
    """Flags for the report (and a better headline where the page has one)."""
    flags: list[str] = []
    names = site_names(extraction, draft)
    if _key(draft.headline) in names:
        better = next(
            ((where, text) for where, text in headline_candidates(extraction) if _key(text) not in names), None
        )
        if better is not None:
            flags.append(f"headline was the site name ({draft.headline!r}); took the {better[0]} headline instead")
            draft.headline = better[1]
            draft.provenance["headline"] = better[0]
        else:
            flags.append(f"headline is the site name ({draft.headline!r}) and the page offers no other")
    body = body_text_of(draft.body)
    body_words = len(shingles.words(body))
    main_words = len(shingles.words(main_text(extraction)))
    if main_words >= MIN_MAIN_WORDS and body_words < SHORT_SHARE * main_words:
        flags.append(f"body is short: {body_words} words of the page's {main_words}-word main text")
    if draft.provenance.get("body") == "json-ld articleBody":
        flags.append("the page's HTML holds too little of its JSON-LD articleBody; took the articleBody")
    records = getattr(extraction, "records", None) or {}
    article_body = values.long_text((records.get("json-ld") or {}).get("body_text"))
    if len(shingles.words(article_body)) >= 25 and body:
        precision, recall = shingles.precision_recall(body, article_body)
        agreement = shingles.f1(precision, recall)
        if agreement < AGREEMENT_F1:
            flags.append(
                f"body and the page's articleBody disagree (F1 {agreement:.2f}); kept {draft.provenance.get('body')}"
            )
    return flags
