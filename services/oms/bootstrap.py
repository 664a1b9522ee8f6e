"""Composition root of the oms service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.oms.v1 import oms_pb2_grpc

from services.oms.server import OmsServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the oms service from settings."""
    spec = service("oms")
    engine = service_engine(spec, settings)
    servicer = OmsServiceServicer()
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(oms_pb2_grpc.add_OmsServiceServicer_to_server, servicer),
    )
