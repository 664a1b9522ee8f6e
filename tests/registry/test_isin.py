"""ISO 6166 ISINs: letter expansion, the Luhn check digit, and what is refused."""

from __future__ import annotations

import pytest

from services.registry.domain.isin import expand_letters, isin_check_digit, parse_isin
from taplatform.errors import InvalidArgumentError

REAL_ISINS = [
    "GB0002634946",  # BAE Systems
    "US0378331005",  # Apple
    "US5949181045",  # Microsoft
    "GB00B03MLX29",  # Royal Dutch Shell A (letters in the body)
    "IE00B4L5Y983",  # iShares Core MSCI World
    "GB0007980591",  # BP
    "AU0000XVGZA3",  # Treasury Corp of Victoria (ISO 6166 example)
]


@pytest.mark.parametrize("isin", REAL_ISINS)
def test_real_isins_pass_their_check_digit(isin: str) -> None:
    assert parse_isin(isin) == isin
    assert isin_check_digit(isin[:11]) == int(isin[11])


def test_letters_expand_to_two_digits() -> None:
    assert expand_letters("US037833100") == "3028037833100"
    assert expand_letters("AZ") == "1035"


def test_lower_case_and_spaces_are_normalised() -> None:
    assert parse_isin("  gb0002634946 ") == "GB0002634946"


@pytest.mark.parametrize("isin", ["GB0002634945", "US0378331006", "GB00B03MLX28"])
def test_a_wrong_check_digit_is_refused_with_the_expected_one(isin: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        parse_isin(isin)
    violation = caught.value.violations[0]
    assert violation.field == "isin"
    assert "check digit" in violation.description
    assert str(isin_check_digit(isin[:11])) in violation.description


@pytest.mark.parametrize(
    "value", ["", "GB000263494", "GB00026349460", "1B0002634946", "GB000263494X", "GB00-2634946"]
)
def test_malformed_isins_name_the_field(value: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        parse_isin(value, field="instrument.isin")
    assert caught.value.violations[0].field == "instrument.isin"


def test_swapping_two_adjacent_digits_is_caught() -> None:
    # The point of a Luhn digit: a transposition typo is not a different valid ISIN.
    with pytest.raises(InvalidArgumentError):
        parse_isin("US0387331005")
