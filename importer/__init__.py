"""Import articles from other sites' HTML.

The pipeline is four small steps, each usable on its own:

* :mod:`.fetch` reads a page or an image from the web safely (public addresses only, byte caps,
  timeouts) or from a local file;
* :mod:`.extract` parses the HTML without touching the network and reads what the page says about
  itself (JSON-LD, microdata, RDFa, OpenGraph and meta tags), field by field, with provenance;
* :mod:`.mapping` turns that into a plain :class:`~.mapping.ArticleDraft`, with the body cleaned to the
  rich text our editor allows;
* :mod:`.save` writes a draft as an ``ArticlePage`` with its authors and captioned photos, in one
  transaction.

Every expected failure is an :class:`~.errors.ArticleImportError` with a message for people.
"""

from .errors import ArticleImportError

__all__ = ["ArticleImportError"]
