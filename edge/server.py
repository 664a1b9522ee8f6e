"""``tradingassistant serve edge``: uvicorn on ``TA_HTTP_HOST:TA_HTTP_PORT`` until SIGTERM."""

from __future__ import annotations

import importlib.util

import uvicorn

from edge.app import create_app
from taplatform.config import EdgeSettings, load_settings
from taplatform.logging import configure_logging, get_logger
from taplatform.tracing import setup_tracing, shutdown_tracing

log = get_logger(__name__)

# Open WebSocket subscriptions never end on their own; stop waiting for them after this.
SHUTDOWN_GRACE_S = 10


def _websocket_support() -> bool:
    return any(importlib.util.find_spec(name) for name in ("websockets", "wsproto"))


def build_server(settings: EdgeSettings) -> uvicorn.Server:
    """A uvicorn server for the edge; uvicorn itself drains on SIGTERM and SIGINT."""
    config = uvicorn.Config(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        lifespan="on",
        # Our AccessMiddleware writes the access line; log_config=None keeps our logging.
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )
    return uvicorn.Server(config)


def run() -> None:
    """Entry point of ``tradingassistant serve edge``."""
    settings = load_settings(EdgeSettings)
    configure_logging("edge", settings.log_level, settings.log_format)
    setup_tracing("edge")
    if not _websocket_support():
        log.warning("edge.no_websocket_library: GraphQL subscriptions will be refused")
    log.info("edge.starting", host=settings.http_host, port=settings.http_port)
    try:
        build_server(settings).run()
    finally:
        shutdown_tracing()
