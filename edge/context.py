"""What every GraphQL resolver may use, built once per request (DataLoaders go here too)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from edge.status import ServiceStatusChecker


@dataclass
class EdgeContext:
    """The per-request context; ``request`` is None when a test executes the schema directly."""

    status_checker: ServiceStatusChecker
    request: Request | WebSocket | None = None
    response: Response | WebSocket | None = None
