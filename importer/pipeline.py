"""One source, end to end: read it, extract, map, save. The command loops over this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from wagtail.models import Page

from .errors import UnsafeURLError
from .extract import extract
from .fetch import Fetched, fetch, read_file
from .mapping import ArticleDraft, map_article
from .save import SaveResult, save_article

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Source:
    """A page to import: a URL, or a file with the directory its images may be read from."""

    location: str
    root: Path | None = None  # for files: the directory it was found in (None for URLs)

    @property
    def is_url(self) -> bool:
        return self.root is None

    def __str__(self) -> str:
        return self.location


def expand_sources(specs: list[str]) -> list[Source]:
    """URLs as they are; a directory becomes its HTML files (recursively, sorted)."""
    sources = []
    for spec in specs:
        scheme = urlsplit(spec).scheme.lower()
        if scheme in ("http", "https"):
            sources.append(Source(spec))
            continue
        if "://" in spec:
            raise UnsafeURLError(f"only http and https URLs, files and directories are imported: {spec}")
        path = Path(spec)
        if path.is_dir():
            root = path.resolve()
            sources.extend(
                Source(str(file), root=root)
                for file in sorted(path.rglob("*"))
                if file.is_file() and file.suffix.lower() in HTML_SUFFIXES
            )
        else:
            sources.append(Source(spec, root=path.resolve().parent))
    return sources


def filename_for(url: str) -> str:
    return PurePosixPath(urlsplit(url).path).name or "photo"


def load_image(url: str) -> tuple[bytes, str]:
    """An image from the web under the fetch rules: a page's HTML never names a path on this machine that
    we would open (see ``extract.document_base``); a saved page's own folder is the one exception
    (:func:`saved_page_loader`)."""
    fetched = fetch(url, "image")
    return fetched.content, filename_for(fetched.url)


def saved_page_loader(page: Path, fallback=None):
    """A loader for a page saved "complete" (``page.html`` beside ``page_files/``): an image whose URL
    path goes through that folder's name is read from the folder, confined to it (no ``..``, no absolute
    path, no symlink out); any other image goes to ``fallback`` (the web, under the fetch rules)."""
    fallback = fallback or load_image
    folder_name = f"{page.stem}_files"
    folder = page.parent / folder_name

    def load(url: str) -> tuple[bytes, str]:
        parts = PurePosixPath(unquote(urlsplit(url).path)).parts
        if folder.is_dir() and folder_name in parts:
            relative = parts[len(parts) - parts[::-1].index(folder_name) :]
            if not relative or ".." in relative or any(part.startswith("/") for part in relative):
                raise UnsafeURLError(f"refused {url}: the path leaves {folder_name}/")
            fetched = read_file(folder.joinpath(*relative), "image", root=folder)
            return fetched.content, relative[-1]
        return fallback(url)

    return load


def load_page(source: Source) -> Fetched:
    if source.is_url:
        return fetch(source.location, "page")
    return read_file(Path(source.location), "page")


def draft_for(source: Source, page: Fetched | None = None) -> ArticleDraft:
    page = page or load_page(source)
    extraction = extract(page.content, page.url, encoding=page.charset)
    draft = map_article(extraction)
    if not draft.source_url:
        draft.warnings.append("no canonical URL: a second import of this page is recognised by its text")
    return draft


def import_source(
    source: Source,
    *,
    parent: Page,
    publish: bool = False,
    update: bool = False,
    dry_run: bool = False,
    update_authors: bool = False,
    page: Fetched | None = None,
) -> tuple[SaveResult, ArticleDraft]:
    """Import one source (``page``: already fetched); every expected failure is an :class:`ArticleImportError`."""
    draft = draft_for(source, page)
    result = save_article(
        draft,
        parent=parent,
        publish=publish,
        update=update,
        dry_run=dry_run,
        load_image=load_image if source.is_url else saved_page_loader(Path(source.location)),
        update_authors=update_authors,
    )
    return result, draft
