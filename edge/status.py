"""Service status over grpc.health.v1: one checker for /readyz, /metrics and GraphQL."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from edge.channels import ServiceChannels
from taplatform.catalog import ServiceSpec

# Readiness must answer well inside a probe's timeout even when rpc_timeout_s is long.
HEALTH_TIMEOUT_CAP_S = 2.0

_UNREACHABLE_CODES = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class ServingStatus(enum.Enum):
    """What a service said about itself, or why it said nothing."""

    SERVING = "SERVING"
    NOT_SERVING = "NOT_SERVING"
    UNKNOWN = "UNKNOWN"
    UNREACHABLE = "UNREACHABLE"


@dataclass(frozen=True)
class ServiceStatus:
    """The health of one service as the edge sees it; ``detail`` says why it is not SERVING."""

    name: str
    address: str
    status: ServingStatus
    detail: str | None = None

    @property
    def serving(self) -> bool:
        return self.status is ServingStatus.SERVING


StatusObserver = Callable[[Sequence[ServiceStatus]], None]


def _from_response(status: int) -> tuple[ServingStatus, str | None]:
    if status == health_pb2.HealthCheckResponse.SERVING:
        return ServingStatus.SERVING, None
    if status == health_pb2.HealthCheckResponse.NOT_SERVING:
        return ServingStatus.NOT_SERVING, "the service reports NOT_SERVING"
    name = health_pb2.HealthCheckResponse.ServingStatus.Name(status)
    return ServingStatus.UNKNOWN, f"the service reports {name}"


def _from_error(error: grpc.aio.AioRpcError) -> tuple[ServingStatus, str]:
    code = error.code()
    detail = f"{code.name}: {error.details() or 'no details'}"
    if code in _UNREACHABLE_CODES:
        return ServingStatus.UNREACHABLE, detail
    if code is grpc.StatusCode.NOT_FOUND:
        return ServingStatus.UNKNOWN, f"no health status registered ({detail})"
    return ServingStatus.UNKNOWN, detail


class ServiceStatusChecker:
    """Asks every service's ``grpc.health.v1.Health/Check`` concurrently, with a deadline.

    Calls run in the caller's context, so inside a request they are child spans
    of the request's span. ``observer`` sees every complete round of results
    (the readiness gauge).
    """

    def __init__(
        self,
        channels: ServiceChannels,
        *,
        timeout_s: float,
        observer: StatusObserver | None = None,
    ) -> None:
        self._channels = channels
        self.timeout_s = min(timeout_s, HEALTH_TIMEOUT_CAP_S)
        self._observer = observer

    async def check_all(self) -> list[ServiceStatus]:
        """The status of every service, in catalog order."""
        statuses = await asyncio.gather(*(self.check(spec) for spec in self._channels.services))
        if self._observer is not None:
            self._observer(statuses)
        return statuses

    async def check(self, spec: ServiceSpec) -> ServiceStatus:
        stub = health_pb2_grpc.HealthStub(self._channels.channel(spec.name))
        request = health_pb2.HealthCheckRequest(service=spec.full_name)
        detail: str | None
        try:
            response = await stub.Check(request, timeout=self.timeout_s)
        except grpc.aio.AioRpcError as error:
            status, detail = _from_error(error)
        else:
            status, detail = _from_response(response.status)
        return ServiceStatus(spec.name, self._channels.addresses[spec.name], status, detail)
