"""Composition root of the registry service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.registry.v1 import registry_pb2_grpc

from services.registry.server import RegistryServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the registry service from settings."""
    spec = service("registry")
    engine = service_engine(spec, settings)
    servicer = RegistryServiceServicer()
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(registry_pb2_grpc.add_RegistryServiceServicer_to_server, servicer),
    )
