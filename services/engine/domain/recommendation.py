"""The recommendation: lines, rules fired, constraints, weights, rationale; canonical bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Any

from services.engine.domain.numbers import CALC
from services.engine.domain.snapshot import FiredWave
from taplatform.canonical import canonical_json, sha256_hex

InputValue = Decimal | str | int | bool | None


class Outcome(StrEnum):
    ADVICE = "advice"
    BLOCKED = "blocked"


class Side(StrEnum):
    BUY = "buy"
    SELL = "sell"


@dataclass(frozen=True)
class OrderLine:
    """One order to place. ``est_price`` is in the listing's quote unit; values in base currency."""

    listing_id: str
    ticker: str
    side: Side
    quantity: Decimal
    est_price: Decimal
    price_unit: str
    est_value: Decimal
    est_fee: Decimal
    sleeve: str
    purpose: str  # "rebalance", "wave" or "wind_down"


@dataclass(frozen=True)
class RuleFired:
    """A rule that applied, the inputs it read and what it decided."""

    rule: str
    subject: str
    inputs: dict[str, InputValue]
    outcome: str


@dataclass(frozen=True)
class Dropped:
    """A candidate line the friction filter removed, and why."""

    # BELOW_MIN_TRADE, ZERO_AFTER_LOT_ROUNDING, MAX_ORDERS, INSUFFICIENT_CASH,
    # NO_DRIFT_REDUCTION, REDUCED_FOR_CASH, NO_BUYABLE_LISTING
    code: str
    listing_id: str
    side: Side
    detail: str
    inputs: dict[str, InputValue] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class SleeveWeights:
    sleeve: str
    target_pct: Decimal
    band_pp: Decimal
    value_before: Decimal
    value_after: Decimal
    before_pct: Decimal
    after_pct: Decimal
    drift_before_pp: Decimal
    drift_after_pp: Decimal


@dataclass(frozen=True)
class BlockReason:
    # NO_APPROVED_POLICY, PORTFOLIO_FROZEN, PRICE_MISSING, PRICE_DQ_FAILING, FX_MISSING, ...
    code: str
    subject: str
    detail: str


@dataclass(frozen=True)
class Totals:
    cash_before: Decimal
    buys: Decimal
    sells: Decimal
    fees: Decimal
    cash_after: Decimal
    invested_before: Decimal
    invested_after: Decimal


@dataclass(frozen=True)
class Recommendation:
    """The result of one calculation. BLOCKED results carry reasons and never any lines."""

    outcome: Outcome
    snapshot_hash: str
    policy_hash: str | None
    base_currency: str
    lines: tuple[OrderLine, ...] = ()
    rules: tuple[RuleFired, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    sleeves: tuple[SleeveWeights, ...] = ()
    totals: Totals | None = None
    blocked_reasons: tuple[BlockReason, ...] = ()
    rationale: tuple[str, ...] = ()
    wave_state_after: tuple[FiredWave, ...] = ()

    def to_tree(self) -> dict[str, Any]:
        """The canonical tree; list order is the calculation's stable order."""
        return {
            "outcome": self.outcome.value,
            "snapshot_hash": self.snapshot_hash,
            "policy_hash": self.policy_hash,
            "base_currency": self.base_currency,
            "lines": [_fields(line) for line in self.lines],
            "rules": [_fields(rule) for rule in self.rules],
            "dropped": [_fields(drop) for drop in self.dropped],
            "checks": [_fields(check) for check in self.checks],
            "sleeves": [_fields(sleeve) for sleeve in self.sleeves],
            "totals": None if self.totals is None else _fields(self.totals),
            "blocked_reasons": [_fields(reason) for reason in self.blocked_reasons],
            "rationale": list(self.rationale),
            "wave_state_after": [_fields(w) for w in self.wave_state_after],
        }

    def canonical_json(self) -> str:
        """The stored bytes; equal inputs give equal bytes."""
        with localcontext(CALC):
            return canonical_json(self.to_tree())

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical form."""
        with localcontext(CALC):
            return sha256_hex(self.to_tree())


def _fields(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in item.__dataclass_fields__:
        value = getattr(item, name)
        out[name] = value.value if isinstance(value, StrEnum) else value
    return out
