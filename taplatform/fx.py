"""Price units and currency conversion: the one place a quoted price becomes another currency.

Prices are stored exactly as the source quoted them, in the listing's quote
unit (``GBX`` for most LSE equities), together with the listing's scale: the
quote unit in the currency's major unit (``0.01`` for GBX). FX comes from the
ECB, which publishes ``EUR -> X`` only, so every other pair is a cross through
EUR: ``X -> Y = (EUR -> Y) / (EUR -> X)``.

Rounding: all arithmetic here runs in :data:`FX_CONTEXT` (28 significant
digits, ROUND_HALF_EVEN, as IEEE 754 decimal128 and Python's default). The
results are *not* quantised to a currency's minor unit: that is a presentation
or booking decision taken by the caller, explicitly, with its own rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal

from taplatform.errors import FailedPreconditionError, InvalidArgumentError

FX_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

FX_BASE = "EUR"

# Sub-units some venues quote in, with the major currency and the scale a
# listing quoting in them must declare.
MINOR_UNITS: Mapping[str, tuple[str, Decimal]] = {
    "GBX": ("GBP", Decimal("0.01")),
}


def major_currency(unit: str) -> str:
    """The ISO 4217 currency of a quote unit: ``GBX -> GBP``, ``GBP -> GBP``."""
    return MINOR_UNITS[unit][0] if unit in MINOR_UNITS else unit


def expected_scale(unit: str) -> Decimal:
    """The scale a listing quoting in ``unit`` must declare: ``GBX -> 0.01``, else ``1``."""
    return MINOR_UNITS[unit][1] if unit in MINOR_UNITS else Decimal(1)


def check_unit(unit: str, scale: Decimal, field_path: str = "price_scale") -> None:
    """Refuse a quote unit whose declared scale contradicts it (GBX with scale 1)."""
    if scale != expected_scale(unit):
        raise InvalidArgumentError.for_field(
            field_path, f"{unit} prices need scale {expected_scale(unit)}, not {scale}"
        )


class MissingFxRateError(FailedPreconditionError):
    """No ECB rate is known for a currency needed by a conversion."""

    reason = "FX_RATE_MISSING"


@dataclass(frozen=True)
class EurRates:
    """The ECB reference rates of one day: how many units of X one EUR buys."""

    as_of: date
    rates: Mapping[str, Decimal] = field(default_factory=dict)

    def eur_to(self, currency: str) -> Decimal:
        """``EUR -> currency``; 1 for EUR itself."""
        if currency == FX_BASE:
            return Decimal(1)
        try:
            return self.rates[currency]
        except KeyError:
            raise MissingFxRateError(
                f"no ECB rate for {currency} on {self.as_of.isoformat()}",
                metadata={"currency": currency, "as_of": self.as_of.isoformat()},
            ) from None

    def cross(self, source: str, target: str) -> Decimal:
        """``source -> target`` through EUR, exactly as far as :data:`FX_CONTEXT` allows."""
        if source == target:
            return Decimal(1)
        return FX_CONTEXT.divide(self.eur_to(target), self.eur_to(source))


def to_base_currency(
    price: Decimal,
    scale: Decimal,
    quote_unit: str,
    fx_rates: EurRates | None,
    base_currency: str,
) -> Decimal:
    """The value of ``price`` (in ``quote_unit``, scaled by ``scale``) in ``base_currency``.

    ``1234.5 GBX`` with scale ``0.01`` is ``12.345 GBP``; to VND it is then
    multiplied by ``(EUR->VND)/(EUR->GBP)``. ``fx_rates`` may be None only
    when no FX is needed. The one conversion function of the system.
    """
    check_unit(quote_unit, scale)
    amount = FX_CONTEXT.multiply(price, scale)
    currency = major_currency(quote_unit)
    if currency == base_currency:
        return amount
    if fx_rates is None:
        raise MissingFxRateError(
            f"converting {currency} to {base_currency} needs FX rates",
            metadata={"currency": currency, "base_currency": base_currency},
        )
    return FX_CONTEXT.multiply(amount, fx_rates.cross(currency, base_currency))
