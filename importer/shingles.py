"""Word 4-gram shingles: how much of one text another holds, whatever their markup and spacing.

The importer uses them to tell whether a page's ``articleBody`` is the whole story or a teaser, and
which extracted blocks belong to it; ``bench/bench_import.py`` scores bodies with the same measure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_WORD = re.compile(r"\w+", re.UNICODE)
SIZE = 4


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def shingles(text_or_words: str | list[str], size: int = SIZE) -> Counter:
    """The text's word n-grams, counted (a text shorter than ``size`` words is one shingle)."""
    tokens = words(text_or_words) if isinstance(text_or_words, str) else text_or_words
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def precision_recall(candidate: str, reference: str) -> tuple[float, float]:
    """Shingle precision and recall of ``candidate`` against ``reference`` (multiset overlap)."""
    got, want = shingles(candidate), shingles(reference)
    if not got and not want:
        return 1.0, 1.0
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def contained(part: str, whole: Counter, whole_text: str) -> float:
    """The share of ``part``'s shingles found in ``whole``; for texts under four words, whether their
    words appear in that order in ``whole_text`` (1.0 or 0.0)."""
    tokens = words(part)
    if not tokens:
        return 0.0
    if len(tokens) < SIZE:
        return 1.0 if f" {' '.join(tokens)} " in f" {whole_text} " else 0.0
    mine = shingles(tokens)
    return sum((mine & whole).values()) / sum(mine.values())
