"""Composition root of the marketdata service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata.server import MarketDataServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the marketdata service from settings."""
    spec = service("marketdata")
    engine = service_engine(spec, settings)
    servicer = MarketDataServiceServicer()
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(marketdata_pb2_grpc.add_MarketDataServiceServicer_to_server, servicer),
    )
