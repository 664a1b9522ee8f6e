"""The performance report: value series, sleeve weights, period returns, rounded for reporting.

Rounding happens here and only here, after every figure was computed exactly:
money half-even to the base currency's minor unit, returns and weights
half-even to 0.0001 percent (percentage points for bands).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.engine.domain.numbers import money, weight
from services.engine.domain.performance import HistoryInput, build_history
from services.engine.domain.returns import Period, percent, period_returns


@dataclass(frozen=True)
class SleeveTarget:
    target_pct: Decimal
    band_pp: Decimal


@dataclass(frozen=True)
class ValuationPoint:
    day: date
    value: Decimal
    net_contributions: Decimal


@dataclass(frozen=True)
class SleeveSeries:
    """A sleeve's weight (percent of the whole value, cash included) on each point's day."""

    name: str
    target: SleeveTarget | None
    weights_pct: tuple[Decimal, ...]


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    start: date
    end: date
    available: bool
    start_value: Decimal
    end_value: Decimal
    net_flows: Decimal
    twr_pct: Decimal | None
    xirr_pct: Decimal | None
    xirr_annualised: bool
    note: str


@dataclass(frozen=True)
class PerformanceReport:
    base_currency: str
    as_of: date
    first_day: date | None
    points: tuple[ValuationPoint, ...]
    periods: tuple[PeriodFigures, ...]
    sleeves: tuple[SleeveSeries, ...]
    notes: tuple[str, ...]


def performance_report(
    data: HistoryInput, targets: Mapping[str, SleeveTarget]
) -> PerformanceReport:
    """Measure ``data`` up to its as-of day; ``targets`` by sleeve name (from the policy)."""
    history = build_history(data)
    ccy = data.base_currency
    points = tuple(
        ValuationPoint(d.day, money(d.value, ccy), money(d.net_contributions, ccy))
        for d in history.days
    )
    sleeves = tuple(
        SleeveSeries(
            name,
            targets.get(name),
            tuple(weight(d.sleeve_weight_pct(name)) for d in history.days),
        )
        for name in data.sleeve_names
    )
    periods = tuple(
        PeriodFigures(
            p.period,
            p.start,
            p.end,
            p.available,
            money(p.start_value, ccy),
            money(p.end_value, ccy),
            money(p.net_flows, ccy),
            None if p.twr is None else percent(p.twr),
            None if p.xirr is None else percent(p.xirr),
            p.xirr_annualised,
            p.note,
        )
        for p in period_returns(history.days, data.as_of)
    )
    return PerformanceReport(
        ccy, data.as_of, history.first_day, points, periods, sleeves, history.notes
    )
