"""OpenTelemetry set-up: one tracer provider per process, OTLP export when configured.

Instrumentation is explicit rather than global monkey-patching: the gRPC server
and client interceptors are passed where servers and channels are built, the
SQLAlchemy engine is instrumented where it is created, Redis clients and the
ASGI app likewise. ``W3C traceparent`` carries context into arq jobs and
stream events by hand (:func:`inject_traceparent` / :func:`extract_context`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_provider: TracerProvider | None = None


def setup_tracing(
    service_name: str, extra_processor: SpanProcessor | None = None
) -> TracerProvider:
    """Install the process-wide tracer provider once; later calls return the same one.

    With ``OTEL_EXPORTER_OTLP_ENDPOINT`` set, spans are batched to that OTLP
    gRPC endpoint. ``extra_processor`` lets tests attach an in-memory exporter.
    """
    global _provider
    if _provider is None:
        resource = Resource.create(
            {"service.name": os.environ.get("OTEL_SERVICE_NAME", f"ta-{service_name}")}
        )
        _provider = TracerProvider(resource=resource)
        if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

            _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(_provider)
    if extra_processor is not None:
        _provider.add_span_processor(extra_processor)
    return _provider


def tracer_provider() -> TracerProvider | None:
    """The provider installed by :func:`setup_tracing`, if any."""
    return _provider


def shutdown_tracing() -> None:
    """Flush and stop exporters; call once at process exit."""
    if _provider is not None:
        _provider.shutdown()


def inject_traceparent(carrier: dict[str, str] | None = None) -> dict[str, str]:
    """The current context as W3C headers (``traceparent``), for jobs and events."""
    headers: dict[str, str] = {} if carrier is None else carrier
    propagate.inject(headers)
    return headers


def extract_context(headers: Mapping[str, str]) -> otel_context.Context:
    """The context carried by ``headers``; use with ``tracer.start_as_current_span(context=)``."""
    return propagate.extract(dict(headers))


def get_tracer(name: str) -> Any:
    return trace.get_tracer(name)
