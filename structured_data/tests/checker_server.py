"""A loopback HTTP server for checking "another site": pages, robots.txt, sitemaps and images from memory.

It records when each request started and how many image requests ran at once, so tests can see the
delay, the per-host limit and robots.txt being respected.
"""

from __future__ import annotations

import gzip
import http.server
import io
import threading
import time
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds between two bytes of the body (a server that drips its answer).
    drip: float = 0.0


@dataclass
class LoopbackSite:
    resources: dict[str, Resource] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)
    images_in_flight: int = 0
    max_images_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kwargs) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.resources[path] = Resource(data, content_type, **kwargs)
        return self.base + path.lstrip("/")

    def add_sitemap(self, path: str, urls: list[str], *, gzipped: bool = False, index: bool = False) -> str:
        tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
        entries = "".join(f"<{item}><loc>{escape(url)}</loc></{item}>" for url in urls)
        xml = f'<?xml version="1.0" encoding="UTF-8"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{tag}>'
        body = gzip.compress(xml.encode()) if gzipped else xml.encode()
        return self.add(path, body, "application/x-gzip" if gzipped else "application/xml")

    def add_image(self, path: str, size: tuple[int, int], delay: float = 0.0) -> str:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", size, (40, 90, 140)).save(buffer, "PNG")
        return self.add(path, buffer.getvalue(), "image/png", delay=delay)

    def requests_for(self, prefix: str) -> list[float]:
        with self.lock:
            return [when for when, path in self.log if path.startswith(prefix)]


def serve(site: LoopbackSite, host: str = "127.0.0.1"):
    """Start serving ``site`` on ``host`` (a free port); returns the server (``shutdown()`` it)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.log.append((time.monotonic(), path))
            resource = site.resources.get(path)
            if resource is None:
                self.send_error(404)
                return
            is_image = resource.content_type.startswith("image/")
            if is_image:
                with site.lock:
                    site.images_in_flight += 1
                    site.max_images_in_flight = max(site.max_images_in_flight, site.images_in_flight)
            try:
                if resource.delay:
                    time.sleep(resource.delay)
            finally:
                # Counted out before the answer goes: once the client has the answer it may start its next
                # request, which must not find this one still counted (a race the limit test tripped on).
                if is_image:
                    with site.lock:
                        site.images_in_flight -= 1
            self.send_response(resource.status)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            for name, value in resource.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not resource.drip:
                self.wfile.write(resource.body)
                return
            try:
                for index in range(len(resource.body)):
                    self.wfile.write(resource.body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(resource.drip)
            except OSError:  # the client gave up
                pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    site.base = f"http://{host}:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server
