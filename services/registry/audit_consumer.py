"""The audit consumer: every service's event stream into ``registry.audit_events``, once each.

It reads ``ta:events:<service>`` for all services as members of the consumer
group ``audit`` (one group per deployment: every replica shares the work). A
batch is stored in one transaction (``ON CONFLICT (event_id) DO NOTHING``: a
redelivered event is stored once) and acknowledged only after that commits,
so a crash redelivers rather than loses. Messages a dead consumer left pending
longer than ``claim_idle_ms`` are taken over with XAUTOCLAIM; after a failed
batch the consumer first re-reads its own pending list, so a transient error
(the database restarting) delays those events by one retry, not by the claim
timeout. A message that cannot be parsed is logged and acknowledged rather
than retried forever.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.domain.notifications import NOTIFICATION_CREATED
from services.registry.store import audit_events
from taplatform.clock import Clock
from taplatform.events import Event, stream_name
from taplatform.logging import get_logger
from taplatform.tracing import consumer_span

log = get_logger(__name__)

GROUP = "audit"
# Derived facts, not state changes: a notification restates an event the log already
# holds, and copies in an append-only table would outlive the notifications' retention.
NOT_AUDITED = frozenset({NOTIFICATION_CREATED})
STREAM_PREFIX = stream_name("")


def consumer_name() -> str:
    """Unique per process, so a restarted process does not inherit a dead one's pending list."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class AuditConsumer:
    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        services: Sequence[str],
        clock: Clock,
        *,
        group: str = GROUP,
        consumer: str | None = None,
        batch_size: int = 200,
        block_ms: int = 1000,
        claim_idle_ms: int = 30_000,
        retry_delay_s: float = 1.0,
    ) -> None:
        self._engine = engine
        self._redis = redis
        self._streams = [stream_name(name) for name in services]
        self._clock = clock
        self.group = group
        self.consumer = consumer or consumer_name()
        self._batch_size = batch_size
        self._block_ms = block_ms
        self._claim_idle_ms = claim_idle_ms
        self._retry_delay_s = retry_delay_s
        self._groups_ready = False
        # Set after a failed batch: messages already delivered to us wait in our pending list.
        self._replay_pending = False

    async def run(self) -> None:
        """Consume until cancelled; errors (database not migrated yet, Redis down) are retried."""
        while True:
            try:
                await self.poll_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._groups_ready = False
                log.warning("audit.consume_failed", error=f"{type(error).__name__}: {error}")
                await asyncio.sleep(self._retry_delay_s)

    async def poll_once(self, block_ms: int | None = None) -> int:
        """Reclaim abandoned messages, re-read our own after a failure, then read new ones
        (waiting up to ``block_ms``); returns how many events were newly stored."""
        try:
            await self._ensure_groups()
            stored = await self.reclaim()
            if self._replay_pending:
                stored += await self._replay_own_pending()
                self._replay_pending = False
            replies = await self._redis.xreadgroup(
                self.group,
                self.consumer,
                {stream: ">" for stream in self._streams},
                count=self._batch_size,
                block=self._block_ms if block_ms is None else block_ms,
            )
            for stream, messages in replies or []:
                stored += await self._store(_text(stream), messages)
        except Exception:
            # Whatever was delivered and not acknowledged waits in our pending list.
            self._replay_pending = True
            raise
        return stored

    async def _replay_own_pending(self) -> int:
        """Handle again what was delivered to this consumer but never acknowledged."""
        stored = 0
        for stream in self._streams:
            start = "0"
            while True:
                replies = await self._redis.xreadgroup(
                    self.group, self.consumer, {stream: start}, count=self._batch_size
                )
                messages = replies[0][1] if replies else []
                if not messages:
                    break
                stored += await self._store(stream, messages)
                start = _text(messages[-1][0])
        return stored

    async def reclaim(self) -> int:
        """Take over messages pending on other consumers for longer than ``claim_idle_ms``."""
        stored = 0
        for stream in self._streams:
            start = "0-0"
            while True:
                reply = await self._redis.xautoclaim(
                    stream,
                    self.group,
                    self.consumer,
                    min_idle_time=self._claim_idle_ms,
                    start_id=start,
                    count=self._batch_size,
                )
                start, messages = _text(reply[0]), reply[1]
                stored += await self._store(stream, messages)
                if start == "0-0" or not messages:
                    break
        return stored

    async def _ensure_groups(self) -> None:
        if self._groups_ready:
            return
        for stream in self._streams:
            try:
                # From the stream's start: events published before the group existed count too.
                await self._redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise
        self._groups_ready = True

    async def _store(self, stream: str, messages: Sequence[Any]) -> int:
        if not messages:
            return 0
        service = stream.removeprefix(STREAM_PREFIX)
        rows, ids = [], []
        for message_id, fields in messages:
            ids.append(message_id)
            if not fields:
                continue  # trimmed from the stream before we read it
            try:
                event = Event.from_stream_fields(fields)
                if event.event_type not in NOT_AUDITED:
                    rows.append(self._row(service, event))
            except (KeyError, ValueError, TypeError) as error:
                log.error(
                    "audit.unreadable_event", stream=stream, id=_text(message_id), error=str(error)
                )
        stored = 0
        if rows:
            # Continues each event's trace (child of a single trace, linked to every one).
            with consumer_span("audit.store", [row.pop("_headers") for row in rows]):
                statement = insert(audit_events).on_conflict_do_nothing(index_elements=["event_id"])
                async with self._engine.begin() as connection:
                    result = await connection.execute(
                        statement.returning(audit_events.c.event_id), rows
                    )
                    stored = len(result.all())
        await self._redis.xack(stream, self.group, *ids)
        return stored

    def _row(self, service: str, event: Event) -> dict[str, Any]:
        payload = dict(event.payload)
        portfolio_id = payload.get("portfolio_id")
        actor = payload.get("actor_user_id")
        return {
            "event_id": event.event_id,
            "service": service,
            "event_type": event.event_type,
            "aggregate_type": event.aggregate_type,
            "aggregate_id": event.aggregate_id,
            "portfolio_id": None if portfolio_id in (None, "") else str(portfolio_id),
            "actor_user_id": None if actor in (None, "") else str(actor),
            "occurred_at": event.occurred_at,
            "recorded_at": self._clock.now(),
            "before": payload.get("before"),
            "after": payload.get("after"),
            "payload": payload,
            "_headers": event.headers,
        }
