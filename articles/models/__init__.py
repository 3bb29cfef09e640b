"""The articles app's models, one module per concern; other code imports them from here.

Dependencies run one way. ``images``, ``authors``, ``corrections`` and the article's mixins
(``paywall``, ``search_controls``, ``social``) know no page; ``articles`` builds the article page on
them; ``listings`` (home, sections, the authors index, the corrections page) and ``liveblog`` build on
the article. The editor's forms (``articles/forms.py``) import no model, so pages name them as
``base_form_class``.
"""

from .articles import ArticleAuthor, ArticlePage, ArticleTag, ArticleType
from .authors import Author, AuthorProfileLink
from .corrections import ArticleCorrection, CorrectionKind
from .images import NewsImage, NewsImageRendition
from .listings import AuthorIndexPage, CorrectionsPage, HomePage, SectionPage
from .liveblog import LiveBlogPage, LiveBlogStatus, LiveBlogUpdate
from .paywall import Access, AccessSettings, WallKind
from .search_controls import ImagePreview

__all__ = [
    "Access",
    "AccessSettings",
    "ArticleAuthor",
    "ArticleCorrection",
    "ArticlePage",
    "ArticleTag",
    "ArticleType",
    "Author",
    "AuthorIndexPage",
    "AuthorProfileLink",
    "CorrectionKind",
    "CorrectionsPage",
    "HomePage",
    "ImagePreview",
    "LiveBlogPage",
    "LiveBlogStatus",
    "LiveBlogUpdate",
    "NewsImage",
    "NewsImageRendition",
    "SectionPage",
    "WallKind",
]
