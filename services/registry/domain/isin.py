"""ISO 6166 ISINs: two-letter country prefix, nine alphanumerics, one Luhn check digit."""

from __future__ import annotations

import re

from taplatform.errors import InvalidArgumentError

_SHAPE = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")


def expand_letters(text: str) -> str:
    """Replace each letter by its value (A=10 … Z=35), as ISO 6166 does before the Luhn sum."""
    return "".join(str(int(char, 36)) for char in text)


def luhn_check_digit(digits: str) -> int:
    """The digit that makes ``digits`` + it pass the Luhn (mod 10) check."""
    total = 0
    # Doubling starts at the rightmost digit of the payload (the check digit is appended after).
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def isin_check_digit(first_eleven: str) -> int:
    """The check digit of an ISIN whose first eleven characters are given."""
    return luhn_check_digit(expand_letters(first_eleven))


def parse_isin(value: str, field: str = "isin") -> str:
    """The ISIN, upper-cased and trimmed, or InvalidArgumentError naming ``field``."""
    isin = value.strip().upper()
    if not isin:
        raise InvalidArgumentError.for_field(field, "is required")
    if len(isin) != 12 or not _SHAPE.fullmatch(isin):
        raise InvalidArgumentError.for_field(
            field,
            f"{isin!r} is not an ISIN: expected 2 letters, 9 letters or digits and a check digit",
        )
    expected = isin_check_digit(isin[:11])
    if int(isin[11]) != expected:
        raise InvalidArgumentError.for_field(
            field, f"{isin!r} has check digit {isin[11]}; ISO 6166 requires {expected}"
        )
    return isin
