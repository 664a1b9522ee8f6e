"""Prometheus metrics of one process: RPC latency and errors, DB pool, outbox lag, own gauges.

Each process (a gRPC service or the worker) has one :class:`ProcessMetrics`
with a registry of its own (tests host several in one process) served over
HTTP by prometheus_client's threaded server on ``TA_METRICS_PORT``. Values
that live in PostgreSQL or Redis are read by a :class:`SampledCollector`: the
scrape thread asks the event loop for a fresh sample at most once per
``ttl_s``, so a busy scraper never turns into database load.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import (
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    Sequence,
)
from dataclasses import dataclass
from threading import Lock, Thread
from typing import Any
from wsgiref.simple_server import WSGIServer

import grpc
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import SERVICES
from taplatform.grpc.rpc_metrics import RpcMetricsInterceptor
from taplatform.logging import get_logger

log = get_logger(__name__)

# Up to five minutes: scheduled runs and refreshes are long RPCs, lookups short ones.
RPC_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

# The worker's metrics port; each gRPC service takes the next one, in catalogue order,
# so every process on one machine (`make up`) has its own.
WORKER_METRICS_PORT = 9464

# Label values per gauge name: ``{"ta_x": [(("a", "b"), 3.0), ...]}``.
Sample = dict[str, list[tuple[tuple[str, ...], float]]]


def metrics_port(process: str, setting: int | None) -> int | None:
    """The port ``process`` serves metrics on: ``TA_METRICS_PORT``, else its default; None: off."""
    if setting is not None:
        return setting or None
    names = [spec.name for spec in SERVICES]
    return WORKER_METRICS_PORT + (names.index(process) + 1 if process in names else 0)


@dataclass(frozen=True)
class GaugeSpec:
    """A gauge's name, help text and label names."""

    name: str
    documentation: str
    labels: tuple[str, ...] = ()

    def family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(self.name, self.documentation, labels=self.labels)


@dataclass(frozen=True)
class SampledGauges:
    """Gauges read together by one coroutine (a query); what a service's bootstrap provides."""

    gauges: tuple[GaugeSpec, ...]
    sample: Callable[[], Coroutine[Any, Any, Sample]]


class SampledCollector(Collector):
    """Serves :class:`SampledGauges` from the scrape thread, sampling on ``loop`` when stale.

    A failed or slow sample is logged and the last values are served, so one
    slow query never fails the whole scrape.
    """

    def __init__(
        self,
        sampled: SampledGauges,
        loop: asyncio.AbstractEventLoop,
        *,
        ttl_s: float = 5.0,
        timeout_s: float = 3.0,
    ) -> None:
        self._sampled = sampled
        self._loop = loop
        self._ttl_s = ttl_s
        self._timeout_s = timeout_s
        self._lock = Lock()
        self._values: Sample = {}
        self._taken_at = float("-inf")

    def describe(self) -> list[Metric]:
        # Registering must not sample: it happens on the loop the sample needs.
        return [spec.family() for spec in self._sampled.gauges]

    def collect(self) -> Iterator[Metric]:
        values = self._current()
        for spec in self._sampled.gauges:
            family = spec.family()
            for labels, value in values.get(spec.name, []):
                family.add_metric(list(labels), value)
            yield family

    def _current(self) -> Sample:
        with self._lock:
            if time.monotonic() - self._taken_at >= self._ttl_s and not self._on_loop_thread():
                future = asyncio.run_coroutine_threadsafe(self._sampled.sample(), self._loop)
                try:
                    self._values = future.result(self._timeout_s)
                    self._taken_at = time.monotonic()
                except Exception as error:
                    future.cancel()
                    names = [spec.name for spec in self._sampled.gauges]
                    log.warning("metrics.sample_failed", gauges=names, error=repr(error))
            return self._values

    def _on_loop_thread(self) -> bool:
        try:
            return asyncio.get_running_loop() is self._loop
        except RuntimeError:
            return False


class PoolCollector(Collector):
    """The SQLAlchemy connection pool of one engine: size, checked out, overflow."""

    def __init__(self, process: str, engine: AsyncEngine) -> None:
        self._process = process
        self._pool: Any = engine.sync_engine.pool

    def collect(self) -> Iterator[Metric]:
        pool = self._pool
        figures = (
            ("ta_db_pool_size", "Connections the pool keeps open.", pool.size()),
            ("ta_db_pool_checked_out", "Connections in use now.", pool.checkedout()),
            # The pool counts overflow from -size; only connections beyond size are overflow.
            (
                "ta_db_pool_overflow",
                "Connections open beyond the pool size.",
                max(0, pool.overflow()),
            ),
        )
        for name, documentation, value in figures:
            family = GaugeMetricFamily(name, documentation, labels=["process"])
            family.add_metric([self._process], value)
            yield family


