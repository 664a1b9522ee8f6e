"""The gRPC server of one service: health, reflection, interceptors, readiness and shutdown.

Health starts NOT_SERVING. A probe task migrates the service's schema (once)
and then pings the database every ``probe_interval_s``; the service is
SERVING only while that succeeds. On stop, health turns NOT_SERVING first
(so load balancers drain) and then the server stops with a grace period.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor, filters
from opentelemetry.trace import TracerProvider
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import ServiceSpec
from taplatform.db import create_engine, ping
from taplatform.grpc.errors import ErrorMappingInterceptor
from taplatform.logging import get_logger
from taplatform.metrics import ProcessMetrics, SampledGauges, outbox_lag
from taplatform.migrations import migrate_service
from taplatform.tables import platform_tables

log = get_logger(__name__)

# Health/Watch is a long-lived stream written with context.write(), which the
# OpenTelemetry aio interceptor cannot wrap; it is not worth a span anyway.
_TRACED = filters.negate(filters.full_method_name("/grpc.health.v1.Health/Watch"))

# Health service name that is SERVING while the process runs, whatever the
# database says: a liveness probe must not restart pods during a DB outage.
LIVENESS = "liveness"

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class MigrationFailedError(RuntimeError):
    """The database answers but the service's schema could not be migrated."""


