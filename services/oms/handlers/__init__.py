"""Use cases of the OMS: orders, execution and capture, trading state, dead letters."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from services.oms.brokers.base import BrokerAdapter
from services.oms.domain.retry import RetryPolicy
from services.oms.ports import (
    LedgerBook,
    ListingDirectory,
    PasswordVerifier,
    PriceSource,
    RecommendationPort,
    Valuation,
)
from services.oms.sessions import MarketSessions
from taplatform.auth.principal import current_principal
from taplatform.clock import Clock
from taplatform.errors import FailedPreconditionError


@dataclass
class OmsDeps:
    """What every handler needs; ``bootstrap`` builds it, tests pass fakes of the ports."""

    engine: AsyncEngine
    clock: Clock
    brokers: Mapping[str, BrokerAdapter]
    listings: ListingDirectory
    prices: PriceSource
    valuation: Valuation
    passwords: PasswordVerifier
    ledger: LedgerBook
    sessions: MarketSessions
    recommendations: RecommendationPort
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rng: random.Random = field(default_factory=random.Random)
    live_confirmation_ttl: timedelta = timedelta(minutes=5)
    new_id: Callable[[], uuid.UUID] = uuid.uuid4

    def broker(self, name: str) -> BrokerAdapter:
        adapter = self.brokers.get(name)
        if adapter is None:
            raise FailedPreconditionError(
                f"no {name} broker is configured", reason="BROKER_NOT_CONFIGURED"
            )
        return adapter


def actor() -> str | None:
    """The user the current RPC acts for (None in background jobs)."""
    principal = current_principal.get()
    return None if principal is None else principal.user_id
