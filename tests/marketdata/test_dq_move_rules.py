"""Jump and scale-mismatch rules: a genuine move is a jump, a x100 unit flip is a scale mismatch."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.marketdata.domain.rules import JumpRule, ScaleMismatchRule, is_unit_flip
from tests.marketdata.dq_support import VOD, context, eod

AS_OF = datetime(2025, 3, 10, tzinfo=UTC)
HISTORY = [eod(VOD, date(2025, 3, d), p) for d, p in ((3, "7200"), (4, "7250"), (5, "7210"))]


def test_a_thirty_percent_move_is_a_jump_and_not_a_scale_mismatch() -> None:
    new = [eod(VOD, date(2025, 3, 6), "9373")]
    jump = JumpRule().evaluate(context(VOD, AS_OF, HISTORY, new))
    assert jump is not None and "(+30.0%)" in jump.message
    assert ScaleMismatchRule().evaluate(context(VOD, AS_OF, HISTORY, new)) is None


def test_a_ten_percent_move_passes_both() -> None:
    new = [eod(VOD, date(2025, 3, 6), "7931")]
    assert JumpRule().evaluate(context(VOD, AS_OF, HISTORY, new)) is None
    assert ScaleMismatchRule().evaluate(context(VOD, AS_OF, HISTORY, new)) is None


def test_a_gbx_listing_suddenly_quoted_in_pounds_is_a_scale_mismatch_not_a_jump() -> None:
    flipped = [eod(VOD, date(2025, 3, 6), "72.31")]
    scale = ScaleMismatchRule().evaluate(context(VOD, AS_OF, HISTORY, flipped))
    assert scale is not None
    assert "100x off its recent level" in scale.message and "72.31" in scale.details["level"]
    assert JumpRule().evaluate(context(VOD, AS_OF, HISTORY, flipped)) is None


def test_a_price_declared_in_another_unit_than_the_listing_is_a_scale_mismatch() -> None:
    declared_gbp = [eod(VOD, date(2025, 3, 6), "72.31", currency="GBP")]
    finding = ScaleMismatchRule().evaluate(context(VOD, AS_OF, HISTORY, declared_gbp))
    assert finding is not None
    assert "quoted in GBX but got" in finding.message and "GBP" in finding.details["unit"]
    # Its value in pounds is in line with the series: no level flip, no jump.
    assert "level" not in finding.details
    assert JumpRule().evaluate(context(VOD, AS_OF, HISTORY, declared_gbp)) is None


def test_the_first_price_of_a_listing_has_nothing_to_jump_from() -> None:
    first = [eod(VOD, date(2025, 3, 6), "7200")]
    assert JumpRule().evaluate(context(VOD, AS_OF, new=first)) is None
    assert ScaleMismatchRule().evaluate(context(VOD, AS_OF, new=first)) is None


def test_a_flip_back_within_one_batch_is_caught_against_the_recent_median() -> None:
    new = [eod(VOD, date(2025, 3, 6), "72.10"), eod(VOD, date(2025, 3, 7), "7230")]
    scale = ScaleMismatchRule().evaluate(context(VOD, AS_OF, HISTORY, new))
    assert scale is not None and "2025-03-06" in scale.details["level"]
    assert "2025-03-07" not in scale.details["level"]


@pytest.mark.parametrize(
    ("ratio", "flip"),
    [("100", True), ("0.01", True), ("85", True), ("0.0125", True), ("50", False), ("1.3", False)],
)
def test_unit_flip_classification(ratio: str, flip: bool) -> None:
    assert is_unit_flip(Decimal(ratio), Decimal("0.25")) is flip