@dataclass
class ServiceApp:
    """What a service's ``bootstrap()`` builds: everything the host needs to run it."""

    spec: ServiceSpec
    engine: AsyncEngine
    # Migrations run as the login user (they create the schema and the role the
    # engine acts as), on a short-lived engine of their own.
    database_url: str
    register: Callable[[grpc.aio.Server], None]
    interceptors: list[grpc.aio.ServerInterceptor] = field(default_factory=list)
    on_close: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Long-running coroutines (stream consumers) started once the schema is migrated (so they
    # never meet a half-built one) and cancelled on stop; each must handle its own errors and
    # retry (the database or Redis may still go away later).
    background: list[Callable[[], Awaitable[object]]] = field(default_factory=list)
    # The service's own Prometheus gauges (open alerts, orders by state), read on scrape.
    gauges: list[SampledGauges] = field(default_factory=list)
    migrate_on_start: bool = True
    reflection: bool = True


class ServiceHost:
    """Runs a :class:`ServiceApp` on a port (0 picks a free one, as tests do).

    ``tracer_provider`` defaults to the process-wide one; tests hosting several
    services in one process give each its own, as separate processes would have.
    With ``metrics_port`` (0 picks a free one) the host serves Prometheus
    ``/metrics`` over HTTP: RPC latency and errors, DB pool, outbox lag and
    the app's own gauges (:mod:`taplatform.metrics`), the last two read at
    most once per ``metrics_cache_s``.
    """

    def __init__(
        self,
        app: ServiceApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        probe_interval_s: float = 2.0,
        shutdown_grace_s: float = 10.0,
        tracer_provider: TracerProvider | None = None,
        metrics_port: int | None = None,
        metrics_host: str | None = None,
        metrics_cache_s: float = 5.0,
    ) -> None:
        self.app = app
        self.metrics = ProcessMetrics(app.spec.name)
        self._metrics_address = (metrics_host or host, metrics_port)
        self._metrics_cache_s = metrics_cache_s
        self.metrics_port = 0
        self.health = health.aio.HealthServicer()
        self._address = f"{host}:{port}"
        self._probe_interval_s = probe_interval_s
        self._grace_s = shutdown_grace_s
        self._tracer_provider = tracer_provider
        self._server: grpc.aio.Server | None = None
        self._probe: asyncio.Task[None] | None = None
        self._background: list[asyncio.Task[None]] = []
        self._serving: bool | None = None
        self.port = 0

    async def start(self) -> int:
        """Bind, start serving (NOT_SERVING until the database answers) and return the port."""
        server = grpc.aio.server(
            interceptors=[
                aio_server_interceptor(self._tracer_provider, filter_=_TRACED),  # type: ignore[no-untyped-call]
                # Outside the error mapping, so it sees the status a domain error became.
                self.metrics.interceptor(),
                ErrorMappingInterceptor(),
                *self.app.interceptors,
            ]
        )
        self.app.register(server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, server)
        if self.app.reflection:
            names = (self.app.spec.full_name, health.SERVICE_NAME, reflection.SERVICE_NAME)
            reflection.enable_server_reflection(names, server)
        self.port = server.add_insecure_port(self._address)
        await self.health.set(LIVENESS, SERVING)
        await self._set(False)
        await server.start()
        self._server = server
        self._start_metrics()
        self._probe = asyncio.create_task(self._probe_loop(), name=f"{self.app.spec.name}-probe")
        log.info("grpc.started", service=self.app.spec.full_name, port=self.port)
        return self.port

    def _start_metrics(self) -> None:
        spec, engine = self.app.spec, self.app.engine
        self.metrics.watch_pool(engine)
        outbox = platform_tables(MetaData(schema=spec.schema)).outbox
        for gauges in (outbox_lag(spec.name, engine, outbox), *self.app.gauges):
            self.metrics.watch(gauges, ttl_s=self._metrics_cache_s)
        host, port = self._metrics_address
        if port is not None:
            self.metrics_port = self.metrics.serve(host, port)

    async def _set(self, serving: bool) -> None:
        status = SERVING if serving else NOT_SERVING
        await self.health.set("", status)
        await self.health.set(self.app.spec.full_name, status)

    def _start_background(self) -> None:
        self._background = [
            asyncio.create_task(_run_background(job), name=f"{self.app.spec.name}-background")
            for job in self.app.background
        ]

    async def _probe_loop(self) -> None:
        migrated = not self.app.migrate_on_start
        if migrated:
            self._start_background()
        while True:
            try:
                if not migrated:
                    await self._migrate()
                    migrated = True
                    self._start_background()
                await ping(self.app.engine, timeout_s=max(1.0, self._probe_interval_s))
                await self._transition(True, None)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any failure means "not ready", and says why
                await self._transition(False, error)
            await asyncio.sleep(self._probe_interval_s)

    async def _migrate(self) -> None:
        engine = create_engine(
            self.app.database_url, application_name=f"ta-{self.app.spec.name}-migrate", pool_size=1
        )
        try:
            await ping(engine, timeout_s=max(1.0, self._probe_interval_s))
            try:
                await migrate_service(engine, self.app.spec)
            except Exception as error:
                raise MigrationFailedError(f"{type(error).__name__}: {error}") from error
        finally:
            await engine.dispose()

    async def _transition(self, serving: bool, error: Exception | None) -> None:
        if self._serving == serving:
            return
        self._serving = serving
        # Log before flipping health, so whoever sees the new status finds the reason logged.
        if serving:
            log.info("health.serving", service=self.app.spec.name)
        else:
            log.error(
                "health.not_serving: "
                + (
                    "migration failed"
                    if isinstance(error, MigrationFailedError)
                    else "database unreachable"
                ),
                service=self.app.spec.name,
                error=f"{type(error).__name__}: {error}",
            )
        await self._set(serving)

    async def stop(self) -> None:
        """NOT_SERVING first, then a graceful stop, then release the database pool."""
        await self.health.enter_graceful_shutdown()
        if self._probe is not None:
            self._probe.cancel()
            await asyncio.gather(self._probe, return_exceptions=True)
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self._server is not None:
            log.info("grpc.stopping", service=self.app.spec.name, grace_s=self._grace_s)
            await self._server.stop(self._grace_s)
        for close in self.app.on_close:
            await close()
        await asyncio.to_thread(self.metrics.stop)
        await self.app.engine.dispose()

    async def __aenter__(self) -> ServiceHost:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()


async def _run_background(job: Callable[[], Awaitable[object]]) -> None:
    # A background job that ends by crashing must say so; the server keeps serving.
    try:
        await job()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("background.crashed", job=getattr(job, "__qualname__", repr(job)))
