"""Real gRPC servers for auth tests: a small gated test service, and the real services.

The test service ``test.v1.Tenancy`` reuses registry request messages (which
carry ``portfolio_id`` / ``portfolio_ids``) and records what its handlers saw.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import MethodDescriptor
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.principal import Principal, current_bearer, current_principal
from taplatform.catalog import ServiceSpec
from taplatform.config import ServiceSettings
from taplatform.grpc.errors import ErrorMappingInterceptor
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.runner import build_app
from tests.support import wait_for_health

SERVICE = "test.v1.Tenancy"


def method(name: str) -> str:
    return f"/{SERVICE}/{name}"


@dataclass
class Seen:
    """What handlers observed: (method, principal, bearer) per call, and requests streamed in."""

    calls: list[tuple[str, Principal | None, str | None]] = field(default_factory=list)

    def note(self, name: str) -> None:
        self.calls.append((name, current_principal.get(), current_bearer.get()))


def tenancy_handler(seen: Seen) -> grpc.GenericRpcHandler:
    """Unary, server-streaming and client-streaming methods over portfolio-naming requests."""

    async def get(request: r.GetPortfolioRequest, context: Any) -> r.GetPortfolioResponse:
        seen.note("Get")
        return r.GetPortfolioResponse(portfolio=r.Portfolio(portfolio_id=request.portfolio_id))

    async def list_many(request: r.ListSleevesRequest, context: Any) -> r.ListSleevesResponse:
        seen.note("ListMany")
        return r.ListSleevesResponse(
            sleeves=[r.Sleeve(portfolio_id=p) for p in request.portfolio_ids]
        )

    async def setup(request: r.GetSetupStateRequest, context: Any) -> r.GetSetupStateResponse:
        seen.note("Setup")
        return r.GetSetupStateResponse(needs_first_admin=True)

    async def watch(request: r.GetPortfolioRequest, context: Any) -> AsyncIterator[r.Portfolio]:
        seen.note("Watch")
        for version in (1, 2):
            yield r.Portfolio(portfolio_id=request.portfolio_id, version=version)

    async def write_watch(request: r.GetPortfolioRequest, context: Any) -> None:
        seen.note("WriteWatch")
        await context.write(r.Portfolio(portfolio_id=request.portfolio_id, version=1))

    async def upload(requests: Any, context: Any) -> r.ListSleevesResponse:
        seen.note("Upload")
        ids = [request.portfolio_id async for request in requests]
        return r.ListSleevesResponse(sleeves=[r.Sleeve(portfolio_id=p) for p in ids])

    def unimplemented(request: r.GetPortfolioRequest, context: Any) -> r.GetPortfolioResponse:
        # As the generated base servicer does for RPCs no issue has built yet.
        raise NotImplementedError("Method not implemented!")

    get_req, list_req = r.GetPortfolioRequest, r.ListSleevesRequest
    unary = grpc.unary_unary_rpc_method_handler
    handlers = {
        "Get": unary(get, get_req.FromString, r.GetPortfolioResponse.SerializeToString),
        "ListMany": unary(list_many, list_req.FromString, r.ListSleevesResponse.SerializeToString),
        "Setup": unary(
            setup, r.GetSetupStateRequest.FromString, r.GetSetupStateResponse.SerializeToString
        ),
        "Watch": grpc.unary_stream_rpc_method_handler(
            watch, get_req.FromString, r.Portfolio.SerializeToString
        ),
        "WriteWatch": grpc.unary_stream_rpc_method_handler(
            write_watch, get_req.FromString, r.Portfolio.SerializeToString
        ),
        "Upload": grpc.stream_unary_rpc_method_handler(
            upload, get_req.FromString, r.ListSleevesResponse.SerializeToString
        ),
        "NotBuilt": unary(
            unimplemented, get_req.FromString, r.GetPortfolioResponse.SerializeToString
        ),
    }
    return grpc.method_handlers_generic_handler(SERVICE, handlers)


@asynccontextmanager
async def serving(
    interceptors: Sequence[grpc.aio.ServerInterceptor],
    handlers: Sequence[grpc.GenericRpcHandler] = (),
    *,
    reflect: bool = True,
) -> AsyncIterator[str]:
    """A server as ServiceHost builds one (error mapping outside ours), with Health and
    reflection; yields its ``host:port``."""
    server = grpc.aio.server(interceptors=[ErrorMappingInterceptor(), *interceptors])
    server.add_generic_rpc_handlers(tuple(handlers))
    servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    await servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    if reflect:
        reflection.enable_server_reflection((health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        await server.stop(None)


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


# --- real services, and their RPCs found from protobuf descriptors ---------------------


@asynccontextmanager
async def running_services(
    names: Sequence[str], database_url: str, redis_url: str, **overrides: Any
) -> AsyncIterator[dict[str, str]]:
    """Start the named services in-process (registry first); yield name -> ``host:port``.

    When the registry is among them, the others are pointed at it.
    """
    ordered = sorted(names, key=lambda n: n != "registry")
    addresses: dict[str, str] = {}
    async with AsyncExitStack() as stack:
        for name in ordered:
            settings = ServiceSettings(
                database_url=database_url,
                redis_url=redis_url,
                health_probe_interval_s=0.1,
                **{f"{n}_addr": a for n, a in addresses.items()},
                **overrides,
            )
            app = build_app(name, settings)
            host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
            await stack.enter_async_context(host)
            addresses[name] = f"127.0.0.1:{host.port}"
            assert await wait_for_health(addresses[name], SERVING) == SERVING, name
        yield addresses


def service_methods(spec: ServiceSpec) -> list[MethodDescriptor]:
    """Every RPC of ``spec``'s gRPC service, from the generated descriptors."""
    importlib.import_module(f"tradingassistant.{spec.name}.v1.{spec.name}_pb2_grpc")
    found = descriptor_pool.Default().FindServiceByName(spec.full_name)
    return list(found.methods)


def portfolio_scoped(method_descriptor: MethodDescriptor) -> bool:
    """Whether the request names a portfolio (``portfolio_id`` or ``portfolio_ids``)."""
    fields = method_descriptor.input_type.fields_by_name
    return "portfolio_id" in fields or "portfolio_ids" in fields


def request_for(method_descriptor: MethodDescriptor, portfolio_id: str) -> Any:
    """An otherwise empty request naming ``portfolio_id`` in whichever field it has
    (``""``: a request that names no portfolio)."""
    request = message_factory.GetMessageClass(method_descriptor.input_type)()
    fields = method_descriptor.input_type.fields_by_name
    if "portfolio_id" in fields:
        request.portfolio_id = portfolio_id
    if "portfolio_ids" in fields and portfolio_id:
        request.portfolio_ids.append(portfolio_id)
    return request


async def invoke(
    channel: grpc.aio.Channel,
    method_descriptor: MethodDescriptor,
    request: Any,
    token: str | None = None,
) -> tuple[grpc.StatusCode, Any, str]:
    """Call any unary RPC; returns (code, response or None, error details)."""
    path = f"/{method_descriptor.containing_service.full_name}/{method_descriptor.name}"
    response_class = message_factory.GetMessageClass(method_descriptor.output_type)
    call = channel.unary_unary(
        path,
        request_serializer=type(request).SerializeToString,
        response_deserializer=response_class.FromString,
    )
    try:
        response = await call(request, metadata=bearer(token) if token else None, timeout=10)
    except grpc.aio.AioRpcError as error:
        return error.code(), None, error.details() or ""
    return grpc.StatusCode.OK, response, ""
