"""Each request is a server span, and its health checks are gRPC client spans inside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from edge.app import create_app
from taplatform.tracing import setup_tracing
from tests.edge.conftest import HealthServers, edge_client

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


@pytest.fixture
def finished_spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    processor = SimpleSpanProcessor(exporter)
    setup_tracing("edge-tests", extra_processor=processor)
    yield exporter
    # The provider is process-wide; stop this test's processor from collecting further.
    exporter.shutdown()


def in_trace(spans: tuple[ReadableSpan, ...]) -> list[ReadableSpan]:
    return [s for s in spans if s.context is not None and f"{s.context.trace_id:032x}" == TRACE_ID]


async def test_readyz_health_checks_are_client_spans_of_the_request_span(
    health_servers: HealthServers, finished_spans: InMemorySpanExporter
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.get("/readyz", headers={"traceparent": TRACEPARENT})

    assert response.status_code == 200
    spans = in_trace(finished_spans.get_finished_spans())
    servers = [s for s in spans if s.kind is SpanKind.SERVER]
    clients = [s for s in spans if s.kind is SpanKind.CLIENT]
    assert len(servers) == 1, [s.name for s in spans]
    request_span = servers[0].context
    assert request_span is not None
    assert len(clients) == 5
    assert {s.parent.span_id for s in clients if s.parent} == {request_span.span_id}
    assert {s.name for s in clients} == {"/grpc.health.v1.Health/Check"}
