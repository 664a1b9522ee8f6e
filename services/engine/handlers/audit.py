"""Outbox events of the engine, each with the audit fields: actor, portfolio, before and after."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.engine import store
from taplatform.events import Event
from taplatform.outbox import add_event

# Event ids derive from what they describe, so a retried transaction cannot
# produce a second, different event for the same change.
_EVENT_NAMESPACE = uuid.UUID("0c9d1f0e-7f55-4b9e-8f0a-6e2b4f1d2a33")


async def record(
    connection: AsyncConnection,
    event_type: str,
    subject: str,
    *,
    portfolio_id: str,
    actor_user_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: datetime,
    **extra: Any,
) -> None:
    """Write ``event_type`` about ``portfolio_id`` in the caller's transaction."""
    await add_event(
        connection,
        store.platform.outbox,
        Event(
            event_id=uuid.uuid5(_EVENT_NAMESPACE, f"{event_type}:{subject}"),
            event_type=event_type,
            aggregate_type="portfolio",
            aggregate_id=portfolio_id,
            payload={
                "actor_user_id": actor_user_id,
                "portfolio_id": portfolio_id,
                "before": before,
                "after": after,
                **extra,
            },
            occurred_at=at,
        ),
    )
