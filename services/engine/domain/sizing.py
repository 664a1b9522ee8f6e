"""Amounts into orders: fees, whole lots and estimated values, rounded against the user."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from services.engine.domain.numbers import ONE, TEN_THOUSAND, ZERO, fee_up, lots_down, minor_unit
from services.engine.domain.policy import FeeModel


def line_fee(value: Decimal, fees: FeeModel, currency: str) -> Decimal:
    """The fee of one line, rounded up to the minor unit."""
    return fee_up(fees.raw_fee(value), currency)


def buy_value(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """Estimated cost of a buy, rounded UP: the cash check never underestimates spending."""
    return (quantity * unit_price).quantize(minor_unit(currency), rounding=ROUND_CEILING)


def sell_value(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """Estimated proceeds of a sell, rounded DOWN: the cash check never overstates proceeds."""
    return (quantity * unit_price).quantize(minor_unit(currency), rounding=ROUND_FLOOR)


def affordable_quantity(
    budget: Decimal, unit_price: Decimal, lot_size: Decimal, fees: FeeModel, currency: str
) -> Decimal:
    """The most whole lots whose estimated cost plus fee fits in ``budget`` (0 if none)."""
    if budget <= ZERO or unit_price <= ZERO:
        return ZERO
    # value + max(minimum, fixed + value·bps) ≤ budget  ⇔  both bounds below hold.
    by_minimum = budget - fees.minimum
    by_variable = (budget - fees.fixed) / (ONE + fees.bps / TEN_THOUSAND)
    quantity = lots_down(min(by_minimum, by_variable) / unit_price, lot_size)
    # Rounding the value and fee up may cost a cent or two more: step down whole lots.
    while quantity > ZERO:
        value = buy_value(quantity, unit_price, currency)
        if value + line_fee(value, fees, currency) <= budget:
            break
        quantity -= lot_size
    return max(quantity, ZERO)
