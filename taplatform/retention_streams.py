"""Retention of the Redis event streams: old entries go once every consumer group is done.

The outbox relay appends each event to ``ta:events:<service>``. Without this
rule a stream is only capped by length (the relay's ``MAXLEN``), so Redis
would hold months of events it no longer needs. An entry is removed when it is
older than the streams period *and* every consumer group on that stream has
received and acknowledged it: a group that is behind (an audit consumer that
was down for a week) or still holds a message pending keeps that entry and
everything after it. Live subscribers (the edge's feeds) read new entries only.

Trimming also advances the inbox rule's replay horizon (the oldest entry left
in any stream; see :mod:`taplatform.retention_platform`), so inbox rows whose
events are gone from every stream can go too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from redis.asyncio import Redis

from taplatform.catalog import SERVICES
from taplatform.events import stream_name
from taplatform.retention import RuleOutcome

RULE = "stream"
_PAGE = 1000

StreamId = tuple[int, int]


def parse_id(value: Any) -> StreamId:
    """``"1717000000000-3"`` (bytes or text) as ``(milliseconds, sequence)``."""
    text = value.decode() if isinstance(value, bytes) else str(value)
    millis, _, sequence = text.partition("-")
    return int(millis), int(sequence or 0)


def _format(entry: StreamId) -> str:
    return f"{entry[0]}-{entry[1]}"


async def first_needed(redis: Redis, stream: str) -> StreamId | None:
    """The oldest entry some consumer group still needs, or None when no group holds any back.

    A group needs everything after its last-delivered id (not read yet) and
    every entry in its pending list (read, not acknowledged).
    """
    needed: list[StreamId] = []
    # redis-py gives these replies text keys, whatever decode_responses says.
    for group in await redis.xinfo_groups(stream):
        last = parse_id(group["last-delivered-id"])
        needed.append((last[0], last[1] + 1))
        if group["pending"]:
            summary = await redis.xpending(stream, group["name"])
            if summary.get("min") is not None:
                needed.append(parse_id(summary["min"]))
    return min(needed) if needed else None


async def _count_before(redis: Redis, stream: str, bound: StreamId) -> int:
    """Entries with an id below ``bound`` (what a trim to ``bound`` would remove)."""
    counted, start = 0, "-"
    while True:
        page = await redis.xrange(stream, start, f"({_format(bound)}", count=_PAGE)
        counted += len(page)
        if len(page) < _PAGE:
            return counted
        start = f"({_format(parse_id(page[-1][0]))}"


async def trim_stream(redis: Redis, stream: str, cutoff: datetime, dry_run: bool) -> int:
    """Remove (or count, on a dry run) the entries of ``stream`` older than ``cutoff`` that no
    consumer group needs; returns how many."""
    if not await redis.exists(stream):
        return 0
    bound: StreamId = (int(cutoff.timestamp() * 1000), 0)
    needed = await first_needed(redis, stream)
    if needed is not None:
        bound = min(bound, needed)
    if dry_run:
        return await _count_before(redis, stream, bound)
    return int(await redis.xtrim(stream, minid=_format(bound), approximate=False))


async def trim_streams(redis: Redis | None, cutoff: datetime, dry_run: bool) -> list[RuleOutcome]:
    """One outcome per service's stream; a Redis failure is that stream's error, not a crash."""
    outcomes = []
    for spec in SERVICES:
        stream = stream_name(spec.name)
        if redis is None:
            outcomes.append(RuleOutcome(spec.name, RULE, stream, skipped="no Redis to trim"))
            continue
        try:
            removed = await trim_stream(redis, stream, cutoff, dry_run)
        except Exception as error:  # Redis down: the database rules still run
            outcomes.append(
                RuleOutcome(spec.name, RULE, stream, error=f"{type(error).__name__}: {error}")
            )
            continue
        outcomes.append(RuleOutcome(spec.name, RULE, stream, removed))
    return outcomes
