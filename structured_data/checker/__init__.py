"""Read pages back the way a search engine does and say what is wrong with their structured data.

``check_html(html, url)`` is the library API; ``manage.py check_structured_data`` runs it over a
whole site (rendered in-process) or over URLs fetched by HTTP; the Wagtail admin shows its report
for the page being edited.
"""

from .core import CheckResult, check_document, check_html
from .issues import Issue, at_level
from .vocabulary import get_vocabulary

__all__ = ["CheckResult", "Issue", "at_level", "check_document", "check_html", "get_vocabulary"]
