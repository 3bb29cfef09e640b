"""Read pages back the way a search engine does and say what is wrong with their structured data.

``check_html(html, url)`` is the library API; ``manage.py check_structured_data`` runs it over a
whole site (rendered in-process), over URLs fetched by HTTP, or over another site's sitemap; the
Wagtail admin shows its report for the page being edited. The rules live one concern per module in
``checker/rules/`` and are listed by :data:`registry` (id, severity, source, reason).
"""

from .core import CheckResult, check_document, check_html
from .issues import Issue, at_level
from .registry import Rule, register, registry
from .vocabulary import get_vocabulary

__all__ = [
    "CheckResult", "Issue", "Rule", "at_level", "check_document", "check_html", "get_vocabulary", "register",
    "registry",
]  # fmt: skip
