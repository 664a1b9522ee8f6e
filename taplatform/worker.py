"""The arq worker: scheduled jobs, starting with the outbox relay.

The relay is platform plumbing, not a business reader: it moves each
service's committed outbox rows to that service's Redis stream and touches
no other table. Cron jobs are ``unique`` in arq, so several worker replicas
enqueue each tick once; the relay itself is safe to run concurrently
(``FOR UPDATE SKIP LOCKED``) and at least once.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
from types import ModuleType
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.cron import CronJob
from arq.worker import Worker, func
from opentelemetry.instrumentation.redis import RedisInstrumentor
from sqlalchemy import MetaData

from taplatform.catalog import SERVICES
from taplatform.config import WorkerSettings, load_settings
from taplatform.db import create_engine
from taplatform.logging import configure_logging, get_logger
from taplatform.metrics import metrics_port
from taplatform.outbox import OutboxRelay
from taplatform.retention_run import close_retention_engines, retention_cron_jobs
from taplatform.tables import platform_tables
from taplatform.tracing import setup_tracing, shutdown_tracing
from taplatform.worker_metrics import WorkerMetrics, instrument_job

log = get_logger(__name__)
QUEUE_NAME = "ta:queue"


async def relay_outboxes(ctx: dict[str, Any]) -> int:
    """Cron job: drain every service's outbox to its stream; returns the count published."""
    total = 0
    for service_name, relay in ctx["relays"].items():
        published = await relay.relay_all()
        ctx["metrics"].outbox_relayed.labels(service_name).inc(published)
        total += published
    if total:
        log.info("outbox.relayed", published=total)
    return total


def service_job_modules() -> list[ModuleType]:
    """Each service's ``jobs`` module, where it has one.

    A jobs module offers ``install(ctx, addr, token)``, ``uninstall(ctx)`` and
    ``cron_jobs()``; its jobs call the service over gRPC (the service owns its
    tables), acting with the worker's API token.
    """
    found = []
    for spec in SERVICES:
        name = f"services.{spec.name}.jobs"
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


def accelerated(job: CronJob, every_s: int) -> CronJob:
    """``job`` every ``every_s`` seconds instead of its schedule (soak runs and demos).

    Name, timeout, uniqueness and retries are kept, so a tick's job id still
    names its slot and a slow run is cut off as before. ``every_s`` divides 60,
    or is a multiple of 60 dividing 3600 (``WorkerSettings`` checks).
    """
    if every_s < 60:
        minute, second = None, set(range(0, 60, every_s))
    else:
        minute, second = set(range(0, 60, every_s // 60)), {0}
    return cron(
        job.coroutine,
        name=job.name,
        minute=minute,
        second=second,
        run_at_startup=job.run_at_startup,
        unique=job.unique,
        timeout=job.timeout_s,
        keep_result=job.keep_result_s,
        keep_result_forever=job.keep_result_forever,
        max_tries=job.max_tries,
    )


def scheduled_jobs(settings: WorkerSettings, job_modules: list[ModuleType]) -> list[CronJob]:
    """Every service's cron jobs and retention; every N seconds with ``TA_WORKER_CRON_EVERY_S``."""
    jobs = [
        *(job for module in job_modules for job in module.cron_jobs()),
        *retention_cron_jobs(settings),
    ]
    every = settings.worker_cron_every_s
    if every is None:
        return jobs
    log.warning(
        "worker.accelerated_cron: a testing cadence, not for production",
        every_s=every,
        as_of=settings.worker_cron_as_of.isoformat() if settings.worker_cron_as_of else None,
    )
    return [accelerated(job, every) for job in jobs]


def build_worker(settings: WorkerSettings, **overrides: Any) -> Worker:
    """An arq :class:`Worker` wired from settings (tests pass ``handle_signals=False``)."""
    engine = create_engine(settings.database_url, application_name="ta-worker", pool_size=2)
    # Service jobs act as a user: without a token they could only fail UNAUTHENTICATED.
    job_modules = service_job_modules() if settings.worker_api_token else []
    if not settings.worker_api_token:
        log.warning("worker.no_token: scheduled service jobs are off; set TA_WORKER_API_TOKEN")

    metrics = WorkerMetrics()
    queue_name = overrides.get("queue_name", QUEUE_NAME)

    async def startup(ctx: dict[str, Any]) -> None:
        RedisInstrumentor.instrument_client(ctx["redis"])
        ctx["metrics"] = metrics
        # Accelerated runs only: the instant scheduled refreshes stand for (see marketdata jobs).
        ctx["cron_as_of"] = settings.worker_cron_as_of
        metrics.watch_pool(engine)
        metrics.watch_queue(ctx["redis"], queue_name)
        port = metrics_port("worker", settings.metrics_port)
        if port is not None:
            ctx["metrics_port"] = metrics.serve(settings.metrics_host, port)
        ctx["relays"] = {
            spec.name: OutboxRelay(
                engine,
                platform_tables(MetaData(schema=spec.schema)).outbox,
                ctx["redis"],
                spec.name,
                batch_size=settings.outbox_batch_size,
            )
            for spec in SERVICES
        }
        for module in job_modules:
            service_name = module.__name__.split(".")[1]
            await module.install(ctx, settings.addr(service_name), settings.worker_api_token)

    async def shutdown(ctx: dict[str, Any]) -> None:
        for module in job_modules:
            await module.uninstall(ctx)
        await close_retention_engines(ctx)
        await engine.dispose()
        await asyncio.to_thread(metrics.stop)

    every = settings.outbox_relay_interval_s
    options: dict[str, Any] = {
        "functions": [],
        "cron_jobs": [
            cron(relay_outboxes, second=set(range(0, 60, every)), run_at_startup=True, timeout=55),
            *scheduled_jobs(settings, job_modules),
        ],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "queue_name": QUEUE_NAME,
        "health_check_key": "ta:worker:health",
    }
    options.update(overrides)
    # Every job runs in a span of its own and is counted, whoever listed it.
    options["functions"] = [instrument_job(func(f), metrics) for f in options["functions"]]
    options["cron_jobs"] = [instrument_job(job, metrics) for job in options["cron_jobs"]]
    return Worker(**options)


def run_worker() -> None:
    """Entry point of ``tradingassistant worker``; stops cleanly on SIGTERM/SIGINT."""
    settings = load_settings(WorkerSettings)
    configure_logging("worker", settings.log_level, settings.log_format)
    setup_tracing("worker")
    try:
        build_worker(settings).run()
    finally:
        shutdown_tracing()
