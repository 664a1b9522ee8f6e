"""The built web app (``edge/web/dist``): served at ``/``, or a clear 503 until it is built."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse, PlainTextResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocketClose

PACKAGED_DIST_DIR = Path(__file__).resolve().parent / "web" / "dist"

NOT_BUILT_MESSAGE = (
    "The web app is not built ({dist}). Run `make web` "
    "(or `cd edge/web && npm ci && npm run build`) and reload."
)


class WebDist:
    """Where the built web app lives; ``TA_WEB_DIST_DIR`` or ``edge/web/dist``."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else PACKAGED_DIST_DIR

    def path(self, relative: str) -> Path:
        return self.directory / relative

    def has(self, relative: str) -> bool:
        return self.path(relative).is_file()

    def not_built_response(self) -> PlainTextResponse:
        return PlainTextResponse(NOT_BUILT_MESSAGE.format(dist=self.directory), status_code=503)


def is_client_route(path: str) -> bool:
    """A page of the single-page app (``/portfolios/42``), not a missing asset (``/x.js``)."""
    last = path.rstrip("/").rpartition("/")[2]
    return "." not in last


class WebAppFiles:
    """Static files from the dist directory, checked per request.

    The check is per request, not at start, so an edge started before
    ``make web`` serves the app as soon as it is built, and a missing build
    answers 503 instead of stopping the process. Paths that are the app's own
    routes fall back to ``index.html`` so a reload of ``/portfolios/42`` works;
    a missing file with an extension stays a 404.
    """

    def __init__(self, dist: WebDist) -> None:
        self.dist = dist
        self._files = StaticFiles(directory=dist.directory, html=True, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await WebSocketClose()(scope, receive, send)
            return
        if not self.dist.has("index.html"):
            await self.dist.not_built_response()(scope, receive, send)
            return
        relative = scope["path"].lstrip("/")
        if relative and not self.dist.path(relative).exists() and is_client_route(scope["path"]):
            response = FileResponse(self.dist.path("index.html"), media_type="text/html")
            response.headers["cache-control"] = "no-cache"
            await response(scope, receive, send)
            return
        await self._files(scope, receive, send)
