"""RunInputSnapshot: everything a run reads, with one canonical serialisation and its hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Any

from services.engine.domain.numbers import CALC
from taplatform.canonical import canonical_json, sha256_hex


class DqState(StrEnum):
    OK = "ok"
    FAILING = "failing"


@dataclass(frozen=True)
class FreezeReason:
    """Why advice is frozen: ``source`` "dq_alert" (``reference`` = alert id) or "manual"."""

    source: str
    reference: str
    detail: str


@dataclass(frozen=True)
class PortfolioState:
    portfolio_id: str
    base_currency: str
    frozen: bool
    freeze_reasons: tuple[FreezeReason, ...]


@dataclass(frozen=True)
class SleeveRef:
    sleeve_id: str
    name: str


@dataclass(frozen=True)
class ListingRef:
    """A listing's units: prices in ``quote_currency`` x ``price_scale`` are major units."""

    listing_id: str
    ticker: str
    quote_currency: str
    price_scale: Decimal
    lot_size: Decimal


@dataclass(frozen=True)
class ConstituentRef:
    listing_id: str
    sleeve_id: str  # "" when in the universe but in no sleeve


@dataclass(frozen=True)
class Position:
    listing_id: str
    quantity: Decimal


@dataclass(frozen=True)
class CashBalance:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class PriceQuote:
    """The latest validated price as quoted (listing's unit), with its data-quality state."""

    listing_id: str
    price: Decimal
    observed_at: datetime
    dq_state: DqState
    alert_ids: tuple[str, ...]


@dataclass(frozen=True)
class FxQuote:
    """``1 base = rate quote`` as published on ``as_of`` (YYYY-MM-DD)."""

    base: str
    quote: str
    rate: Decimal
    as_of: str


@dataclass(frozen=True)
class TrailingHigh:
    """The highest price (listing's unit) seen in the ``window_days`` before the run."""

    listing_id: str
    price: Decimal
    observed_at: datetime
    window_days: int


@dataclass(frozen=True)
class FiredWave:
    """A wave level that fired in an earlier approved run and has not re-armed yet."""

    sleeve: str
    drawdown_pct: Decimal


@dataclass(frozen=True)
class RunInputSnapshot:
    """Inputs of one run. Order inside the tuples does not matter: the canonical form sorts."""

    as_of: datetime
    policy_hash: str | None
    portfolio: PortfolioState
    sleeves: tuple[SleeveRef, ...]
    listings: tuple[ListingRef, ...]
    constituents: tuple[ConstituentRef, ...]
    holdings: tuple[Position, ...]
    cash: tuple[CashBalance, ...]
    prices: tuple[PriceQuote, ...]
    fx_rates: tuple[FxQuote, ...]
    trailing_highs: tuple[TrailingHigh, ...] = ()
    wave_state: tuple[FiredWave, ...] = ()

    def to_tree(self) -> dict[str, Any]:
        """The canonical tree: every list sorted by its key, times as UTC ISO 8601."""
        p = self.portfolio
        return {
            "as_of": iso(self.as_of),
            "policy_hash": self.policy_hash,
            "portfolio": {
                "portfolio_id": p.portfolio_id,
                "base_currency": p.base_currency,
                "frozen": p.frozen,
                "freeze_reasons": sorted(
                    (
                        {"source": r.source, "reference": r.reference, "detail": r.detail}
                        for r in p.freeze_reasons
                    ),
                    key=lambda r: (r["source"], r["reference"], r["detail"]),
                ),
            },
            "sleeves": _rows(
                self.sleeves, "sleeve_id", lambda s: {"sleeve_id": s.sleeve_id, "name": s.name}
            ),
            "listings": _rows(
                self.listings,
                "listing_id",
                lambda x: {
                    "listing_id": x.listing_id,
                    "ticker": x.ticker,
                    "quote_currency": x.quote_currency,
                    "price_scale": x.price_scale,
                    "lot_size": x.lot_size,
                },
            ),
            "constituents": _rows(
                self.constituents,
                "listing_id",
                lambda c: {"listing_id": c.listing_id, "sleeve_id": c.sleeve_id},
            ),
            "holdings": _rows(
                self.holdings,
                "listing_id",
                lambda h: {"listing_id": h.listing_id, "quantity": h.quantity},
            ),
            "cash": _rows(
                self.cash, "currency", lambda c: {"currency": c.currency, "amount": c.amount}
            ),
            "prices": _rows(
                self.prices,
                "listing_id",
                lambda q: {
                    "listing_id": q.listing_id,
                    "price": q.price,
                    "observed_at": iso(q.observed_at),
                    "dq_state": q.dq_state.value,
                    "alert_ids": sorted(q.alert_ids),
                },
            ),
            "fx_rates": sorted(
                (
                    {"base": f.base, "quote": f.quote, "rate": f.rate, "as_of": f.as_of}
                    for f in self.fx_rates
                ),
                key=lambda f: (f["base"], f["quote"]),
            ),
            "trailing_highs": _rows(
                self.trailing_highs,
                "listing_id",
                lambda t: {
                    "listing_id": t.listing_id,
                    "price": t.price,
                    "observed_at": iso(t.observed_at),
                    "window_days": t.window_days,
                },
            ),
            "wave_state": sorted(
                ({"sleeve": w.sleeve, "drawdown_pct": w.drawdown_pct} for w in self.wave_state),
                key=lambda w: (w["sleeve"], w["drawdown_pct"]),
            ),
        }

    def canonical_json(self) -> str:
        """The bytes that are stored and hashed."""
        with localcontext(CALC):
            return canonical_json(self.to_tree())

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical form."""
        with localcontext(CALC):
            return sha256_hex(self.to_tree())


def iso(moment: datetime) -> str:
    """A timezone-aware time as UTC ISO 8601 with microseconds: one spelling per instant."""
    if moment.tzinfo is None:
        raise ValueError("snapshot times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _rows(items: Any, key: str, render: Any) -> list[dict[str, Any]]:
    rows = [render(item) for item in items]
    keys = [row[key] for row in rows]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate {key} in snapshot")
    return sorted(rows, key=lambda row: str(row[key]))
