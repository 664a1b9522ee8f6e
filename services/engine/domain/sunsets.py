"""Sunset clauses: tilts and wind-downs that apply until expiry, then say they stopped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.engine.domain.cadence import runs_left
from services.engine.domain.policy import Policy, WindDown
from services.engine.domain.recommendation import InputValue, RuleFired


@dataclass(frozen=True)
class ActiveWindDown:
    clause: WindDown
    runs_left: int


@dataclass(frozen=True)
class SunsetEffects:
    """Targets after active tilts, the wind-downs in force, and the rules that fired."""

    targets_pct: dict[str, Decimal]
    wind_downs: tuple[ActiveWindDown, ...]
    rules: tuple[RuleFired, ...]

    def winding_down(self, listing_id: str) -> bool:
        """Whether ``listing_id`` is being wound down (so must not be bought)."""
        return any(w.clause.listing_id == listing_id for w in self.wind_downs)


def evaluate_sunsets(policy: Policy, today: date) -> SunsetEffects:
    """Apply clauses with ``today <= expires_on``; report the others as expired."""
    targets = {s.name: s.target_weight_pct for s in policy.sleeves}
    rules: list[RuleFired] = []
    for tilt in policy.tilts:
        inputs: dict[str, InputValue] = {"expires_on": tilt.expires_on.isoformat()}
        inputs |= {f"delta_pct.{a.sleeve}": a.delta_pct for a in tilt.adjustments}
        if today > tilt.expires_on:
            rules.append(
                RuleFired(
                    "sunset_expired",
                    tilt.id,
                    inputs,
                    f"tilt expired on {tilt.expires_on}; targets unchanged",
                )
            )
            continue
        for a in tilt.adjustments:
            targets[a.sleeve] += a.delta_pct
        rules.append(
            RuleFired("sunset_tilt_applied", tilt.id, inputs, "tilt applied to sleeve targets")
        )
    active: list[ActiveWindDown] = []
    for clause in policy.wind_downs:
        inputs = {"expires_on": clause.expires_on.isoformat(), "listing_id": clause.listing_id}
        if today > clause.expires_on:
            rules.append(
                RuleFired(
                    "sunset_expired",
                    clause.id,
                    inputs,
                    f"wind-down expired on {clause.expires_on}; listing treated normally",
                )
            )
            continue
        left = runs_left(today, clause.expires_on, policy.cadence)
        active.append(ActiveWindDown(clause, left))
        rules.append(
            RuleFired(
                "sunset_wind_down",
                clause.id,
                inputs | {"runs_left": left},
                f"sell 1/{left} of the holding; no buys",
            )
        )
    return SunsetEffects(targets, tuple(active), tuple(rules))
