"""Retention rules of the platform tables every schema has: outbox, inbox, idempotency keys.

* Outbox rows are deleted once published and older than the outbox period
  (unpublished rows are never touched: the relay still owes them).
* Inbox rows exist to drop a re-delivered event. An event can only be
  re-delivered while it is still in its Redis stream (a pending message, or a
  consumer group created at ``0``), so a row is deleted only when it is older
  than the inbox period *and* than the oldest entry left in every event
  stream (minus a margin for clock skew): its event is trimmed everywhere.
  Without Redis the horizon is unknown and inbox rows are kept.
* Idempotency keys are deleted a period after they expired (an expired key
  already counts as new, so removing it changes no answer).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from taplatform.catalog import SERVICES
from taplatform.events import stream_name
from taplatform.retention import DeleteRule

# Redis stamps stream ids with its own clock; the database uses the app's.
CLOCK_SKEW_MARGIN = timedelta(hours=1)


OUTBOX = DeleteRule(
    name="outbox",
    table="outbox",
    condition="published_at IS NOT NULL AND published_at < :cutoff",
    period="outbox",
)
# LEAST ignores a NULL horizon: with every stream empty, nothing can be re-delivered.
INBOX = DeleteRule(
    name="inbox",
    table="inbox",
    condition=(
        "processed_at < LEAST(CAST(:cutoff AS timestamptz), CAST(:replay_horizon AS timestamptz))"
    ),
    period="inbox",
    needs_replay_horizon=True,
)
IDEMPOTENCY_KEYS = DeleteRule(
    name="idempotency_keys",
    table="idempotency_keys",
    condition="expires_at < :cutoff",
    period="idempotency",
)
PLATFORM_RULES = (OUTBOX, INBOX, IDEMPOTENCY_KEYS)


async def replay_horizon(redis: Redis) -> datetime | None:
    """The time of the oldest entry left in any event stream (less the skew margin), or None.

    None means every stream is empty: nothing can be re-delivered.
    """
    oldest: int | None = None
    for spec in SERVICES:
        first = await redis.xrange(stream_name(spec.name), count=1)
        if first:
            entry_id = first[0][0]
            millis = int(
                (entry_id.decode() if isinstance(entry_id, bytes) else entry_id).split("-")[0]
            )
            oldest = millis if oldest is None else min(oldest, millis)
    if oldest is None:
        return None
    return datetime.fromtimestamp(oldest / 1000, UTC) - CLOCK_SKEW_MARGIN
