"""Canonical JSON and its SHA-256: the one serialisation used for hashes and comparisons."""

from __future__ import annotations

import hashlib
import json
from decimal import Context, Decimal
from typing import Any


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        # Exact and normalised: Decimal("1.50") and Decimal("1.5") hash alike.
        # The context holds every digit, so the caller's precision never rounds.
        if value.is_zero():
            return "0"  # -0 and 0E-8 are the same amount
        exact = Context(prec=len(value.as_tuple().digits))
        return format(value.normalize(exact), "f")
    raise TypeError(f"not canonically serialisable: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, Decimals as plain strings; floats are refused."""
    _reject_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=_default)


def sha256_hex(value: Any) -> str:
    """SHA-256 of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


def _reject_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical data; use Decimal")
    if isinstance(value, dict):
        for item in value.values():
            _reject_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_floats(item)
