"""Units and conversion: GBX is pence via the listing's scale, FX crosses go exactly through EUR."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from services.marketdata.domain.units import (
    FX_CONTEXT,
    EurRates,
    MissingFxRateError,
    major_currency,
    to_base_currency,
)
from taplatform.errors import InvalidArgumentError

RATES = EurRates(date(2025, 3, 3), {"GBP": Decimal("0.8260"), "VND": Decimal("26612.40")})


def test_gbx_price_becomes_pounds_through_the_listing_scale() -> None:
    assert to_base_currency(Decimal("1234.5"), Decimal("0.01"), "GBX", None, "GBP") == Decimal(
        "12.345"
    )


def test_same_currency_needs_no_fx_and_keeps_every_digit() -> None:
    assert to_base_currency(Decimal("81500"), Decimal("1"), "VND", None, "VND") == Decimal("81500")


def test_gbx_to_vnd_crosses_through_eur_with_the_documented_context() -> None:
    value = to_base_currency(Decimal("1234.5"), Decimal("0.01"), "GBX", RATES, "VND")
    cross = FX_CONTEXT.divide(Decimal("26612.40"), Decimal("0.8260"))
    assert cross == Decimal("32218.40193704600484261501211")
    assert value == FX_CONTEXT.multiply(Decimal("12.345"), cross)


def test_cross_rate_is_eur_to_target_over_eur_to_source() -> None:
    assert RATES.cross("EUR", "GBP") == Decimal("0.8260")
    assert RATES.cross("GBP", "EUR") == FX_CONTEXT.divide(1, Decimal("0.8260"))
    assert RATES.cross("GBP", "GBP") == 1


def test_a_currency_without_an_ecb_rate_is_named_in_the_error() -> None:
    with pytest.raises(MissingFxRateError, match="USD") as caught:
        to_base_currency(Decimal("10"), Decimal("1"), "USD", RATES, "GBP")
    assert caught.value.metadata["currency"] == "USD"


def test_conversion_without_rates_when_fx_is_needed_is_refused() -> None:
    with pytest.raises(MissingFxRateError, match="VND"):
        to_base_currency(Decimal("10"), Decimal("0.01"), "GBX", None, "VND")


def test_gbx_with_scale_one_is_refused_as_a_contradiction() -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape("GBX prices need scale 0.01")):
        to_base_currency(Decimal("10"), Decimal("1"), "GBX", None, "GBP")


def test_major_currency_of_pence_is_pounds() -> None:
    assert major_currency("GBX") == "GBP"
    assert major_currency("VND") == "VND"
