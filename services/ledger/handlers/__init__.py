"""Use cases of the ledger: submit batches, read snapshots and entries, verify, account settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from services.ledger.directory import PortfolioDirectory
from taplatform.clock import Clock


@dataclass(frozen=True)
class LedgerDeps:
    """What every handler needs: the database, the registry port and the clock."""

    engine: AsyncEngine
    directory: PortfolioDirectory
    clock: Clock
