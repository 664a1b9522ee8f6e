"""The friction filter: minimum trade, whole lots, cash with fees, and at most N orders.

Mandatory lines (waves, wind-downs) are placed first. The rest are chosen
greedily: each step takes the affordable line that reduces total drift most,
and a line that does not reduce drift is never taken, so a run of ordinary
lines can only bring the portfolio closer to its targets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from services.engine.domain.allocator import Candidate
from services.engine.domain.drift import total_drift_pp
from services.engine.domain.numbers import ZERO
from services.engine.domain.policy import Policy
from services.engine.domain.recommendation import Dropped, Side
from services.engine.domain.sizing import affordable_quantity, buy_value, line_fee, sell_value


@dataclass(frozen=True)
class Priced:
    """A candidate with its estimated value and fee (base currency, rounded against the user)."""

    candidate: Candidate
    value: Decimal
    fee: Decimal

    @property
    def cash_change(self) -> Decimal:
        """What placing the line does to cash: sells add value - fee, buys take value + fee."""
        if self.candidate.side is Side.SELL:
            return self.value - self.fee
        return -(self.value + self.fee)


@dataclass(frozen=True)
class Selection:
    lines: tuple[Priced, ...]
    dropped: tuple[Dropped, ...]


def price(candidate: Candidate, policy: Policy, currency: str) -> Priced:
    """Estimate a candidate's value and fee."""
    unit = candidate.listing.unit_price_base
    estimate = sell_value if candidate.side is Side.SELL else buy_value
    value = estimate(candidate.quantity, unit, currency)
    return Priced(candidate, value, line_fee(value, policy.friction.fees, currency))


class _Book:
    """Running state of the selection: cash left and sleeve values with the chosen lines."""

    def __init__(
        self, cash: Decimal, values: dict[str, Decimal], targets: dict[str, Decimal]
    ) -> None:
        self.cash = cash
        self.values = dict(values)
        self.targets = targets

    def drift_with(self, line: Priced | None) -> Decimal:
        values = dict(self.values)
        if line is not None and line.candidate.sleeve in values:
            delta = line.candidate.quantity * line.candidate.listing.unit_price_base
            values[line.candidate.sleeve] += delta if line.candidate.side is Side.BUY else -delta
        cash = self.cash + (line.cash_change if line is not None else ZERO)
        return total_drift_pp(values, self.targets, cash)

    def fit(self, line: Priced, policy: Policy, currency: str) -> Priced | None:
        """The line as it can be placed now (a buy may shrink to the cash left), or None."""
        if self.cash + line.cash_change >= ZERO:
            return line
        if line.candidate.side is Side.SELL:
            return None
        c = line.candidate
        qty = min(
            c.quantity,
            affordable_quantity(
                self.cash,
                c.listing.unit_price_base,
                c.listing.listing.lot_size,
                policy.friction.fees,
                currency,
            ),
        )
        if qty <= ZERO:
            return None
        shrunk = price(replace(c, quantity=qty), policy, currency)
        return shrunk if shrunk.value >= policy.friction.min_trade_value else None

    def take(self, line: Priced) -> None:
        self.cash += line.cash_change
        if line.candidate.sleeve in self.values:
            delta = line.candidate.quantity * line.candidate.listing.unit_price_base
            self.values[line.candidate.sleeve] += (
                delta if line.candidate.side is Side.BUY else -delta
            )


