"""Where a run's inputs come from: one port per service (registry, ledger, marketdata).

Each port has a gRPC adapter (``*_grpc.py``) and an in-memory fake next to it
for service-layer tests. Adapters forward the caller's bearer token (the
channels from ``open_channel`` do), so every source sees the user who asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.engine.sources.ledger import LedgerSource
from services.engine.sources.marketdata import MarketDataSource
from services.engine.sources.registry import RegistrySource


@dataclass(frozen=True)
class Sources:
    registry: RegistrySource
    ledger: LedgerSource
    marketdata: MarketDataSource
