"""DB spans carry statement kind, rows and errors; stream consumers continue producers' traces."""

from __future__ import annotations

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.tracing import consumer_span, inject_traceparent, traced_job

tracer = trace.get_tracer(__name__)


def db_spans(exporter: InMemorySpanExporter, operation: str) -> list[ReadableSpan]:
    return [
        s
        for s in exporter.get_finished_spans()
        if s.kind is SpanKind.CLIENT and (s.attributes or {}).get("db.operation.name") == operation
    ]


async def test_db_spans_carry_statement_kind_duration_and_row_counts(
    engine: AsyncEngine, finished_spans: InMemorySpanExporter
) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TEMP TABLE traced (n int) ON COMMIT DROP"))
        await connection.execute(text("INSERT INTO traced SELECT generate_series(1, 5)"))
        await connection.execute(text("UPDATE traced SET n = n + 1 WHERE n > 2"))
        rows = (await connection.execute(text("SELECT n FROM traced WHERE n > 1"))).all()

    assert len(rows) == 4
    (select,) = [s for s in db_spans(finished_spans, "SELECT") if "traced" in str(s.attributes)]
    (insert,) = db_spans(finished_spans, "INSERT")
    (changed,) = db_spans(finished_spans, "UPDATE")
    assert select.attributes is not None and select.attributes["db.response.returned_rows"] == 4
    assert insert.attributes is not None and insert.attributes["db.rows_affected"] == 5
    assert changed.attributes is not None and changed.attributes["db.rows_affected"] == 3
    assert "db.rows_affected" not in select.attributes
    for span in (select, insert, changed):
        assert span.attributes is not None
        assert span.attributes["db.system"] == "postgresql"
        assert (
            str(span.attributes["db.statement"]).split()[0] == span.attributes["db.operation.name"]
        )
        assert span.start_time is not None and span.end_time is not None
        assert span.end_time >= span.start_time
        assert span.status.status_code is not StatusCode.ERROR


async def test_a_failed_statement_is_an_error_span_naming_the_error(
    engine: AsyncEngine, finished_spans: InMemorySpanExporter
) -> None:
    with pytest.raises(ProgrammingError):
        async with engine.connect() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))

    (failed,) = [
        s for s in db_spans(finished_spans, "SELECT") if "no_such_table" in str(s.attributes)
    ]
    assert failed.status.status_code is StatusCode.ERROR
    assert failed.attributes is not None
    assert failed.attributes["error.type"] == "UndefinedTableError"
    assert failed.attributes["db.response.status_code"] == "42P01"
    assert "db.response.returned_rows" not in failed.attributes
    assert [e.name for e in failed.events] == ["exception"]


def test_a_batch_from_one_trace_is_a_child_of_it_and_links_every_event(
    finished_spans: InMemorySpanExporter,
) -> None:
    with tracer.start_as_current_span("producer") as producer:
        headers = [inject_traceparent(), inject_traceparent()]
    with consumer_span("consume", headers):
        pass

    (consumed,) = [s for s in finished_spans.get_finished_spans() if s.name == "consume"]
    produced = producer.get_span_context()
    assert consumed.kind is SpanKind.CONSUMER
    assert consumed.parent is not None and consumed.parent.span_id == produced.span_id
    assert consumed.context is not None and consumed.context.trace_id == produced.trace_id
    assert [link.context.span_id for link in consumed.links] == [produced.span_id] * 2


def test_a_mixed_batch_starts_its_own_trace_linked_to_each_producer(
    finished_spans: InMemorySpanExporter,
) -> None:
    producers, headers = [], []
    for name in ("first", "second"):
        with tracer.start_as_current_span(name) as span:
            producers.append(span.get_span_context())
            headers.append(inject_traceparent())
    headers.append({})  # an event written outside any trace
    with consumer_span("consume", headers):
        pass

    (consumed,) = [s for s in finished_spans.get_finished_spans() if s.name == "consume"]
    assert consumed.parent is None
    assert consumed.context is not None
    assert consumed.context.trace_id not in {p.trace_id for p in producers}
    linked = [(link.context.trace_id, link.context.span_id) for link in consumed.links]
    assert linked == [(p.trace_id, p.span_id) for p in producers]
    assert consumed.attributes is not None
    assert consumed.attributes["messaging.batch.message_count"] == 3


async def test_a_cron_job_starts_a_trace_and_an_enqueued_job_continues_its_enqueuers(
    finished_spans: InMemorySpanExporter,
) -> None:
    seen: list[trace.SpanContext] = []

    async def refresh(ctx: dict[str, str]) -> None:
        seen.append(trace.get_current_span().get_span_context())

    job = traced_job(refresh, "refresh")
    with tracer.start_as_current_span("enqueuer") as enqueuer:
        headers = inject_traceparent()
        # Even inside another span, a cron run (no headers) is a trace of its own.
        await job({"job_id": "cron:refresh:1"})
    await job({"job_id": "j-2", "job_try": "1"}, trace_headers=headers)

    spans = [s for s in finished_spans.get_finished_spans() if s.name == "job refresh"]
    cron_run, enqueued_run = spans
    assert cron_run.parent is None
    assert cron_run.context is not None
    assert cron_run.context.trace_id != enqueuer.get_span_context().trace_id
    assert enqueued_run.parent is not None
    assert enqueued_run.parent.span_id == enqueuer.get_span_context().span_id
    assert enqueued_run.attributes is not None
    assert dict(enqueued_run.attributes) == {"job.name": "refresh", "job.id": "j-2", "job.try": "1"}
    assert [s.span_id for s in seen] == [cron_run.context.span_id, enqueued_run.context.span_id]
