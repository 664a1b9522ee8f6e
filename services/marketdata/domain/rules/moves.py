"""Rules on price moves: a genuine jump, and a scale mismatch (the GBX/GBP factor of 100).

A ratio near 100 or 1/100 is a unit flip, not a market move: the jump rule
leaves it to the scale rule, which names it as such, so a flip raises a
scale-mismatch alert (and freezes) rather than a misleading jump alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from services.marketdata.domain.prices import PriceKind, PricePoint
from services.marketdata.domain.rules.base import (
    Finding,
    RulePolicy,
    SeriesContext,
    Severity,
    examples,
    major_value,
)
from services.marketdata.domain.units import FX_CONTEXT

HUNDRED = Decimal(100)


def is_unit_flip(ratio: Decimal, tolerance: Decimal) -> bool:
    """Whether ``ratio`` (new / reference) is within ``tolerance`` of x100 or /100."""
    if ratio <= 0:
        return False
    low, high = HUNDRED / (1 + tolerance), HUNDRED * (1 + tolerance)
    return low <= ratio <= high or low <= FX_CONTEXT.divide(1, ratio) <= high


def _pairs(context: SeriesContext, window: int) -> list[tuple[PricePoint, list[PricePoint]]]:
    """Each new point with up to ``window`` positive points of its kind just before it.

    One pass over the series per kind (linear, not quadratic: a backfill of
    thousands of points is checked as fast as a daily refresh).
    """
    new_keys = {id(p) for p in context.new_points}
    found = []
    for kind in PriceKind:
        series = sorted(context.points(kind), key=lambda p: p.observed_at)
        earlier: list[PricePoint] = []
        for point in series:
            if id(point) in new_keys:
                found.append((point, earlier[-window:]))
            if point.price > 0:
                earlier.append(point)
    order = {id(p): i for i, p in enumerate(context.new_points)}
    return sorted(found, key=lambda pair: order[id(pair[0])])


@dataclass(frozen=True)
class JumpRule:
    """A new price that moved more than ``threshold`` (a fraction: 0.2 = 20 %) from the
    previous price of its kind, unless the move is a x100 unit flip."""

    threshold: Decimal = Decimal("0.2")
    flip_tolerance: Decimal = Decimal("0.25")
    policy: RulePolicy = field(
        default=RulePolicy(Severity.CRITICAL, freeze=True, auto_resolve=False, auto_unfreeze=False)
    )
    name: str = "jump"

    def parameters(self) -> dict[str, str]:
        return {"threshold": str(self.threshold), "flip_tolerance": str(self.flip_tolerance)}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        jumps = []
        for point, earlier in _pairs(context, 1):
            if not earlier or point.price <= 0:
                continue
            previous = earlier[-1]
            ratio = FX_CONTEXT.divide(major_value(point), major_value(previous))
            if is_unit_flip(ratio, self.flip_tolerance):
                continue
            if abs(ratio - 1) > self.threshold:
                move = FX_CONTEXT.multiply(ratio - 1, HUNDRED).quantize(Decimal("0.1"))
                jumps.append(
                    f"{point.observed_at.isoformat()} {previous.price}->{point.price} ({move:+}%)"
                )
        if not jumps:
            return None
        return Finding(
            self.name,
            context.listing.listing_id,
            self.policy.severity,
            f"price moved more than {self.threshold * HUNDRED}%: {examples(jumps)}",
            {"moves": "; ".join(jumps)},
        )


@dataclass(frozen=True)
class ScaleMismatchRule:
    """A new price quoted in another unit than the listing declares, or ~100x off the
    median of the last ``window`` prices (a GBX listing suddenly quoted in GBP)."""

    window: int = 5
    flip_tolerance: Decimal = Decimal("0.25")
    policy: RulePolicy = field(
        default=RulePolicy(Severity.CRITICAL, freeze=True, auto_resolve=False, auto_unfreeze=False)
    )
    name: str = "scale_mismatch"

    def parameters(self) -> dict[str, str]:
        return {"window": str(self.window), "flip_tolerance": str(self.flip_tolerance)}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        declared = context.listing.quote_currency
        units = [
            f"{p.observed_at.isoformat()} quoted in {p.currency}"
            for p in context.new_points
            if p.currency != declared
        ]
        flips = []
        for point, earlier in _pairs(context, self.window):
            recent = earlier
            if not recent or point.price <= 0:
                continue
            level = _median([major_value(p) for p in recent])
            ratio = FX_CONTEXT.divide(major_value(point), level)
            if is_unit_flip(ratio, self.flip_tolerance):
                flips.append(f"{point.observed_at.isoformat()} {point.price} vs recent {level}")
        if not units and not flips:
            return None
        details = {}
        parts = []
        if units:
            details["unit"] = "; ".join(units)
            parts.append(f"listing is quoted in {declared} but got {examples(units)}")
        if flips:
            details["level"] = "; ".join(flips)
            parts.append(f"price about 100x off its recent level: {examples(flips)}")
        return Finding(
            self.name, context.listing.listing_id, self.policy.severity, "; ".join(parts), details
        )


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return FX_CONTEXT.divide(ordered[middle - 1] + ordered[middle], 2)
