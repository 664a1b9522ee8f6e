"""The policy model: an investor's validated strategy, its canonical form and its SHA-256."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Any

from services.engine.domain.numbers import CALC, HUNDRED, TEN_THOUSAND, ZERO
from taplatform.canonical import canonical_json, sha256_hex


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class SellsPolicy(StrEnum):
    WHEN_OUTSIDE_BAND = "when_outside_band"
    NEVER = "never"


@dataclass(frozen=True)
class DriftBand:
    """Absolute (pp) and/or relative (% of target) band; with both the narrower applies."""

    abs_pct: Decimal | None
    rel_pct: Decimal | None

    def width_pp(self, target_pct: Decimal) -> Decimal:
        """The band's half-width in percentage points for a sleeve targeting ``target_pct``."""
        widths = []
        if self.abs_pct is not None:
            widths.append(self.abs_pct)
        if self.rel_pct is not None:
            widths.append(CALC.divide(CALC.multiply(self.rel_pct, target_pct), HUNDRED))
        return min(widths)


@dataclass(frozen=True)
class SleevePolicy:
    name: str
    target_weight_pct: Decimal
    band: DriftBand


@dataclass(frozen=True)
class Cadence:
    frequency: Frequency
    run_day: int
    contribution: Decimal


@dataclass(frozen=True)
class FeeModel:
    """Per line: ``max(minimum, fixed + value x bps / 10000)``, in the base currency."""

    fixed: Decimal
    bps: Decimal
    minimum: Decimal

    def raw_fee(self, value: Decimal) -> Decimal:
        """The unrounded fee of a line worth ``value``."""
        variable = CALC.divide(CALC.multiply(value, self.bps), TEN_THOUSAND)
        return max(self.minimum, CALC.add(self.fixed, variable))


@dataclass(frozen=True)
class Friction:
    min_trade_value: Decimal
    max_orders_per_run: int
    fees: FeeModel
    cash_buffer: Decimal


@dataclass(frozen=True)
class WaveLevel:
    drawdown_pct: Decimal
    release_pct: Decimal


@dataclass(frozen=True)
class WaveTrigger:
    sleeve: str
    reference_listing_id: str
    trailing_days: int
    levels: tuple[WaveLevel, ...]  # ascending drawdown
    rearm_at_drawdown_pct: Decimal


@dataclass(frozen=True)
class TiltAdjustment:
    sleeve: str
    delta_pct: Decimal


@dataclass(frozen=True)
class Tilt:
    """A temporary change of sleeve targets that stops applying after ``expires_on``."""

    id: str
    expires_on: date
    adjustments: tuple[TiltAdjustment, ...]


@dataclass(frozen=True)
class WindDown:
    """A listing sold down in steps over the runs left until ``expires_on``, never bought."""

    id: str
    expires_on: date
    listing_id: str


@dataclass(frozen=True)
class Policy:
    """A validated policy; build it with ``policy_rules.build_policy``."""

    name: str
    sleeves: tuple[SleevePolicy, ...]  # sorted by name
    cadence: Cadence
    friction: Friction
    sells: SellsPolicy
    reserve_amount: Decimal
    wave_triggers: tuple[WaveTrigger, ...]  # sorted by sleeve
    tilts: tuple[Tilt, ...]  # sorted by id
    wind_downs: tuple[WindDown, ...]  # sorted by id

    def sleeve(self, name: str) -> SleevePolicy:
        """The sleeve called ``name``."""
        return next(s for s in self.sleeves if s.name == name)

    def canonical_tree(self) -> dict[str, Any]:
        """The canonical document: defaults filled, lists sorted, decimals as plain strings."""
        tree = {
            "schema_version": 1,
            "name": self.name,
            "sleeves": [_sleeve_tree(s) for s in self.sleeves],
            "cadence": {
                "frequency": self.cadence.frequency.value,
                "run_day": self.cadence.run_day,
                "contribution": self.cadence.contribution,
            },
            "friction": {
                "min_trade_value": self.friction.min_trade_value,
                "max_orders_per_run": self.friction.max_orders_per_run,
                "fees": {
                    "fixed": self.friction.fees.fixed,
                    "bps": self.friction.fees.bps,
                    "minimum": self.friction.fees.minimum,
                },
                "cash_buffer": self.friction.cash_buffer,
            },
            "sells": self.sells.value,
            "reserve": {"amount": self.reserve_amount},
            "wave_triggers": [_wave_tree(w) for w in self.wave_triggers],
            "sunsets": _sunsets_tree(self),
        }
        # Round-trip through canonical JSON so every Decimal becomes its normalised string.
        with localcontext(CALC):
            loaded: dict[str, Any] = json.loads(canonical_json(tree))
        return loaded

    def canonical_json(self) -> str:
        """Sorted-key compact JSON of :meth:`canonical_tree`; the text that is hashed."""
        return canonical_json(self.canonical_tree())

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical form: the policy version's identity."""
        return sha256_hex(self.canonical_tree())

    def total_release_pct(self) -> Decimal:
        """Sum of every wave level's share of the reserve."""
        return sum((lvl.release_pct for w in self.wave_triggers for lvl in w.levels), ZERO)


def _sleeve_tree(sleeve: SleevePolicy) -> dict[str, Any]:
    band: dict[str, Any] = {}
    if sleeve.band.abs_pct is not None:
        band["abs_pct"] = sleeve.band.abs_pct
    if sleeve.band.rel_pct is not None:
        band["rel_pct"] = sleeve.band.rel_pct
    return {"name": sleeve.name, "target_weight_pct": sleeve.target_weight_pct, "drift_band": band}


def _wave_tree(wave: WaveTrigger) -> dict[str, Any]:
    return {
        "sleeve": wave.sleeve,
        "reference_listing_id": wave.reference_listing_id,
        "trailing_days": wave.trailing_days,
        "levels": [
            {"drawdown_pct": lvl.drawdown_pct, "release_pct": lvl.release_pct}
            for lvl in wave.levels
        ],
        "rearm_at_drawdown_pct": wave.rearm_at_drawdown_pct,
    }


def _sunsets_tree(policy: Policy) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "id": t.id,
            "kind": "tilt",
            "expires_on": t.expires_on.isoformat(),
            "adjustments": [{"sleeve": a.sleeve, "delta_pct": a.delta_pct} for a in t.adjustments],
        }
        for t in policy.tilts
    ]
    items += [
        {
            "id": w.id,
            "kind": "wind_down",
            "expires_on": w.expires_on.isoformat(),
            "listing_id": w.listing_id,
        }
        for w in policy.wind_downs
    ]
    return sorted(items, key=lambda item: str(item["id"]))
