"""Canonical JSON: equal values give equal bytes, whatever the caller's decimal context."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from taplatform.canonical import canonical_json, sha256_hex


def test_equal_decimals_serialise_alike() -> None:
    assert canonical_json({"a": Decimal("1.50")}) == canonical_json({"a": Decimal("1.5")})
    assert canonical_json([Decimal("-0.00"), Decimal("0E-8")]) == '["0","0"]'


def test_a_low_precision_context_never_rounds_the_output() -> None:
    long = Decimal("1234567890123456789012345678901234.56789")
    expected = canonical_json({"x": long})
    with localcontext() as context:
        context.prec = 3
        assert canonical_json({"x": long}) == expected
    assert expected == '{"x":"1234567890123456789012345678901234.56789"}'


def test_key_order_does_not_change_the_hash() -> None:
    assert sha256_hex({"b": 1, "a": [1, 2]}) == sha256_hex({"a": [1, 2], "b": 1})


def test_floats_are_refused_anywhere() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        canonical_json({"nested": [{"price": 1.5}]})
