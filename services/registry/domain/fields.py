"""Field rules shared by every registry object: names, ids, versions and bounded decimals."""

from __future__ import annotations

import uuid
from decimal import Decimal

from taplatform.errors import InvalidArgumentError

MAX_NAME_LENGTH = 100
MAX_TICKER_LENGTH = 32
MAX_REQUEST_ID_LENGTH = 200


def clean_name(value: str, field: str = "name", max_length: int = MAX_NAME_LENGTH) -> str:
    """``value`` trimmed, 1..``max_length`` characters, without control characters."""
    name = value.strip()
    if not name:
        raise InvalidArgumentError.for_field(field, "must not be empty")
    if len(name) > max_length:
        raise InvalidArgumentError.for_field(
            field, f"must be at most {max_length} characters (got {len(name)})"
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise InvalidArgumentError.for_field(field, "must not contain control characters")
    return name


def clean_ticker(value: str, field: str = "ticker") -> str:
    """A ticker: trimmed, upper-cased, no spaces, 1..32 characters."""
    ticker = clean_name(value, field, MAX_TICKER_LENGTH).upper()
    if any(char.isspace() for char in ticker):
        raise InvalidArgumentError.for_field(field, "must not contain spaces")
    return ticker


def require_id(value: str, field: str) -> str:
    """A required id: a UUID, returned in its canonical lower-case form."""
    ident = value.strip()
    if not ident:
        raise InvalidArgumentError.for_field(field, "is required")
    parsed = parse_id(ident)
    if parsed is None:
        raise InvalidArgumentError.for_field(field, f"{ident!r} is not a valid id")
    return parsed


def optional_id(value: str, field: str) -> str | None:
    """An optional id: None when empty, else as :func:`require_id`."""
    return require_id(value, field) if value.strip() else None


def parse_id(value: str) -> str | None:
    """``value`` as a canonical UUID string, or None when it is not one."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def require_version(value: int, field: str = "version") -> int:
    """The version the client read; 0 (unset) is refused, since it cannot match a stored row."""
    if value < 1:
        raise InvalidArgumentError.for_field(field, "is required: send the version you read")
    return value


def check_request_id(value: str, field: str = "request_id") -> str | None:
    """A client-generated idempotency key, or None when the client sent none."""
    key = value.strip()
    if not key:
        return None
    if len(key) > MAX_REQUEST_ID_LENGTH:
        raise InvalidArgumentError.for_field(
            field, f"must be at most {MAX_REQUEST_ID_LENGTH} characters"
        )
    return key


def check_range(
    value: Decimal,
    field: str,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    exclusive_minimum: bool = False,
) -> Decimal:
    """``value`` when it lies within the bounds, else a violation naming ``field``."""
    if minimum is not None:
        too_low = value <= minimum if exclusive_minimum else value < minimum
        if too_low:
            relation = "greater than" if exclusive_minimum else "at least"
            raise InvalidArgumentError.for_field(
                field, f"must be {relation} {minimum} (got {value})"
            )
    if maximum is not None and value > maximum:
        raise InvalidArgumentError.for_field(field, f"must be at most {maximum} (got {value})")
    return value