class ProcessMetrics:
    """One process's registry and the metrics every process has."""

    def __init__(self, process: str) -> None:
        self.process = process
        self.registry = CollectorRegistry(auto_describe=True)
        self.rpc_duration = Histogram(
            "ta_rpc_duration_seconds",
            "Time to answer a gRPC call, by service, method and status code.",
            ("service", "method", "code"),
            buckets=RPC_BUCKETS_S,
            registry=self.registry,
        )
        self.rpc_errors = Counter(
            "ta_rpc_errors",
            "gRPC calls answered with a status other than OK.",
            ("service", "method", "code"),
            registry=self.registry,
        )
        self._server: tuple[WSGIServer, Thread] | None = None

    def observe_rpc(self, method: str, code: grpc.StatusCode, duration_s: float) -> None:
        labels = (self.process, method, code.name)
        self.rpc_duration.labels(*labels).observe(duration_s)
        if code is not grpc.StatusCode.OK:
            self.rpc_errors.labels(*labels).inc()

    def interceptor(self) -> RpcMetricsInterceptor:
        """A server interceptor recording every call; put it outside the error mapping."""
        return RpcMetricsInterceptor(self.observe_rpc)

    def watch_pool(self, engine: AsyncEngine) -> None:
        self.registry.register(PoolCollector(self.process, engine))

    def watch(self, sampled: SampledGauges, *, ttl_s: float = 5.0) -> None:
        """Serve ``sampled``; call on the event loop that may run its queries."""
        loop = asyncio.get_running_loop()
        self.registry.register(SampledCollector(sampled, loop, ttl_s=ttl_s))

    def serve(self, host: str, port: int) -> int:
        """Serve ``/metrics`` on ``host:port`` (0 picks a free one); returns the port.

        A port already taken is logged as an error and the process carries on
        without metrics (returning 0): the scrape target shows down, but the
        service keeps answering its callers.
        """
        try:
            server, thread = start_http_server(port, addr=host, registry=self.registry)
        except OSError as error:
            log.error("metrics.unavailable", process=self.process, port=port, error=str(error))
            return 0
        self._server = (server, thread)
        log.info("metrics.serving", process=self.process, port=server.server_port)
        return int(server.server_port)

    def stop(self) -> None:
        if self._server is not None:
            server, thread = self._server
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
            self._server = None


def outbox_lag(service: str, engine: AsyncEngine, outbox: Table) -> SampledGauges:
    """Unpublished events in the service's own outbox and the age of the oldest one.

    Reads only rows with ``published_at IS NULL`` (a partial index): cheap while
    the relay keeps up, which is exactly when nobody is looking.
    """
    count = GaugeSpec(
        "ta_outbox_unpublished", "Events not yet relayed to the stream.", ("service",)
    )
    age = GaugeSpec(
        "ta_outbox_oldest_unpublished_age_seconds",
        "Age of the oldest unrelayed event (0 when none).",
        ("service",),
    )
    query = select(
        func.count(),
        func.coalesce(func.extract("epoch", func.now() - func.min(outbox.c.occurred_at)), 0),
    ).where(outbox.c.published_at.is_(None))

    async def sample() -> Sample:
        async with engine.connect() as connection:
            pending, oldest_s = (await connection.execute(query)).one()
        return {count.name: [((service,), pending)], age.name: [((service,), float(oldest_s))]}

    return SampledGauges((count, age), sample)


def count_rows(
    spec: GaugeSpec,
    engine: AsyncEngine,
    table: Table,
    *,
    where: ColumnElement[bool] | None = None,
    zeros: Iterable[Sequence[str]] = (),
) -> SampledGauges:
    """Rows of ``table`` counted by the columns named in ``spec.labels``.

    ``zeros`` are label values reported as 0 when no row has them, so a state
    that empties shows 0 rather than vanishing.
    """
    columns = [table.c[name] for name in spec.labels]
    query = select(*columns, func.count()).group_by(*columns)
    if where is not None:
        query = query.where(where)

    async def sample() -> Sample:
        async with engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        found = {tuple(str(v) for v in row[:-1]): float(row[-1]) for row in rows}
        for labels in zeros:
            found.setdefault(tuple(labels), 0.0)
        return {spec.name: sorted(found.items())}

    return SampledGauges((spec,), sample)
