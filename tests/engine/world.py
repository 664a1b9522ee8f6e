"""Portfolios in the engine's fake sources, and the policy documents the tests use."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from services.engine.domain.snapshot import (
    CashBalance,
    ConstituentRef,
    DqState,
    FreezeReason,
    ListingRef,
    PortfolioState,
    Position,
    PriceQuote,
    SleeveRef,
)
from services.engine.sources import Sources
from services.engine.sources.ledger import FakeLedgerSource
from services.engine.sources.marketdata import FakeMarketDataSource
from services.engine.sources.registry import FakeRegistrySource

PRICED_AT = datetime(2025, 7, 2, 16, 30, tzinfo=UTC)

POLICY_YAML = """\
schema_version: 1
name: Core 60/40
sleeves:
  - name: equities
    target_weight_pct: 60
    drift_band: {abs_pct: 5, rel_pct: 25}
  - name: bonds
    target_weight_pct: 40
    drift_band: {abs_pct: 5, rel_pct: 25}
cadence: {frequency: monthly, run_day: 1, contribution: 1000}
friction:
  min_trade_value: 100
  max_orders_per_run: 4
  fees: {fixed: 1.50, bps: 10, minimum: 2}
  cash_buffer: 50
sells: when_outside_band
"""

# The same policy reordered and respelled: one canonical form, one hash.
POLICY_JSON = (
    '{"sells": "when_outside_band", "schema_version": 1, "name": "Core 60/40",'
    ' "cadence": {"run_day": 1, "frequency": "monthly", "contribution": "1000.00"},'
    ' "friction": {"min_trade_value": 100, "max_orders_per_run": 4, "cash_buffer": 50,'
    ' "fees": {"fixed": 1.5, "bps": 10, "minimum": 2}},'
    ' "sleeves": ['
    '{"name": "bonds", "target_weight_pct": 40, "drift_band": {"abs_pct": 5, "rel_pct": 25}},'
    ' {"name": "equities", "target_weight_pct": 60.0,'
    ' "drift_band": {"abs_pct": 5, "rel_pct": 25}}]}'
)


def policy_yaml(**replace: str) -> str:
    """POLICY_YAML with whole lines replaced: ``{"sells: when_outside_band": "sells: never"}``."""
    text = POLICY_YAML
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


@dataclass
class World:
    """Builds portfolios in the fake sources."""

    sources: Sources

    @property
    def registry(self) -> FakeRegistrySource:
        assert isinstance(self.sources.registry, FakeRegistrySource)
        return self.sources.registry

    @property
    def ledger(self) -> FakeLedgerSource:
        assert isinstance(self.sources.ledger, FakeLedgerSource)
        return self.sources.ledger

    @property
    def market(self) -> FakeMarketDataSource:
        assert isinstance(self.sources.marketdata, FakeMarketDataSource)
        return self.sources.marketdata

    def portfolio(self, *, cash: str = "1000") -> tuple[str, dict[str, str]]:
        """A GBP 60/40 portfolio: a GBX equity listing and a GBP bond listing, both held.

        VWRL 100 x 9850 GBX = 9,850.00; VGOV 200 x 30.00 = 6,000.00; cash as given.
        Returns (portfolio id, {"equities": listing id, "bonds": listing id}).
        """
        pid = f"pf-{uuid.uuid4().hex[:10]}"
        eq, bd = f"lst-{uuid.uuid4().hex[:8]}", f"lst-{uuid.uuid4().hex[:8]}"
        self.registry.portfolios[pid] = PortfolioState(pid, "GBP", False, ())
        self.registry.sleeve_refs[pid] = [
            SleeveRef(f"{pid}-eq", "equities"),
            SleeveRef(f"{pid}-bd", "bonds"),
        ]
        self.registry.universe[pid] = [
            ConstituentRef(eq, f"{pid}-eq"),
            ConstituentRef(bd, f"{pid}-bd"),
        ]
        self.registry.listing_refs[eq] = ListingRef(eq, "VWRL", "GBX", Decimal("0.01"), Decimal(1))
        self.registry.listing_refs[bd] = ListingRef(bd, "VGOV", "GBP", Decimal(1), Decimal(1))
        self.ledger.positions[pid] = [Position(eq, Decimal(100)), Position(bd, Decimal(200))]
        self.ledger.balances[pid] = [CashBalance("GBP", Decimal(cash))]
        self.price(eq, "9850")
        self.price(bd, "30.00")
        return pid, {"equities": eq, "bonds": bd}

    def price(self, listing_id: str, price: str, *alert_ids: str) -> None:
        state = DqState.FAILING if alert_ids else DqState.OK
        self.market.prices[listing_id] = PriceQuote(
            listing_id, Decimal(price), PRICED_AT, state, tuple(alert_ids)
        )

    def freeze(self, portfolio_id: str, *alert_ids: str) -> None:
        found = self.registry.portfolios[portfolio_id]
        reasons = tuple(FreezeReason("dq_alert", a, "scale mismatch") for a in alert_ids)
        self.registry.portfolios[portfolio_id] = PortfolioState(
            portfolio_id, found.base_currency, True, reasons
        )
