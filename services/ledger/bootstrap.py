"""Composition root of the ledger service: the only place that wires its parts."""

from __future__ import annotations

from functools import partial

from tradingassistant.ledger.v1 import ledger_pb2_grpc

from services.ledger.server import LedgerServiceServicer
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp


def bootstrap(settings: ServiceSettings) -> ServiceApp:
    """Build the ledger service from settings."""
    spec = service("ledger")
    engine = service_engine(spec, settings)
    servicer = LedgerServiceServicer()
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(ledger_pb2_grpc.add_LedgerServiceServicer_to_server, servicer),
    )
