"""Audit snapshots: registry objects as JSON-able dicts for the before/after of an event."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from decimal import Decimal
from typing import Any


def to_json_types(value: Any) -> Any:
    """``value`` with Decimals, datetimes, enums and dataclasses turned into JSON types."""
    if isinstance(value, Decimal):
        # Normalised so "60.0" and "60" snapshot alike; canonical JSON does the same.
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_types(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): to_json_types(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_types(item) for item in value]
    return value


def snapshot(entity: object | None) -> dict[str, Any] | None:
    """The entity as a dict of JSON types (Decimals as exact strings), or None."""
    if entity is None:
        return None
    result = to_json_types(entity)
    assert isinstance(result, dict)
    return result


def audit_payload(
    actor_user_id: str | None,
    portfolio_id: str | None,
    before: object | None,
    after: object | None,
    **extra: Any,
) -> dict[str, Any]:
    """The payload every registry event carries: who, which portfolio, before and after."""
    return {
        "actor_user_id": actor_user_id,
        "portfolio_id": portfolio_id,
        "before": snapshot(before),
        "after": snapshot(after),
        **{key: to_json_types(value) for key, value in extra.items()},
    }
