"""The one family of errors an import raises: each says what was wrong with which source."""

from __future__ import annotations


class ArticleImportError(Exception):
    """A source could not be imported; the message is fit to show to the person running the import."""


class FetchError(ArticleImportError):
    """Fetching a page or an image failed (network, status, type, size)."""


class UnsafeURLError(FetchError):
    """The URL's scheme or address is not allowed (internal networks, loopback, non-http schemes)."""


class ResponseTooLargeError(FetchError):
    """The body, compressed or decompressed, went over its byte cap."""


class FetchTimeoutError(FetchError):
    """A connect or read timeout, or the overall deadline, ran out."""


class ContentTypeError(FetchError):
    """The server said the body is something we do not import."""


class ParseError(ArticleImportError):
    """The document is hostile or broken in a way that would make the import silently wrong."""


class NoArticleError(ArticleImportError):
    """Nothing in the page describes an article we can import (no headline, for example)."""
