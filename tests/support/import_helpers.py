"""Shared helpers for the import tests: a corpus copy with generated photos, and loopback HTTP servers."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.builders import jpeg_bytes

CORPUS = Path(__file__).resolve().parents[1] / "importer" / "corpus"
_IMAGE_REF = re.compile(r"images/([a-z0-9_-]+\.jpg)")


def corpus_copy(tmp_path: Path, base_url: str | None = None) -> Path:
    """A copy of the corpus with a small, distinct JPEG for every ``images/*.jpg`` a page names.

    With ``base_url`` each page gets ``<base href="{base_url}/">``, as a page saved from that server
    would: its relative image URLs are then fetched from there (the importer never opens local paths).
    """
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    (target / "images").mkdir(exist_ok=True)
    names = sorted({name for page in target.glob("*.html") for name in _IMAGE_REF.findall(page.read_text())})
    for number, name in enumerate(names):
        color = (30 + number * 20 % 200, 80, 160 - number * 10 % 150)
        (target / "images" / name).write_bytes(jpeg_bytes(320, 180, color))
    if base_url is not None:
        for page in target.glob("*.html"):
            page.write_text(page.read_text().replace("<head>", f'<head><base href="{base_url}/">', 1))
    return target


def file_routes(directory: Path, content_type: str = "image/jpeg") -> dict[str, Handler]:
    """Routes serving every file of ``directory`` under ``/<directory name>/``."""
    return {
        f"/{directory.name}/{path.name}": respond(path.read_bytes(), content_type)
        for path in sorted(directory.iterdir())
        if path.is_file()
    }


Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def serve(routes: dict[str, Handler], host: str = "127.0.0.1"):
    """A ThreadingHTTPServer on ``host`` (port 0) answering ``routes``; yields its base URL."""

    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            handler = routes.get(self.path.split("?")[0])
            if handler is None:
                self.send_error(404)
                return
            with suppress(BrokenPipeError, ConnectionResetError):
                handler(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), RequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def respond(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200, headers=None) -> Handler:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(body)

    return handler
