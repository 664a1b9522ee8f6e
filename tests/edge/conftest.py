"""Real in-process gRPC health servers for the five services, and an edge app running on them."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from starlette.types import ASGIApp, Message

from edge.channels import ServiceChannels
from services.registry.bootstrap import bootstrap
from taplatform.catalog import SERVICES, service
from taplatform.config import EdgeSettings
from taplatform.grpc.server import SERVING as SERVING_STATUS
from taplatform.grpc.server import ServiceHost
from tests.edge.graphql_client import GraphQLClient
from tests.registry.harness import cheap_settings
from tests.support import DatabaseFactory, wait_for_health

if TYPE_CHECKING:
    from tests.edge.market_stack import MarketStack

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class HealthServers:
    """One real gRPC server per service on port 0, each answering grpc.health.v1 only."""

    def __init__(self) -> None:
        self.servicers = {spec.name: health.aio.HealthServicer() for spec in SERVICES}
        self.ports: dict[str, int] = {}
        self._servers: list[grpc.aio.Server] = []

    async def start(self) -> None:
        for spec in SERVICES:
            server = grpc.aio.server()
            health_pb2_grpc.add_HealthServicer_to_server(self.servicers[spec.name], server)
            self.ports[spec.name] = server.add_insecure_port("127.0.0.1:0")
            await server.start()
            self._servers.append(server)
            await self.set(spec.name, SERVING)

    async def stop(self) -> None:
        await asyncio.gather(*(server.stop(None) for server in self._servers))

    async def set(self, name: str, status: int) -> None:
        await self.servicers[name].set(service(name).full_name, status)

    def settings(self, **overrides: Any) -> EdgeSettings:
        """Edge settings pointing at these servers; ``overrides`` win (e.g. one bad address)."""
        addresses = {f"{name}_addr": f"127.0.0.1:{port}" for name, port in self.ports.items()}
        return EdgeSettings(**(addresses | {"web_dist_dir": None} | overrides))


@pytest.fixture
async def health_servers() -> AsyncIterator[HealthServers]:
    servers = HealthServers()
    await servers.start()
    yield servers
    await servers.stop()


@asynccontextmanager
async def open_channels(settings: EdgeSettings) -> AsyncIterator[ServiceChannels]:
    channels = ServiceChannels(settings)
    channels.open()
    try:
        yield channels
    finally:
        await channels.close()


@asynccontextmanager
async def lifespan_running(app: ASGIApp) -> AsyncIterator[None]:
    """Drive the ASGI lifespan protocol as a server does: startup, then shutdown on exit."""
    to_app: asyncio.Queue[Message] = asyncio.Queue()
    from_app: asyncio.Queue[Message] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    running = asyncio.create_task(app(scope, to_app.get, from_app.put))
    await to_app.put({"type": "lifespan.startup"})
    started = await from_app.get()
    assert started["type"] == "lifespan.startup.complete", started
    try:
        yield
    finally:
        await to_app.put({"type": "lifespan.shutdown"})
        stopped = await from_app.get()
        await running
        assert stopped["type"] == "lifespan.shutdown.complete", stopped


@asynccontextmanager
async def edge_client(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client to ``app`` after its startup; shuts the app down on exit."""
    transport = httpx.ASGITransport(app=app)
    async with (
        lifespan_running(app),
        httpx.AsyncClient(transport=transport, base_url="http://edge.test") as client,
    ):
        yield client


class WebSocketSession:
    """One WebSocket connection to an ASGI app, driven message by message on this loop."""

    # A guard so a broken server fails the test instead of hanging it; not a synchronisation.
    RECEIVE_TIMEOUT_S = 10.0

    def __init__(self, app: ASGIApp, path: str, subprotocols: list[str]) -> None:
        self._app = app
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"edge.test")],
            "subprotocols": subprotocols,
            "client": ("127.0.0.1", 50000),
            "server": ("edge.test", 80),
        }
        self._running: asyncio.Task[None] | None = None
        self.subprotocol: str | None = None

    async def __aenter__(self) -> WebSocketSession:
        self._running = asyncio.create_task(self._app(self._scope, self._to_app.get, self._send))
        await self._to_app.put({"type": "websocket.connect"})
        accepted = await self._receive()
        assert accepted["type"] == "websocket.accept", accepted
        self.subprotocol = accepted.get("subprotocol")
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._to_app.put({"type": "websocket.disconnect", "code": 1000})
        assert self._running is not None
        await asyncio.wait_for(self._running, self.RECEIVE_TIMEOUT_S)

    async def _send(self, message: Message) -> None:
        await self._from_app.put(message)

    async def _receive(self) -> Message:
        return await asyncio.wait_for(self._from_app.get(), self.RECEIVE_TIMEOUT_S)

    async def send_json(self, payload: Any) -> None:
        await self._to_app.put({"type": "websocket.receive", "text": json.dumps(payload)})

    async def receive_json(self) -> Any:
        message = await self._receive()
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])


class CountingInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """A real server interceptor that counts the RPCs a server receives, by method name."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        service, _, method = details.method.rpartition("/")
        if not service.endswith("Health"):
            self.calls[method] += 1
        return await continuation(details)


@dataclass
class LiveRegistry:
    """The real registry on a fresh database, counting the calls it receives."""

    addr: str
    calls: Counter[str]
    database_url: str


@pytest.fixture
async def registry(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[LiveRegistry]:
    database_url = await new_database()
    app = bootstrap(cheap_settings(database_url, redis_url))
    counter = CountingInterceptor()
    # First, so it sees every call, even those the auth interceptor refuses.
    app.interceptors.insert(0, counter)
    async with ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0) as host:
        addr = f"127.0.0.1:{host.port}"
        assert await wait_for_health(addr, SERVING_STATUS) == SERVING_STATUS
        yield LiveRegistry(addr=addr, calls=counter.calls, database_url=database_url)


@asynccontextmanager
async def graphql_client(
    app: ASGIApp, base_url: str = "http://localhost"
) -> AsyncIterator[GraphQLClient]:
    """A cookie-keeping GraphQL client to ``app`` after its startup (localhost: no Secure)."""
    transport = httpx.ASGITransport(app=app)
    async with (
        lifespan_running(app),
        httpx.AsyncClient(transport=transport, base_url=base_url) as http,
    ):
        yield GraphQLClient(http)


@pytest.fixture(scope="module")
async def market(
    new_database: DatabaseFactory, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[MarketStack]:
    """Registry, ledger and marketdata (CSV provider) for one test module; see market_stack."""
    # Imported here: market_stack builds on this module's helpers.
    from tests.edge.market_stack import market_stack

    folder = tmp_path_factory.mktemp("provider-csv")
    async with market_stack(await new_database(), redis_url, folder) as stack:
        yield stack
