"""A real local HTTP server that answers like the outside providers, scripted per path.

Each path gets a list of replies used in order (the last one repeats), so a
test can say "429, then the file". Every request is recorded. Replies can be
slow (to hit client timeouts) or cut short (a body shorter than its
Content-Length, as a dropped connection leaves it).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    # Send only this many bytes of the body while announcing all of it.
    cut_at: int | None = None


def data_reply(name: str, content_type: str = "text/csv; charset=utf-8") -> Reply:
    return Reply(body=(DATA / name).read_bytes(), content_type=content_type)


class ProviderServer:
    """Scripted replies by path; ``requests`` lists ``path?query`` of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[str] = []
        self.url = ""

    def script(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.split("?", 1)[0] == path)

    def _next(self, path: str) -> Reply:
        replies = self.routes.get(path)
        if not replies:
            return Reply(404, b"<html><body>Not Found</body></html>", "text/html")
        return replies.pop(0) if len(replies) > 1 else replies[0]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                reply = server._next(self.path.split("?", 1)[0])
                time.sleep(reply.delay_s)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                body = reply.body if reply.cut_at is None else reply.body[: reply.cut_at]
                # The client may have given up already (the timeout test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)
                if reply.cut_at is not None:
                    self.close_connection = True

            def log_message(self, *_: object) -> None:
                pass

        return Handler


@contextmanager
def provider_server() -> Iterator[ProviderServer]:
    """Run a :class:`ProviderServer` on a free port of 127.0.0.1 for the block."""
    scripted = ProviderServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), scripted.handler())
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="provider-server",
        daemon=True,
    )
    thread.start()
    scripted.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield scripted
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
