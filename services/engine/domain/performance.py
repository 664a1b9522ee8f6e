"""Portfolio value over time, rebuilt day by day from ledger entries, EOD closes and FX.

Conventions (the dashboard and the returns in :mod:`returns` rely on them):

* a day's value is at its close: holdings x that day's EOD close (the last
  close before it carried forward when it has none; before a listing's first
  close its ledger trade price stands in) plus cash, in the base currency,
  converted in the engine's one place (:func:`valuation.unit_price_base`)
  with the newest ECB day on or before it;
* entries count on their ``entry_date``; a reversal counts on its own date
  (the book up to then still held what it reversed);
* external flows are contributions and withdrawals (and reversals of them);
  fees, interest, dividends and trades are the portfolio's own business and
  part of its return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, localcontext

from services.engine.domain.numbers import CALC, HUNDRED, ZERO
from services.engine.domain.performance_book import HoldingsBook
from services.engine.domain.performance_inputs import (
    EXTERNAL,
    Close,
    FxBook,
    FxDay,
    LedgerMove,
    MoveKind,
    PriceBook,
)
from services.engine.domain.snapshot import ListingRef
from services.engine.domain.valuation import FxTable, major_currency, unit_price_base


@dataclass(frozen=True)
class HistoryInput:
    """Everything the value series reads; ``members`` maps listing id to sleeve name."""

    base_currency: str
    as_of: date
    listings: tuple[ListingRef, ...]
    moves: tuple[LedgerMove, ...]
    closes: tuple[Close, ...]
    fx_days: tuple[FxDay, ...] = ()
    members: Mapping[str, str] = field(default_factory=dict)
    sleeve_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayValue:
    """The portfolio at one day's close: exact value, the day's external flow, sleeve values."""

    day: date
    value: Decimal
    flow: Decimal
    net_contributions: Decimal
    cash: Decimal
    sleeve_values: Mapping[str, Decimal]

    def sleeve_weight_pct(self, name: str) -> Decimal:
        """A sleeve's share of the whole value (cash included), in percent; 0 when empty."""
        if self.value == ZERO:
            return ZERO
        with localcontext(CALC):
            return self.sleeve_values.get(name, ZERO) * HUNDRED / self.value


@dataclass(frozen=True)
class History:
    days: tuple[DayValue, ...]
    notes: tuple[str, ...]

    @property
    def first_day(self) -> date | None:
        return self.days[0].day if self.days else None


def build_history(data: HistoryInput) -> History:
    """Daily values from the first entry to ``as_of`` (empty when nothing was booked by then)."""
    moves = sorted((m for m in data.moves if m.entry_date <= data.as_of), key=lambda m: m.sequence)
    if not moves:
        return History((), ())
    with localcontext(CALC):
        return _History(data, moves).build()


class _History:
    def __init__(self, data: HistoryInput, moves: list[LedgerMove]) -> None:
        self.data = data
        self.moves = moves
        self.listings = {x.listing_id: x for x in data.listings}
        self.prices = PriceBook(data.closes, moves)
        self.fx = FxBook(data.base_currency, data.fx_days)
        self.notes: list[str] = []

    def build(self) -> History:
        first = min(m.entry_date for m in self.moves)
        flows = self._flows_by_day()
        by_day: dict[date, list[LedgerMove]] = {}
        for m in self.moves:  # in posting order, so each day's list is too
            by_day.setdefault(m.entry_date, []).append(m)
        book = HoldingsBook(self.moves)
        days: list[DayValue] = []
        net = ZERO
        day = first
        while day <= self.data.as_of:
            if day in by_day:
                book.apply(by_day[day])
            fx = self.fx.table_on(day)
            flow = sum((self._to_base(a, c, fx, day) for c, a in flows.get(day, {}).items()), ZERO)
            net += flow
            days.append(self._value(day, book.held, book.cash, fx, flow, net))
            day += timedelta(days=1)
        self._note_prices(book.held)
        self.notes.extend(self.fx.notes)
        return History(tuple(days), tuple(self.notes))

    def _flows_by_day(self) -> dict[date, dict[str, Decimal]]:
        kinds = {m.entry_id: m.kind for m in self.moves}
        flows: dict[date, dict[str, Decimal]] = {}
        for m in self.moves:
            target = kinds.get(m.reverses_entry_id) if m.kind is MoveKind.REVERSAL else m.kind
            if target in EXTERNAL:
                per_day = flows.setdefault(m.entry_date, {})
                per_day[m.cash_currency] = per_day.get(m.cash_currency, ZERO) + m.cash_change
        return flows

    def _value(
        self,
        day: date,
        held: Mapping[str, Decimal],
        cash: Mapping[str, Decimal],
        fx: FxTable,
        flow: Decimal,
        net: Decimal,
    ) -> DayValue:
        sleeves = dict.fromkeys(self.data.sleeve_names, ZERO)
        invested = ZERO
        for listing_id, quantity in sorted(held.items()):
            if quantity == ZERO:
                continue
            value = quantity * self._unit_price(listing_id, day, fx)
            invested += value
            sleeve = self.data.members.get(listing_id)
            if sleeve is not None:
                sleeves[sleeve] = sleeves.get(sleeve, ZERO) + value
        cash_base = sum((self._to_base(a, c, fx, day) for c, a in sorted(cash.items())), ZERO)
        return DayValue(day, invested + cash_base, flow, net, cash_base, sleeves)

    def _unit_price(self, listing_id: str, day: date, fx: FxTable) -> Decimal:
        listing = self.listings.get(listing_id)
        price = self.prices.price_on(listing_id, day)
        if listing is None or price is None:
            raise PerformanceInputError(f"no listing or price for held listing {listing_id}")
        unit = unit_price_base(listing, price, fx)
        if unit is None:
            raise PerformanceInputError(
                f"no FX rate from {major_currency(listing.quote_currency)} "
                f"to {self.data.base_currency} on or near {day.isoformat()}"
            )
        return unit

    def _to_base(self, amount: Decimal, currency: str, fx: FxTable, day: date) -> Decimal:
        rate = fx.rate_to_base(currency or fx.base)
        if rate is None:
            raise PerformanceInputError(
                f"no FX rate from {currency} to {fx.base} on or near {day.isoformat()}"
            )
        return amount * rate

    def _note_prices(self, held: Mapping[str, Decimal]) -> None:
        for listing_id in sorted(self.prices.observed):
            listing = self.listings.get(listing_id)
            name = listing.ticker if listing else listing_id
            self.notes.extend(self.prices.notes_for(listing_id, name, self.data.as_of, held))


class PerformanceInputError(ValueError):
    """The inputs cannot value the portfolio (a held listing with no price or FX at all)."""
