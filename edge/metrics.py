"""Prometheus metrics of one edge app, in a registry of its own so tests can build several."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response

from edge.status import ServiceStatus

_NAMESPACE = "ta_edge"


class EdgeMetrics:
    """HTTP request count and latency by route template, and readiness per service."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.http_requests = Counter(
            "http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ("method", "route", "status"),
            namespace=_NAMESPACE,
            registry=self.registry,
        )
        self.http_request_duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route template and status code.",
            ("method", "route", "status"),
            namespace=_NAMESPACE,
            registry=self.registry,
        )
        self.service_ready = Gauge(
            "service_ready",
            "1 when the service answered SERVING at the last check, else 0.",
            ("service",),
            namespace=_NAMESPACE,
            registry=self.registry,
        )

    def observe_request(self, method: str, route: str, status: int, duration_s: float) -> None:
        labels = (method, route, str(status))
        self.http_requests.labels(*labels).inc()
        self.http_request_duration.labels(*labels).observe(duration_s)

    def observe_statuses(self, statuses: Sequence[ServiceStatus]) -> None:
        for status in statuses:
            self.service_ready.labels(status.name).set(1 if status.serving else 0)

    async def endpoint(self, _: Request) -> Response:
        """``GET /metrics`` in the Prometheus text format."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
