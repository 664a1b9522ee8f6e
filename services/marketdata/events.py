"""Outbox events of the marketdata service, with the audit fields every event carries."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.marketdata.store import platform
from taplatform.events import Event
from taplatform.outbox import add_event


async def record(
    connection: AsyncConnection,
    new_id: Callable[[], uuid.UUID],
    at: datetime,
    event_type: str,
    aggregate: tuple[str, str],
    actor_user_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    **extra: Any,
) -> None:
    """Write one event to the outbox in the caller's transaction."""
    payload = {
        "actor_user_id": actor_user_id,
        "portfolio_id": None,
        "before": before,
        "after": after,
        **extra,
    }
    event = Event(new_id(), event_type, aggregate[0], aggregate[1], payload, at)
    await add_event(connection, platform.outbox, event)
