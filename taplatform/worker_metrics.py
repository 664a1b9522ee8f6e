"""Prometheus metrics of the arq worker: jobs run and failed, queue depth, events relayed.

The worker's jobs are wrapped once, where the worker is built
(:func:`instrument_job`): each run is counted by outcome and timed, inside a
``job <name>`` span (:func:`taplatform.tracing.traced_job`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from arq.cron import CronJob
from arq.typing import WorkerCoroutine
from arq.worker import Function
from prometheus_client import Counter, Histogram
from redis.asyncio import Redis

from taplatform.metrics import GaugeSpec, ProcessMetrics, Sample, SampledGauges
from taplatform.tracing import traced_job

JOB_BUCKETS_S = (0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800)

Job = TypeVar("Job", CronJob, Function)


class WorkerMetrics(ProcessMetrics):
    """The metrics every process has, plus the worker's own."""

    def __init__(self) -> None:
        super().__init__("worker")
        self.jobs = Counter(
            "ta_worker_jobs",
            "Job runs finished, by job and outcome (ok, failed, cancelled: timed out or stopped).",
            ("job", "outcome"),
            registry=self.registry,
        )
        self.job_duration = Histogram(
            "ta_worker_job_duration_seconds",
            "Time a job run took, by job.",
            ("job",),
            buckets=JOB_BUCKETS_S,
            registry=self.registry,
        )
        self.outbox_relayed = Counter(
            "ta_outbox_relayed",
            "Events the relay published from a service's outbox to its stream.",
            ("service",),
            registry=self.registry,
        )

    def counted(
        self, coroutine: Callable[..., Awaitable[Any]], name: str
    ) -> Callable[..., Awaitable[Any]]:
        """``coroutine`` counted by outcome and timed under ``name``."""

        @functools.wraps(coroutine)
        async def run(*args: Any, **kwargs: Any) -> Any:
            started, outcome = time.perf_counter(), "failed"
            try:
                result = await coroutine(*args, **kwargs)
                outcome = "ok"
                return result
            except asyncio.CancelledError:
                outcome = "cancelled"
                raise
            finally:
                self.jobs.labels(name, outcome).inc()
                self.job_duration.labels(name).observe(time.perf_counter() - started)

        return run

    def watch_queue(self, redis: Redis, queue_name: str) -> None:
        """Serve the arq queue's depth (jobs waiting, including deferred ones)."""
        spec = GaugeSpec("ta_worker_queue_depth", "Jobs waiting in the arq queue.", ("queue",))

        async def sample() -> Sample:
            return {spec.name: [((queue_name,), float(await redis.zcard(queue_name)))]}

        self.watch(SampledGauges((spec,), sample), ttl_s=1.0)


def instrument_job(job: Job, metrics: WorkerMetrics) -> Job:
    """``job`` (a cron job or function) traced in a span of its own and counted."""
    name = job.coroutine.__qualname__
    wrapped = metrics.counted(traced_job(job.coroutine), name)
    return dataclasses.replace(job, coroutine=cast(WorkerCoroutine, wrapped))
