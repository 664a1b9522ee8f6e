"""Transactional outbox: write events with the state change, relay them to Redis streams.

:func:`add_event` inserts into the service's ``outbox`` table inside the
caller's transaction, so an event exists if and only if its change committed.
:class:`OutboxRelay` claims unpublished rows with ``FOR UPDATE SKIP LOCKED``
(several relays never take the same row), ``XADD``s them and marks them
published in the same transaction as the claim. A crash between ``XADD`` and
commit re-sends those rows: delivery is at least once, and consumers
deduplicate by ``event_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from taplatform.events import Event, stream_name
from taplatform.tracing import inject_traceparent


async def add_event(connection: AsyncConnection, outbox: Table, event: Event) -> None:
    """Insert ``event`` in the current transaction, with the current trace context."""
    headers = {**inject_traceparent(), **event.headers}
    await connection.execute(
        insert(outbox).values(
            event_id=event.event_id,
            event_type=event.event_type,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            payload=dict(event.payload),
            headers=headers,
            occurred_at=event.occurred_at,
        )
    )


@dataclass(frozen=True)
class RelayResult:
    published: int
    stream: str


class OutboxRelay:
    """Publishes one service's outbox to its Redis stream (``ta:events:<service>``)."""

    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        redis: Redis,
        service_name: str,
        *,
        batch_size: int = 500,
        stream_maxlen: int = 1_000_000,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._redis = redis
        self._stream = stream_name(service_name)
        self._batch_size = batch_size
        self._maxlen = stream_maxlen

    async def relay_once(self) -> RelayResult:
        """Publish up to one batch of unpublished events, oldest first."""
        table = self._outbox
        async with self._engine.begin() as connection:
            rows = (
                (
                    await connection.execute(
                        select(table)
                        .where(table.c.published_at.is_(None))
                        .order_by(table.c.id)
                        .limit(self._batch_size)
                        .with_for_update(skip_locked=True)
                    )
                )
                .mappings()
                .all()
            )
            if not rows:
                return RelayResult(0, self._stream)
            async with self._redis.pipeline(transaction=False) as pipe:
                for row in rows:
                    pipe.xadd(
                        self._stream,
                        _event_from_row(row).to_stream_fields(),  # type: ignore[arg-type]
                        maxlen=self._maxlen,
                        approximate=True,
                    )
                await pipe.execute()
            await connection.execute(
                update(table)
                .where(table.c.id.in_([row["id"] for row in rows]))
                .values(published_at=func.now(), attempts=table.c.attempts + 1)
            )
        return RelayResult(len(rows), self._stream)

    async def relay_all(self, max_batches: int = 100) -> int:
        """Relay until the outbox is drained or ``max_batches`` ran; returns the count."""
        total = 0
        for _ in range(max_batches):
            result = await self.relay_once()
            total += result.published
            if result.published < self._batch_size:
                break
        return total


def _event_from_row(row: Any) -> Event:
    return Event(
        event_id=row["event_id"],
        event_type=row["event_type"],
        aggregate_type=row["aggregate_type"],
        aggregate_id=row["aggregate_id"],
        payload=row["payload"],
        occurred_at=row["occurred_at"],
        headers=row["headers"],
    )
