"""Sleeve membership, weights and drift against targets and bands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from services.engine.domain.numbers import HUNDRED, ZERO
from services.engine.domain.policy import Policy
from services.engine.domain.snapshot import RunInputSnapshot
from services.engine.domain.valuation import Valuation


@dataclass(frozen=True)
class SleeveState:
    """A policy sleeve before trading: value, weight, effective target and band width."""

    name: str
    listing_ids: tuple[str, ...]  # constituents, sorted
    value: Decimal
    weight_pct: Decimal
    target_pct: Decimal
    band_pp: Decimal

    @property
    def drift_pp(self) -> Decimal:
        """Weight minus target, in percentage points (negative: underweight)."""
        return self.weight_pct - self.target_pct

    @property
    def outside_band(self) -> bool:
        """Drift strictly beyond the band; a sleeve exactly on its band edge is inside."""
        return abs(self.drift_pp) > self.band_pp


def membership(snapshot: RunInputSnapshot, policy: Policy) -> dict[str, str]:
    """listing_id → policy sleeve name, for constituents of sleeves the policy names."""
    names = {s.name for s in policy.sleeves}
    sleeve_names = {s.sleeve_id: s.name for s in snapshot.sleeves if s.name in names}
    return {
        c.listing_id: sleeve_names[c.sleeve_id]
        for c in sorted(snapshot.constituents, key=lambda c: c.listing_id)
        if c.sleeve_id in sleeve_names
    }


def sleeve_values(
    valuation: Valuation, members: Mapping[str, str], names: list[str]
) -> dict[str, Decimal]:
    """Market value of each named sleeve; holdings outside every sleeve are not counted."""
    values = dict.fromkeys(names, ZERO)
    for listing_id, sleeve in members.items():
        listing = valuation.listings.get(listing_id)
        if listing is not None:
            values[sleeve] += listing.value_base
    return values


def weights_pct(values: Mapping[str, Decimal], cash: Decimal) -> dict[str, Decimal]:
    """Each sleeve's share, in percent, of the money the policy governs: the sleeves plus
    ``cash`` still to invest. Counting that cash means buying an underweight sleeve always
    moves it towards target. All zero when there is nothing."""
    total = sum(values.values(), ZERO) + cash
    if total == ZERO:
        return dict.fromkeys(values, ZERO)
    return {name: value * HUNDRED / total for name, value in values.items()}


def total_drift_pp(
    values: Mapping[str, Decimal], targets: Mapping[str, Decimal], cash: Decimal
) -> Decimal:
    """Sum of |weight - target| over sleeves: the one drift measure trades must not increase."""
    weights = weights_pct(values, cash)
    return sum((abs(weights[name] - targets[name]) for name in sorted(targets)), ZERO)


def sleeve_states(
    policy: Policy,
    targets: Mapping[str, Decimal],
    members: Mapping[str, str],
    valuation: Valuation,
    cash: Decimal,
) -> list[SleeveState]:
    """Sleeves in name order with weights (``cash`` = money to invest), targets and bands."""
    names = [s.name for s in policy.sleeves]
    values = sleeve_values(valuation, members, names)
    weights = weights_pct(values, cash)
    return [
        SleeveState(
            name=s.name,
            listing_ids=tuple(sorted(lid for lid, name in members.items() if name == s.name)),
            value=values[s.name],
            weight_pct=weights[s.name],
            target_pct=targets[s.name],
            band_pp=s.band.width_pp(targets[s.name]),
        )
        for s in policy.sleeves
    ]
