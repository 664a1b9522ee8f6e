"""The edge sees the five real services: readiness follows their databases, and one trace spans all.

Each service runs on a real gRPC server (port 0) against real PostgreSQL; the
edge is the real Starlette app with its lifespan, called over ASGI.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

import httpx
import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from edge.app import create_app
from taplatform.catalog import SERVICES
from taplatform.config import EdgeSettings, ServiceSettings
from taplatform.grpc.server import NOT_SERVING, SERVING, ServiceHost
from taplatform.runner import build_app
from taplatform.tracing import setup_tracing
from tests.support import wait_for_health

STATUS_QUERY = "{ systemStatus { name address status detail } }"

Stack = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def stack(migrated_database_url: str, redis_url: str) -> Stack:
    """Start the five services (optionally one with a broken database URL) and the edge."""

    @asynccontextmanager
    async def start(
        *,
        broken: str | None = None,
        broken_url: str = "",
        exporter: InMemorySpanExporter | None = None,
    ) -> AsyncIterator[httpx.AsyncClient]:
        async with AsyncExitStack() as stack:
            addresses: dict[str, str] = {}
            for spec in SERVICES:
                url = broken_url if spec.name == broken else migrated_database_url
                settings = ServiceSettings(database_url=url, redis_url=redis_url)
                provider = None
                if exporter is not None:
                    provider = TracerProvider(
                        resource=Resource.create({"service.name": f"ta-{spec.name}"})
                    )
                    provider.add_span_processor(SimpleSpanProcessor(exporter))
                host = ServiceHost(
                    build_app(spec.name, settings),
                    probe_interval_s=0.1,
                    shutdown_grace_s=0,
                    tracer_provider=provider,
                )
                await stack.enter_async_context(host)
                addresses[f"{spec.name}_addr"] = f"127.0.0.1:{host.port}"
                expected = NOT_SERVING if spec.name == broken else SERVING
                assert await wait_for_health(addresses[f"{spec.name}_addr"], expected) == expected
            app = create_app(EdgeSettings(**addresses))
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url="http://edge")
            yield await stack.enter_async_context(client)

    return start


async def test_readyz_is_200_when_all_five_serve(stack: Stack) -> None:
    async with stack() as edge:
        response = await edge.get("/readyz")
        status = await edge.post("/graphql", json={"query": STATUS_QUERY})
    assert response.status_code == 200
    rows = status.json()["data"]["systemStatus"]
    assert sorted(r["name"] for r in rows) == sorted(s.name for s in SERVICES)
    assert {r["status"] for r in rows} == {"SERVING"}


async def test_service_without_its_database_makes_readyz_503(
    stack: Stack, unused_tcp_port_url: str
) -> None:
    async with stack(broken="ledger", broken_url=unused_tcp_port_url) as edge:
        response = await edge.get("/readyz")
    assert response.status_code == 503
    by_name = {s["name"]: s["status"] for s in response.json()["services"]}
    assert by_name.pop("ledger") == "NOT_SERVING"
    assert set(by_name.values()) == {"SERVING"}


async def test_one_system_status_request_is_one_trace_across_edge_and_services(
    stack: Stack,
) -> None:
    exporter = InMemorySpanExporter()
    setup_tracing("edge", extra_processor=SimpleSpanProcessor(exporter))
    async with stack(exporter=exporter) as edge:
        exporter.clear()
        response = await edge.post("/graphql", json={"query": STATUS_QUERY})
        assert response.status_code == 200
        spans = exporter.get_finished_spans()
    roots = [s for s in spans if s.kind == SpanKind.SERVER and s.parent is None]
    edge_root = next(s for s in roots if "/graphql" in s.name)
    in_trace = [s for s in spans if s.context.trace_id == edge_root.context.trace_id]
    service_spans = {
        s.resource.attributes["service.name"]
        for s in in_trace
        if s.kind == SpanKind.SERVER and s.name == "/grpc.health.v1.Health/Check"
    }
    assert service_spans == {f"ta-{spec.name}" for spec in SERVICES}
    clients = [s for s in in_trace if s.kind == SpanKind.CLIENT and "Health/Check" in s.name]
    assert len(clients) == len(SERVICES)
    client_ids = {c.context.span_id for c in clients}
    servers = [s for s in in_trace if s.kind == SpanKind.SERVER and s.parent is not None]
    assert {s.parent.span_id for s in servers if "Health" in s.name} == client_ids