def select_lines(
    candidates: tuple[Candidate, ...],
    policy: Policy,
    currency: str,
    spendable: Decimal,
    values: dict[str, Decimal],
    targets: dict[str, Decimal],
) -> Selection:
    """Choose the lines to place; every other candidate is returned as dropped with a reason."""
    minimum, limit = policy.friction.min_trade_value, policy.friction.max_orders_per_run
    dropped: list[Dropped] = []
    pending: list[Priced] = []
    for priced in (price(c, policy, currency) for c in candidates):
        if priced.value < minimum:
            dropped.append(
                _drop(
                    "BELOW_MIN_TRADE",
                    priced,
                    f"value {priced.value} below the minimum trade {minimum}",
                )
            )
        else:
            pending.append(priced)
    book = _Book(spendable, values, targets)
    chosen: list[Priced] = []
    mandatory = sorted((p for p in pending if p.candidate.mandatory), key=_mandatory_order)
    for line in mandatory:
        fitted = book.fit(line, policy, currency)
        if len(chosen) >= limit:
            dropped.append(_drop("MAX_ORDERS", line, f"already {limit} orders"))
        elif fitted is None:
            dropped.append(_drop("INSUFFICIENT_CASH", line, "not enough cash after fees"))
        else:
            _take(line, fitted, book, chosen, dropped)
    optional = [p for p in pending if not p.candidate.mandatory]
    # Sells first (they fund the buys), keeping one slot for a buy when there is one.
    has_buys = any(p.candidate.side is Side.BUY for p in optional)
    sells = [p for p in optional if p.candidate.side is Side.SELL]
    _greedy(sells, chosen, dropped, book, policy, currency, limit - (1 if has_buys else 0))
    optional = [p for p in optional if p.candidate.side is Side.BUY] + sells
    _greedy(optional, chosen, dropped, book, policy, currency, limit)
    for line in optional:
        if len(chosen) >= limit:
            dropped.append(
                _drop("MAX_ORDERS", line, f"kept the {limit} orders that reduce drift most")
            )
        elif book.fit(line, policy, currency) is None:
            dropped.append(_drop("INSUFFICIENT_CASH", line, "not enough cash after fees"))
        else:
            dropped.append(
                _drop("NO_DRIFT_REDUCTION", line, "would not bring the sleeves closer to target")
            )
    return Selection(tuple(sorted(chosen, key=line_order)), tuple(dropped))


def _greedy(
    optional: list[Priced],
    chosen: list[Priced],
    dropped: list[Dropped],
    book: _Book,
    policy: Policy,
    currency: str,
    limit: int,
) -> None:
    """Take, one at a time, the affordable line that reduces total drift most (ties: larger)."""
    while optional and len(chosen) < limit:
        current = book.drift_with(None)
        best: tuple[tuple[Decimal, Decimal, str, str], int, Priced] | None = None
        for index, line in enumerate(optional):
            fitted = book.fit(line, policy, currency)
            if fitted is None:
                continue
            reduction = current - book.drift_with(fitted)
            key = (
                -reduction,
                -fitted.value,
                fitted.candidate.listing.listing_id,
                fitted.candidate.side.value,
            )
            if reduction > ZERO and (best is None or key < best[0]):
                best = (key, index, fitted)
        if best is None:
            return
        _take(optional.pop(best[1]), best[2], book, chosen, dropped)


def _take(
    line: Priced, fitted: Priced, book: _Book, chosen: list[Priced], dropped: list[Dropped]
) -> None:
    book.take(fitted)
    chosen.append(fitted)
    if fitted.candidate.quantity < line.candidate.quantity:
        cut = line.candidate.quantity - fitted.candidate.quantity
        dropped.append(_drop("REDUCED_FOR_CASH", line, f"{cut} fewer than planned: cash ran short"))


def line_order(line: Priced) -> tuple[int, str, str, str]:
    """Output order: sells first (they fund buys), then by sleeve, listing and purpose."""
    c = line.candidate
    return (0 if c.side is Side.SELL else 1, c.sleeve, c.listing.listing_id, c.purpose)


def _mandatory_order(line: Priced) -> tuple[int, Decimal, str]:
    c = line.candidate
    return (0 if c.side is Side.SELL else 1, -line.value, c.listing.listing_id)


def _drop(code: str, line: Priced, detail: str) -> Dropped:
    c = line.candidate
    return Dropped(
        code,
        c.listing.listing_id,
        c.side,
        detail,
        {
            "quantity": c.quantity,
            "est_value": line.value,
            "est_fee": line.fee,
            "sleeve": c.sleeve,
            "purpose": c.purpose,
        },
    )
