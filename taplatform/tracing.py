"""OpenTelemetry set-up: one tracer provider per process, OTLP export when configured.

Instrumentation is explicit rather than global monkey-patching: the gRPC server
and client interceptors are passed where servers and channels are built, the
SQLAlchemy engine is instrumented where it is created, Redis clients and the
ASGI app likewise. ``W3C traceparent`` carries context into arq jobs and
stream events by hand (:func:`inject_traceparent` / :func:`extract_context`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Link, Span, SpanKind
from sqlalchemy import event
from sqlalchemy.engine import Engine

# The keyword argument a traced arq job receives its enqueuer's context in.
JOB_TRACE_KWARG = "trace_headers"

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


def traced_job(
    coroutine: Callable[..., Awaitable[Any]], name: str | None = None
) -> Callable[..., Awaitable[Any]]:
    """``coroutine`` (an arq job) run inside a ``job <name>`` span.

    A cron job starts a new trace; a job enqueued with ``trace_headers=``
    (:data:`JOB_TRACE_KWARG`, see :func:`taplatform.service_jobs.enqueue_traced`)
    continues its enqueuer's. The gRPC client interceptor then makes every
    call the job makes a child of this span.
    """
    job_name = name or coroutine.__qualname__
    tracer = trace.get_tracer(__name__)

    @functools.wraps(coroutine)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        headers = kwargs.pop(JOB_TRACE_KWARG, None) or {}
        attributes = {"job.name": job_name}
        for key in ("job_id", "job_try"):
            if ctx.get(key) is not None:
                attributes[f"job.{key.removeprefix('job_')}"] = str(ctx[key])
        with tracer.start_as_current_span(
            f"job {job_name}",
            context=extract_context(headers) if headers else otel_context.Context(),
            kind=SpanKind.CONSUMER if headers else SpanKind.INTERNAL,
            attributes=attributes,
        ):
            return await coroutine(ctx, *args, **kwargs)

    return run


@contextmanager
def consumer_span(name: str, headers: Sequence[Mapping[str, str]]) -> Iterator[Span]:
    """A span for handling a batch of stream events, continuing the producers' traces.

    Every event's context is a link; when the whole batch comes from one trace
    the span is also a child of it (the usual case: one run's events), so the
    trace shows the consumer. A mixed batch starts a trace of its own.
    """
    contexts = [trace.get_current_span(extract_context(h)).get_span_context() for h in headers]
    valid = [c for c in contexts if c.is_valid]
    one_trace = len({c.trace_id for c in valid}) == 1
    parent = extract_context(headers[contexts.index(valid[0])]) if one_trace else None
    with trace.get_tracer(__name__).start_as_current_span(
        name,
        context=parent or otel_context.Context(),
        kind=SpanKind.CONSUMER,
        links=[Link(c) for c in valid],
        attributes={"messaging.batch.message_count": len(headers)},
    ) as span:
        yield span


def instrument_row_counts() -> None:
    """Add row counts, the statement kind and the error type to OpenTelemetry's DB spans.

    OpenTelemetry's SQLAlchemy instrumentation ends its span in a per-engine
    ``after_cursor_execute`` hook. Class-level hooks run before per-engine
    ones, so these, listening on every :class:`Engine`, still find the span
    recording (and do nothing where an engine is not traced). Idempotent.
    """
    for name, hook in (("after_cursor_execute", _record_rows), ("handle_error", _record_error)):
        if not event.contains(Engine, name, hook):
            event.listen(Engine, name, hook)


def _record_rows(
    conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool
) -> None:
    span = getattr(context, "_otel_span", None)
    if span is None or not span.is_recording():
        return
    _record_operation(span, statement)
    rowcount = getattr(cursor, "rowcount", -1)
    if rowcount is None or rowcount < 0:
        return  # executemany and streamed results do not know their count
    if cursor.description is not None:
        span.set_attribute("db.response.returned_rows", rowcount)
    else:
        span.set_attribute("db.rows_affected", rowcount)


def _record_operation(span: Span, statement: str) -> None:
    # The statement's kind alone; the instrumentation's db.operation adds the database name.
    words = statement.split(maxsplit=1)
    if words:
        span.set_attribute("db.operation.name", words[0].upper())


def _record_error(exception_context: Any) -> None:
    span = getattr(exception_context.execution_context, "_otel_span", None)
    if span is not None and span.is_recording():
        _record_operation(span, exception_context.statement or "")
        error = exception_context.original_exception
        # The driver's own error (asyncpg's UndefinedTableError) says more than the DBAPI wrapper.
        cause = error.__cause__ or error
        span.set_attribute("error.type", type(cause).__name__)
        sqlstate = getattr(error, "sqlstate", None) or getattr(cause, "sqlstate", None)
        if sqlstate:
            span.set_attribute("db.response.status_code", str(sqlstate))
        span.record_exception(cause)
