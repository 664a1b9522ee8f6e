"""The edge's Starlette app: routes, middleware and the lifespan that owns the gRPC channels."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route, WebSocketRoute

from edge.access import AccessMiddleware
from edge.channels import ServiceChannels
from edge.graphql_view import EdgeGraphQL
from edge.metrics import EdgeMetrics
from edge.notifications import EventFeed
from edge.probes import Readiness, healthz
from edge.schema import build_schema
from edge.status import ServiceStatusChecker
from edge.webapp import WebAppFiles, WebDist
from taplatform.config import EdgeSettings
from taplatform.logging import get_logger

log = get_logger(__name__)

# Liveness probes and scrapes would otherwise start a trace every few seconds.
_UNTRACED_URLS = r"/healthz$,/metrics$"


def create_app(settings: EdgeSettings) -> Starlette:
    """Build the edge; its gRPC channels open at startup and close at shutdown."""
    channels = ServiceChannels(settings)
    metrics = EdgeMetrics()
    checker = ServiceStatusChecker(
        channels, timeout_s=settings.rpc_timeout_s, observer=metrics.observe_statuses
    )
    dist = WebDist(settings.web_dist_dir)
    events = EventFeed(settings.redis_url) if settings.redis_url else None
    graphql = EdgeGraphQL(
        build_schema(introspection=settings.env == "dev"),
        status_checker=checker,
        dist=dist,
        channels=channels,
        rpc_timeout_s=settings.rpc_timeout_s,
        events=events,
    )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        channels.open()
        log.info("edge.started", services=channels.addresses, web_dist=str(dist.directory))
        try:
            yield
        finally:
            await channels.close()
            if events is not None:
                await events.close()
            log.info("edge.stopped")

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", Readiness(checker).endpoint, methods=["GET"]),
        Route("/metrics", metrics.endpoint, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Mount("/", app=WebAppFiles(dist), name="web"),
    ]
    middleware = [
        Middleware(
            OpenTelemetryMiddleware,
            excluded_urls=_UNTRACED_URLS,
            exclude_spans=["receive", "send"],
        ),
        Middleware(AccessMiddleware, metrics=metrics),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
