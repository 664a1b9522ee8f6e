"""Composition root of the ledger service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.ledger.v1 import ledger_pb2_grpc

from services.ledger.server import LedgerServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the ledger service from settings."""
    engine = create_engine(
        settings.database_url, application_name="ta-ledger", pool_size=settings.db_pool_size
    )
    servicer = LedgerServiceServicer()
    return ServiceApp(
        spec=service("ledger"),
        engine=engine,
        register=partial(ledger_pb2_grpc.add_LedgerServiceServicer_to_server, servicer),
    )
