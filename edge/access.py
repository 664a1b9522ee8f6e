"""ASGI middleware that times each HTTP request, counts it and writes one access-log line."""

from __future__ import annotations

import time

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edge.metrics import EdgeMetrics
from taplatform.logging import get_logger

log = get_logger("edge.access")

UNMATCHED_ROUTE = "<unmatched>"
# Probes and scrapes arrive every few seconds; their lines would drown the rest.
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def route_template(scope: Scope) -> str:
    """The template of the route that answered (``/graphql``), never the raw path.

    The router stores the matched route in the scope; raw paths would give the
    metrics one label value per URL anyone cares to request.
    """
    route = scope.get("route")
    if isinstance(route, Mount):
        return f"{route.path}/{{path}}"
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class AccessMiddleware:
    """Observes HTTP requests only; WebSocket sessions and lifespan pass straight through."""

    def __init__(self, app: ASGIApp, metrics: EdgeMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def send_and_record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            self._observe(scope, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, duration_s: float) -> None:
        route = route_template(scope)
        method = scope["method"]
        self.metrics.observe_request(method, route, status, duration_s)
        emit = log.debug if route in _QUIET_ROUTES else log.info
        emit(
            "http.request",
            method=method,
            path=scope["path"],
            route=route,
            status=status,
            duration_ms=round(duration_s * 1000, 1),
        )
