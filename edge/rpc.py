"""Service calls for one request: the caller's bearer on every call, failures decoded.

The edge never acts as itself: every business RPC carries the user's session
or API token as ``authorization: Bearer <token>``, so each service decides
what the user may see. A failed call becomes :class:`ServiceCallError`, which
keeps the gRPC code and the ``google.rpc`` details the service sent
(``BadRequest`` field violations, ``ErrorInfo`` reason and metadata).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import grpc
from google.rpc import error_details_pb2, status_pb2
from tradingassistant.engine.v1 import engine_pb2_grpc
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.oms.v1 import oms_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2_grpc

STATUS_DETAILS_KEY = "grpc-status-details-bin"


@dataclass(frozen=True)
class FieldError:
    """One bad field as the service named it, e.g. ``target_weight_pct``."""

    field: str
    message: str


@dataclass
class ServiceCallError(Exception):
    """A gRPC call that failed, with what the service said about why."""

    code: grpc.StatusCode
    message: str
    reason: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    field_errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


def decode_error(error: grpc.aio.AioRpcError) -> ServiceCallError:
    """The code, message and ``google.rpc`` details of a failed call."""
    decoded = ServiceCallError(code=error.code(), message=error.details() or error.code().name)
    for key, value in error.trailing_metadata() or ():
        if key != STATUS_DETAILS_KEY or not isinstance(value, bytes):
            continue
        status = status_pb2.Status.FromString(value)
        decoded.message = status.message or decoded.message
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            bad_request = error_details_pb2.BadRequest()
            if detail.Unpack(info):
                decoded.reason = info.reason
                decoded.metadata = dict(info.metadata)
            elif detail.Unpack(bad_request):
                decoded.field_errors = [
                    FieldError(v.field, v.description) for v in bad_request.field_violations
                ]
    return decoded


class ServiceCalls:
    """A service stub bound to one caller: ``await calls.ListSleeves(request)``.

    ``bearer`` is None for the few RPCs that need no credentials (setup state,
    first admin, sign-in); the services refuse the rest with UNAUTHENTICATED.
    """

    # The generated stub class, built on a channel.
    stub_class: ClassVar[Any]

    def __init__(self, stub: Any, *, bearer: str | None, timeout_s: float) -> None:
        self._stub = stub
        self.bearer = bearer
        self._timeout_s = timeout_s

    @classmethod
    def over(cls, channel: grpc.aio.Channel, *, bearer: str | None, timeout_s: float) -> Self:
        return cls(cls.stub_class(channel), bearer=bearer, timeout_s=timeout_s)

    def with_bearer(self, bearer: str | None) -> Self:
        """The same stub acting for another token (after sign-in, for instance)."""
        return type(self)(self._stub, bearer=bearer, timeout_s=self._timeout_s)

    def __getattr__(self, method: str) -> Callable[[Any], Awaitable[Any]]:
        rpc = getattr(self._stub, method)

        async def call(request: Any) -> Any:
            metadata = (("authorization", f"Bearer {self.bearer}"),) if self.bearer else ()
            try:
                return await rpc(request, timeout=self._timeout_s, metadata=metadata)
            except grpc.aio.AioRpcError as error:
                raise decode_error(error) from None

        return call


class RegistryCalls(ServiceCalls):
    stub_class = registry_pb2_grpc.RegistryServiceStub


class LedgerCalls(ServiceCalls):
    stub_class = ledger_pb2_grpc.LedgerServiceStub


class MarketDataCalls(ServiceCalls):
    stub_class = marketdata_pb2_grpc.MarketDataServiceStub


class EngineCalls(ServiceCalls):
    stub_class = engine_pb2_grpc.EngineServiceStub


class OmsCalls(ServiceCalls):
    stub_class = oms_pb2_grpc.OmsServiceStub
