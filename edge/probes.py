"""``/healthz`` (the process is up) and ``/readyz`` (every service answers SERVING)."""

from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from edge.status import ServiceStatusChecker


async def healthz(_: Request) -> Response:
    return PlainTextResponse("ok")


class Readiness:
    """Readiness of the edge: it can serve only what all five services serve."""

    def __init__(self, checker: ServiceStatusChecker) -> None:
        self._checker = checker

    async def endpoint(self, _: Request) -> Response:
        """``GET /readyz``: 200 when every service is SERVING, else 503; both list each one."""
        statuses = await self._checker.check_all()
        ready = all(status.serving for status in statuses)
        body = {
            "ready": ready,
            "services": [asdict(status) | {"status": status.status.value} for status in statuses],
        }
        return JSONResponse(body, status_code=200 if ready else 503)
