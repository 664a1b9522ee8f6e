"""Consumer-side deduplication: a consumer processes each event id at most once."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def claim_event(
    connection: AsyncConnection,
    inbox: Table,
    consumer: str,
    event_id: uuid.UUID,
    processed_at: datetime,
) -> bool:
    """Record ``event_id`` for ``consumer`` in the current transaction.

    Returns False when it was already recorded: the caller skips the event.
    Call it in the same transaction as the event's effects, so a crash
    before commit leaves the event unclaimed and it is processed on redelivery.
    """
    result = await connection.execute(
        insert(inbox)
        .values(consumer=consumer, event_id=event_id, processed_at=processed_at)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )
    return result.first() is not None
