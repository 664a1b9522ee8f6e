"""The notification consumer: catalogued events of every service's stream become notifications.

It reads the streams as the audit consumer does (its own consumer group,
reclaiming what a dead replica left pending, acknowledging after commit)
and differs only in what it stores. Each catalogued event is handled in one
transaction: claimed in the registry inbox (a redelivered event is skipped),
addressed to its recipients, one row each (ids derived from event and
recipient, ``ON CONFLICT DO NOTHING`` as a second guard), and a
``NotificationCreated`` outbox event per new row so the edge can push it live.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry import notification_store as store
from services.registry.audit_consumer import STREAM_PREFIX, AuditConsumer, _text
from services.registry.domain.notification_catalogue import describe
from services.registry.domain.notifications import (
    NOTIFICATION_CREATED,
    Draft,
    Source,
    address,
    created_event_id,
    created_payload,
)
from services.registry.store import platform
from taplatform.clock import Clock
from taplatform.events import Event
from taplatform.inbox import claim_event
from taplatform.logging import get_logger
from taplatform.outbox import add_event
from taplatform.tracing import extract_context, get_tracer

log = get_logger(__name__)
tracer = get_tracer(__name__)

GROUP = "notifications"
# The inbox key: one per purpose, whatever the Redis group is called.
INBOX_CONSUMER = "notifications"


class NotificationConsumer(AuditConsumer):
    """Every service's stream → ``registry.notifications``, each event handled once."""

    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        services: Sequence[str],
        clock: Clock,
        *,
        group: str = GROUP,
        **options: Any,
    ) -> None:
        super().__init__(engine, redis, services, clock, group=group, **options)

    async def _store(self, stream: str, messages: Sequence[Any]) -> int:
        """Handle a batch; returns how many notifications were created. Acks after commit."""
        if not messages:
            return 0
        service = stream.removeprefix(STREAM_PREFIX)
        created = 0
        for message_id, fields in messages:
            if not fields:
                continue  # trimmed from the stream before we read it
            try:
                event = Event.from_stream_fields(fields)
            except (KeyError, ValueError, TypeError) as error:
                log.error(
                    "notifications.unreadable_event",
                    stream=stream,
                    id=_text(message_id),
                    error=str(error),
                )
                continue
            draft = describe(service, event)
            if draft is not None:
                created += await self._notify(service, event, draft)
        await self._redis.xack(stream, self.group, *[m[0] for m in messages])
        return created

    async def _notify(self, service: str, event: Event, draft: Draft) -> int:
        now = self._clock.now()
        source = Source(service, event.event_id, event.event_type, event.occurred_at)
        with tracer.start_as_current_span(
            "notifications.create", context=extract_context(event.headers)
        ):
            async with self._engine.begin() as connection:
                first = await claim_event(
                    connection, platform.inbox, INBOX_CONSUMER, event.event_id, now
                )
                if not first:
                    return 0
                recipients = await store.recipients(connection, draft)
                new = await store.insert_new(connection, address(draft, source, recipients, now))
                for notification in new:
                    announcement = Event(
                        event_id=created_event_id(notification),
                        event_type=NOTIFICATION_CREATED,
                        aggregate_type="notification",
                        aggregate_id=notification.notification_id,
                        payload=created_payload(notification),
                        occurred_at=now,
                    )
                    await add_event(connection, platform.outbox, announcement)
        log.info(
            "notifications.created",
            source_event_id=str(event.event_id),
            event_type=event.event_type,
            kind=draft.kind,
            recipients=len(new),
        )
        return len(new)
