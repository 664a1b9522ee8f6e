"""Composition root of the engine service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.engine.v1 import engine_pb2_grpc

from services.engine.server import EngineServiceServicer
from services.engine.store import platform
from taplatform.auth.wiring import registry_backed_auth
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the engine service from settings."""
    spec = service("engine")
    engine = service_engine(spec, settings)
    servicer = EngineServiceServicer()
    # Every call authenticated, every portfolio it names checked against the registry.
    auth = registry_backed_auth(settings, service=spec.name, engine=engine, outbox=platform.outbox)
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(engine_pb2_grpc.add_EngineServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=auth.on_close,
    )
