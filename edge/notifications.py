"""The services' event streams (``ta:events:<service>``) as one feed, and who may see each event.

Subscribers start from the streams' current ends: a notification is news,
not history (the audit log is the history).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from taplatform.catalog import SERVICES
from taplatform.events import Event, stream_name

# How long one XREAD waits for news; bounded so a dropped subscriber is noticed.
BLOCK_MS = 5_000
READ_COUNT = 100
STREAM_START = "0-0"


@dataclass
class Audience:
    """What one subscriber may see: events of its portfolios and its own user-level events."""

    user_id: str
    portfolio_ids: set[str] = field(default_factory=set)

    def admits(self, event: Event) -> bool:
        """Whether the subscriber may see ``event``; learns of portfolios it creates."""
        portfolio_id = event.payload.get("portfolio_id") or None
        actor = event.payload.get("actor_user_id") or event.headers.get("user_id")
        if event.event_type == "PortfolioCreated" and actor == self.user_id:
            self.portfolio_ids.add(event.aggregate_id)
        if portfolio_id is not None:
            return portfolio_id in self.portfolio_ids
        return actor == self.user_id


class EventFeed:
    """Reads every service's event stream from Redis; one shared connection pool per edge."""

    def __init__(self, redis_url: str, streams: Iterable[str] | None = None) -> None:
        self._redis: aioredis.Redis = aioredis.Redis.from_url(redis_url)
        self.streams = list(streams or (stream_name(spec.name) for spec in SERVICES))

    async def close(self) -> None:
        await self._redis.aclose()

    async def _ends(self, streams: Iterable[str] | None) -> dict[str, str]:
        # Resolve "$" once: re-reading from "$" after an empty XREAD would skip
        # whatever arrived between two reads.
        ends = {}
        for stream in streams or self.streams:
            last = await self._redis.xrevrange(stream, count=1)
            ends[stream] = last[0][0].decode() if last else STREAM_START
        return ends

    async def follow(self, streams: Iterable[str] | None = None) -> EventCursor:
        """A cursor at the streams' current ends: it yields only events published after this.

        ``streams`` narrows the feed to some of its streams (default: all of them).
        """
        return EventCursor(self._redis, await self._ends(streams))


class EventCursor:
    """Positions in every stream, advanced as events are read."""

    def __init__(self, client: aioredis.Redis, positions: dict[str, str]) -> None:
        self._redis = client
        self.positions = positions

    async def events(self) -> AsyncIterator[Event]:
        """Every event after the positions, across all streams, until cancelled."""
        while True:
            reply = await self._redis.xread(self.positions, count=READ_COUNT, block=BLOCK_MS)  # type: ignore[arg-type]
            for raw_stream, entries in reply or []:
                stream = raw_stream.decode() if isinstance(raw_stream, bytes) else raw_stream
                for entry_id, fields in entries:
                    position = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                    self.positions[stream] = position
                    yield Event.from_stream_fields(fields)
