"""Composition root of the engine service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.engine.v1 import engine_pb2_grpc

from services.engine.server import EngineServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the engine service from settings."""
    engine = create_engine(
        settings.database_url, application_name="ta-engine", pool_size=settings.db_pool_size
    )
    servicer = EngineServiceServicer()
    return ServiceApp(
        spec=service("engine"),
        engine=engine,
        register=partial(engine_pb2_grpc.add_EngineServiceServicer_to_server, servicer),
    )
