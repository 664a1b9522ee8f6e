"""One trace shows a scheduled run: the cron job, the engine, the services it reads, the
database, and, through the outbox and the stream, the audit consumer storing its event."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import redis.asyncio as aioredis
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import MetaData
from tradingassistant.engine.v1 import engine_pb2 as epb

from services.engine import jobs
from taplatform.db import create_engine
from taplatform.outbox import OutboxRelay
from taplatform.tables import platform_tables
from taplatform.tracing import traced_job
from tests.engine.stack import Stack, priced_portfolio, running_stack
from tests.engine.world import policy_yaml
from tests.support import DatabaseFactory


async def approve_policy(stack: Stack, token: str, portfolio_id: str) -> None:
    document = policy_yaml(**{"run_day: 1": "run_day: 7"})
    created = await stack.call(
        stack.engine,
        "CreatePolicyVersion",
        epb.CreatePolicyVersionRequest(portfolio_id=portfolio_id, document=document),
        token,
    )
    version = created.policy_version
    await stack.call(
        stack.engine,
        "ApprovePolicyVersion",
        epb.ApprovePolicyVersionRequest(
            portfolio_id=portfolio_id,
            policy_version_id=version.policy_version_id,
            policy_hash=version.policy_hash,
        ),
        token,
    )


def server_spans(spans: list[ReadableSpan], service: str) -> list[ReadableSpan]:
    prefix = f"/tradingassistant.{service}.v1."
    return [s for s in spans if s.kind is SpanKind.SERVER and s.name.startswith(prefix)]


def continues(span: ReadableSpan, trace_id: int) -> bool:
    """``span`` is in the trace, or links to it (a batch from several traces)."""
    in_trace = span.context is not None and span.context.trace_id == trace_id
    return in_trace or any(link.context.trace_id == trace_id for link in span.links)


async def wait_for_audit_span(exporter: InMemorySpanExporter, trace_id: int) -> bool:
    loop = asyncio.get_running_loop()
    until = loop.time() + 20
    while loop.time() < until:
        spans = exporter.get_finished_spans()
        if any(s.name == "audit.store" and continues(s, trace_id) for s in spans):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_scheduled_run_is_one_trace_from_the_cron_job_to_the_stored_audit_event(
    new_database: DatabaseFactory,
    redis_url: str,
    redis_client: aioredis.Redis,
    finished_spans: InMemorySpanExporter,
) -> None:
    async with running_stack(new_database, redis_url) as stack:
        priced = await priced_portfolio(stack)
        await approve_policy(stack, priced.user.token, priced.portfolio_id)
        stack.clock.advance(timedelta(days=1))
        ctx: dict[str, object] = {"job_id": "cron:run_due_portfolios:1"}
        await jobs.install(ctx, stack.addresses["engine"], priced.user.token)
        try:
            # What the worker runs at 18:00: the job wrapped in its span.
            outcome = await traced_job(jobs.run_due_portfolios)(ctx)
        finally:
            await jobs.uninstall(ctx)
        # The worker's relay, then the registry's audit consumer (running in the stack).
        relay_engine = create_engine(
            stack.registry.database_url, application_name="t-relay", pool_size=1
        )
        try:
            outbox = platform_tables(MetaData(schema="engine")).outbox
            await OutboxRelay(relay_engine, outbox, redis_client, "engine").relay_all()
        finally:
            await relay_engine.dispose()

        spans = list(finished_spans.get_finished_spans())
        (job,) = [s for s in spans if s.name == "job run_due_portfolios"]
        assert job.context is not None
        trace_id = job.context.trace_id
        audited = await wait_for_audit_span(finished_spans, trace_id)

    assert outcome == {"started": 1}
    assert job.parent is None
    in_trace = [s for s in spans if s.context is not None and s.context.trace_id == trace_id]
    (engine_call,) = server_spans(in_trace, "engine")
    assert engine_call.name.endswith("/RunDueSchedules")
    # The engine read holdings and cash, prices and FX, and the portfolio, in the same trace.
    for downstream in ("ledger", "marketdata", "registry"):
        assert server_spans(in_trace, downstream), downstream
    stored = [
        s
        for s in in_trace
        if s.kind is SpanKind.CLIENT and (s.attributes or {}).get("db.operation.name") == "INSERT"
    ]
    assert any("engine.runs" in str((s.attributes or {}).get("db.statement")) for s in stored)
    assert audited, "the audit consumer continued the run's trace"
