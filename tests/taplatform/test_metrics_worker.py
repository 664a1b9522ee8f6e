"""The worker serves its metrics (jobs, queue depth, relayed events, pool) and traces its jobs."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode
from sqlalchemy import MetaData

from taplatform.config import WorkerSettings
from taplatform.db import create_engine
from taplatform.events import Event
from taplatform.outbox import add_event
from taplatform.service_jobs import enqueue_traced
from taplatform.tables import platform_tables
from taplatform.worker import QUEUE_NAME, build_worker
from taplatform.worker_metrics import WorkerMetrics
from tests.taplatform.scrape import Samples, scrape, value


async def explode(ctx: dict[str, Any]) -> None:
    """A job that fails, as a job whose service is down would."""
    raise RuntimeError("service unavailable")


@pytest.fixture
async def arq_redis(redis_url: str, redis_client: aioredis.Redis) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=QUEUE_NAME)
    yield pool
    await pool.aclose()


async def poll(port: int, done: Any, deadline_s: float = 20.0) -> Samples:
    """Scrape until ``done(samples)`` holds or the deadline passes; return the last scrape.

    The worker starts serving metrics in its startup, so the first attempts may be refused.
    """
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    samples: Samples = {}
    while loop.time() < until:
        try:
            samples = await scrape(port)
        except httpx.ConnectError:
            samples = {}
        if done(samples):
            break
        await asyncio.sleep(0.1)
    return samples


async def test_worker_serves_job_outcomes_queue_depth_relayed_events_and_pool(
    migrated_database_url: str,
    redis_url: str,
    arq_redis: ArqRedis,
    unreachable_addr: str,
    finished_spans: InMemorySpanExporter,
) -> None:
    engine = create_engine(migrated_database_url, application_name="t-worker", pool_size=1)
    async with engine.begin() as connection:
        outbox = platform_tables(MetaData(schema="ledger")).outbox
        await connection.execute(outbox.delete())
        at = datetime(2026, 1, 1, tzinfo=UTC)
        await add_event(connection, outbox, Event(uuid.uuid4(), "Tested", "t", "1", {}, at))
    await engine.dispose()
    port = int(unreachable_addr.rpartition(":")[2])
    settings = WorkerSettings(
        database_url=migrated_database_url, redis_url=redis_url, metrics_port=port
    )
    worker = build_worker(settings, handle_signals=False, poll_delay=0.05, functions=[explode])
    with trace.get_tracer(__name__).start_as_current_span("enqueuer") as enqueuer:
        await enqueue_traced(arq_redis, "explode")
    # Deferred for an hour: waits in the queue for the whole test.
    await arq_redis.enqueue_job("explode", _defer_by=3600)
    running = asyncio.create_task(worker.async_run())
    try:

        def done(s: Samples) -> bool:
            # The relay's job counter moves when its run ends, after the events counter.
            relayed = value(s, "ta_outbox_relayed_total", service="ledger")
            relay_runs = value(s, "ta_worker_jobs_total", job="relay_outboxes", outcome="ok")
            return (
                bool(relayed)
                and bool(relay_runs)
                and value(s, "ta_worker_jobs_total", **failed) == 1
            )

        failed = {"job": "explode", "outcome": "failed"}
        samples = await poll(port, done)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await worker.close()

    assert value(samples, "ta_outbox_relayed_total", service="ledger") == 1
    assert value(samples, "ta_worker_jobs_total", **failed) == 1
    relayed_ok = value(samples, "ta_worker_jobs_total", job="relay_outboxes", outcome="ok")
    assert relayed_ok is not None and relayed_ok >= 1
    assert value(samples, "ta_worker_job_duration_seconds_count", job="explode") == 1
    # The deferred job, and whichever cron runs the worker has queued ahead.
    depth = value(samples, "ta_worker_queue_depth", queue=QUEUE_NAME)
    assert depth is not None and depth >= 1
    assert value(samples, "ta_db_pool_size", process="worker") == 2

    (run,) = [s for s in finished_spans.get_finished_spans() if s.name == "job explode"]
    assert run.parent is not None
    assert run.parent.span_id == enqueuer.get_span_context().span_id
    assert run.status.status_code is StatusCode.ERROR
    relays = [s for s in finished_spans.get_finished_spans() if s.name == "job relay_outboxes"]
    assert relays and all(s.parent is None for s in relays)


async def test_queue_depth_counts_the_jobs_waiting_in_the_queue(
    redis_client: aioredis.Redis,
) -> None:
    metrics = WorkerMetrics()
    queue = {"queue": "ta:tested-queue"}
    metrics.watch_queue(redis_client, queue["queue"])
    port = metrics.serve("127.0.0.1", 0)
    try:
        empty = await scrape(port)
        await redis_client.zadd("ta:tested-queue", {"job-1": 1, "job-2": 2})
        # The depth is cached for a second; wait for the next reading, not for time.
        waiting = await poll(port, lambda s: value(s, "ta_worker_queue_depth", **queue) == 2)
    finally:
        metrics.stop()
    assert value(empty, "ta_worker_queue_depth", **queue) == 0
    assert value(waiting, "ta_worker_queue_depth", **queue) == 2
