"""Composition root of the ledger service: the only place that wires its parts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from tradingassistant.ledger.v1 import ledger_pb2_grpc

from services.ledger.directory import PortfolioDirectory, RegistryPortfolioDirectory
from services.ledger.handlers import LedgerDeps
from services.ledger.server import LedgerServiceServicer
from services.ledger.store import platform
from taplatform.auth.wiring import ServiceAuth, registry_backed_auth
from taplatform.catalog import service
from taplatform.clock import Clock, SystemClock
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.client import open_channel
from taplatform.grpc.server import ServiceApp


def bootstrap(
    settings: ServiceSettings,
    *,
    directory: PortfolioDirectory | None = None,
    clock: Clock | None = None,
    auth: ServiceAuth | None = None,
) -> ServiceApp:
    """Build the ledger service from settings; tests may pass fakes of the registry's parts
    (directory, auth) and a clock."""
    spec = service("ledger")
    engine = service_engine(spec, settings)
    on_close: list[Callable[[], Awaitable[None]]] = []
    if directory is None:
        channel = open_channel(settings.registry_addr)
        directory = RegistryPortfolioDirectory(channel, settings.rpc_timeout_s)

        async def close_channel() -> None:
            await channel.close()

        on_close.append(close_channel)
    deps = LedgerDeps(engine=engine, directory=directory, clock=clock or SystemClock())
    servicer = LedgerServiceServicer(deps)
    # Every call authenticated, every portfolio it names checked against the registry.
    auth = auth or registry_backed_auth(
        settings, service=spec.name, engine=engine, outbox=platform.outbox
    )
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(ledger_pb2_grpc.add_LedgerServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=[*on_close, *auth.on_close],
    )
