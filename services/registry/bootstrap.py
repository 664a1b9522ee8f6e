"""Composition root of the registry service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.registry.v1 import registry_pb2_grpc

from services.registry.server import RegistryServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the registry service from settings."""
    engine = create_engine(
        settings.database_url, application_name="ta-registry", pool_size=settings.db_pool_size
    )
    servicer = RegistryServiceServicer()
    return ServiceApp(
        spec=service("registry"),
        engine=engine,
        register=partial(registry_pb2_grpc.add_RegistryServiceServicer_to_server, servicer),
    )
