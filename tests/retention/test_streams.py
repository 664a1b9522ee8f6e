"""Event-stream retention: old entries go only once every consumer group has acknowledged them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from redis.asyncio import Redis

from taplatform.retention_streams import first_needed, parse_id
from tests.retention.conftest import NOW, OLD, RECENT, Db

STREAM = "ta:events:ledger"


def stream_id(moment: datetime) -> str:
    return f"{int(moment.timestamp() * 1000)}-0"


async def entries(redis: Redis) -> list[str]:
    return [entry_id.decode() for entry_id, _ in await redis.xrange(STREAM)]


async def test_old_entries_go_once_every_group_has_acknowledged_them_and_recent_ones_stay(
    db: Db,
) -> None:
    moments = [OLD - timedelta(days=3), OLD - timedelta(days=2), OLD - timedelta(days=1), RECENT]
    ids = [
        await db.redis.xadd(STREAM, {"n": str(i)}, id=stream_id(m)) for i, m in enumerate(moments)
    ]
    ids = [i.decode() for i in ids]
    # "audit" read all four and acknowledged the first two; "notifications" read one.
    await db.redis.xgroup_create(STREAM, "audit", id="0")
    await db.redis.xgroup_create(STREAM, "notifications", id="0")
    await db.redis.xreadgroup("audit", "a", {STREAM: ">"}, count=10)
    await db.redis.xack(STREAM, "audit", ids[0], ids[1])
    await db.redis.xreadgroup("notifications", "n", {STREAM: ">"}, count=1)
    await db.redis.xack(STREAM, "notifications", ids[0])
    # Just after the entry "notifications" acknowledged last: everything from there is needed.
    assert parse_id(ids[0]) < await first_needed(db.redis, STREAM) <= parse_id(ids[1])

    dry = await db.retention(dry_run=True)
    first = await db.retention()

    assert dry.as_dict()["ledger"]["stream"] == 1
    assert first.as_dict()["ledger"]["stream"] == 1  # only what both groups are done with
    assert await entries(db.redis) == ids[1:]

    # Both groups catch up; the recent entry stays (inside the period) though acknowledged.
    await db.redis.xreadgroup("notifications", "n", {STREAM: ">"}, count=10)
    await db.redis.xack(STREAM, "notifications", *ids[1:])
    await db.redis.xack(STREAM, "audit", ids[2])
    second = await db.retention()
    assert second.as_dict()["ledger"]["stream"] == 2
    assert await entries(db.redis) == ids[3:]
    assert (await db.retention()).as_dict()["ledger"]["stream"] == 0


async def test_a_group_that_read_nothing_keeps_every_entry_and_without_groups_age_decides(
    db: Db,
) -> None:
    old = await db.redis.xadd(STREAM, {"n": "1"}, id=stream_id(OLD))
    await db.redis.xadd("ta:events:oms", {"n": "1"}, id=stream_id(OLD))
    await db.redis.xgroup_create(STREAM, "audit", id="0")  # created, nothing read yet

    report = (await db.retention()).as_dict()

    assert report["ledger"]["stream"] == 0 and await entries(db.redis) == [old.decode()]
    assert report["oms"]["stream"] == 1 and await db.redis.xlen("ta:events:oms") == 0
    assert report["engine"]["stream"] == 0  # no stream at all


async def test_trimming_the_streams_lets_the_inbox_rule_drop_rows_whose_event_is_gone(
    db: Db,
) -> None:
    await db.execute(
        "INSERT INTO registry.inbox (consumer, event_id, processed_at) VALUES ('c', :id, :at)",
        id=uuid.uuid4(),
        at=OLD - timedelta(days=10),
    )
    # An acknowledged event from before the inbox row: the only thing keeping the row.
    entry = await db.redis.xadd(STREAM, {"n": "1"}, id=stream_id(OLD - timedelta(days=20)))
    await db.redis.xgroup_create(STREAM, "audit", id="0")
    await db.redis.xreadgroup("audit", "a", {STREAM: ">"}, count=10)
    await db.redis.xack(STREAM, "audit", entry)

    report = (await db.retention()).as_dict()

    assert report["ledger"]["stream"] == 1
    assert report["registry"]["inbox"] == 1
    assert await db.count("registry.inbox") == 0


async def test_without_redis_the_streams_are_skipped_and_the_database_rules_still_run(
    db: Db,
) -> None:
    db.redis = None  # type: ignore[assignment]
    report = await db.retention()
    streams = [o for o in report.outcomes if o.rule == "stream"]
    assert streams and all(o.skipped == "no Redis to trim" for o in streams)
    assert report.as_dict()["oms"]["outbox"] == 0
    assert NOW > OLD
