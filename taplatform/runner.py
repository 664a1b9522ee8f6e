"""``tradingassistant serve <service>``: run one gRPC service until SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import importlib
import signal

from taplatform.catalog import service
from taplatform.config import ServiceSettings, load_settings, redact_url
from taplatform.grpc.server import ServiceApp, ServiceHost
from taplatform.logging import configure_logging, get_logger
from taplatform.metrics import metrics_port
from taplatform.tracing import setup_tracing, shutdown_tracing

log = get_logger(__name__)


def build_app(name: str, settings: ServiceSettings) -> ServiceApp:
    """Import ``services.<name>.bootstrap`` and build the service from settings."""
    module = importlib.import_module(service(name).bootstrap_module)
    app: ServiceApp = module.bootstrap(settings)
    app.migrate_on_start = settings.migrate_on_start
    app.reflection = settings.grpc_reflection
    return app


async def serve(name: str, settings: ServiceSettings) -> None:
    """Serve until a stop signal; then NOT_SERVING, drain and exit."""
    spec = service(name)
    host = ServiceHost(
        build_app(name, settings),
        host=settings.grpc_host,
        port=spec.port if settings.grpc_port is None else settings.grpc_port,
        probe_interval_s=settings.health_probe_interval_s,
        shutdown_grace_s=settings.shutdown_grace_s,
        metrics_port=metrics_port(name, settings.metrics_port),
        metrics_host=settings.metrics_host,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info("service.starting", service=name, database=redact_url(settings.database_url))
    await host.start()
    await stop.wait()
    log.info("service.signal: turning NOT_SERVING and draining", service=name)
    await host.stop()


def run_service(name: str) -> None:
    """Entry point of ``tradingassistant serve <name>`` for the five gRPC services."""
    service(name)
    settings = load_settings(ServiceSettings)
    configure_logging(name, settings.log_level, settings.log_format)
    setup_tracing(name)
    try:
        asyncio.run(serve(name, settings))
    finally:
        shutdown_tracing()
