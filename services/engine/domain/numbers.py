"""Exact arithmetic for the engine: one Decimal context and every rounding choice, named.

All calculation runs inside :data:`CALC` (50 significant digits, half-even) so
results never depend on a process's ambient decimal context. Each public
rounding helper documents why it rounds the way it does.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal

# Wide enough that intermediate products of price x scale x FX x quantity are exact
# for any realistic portfolio; rounding happens only in the helpers below.
CALC = Context(prec=50, rounding=ROUND_HALF_EVEN)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

# Minor units of the base currencies a portfolio may have; others default to 2 places.
_MINOR_UNIT = {"GBP": Decimal("0.01"), "USD": Decimal("0.01"), "EUR": Decimal("0.01"), "VND": ONE}
# Weights are reported in percent to four places (0.0001 pp).
WEIGHT_QUANTUM = Decimal("0.0001")


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency`` that money is reported in."""
    return _MINOR_UNIT.get(currency, Decimal("0.01"))


def money(amount: Decimal, currency: str) -> Decimal:
    """Report an estimated amount: half-even to the minor unit (no bias up or down)."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_EVEN, context=CALC)


def fee_up(amount: Decimal, currency: str) -> Decimal:
    """Fees round UP to the minor unit: the cash check must never underestimate a cost."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_CEILING, context=CALC)


def weight(value: Decimal) -> Decimal:
    """Report a percentage weight: half-even to 0.0001 pp."""
    return value.quantize(WEIGHT_QUANTUM, rounding=ROUND_HALF_EVEN, context=CALC)


def lots_down(quantity: Decimal, lot_size: Decimal) -> Decimal:
    """Whole lots at or below ``quantity``: buys and sells never exceed what was planned."""
    if quantity <= ZERO:
        return ZERO
    lots = CALC.divide(quantity, lot_size).to_integral_value(rounding=ROUND_FLOOR)
    return _in_lot_units(lots, lot_size)


def lots_up(quantity: Decimal, lot_size: Decimal) -> Decimal:
    """Whole lots at or above ``quantity``: a wind-down finishes by its date."""
    if quantity <= ZERO:
        return ZERO
    lots = CALC.divide(quantity, lot_size).to_integral_value(rounding=ROUND_CEILING)
    return _in_lot_units(lots, lot_size)


def _in_lot_units(lots: Decimal, lot_size: Decimal) -> Decimal:
    # Written with the lot size's decimal places (never "2E+1") so texts read naturally.
    places = min(0, int(lot_size.normalize(CALC).as_tuple().exponent))
    return CALC.multiply(lots, lot_size).quantize(Decimal(1).scaleb(places), context=CALC)


def plain(value: Decimal) -> str:
    """A Decimal as a plain string without exponent, trailing zeros kept as computed."""
    return format(value, "f")


def detail(value: Decimal) -> Decimal:
    """Report an input of a rule (amounts, drawdowns, unit prices): half-even to 6 places."""
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN, context=CALC)
