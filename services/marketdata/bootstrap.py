"""Composition root of the marketdata service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata.server import MarketDataServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the marketdata service from settings."""
    engine = create_engine(
        settings.database_url, application_name="ta-marketdata", pool_size=settings.db_pool_size
    )
    servicer = MarketDataServiceServicer()
    return ServiceApp(
        spec=service("marketdata"),
        engine=engine,
        register=partial(marketdata_pb2_grpc.add_MarketDataServiceServicer_to_server, servicer),
    )
