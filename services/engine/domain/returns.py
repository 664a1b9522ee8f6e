"""Time-weighted and money-weighted (XIRR) returns over standard periods, exactly.

Conventions:

* a period runs from the close of its start day S to the close of the as-of
  day E; a flow dated S is already in S's close, flows dated in (S, E] count;
* flows arrive at the START of their day: invested at the previous close, so
  they share the day's move (a first deposit then needs no special case);
* TWR is true time-weighted: the product of V_end / V_start over the
  sub-periods between flow days, one division per sub-period, cumulative (not
  annualised);
* the money-weighted return is the rate r solving
  sum(cf_i x (1 + r)^(-days_i/basis)) = 0 with the start value and deposits
  as outflows and withdrawals and the end value as inflows (actual days);
  for periods of a year (365 days) or more basis = 365: the annualised XIRR;
  shorter periods are NOT annualised (basis = the period's days, as GIPS
  asks), so a 1M figure is that month's own money-weighted return. Solved by
  bisection in 50-digit Decimal to a bracket narrower than 1e-16 (far below
  the 0.0001 pp it is reported to);
* a period whose start is before the day before the first entry is not
  available (its start value is unknown), never zero.
"""

from __future__ import annotations

import enum
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from services.engine.domain.numbers import CALC, HUNDRED, ONE, ZERO
from services.engine.domain.performance import DayValue

XIRR_TOLERANCE = Decimal("1e-16")
XIRR_MAX_RATE = Decimal(1000000)  # 100,000,000 % a year: beyond it there is no answer worth giving


class Period(enum.StrEnum):
    ONE_MONTH = "1M"
    THREE_MONTHS = "3M"
    YEAR_TO_DATE = "YTD"
    ONE_YEAR = "1Y"
    SINCE_START = "SINCE_START"


@dataclass(frozen=True)
class PeriodReturn:
    """One period's figures (exact; reporting rounds). twr/xirr are fractions (0.05 = 5 %)."""

    period: Period
    start: date
    end: date
    available: bool
    start_value: Decimal = ZERO
    end_value: Decimal = ZERO
    net_flows: Decimal = ZERO
    twr: Decimal | None = None
    xirr: Decimal | None = None
    xirr_annualised: bool = False
    note: str = ""


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Mar - 1M = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def period_start(period: Period, as_of: date, first_day: date) -> date:
    """The day whose close opens ``period``."""
    if period is Period.ONE_MONTH:
        return add_months(as_of, -1)
    if period is Period.THREE_MONTHS:
        return add_months(as_of, -3)
    if period is Period.YEAR_TO_DATE:
        return date(as_of.year - 1, 12, 31)
    if period is Period.ONE_YEAR:
        return add_months(as_of, -12)
    return first_day - timedelta(days=1)


def period_returns(days: Sequence[DayValue], as_of: date) -> list[PeriodReturn]:
    """Every standard period ending at ``as_of``; ``days`` run daily from the first entry."""
    if not days:
        return [PeriodReturn(p, as_of, as_of, False, note="no ledger entries yet") for p in Period]
    with localcontext(CALC):
        return [_one(days, p, as_of) for p in Period]


def _one(days: Sequence[DayValue], period: Period, as_of: date) -> PeriodReturn:
    first = days[0].day
    start = period_start(period, as_of, first)
    if start < first - timedelta(days=1):
        note = f"starts {start.isoformat()}, before the first entry ({first.isoformat()})"
        return PeriodReturn(period, start, as_of, False, note=note)
    window = [d for d in days if start < d.day <= as_of]
    start_value = _value_at(days, start)
    end_value = window[-1].value if window else start_value
    flows = [(d.day, d.flow) for d in window if d.flow != ZERO]
    growth = time_weighted_growth(start_value, window)
    span = (as_of - start).days
    basis = 365 if span >= 365 else span
    cash_flows = [(start, -start_value), *((d, -f) for d, f in flows), (as_of, end_value)]
    rate = xirr(cash_flows, basis)
    return PeriodReturn(
        period,
        start,
        as_of,
        True,
        start_value=start_value,
        end_value=end_value,
        net_flows=sum((f for _, f in flows), ZERO),
        twr=None if growth is None else growth - ONE,
        xirr=rate,
        xirr_annualised=basis == 365,
        note="" if rate is not None else "no money-weighted rate: flows all one way",
    )


def _value_at(days: Sequence[DayValue], day: date) -> Decimal:
    # The day before the first entry is worth nothing; days are consecutive from the first.
    index = (day - days[0].day).days
    return days[index].value if index >= 0 else ZERO


def time_weighted_growth(start_value: Decimal, window: Sequence[DayValue]) -> Decimal | None:
    """Growth factor over ``window`` (consecutive days after the start day's close).

    Each flow day closes the running sub-period at the previous close and opens
    the next one at that close plus the flow (flows at the start of the day). A
    sub-period that starts at zero must end at zero (nothing invested, nothing
    earned) and is skipped; None when nothing was ever invested.
    """
    with localcontext(CALC):
        growth, base, previous, invested = ONE, start_value, start_value, start_value != ZERO
        for day in window:
            if day.flow != ZERO:
                growth *= _ratio(previous, base)
                base = previous + day.flow
                invested = invested or base != ZERO
            previous = day.value
        growth *= _ratio(previous, base)
        return growth if invested else None


def _ratio(end: Decimal, start: Decimal) -> Decimal:
    if start == ZERO:
        return ONE
    return end / start


def xirr(flows: Sequence[tuple[date, Decimal]], basis_days: int = 365) -> Decimal | None:
    """The rate per ``basis_days`` that makes the flows' present value zero, or None.

    ``flows`` are signed from the investor's side (paid in negative). None when
    they do not change sign (no rate exists) or the rate is beyond ±XIRR_MAX_RATE.
    """
    live = [(d, a) for d, a in flows if a != ZERO]
    if not any(a > ZERO for _, a in live) or not any(a < ZERO for _, a in live):
        return None
    with localcontext(CALC):
        t0 = min(d for d, _ in live)
        years = [(Decimal((d - t0).days) / Decimal(basis_days), a) for d, a in live]
        low, high = Decimal("-0.999999999999"), ONE
        low_sign = _npv(years, low) > ZERO
        while (_npv(years, high) > ZERO) == low_sign:
            if high >= XIRR_MAX_RATE:
                return None
            high *= 10
        while high - low > XIRR_TOLERANCE:
            middle = (low + high) / 2
            if (_npv(years, middle) > ZERO) == low_sign:
                low = middle
            else:
                high = middle
        return (low + high) / 2


def _npv(years: Sequence[tuple[Decimal, Decimal]], rate: Decimal) -> Decimal:
    log = (ONE + rate).ln()
    return sum((a * (-log * t).exp() for t, a in years), ZERO)


def percent(fraction: Decimal) -> Decimal:
    """A return for people: in percent, half-even to 0.0001 pp."""
    with localcontext(CALC):
        return (fraction * HUNDRED).quantize(Decimal("0.0001"))
