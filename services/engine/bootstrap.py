"""Composition root of the engine service: the only place that wires its parts."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from functools import partial

from tradingassistant.engine.v1 import engine_pb2_grpc

from services.engine.handlers import EngineDeps
from services.engine.server import EngineServiceServicer
from services.engine.sources import Sources
from services.engine.sources.ledger_grpc import GrpcLedgerSource
from services.engine.sources.marketdata_grpc import GrpcMarketDataSource
from services.engine.sources.registry_grpc import GrpcRegistrySource
from services.engine.store import platform
from taplatform.auth.wiring import ServiceAuth, registry_backed_auth
from taplatform.catalog import service
from taplatform.clock import Clock, SystemClock
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.client import open_channel
from taplatform.grpc.server import ServiceApp


def grpc_sources(
    settings: ServiceSettings,
) -> tuple[Sources, list[Callable[[], Awaitable[None]]]]:
    """The three sources over gRPC, and the callbacks that close their channels."""
    channels = {
        name: open_channel(settings.addr(name)) for name in ("registry", "ledger", "marketdata")
    }
    timeout_s = settings.rpc_timeout_s
    sources = Sources(
        registry=GrpcRegistrySource(channels["registry"], timeout_s),
        ledger=GrpcLedgerSource(channels["ledger"], timeout_s),
        marketdata=GrpcMarketDataSource(channels["marketdata"], timeout_s),
    )
    return sources, [channel.close for channel in channels.values()]


def bootstrap(
    settings: ServiceSettings,
    *,
    sources: Sources | None = None,
    clock: Clock | None = None,
    new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    auth: ServiceAuth | None = None,
) -> ServiceApp:
    """Build the engine service from settings; tests may pass fake sources, a clock, auth."""
    spec = service("engine")
    engine = service_engine(spec, settings)
    on_close: list[Callable[[], Awaitable[None]]] = []
    if sources is None:
        sources, on_close = grpc_sources(settings)
    deps = EngineDeps(engine=engine, sources=sources, clock=clock or SystemClock(), new_id=new_id)
    servicer = EngineServiceServicer(deps)
    # Every call authenticated, every portfolio it names checked against the registry.
    auth = auth or registry_backed_auth(
        settings, service=spec.name, engine=engine, outbox=platform.outbox
    )
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(engine_pb2_grpc.add_EngineServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=[*on_close, *auth.on_close],
    )
