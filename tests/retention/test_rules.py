"""Each retention rule removes exactly what is old and eligible, keeps the rest, is idempotent."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import text

from tests.retention.conftest import NOW, OLD, RECENT, Db

UTC_MIDNIGHT = time(0)


async def add_price(
    db: Db,
    listing: str,
    at: datetime,
    price: str,
    *,
    kind: str = "intraday",
    currency: str = "GBX",
    scale: str = "0.01",
) -> None:
    await db.execute(
        "INSERT INTO marketdata.price_points (listing_id, observed_at, kind, source, price,"
        " currency, scale, ingested_at) VALUES (:l, :at, :k, 'stooq', :p, :c, :s, :at)",
        l=listing,
        at=at,
        k=kind,
        p=Decimal(price),
        c=currency,
        s=Decimal(scale),
    )


def midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), UTC_MIDNIGHT, tzinfo=moment.tzinfo)


async def test_old_intraday_days_become_one_eod_point_and_recent_days_stay(db: Db) -> None:
    day1, day2 = midnight(OLD), midnight(OLD) + timedelta(days=1)
    for hour, price in ((8, "10.0"), (10, "12.5"), (15, "11.0")):
        await add_price(db, "L1", day1 + timedelta(hours=hour), price)
    await add_price(db, "L1", day2 + timedelta(hours=9), "20")
    await add_price(db, "L1", day2, "21.5", kind="eod")
    await add_price(db, "L2", day1 + timedelta(hours=9), "7.25", currency="GBP", scale="1")
    for hour in (9, 10):
        await add_price(db, "L1", midnight(RECENT) + timedelta(hours=hour), "30")

    # One listing-day per transaction: the batch loop runs until the backlog is gone.
    first = await db.retention(batch_size=1)
    second = await db.retention(batch_size=1)

    [thinned] = [o for o in first.outcomes if o.rule == "price_points.intraday"]
    assert (thinned.removed, thinned.derived) == (5, 2)
    assert second.as_dict()["marketdata"]["price_points.intraday"] == 0
    assert await db.count("marketdata.price_points", "kind = 'intraday'") == 2
    async with db.admin.connect() as connection:
        eod = {
            (r.listing_id, r.observed_at): r
            for r in await connection.execute(
                text("SELECT * FROM marketdata.price_points WHERE kind = 'eod'")
            )
        }
    assert set(eod) == {("L1", day1), ("L1", day2), ("L2", day1)}
    derived = eod[("L1", day1)]
    assert (derived.price, derived.open, derived.high, derived.low) == (
        Decimal("11.0"),
        Decimal("10.0"),
        Decimal("12.5"),
        Decimal("10.0"),
    )
    assert (derived.source, derived.currency, derived.scale) == ("stooq", "GBX", Decimal("0.01"))
    assert eod[("L1", day2)].price == Decimal("21.5")  # the provider's point wins
    assert (eod[("L2", day1)].price, eod[("L2", day1)].currency) == (Decimal("7.25"), "GBP")


async def add_alert(
    db: Db,
    rule: str,
    status: str,
    at: datetime,
    *,
    freeze: bool = False,
    auto_unfreeze: bool = False,
    frozen: tuple[str, ...] = (),
) -> uuid.UUID:
    alert_id = uuid.uuid4()
    await db.execute(
        "INSERT INTO marketdata.alerts (alert_id, rule, listing_id, severity, status, message,"
        ' details, "freeze", auto_unfreeze, opened_at, last_seen_at, occurrences, resolved_at,'
        " frozen_portfolio_ids) VALUES (:id, :rule, 'L1', 'critical', :status, 'm', '{}',"
        " :freeze, :auto, :at, :at, 1, :resolved, :frozen)",
        id=alert_id,
        rule=rule,
        status=status,
        freeze=freeze,
        auto=auto_unfreeze,
        at=at,
        resolved=at if status == "resolved" else None,
        frozen=list(frozen),
    )
    return alert_id


async def test_old_resolved_alerts_go_unless_they_still_hold_a_freeze(db: Db) -> None:
    await add_alert(db, "stale", "resolved", OLD)
    await add_alert(db, "jump", "resolved", OLD, freeze=True, auto_unfreeze=True, frozen=("p1",))
    await add_alert(db, "missing", "resolved", OLD, freeze=True)
    held = await add_alert(db, "scale", "resolved", OLD, freeze=True, frozen=("p1",))
    recent = await add_alert(db, "stale", "resolved", RECENT)
    still_open = await add_alert(db, "stale", "open", OLD, freeze=True, frozen=("p1",))
    acknowledged = await add_alert(db, "jump", "acknowledged", OLD)

    first = await db.retention()
    second = await db.retention()

    assert first.as_dict()["marketdata"]["alerts"] == 3
    assert second.as_dict()["marketdata"]["alerts"] == 0
    kept = await db.scalar(
        "SELECT array_agg(alert_id::text ORDER BY alert_id) FROM marketdata.alerts"
    )
    assert sorted(kept) == sorted(str(a) for a in (held, recent, still_open, acknowledged))  # type: ignore[arg-type]


async def test_finished_task_runs_older_than_the_period_go_and_running_ones_stay(db: Db) -> None:
    for status, started, finished in (
        ("succeeded", OLD, OLD),
        ("failed", OLD, OLD),
        ("running", OLD, None),
        ("succeeded", RECENT, RECENT),
    ):
        await db.execute(
            "INSERT INTO marketdata.task_runs (task_run_id, task, trigger, source, status,"
            " listing_ids, started_at, finished_at) VALUES (:id, 'prices.eod', 'scheduled',"
            " 'stooq', :status, '{}', :started, :finished)",
            id=uuid.uuid4(),
            status=status,
            started=started,
            finished=finished,
        )

    first = await db.retention()

    assert first.as_dict()["marketdata"]["task_runs"] == 2
    assert await db.count("marketdata.task_runs", "status = 'running'") == 1
    assert await db.count("marketdata.task_runs", f"started_at > '{OLD.isoformat()}'") == 1
    assert (await db.retention()).as_dict()["marketdata"]["task_runs"] == 0


async def test_published_outbox_rows_and_long_expired_keys_go_in_every_schema(db: Db) -> None:
    schemas = ("registry", "marketdata", "ledger", "engine", "oms")
    for schema in schemas:
        for published in (OLD, None, RECENT):
            await db.execute(
                f"INSERT INTO {schema}.outbox (event_id, event_type, aggregate_type, aggregate_id,"
                " payload, headers, occurred_at, published_at)"
                " VALUES (:id, 'Tested', 't', 'a', '{}', '{}', :occurred, :published)",
                id=uuid.uuid4(),
                occurred=OLD,
                published=published,
            )
        for key, expires in (("old", OLD), ("recent", RECENT), ("live", NOW + timedelta(days=5))):
            await db.execute(
                f"INSERT INTO {schema}.idempotency_keys (scope, key, request_hash, request,"
                " created_at, expires_at) VALUES ('s', :key, 'h', '{}', :created, :expires)",
                key=key,
                created=OLD - timedelta(days=30),
                expires=expires,
            )

    first = (await db.retention()).as_dict()
    second = (await db.retention()).as_dict()

    for schema in schemas:
        assert (first[schema]["outbox"], first[schema]["idempotency_keys"]) == (1, 1), schema
        assert (second[schema]["outbox"], second[schema]["idempotency_keys"]) == (0, 0), schema
        assert await db.count(f"{schema}.outbox", "published_at IS NULL") == 1
        assert await db.count(f"{schema}.outbox") == 2
        keys = await db.scalar(f"SELECT array_agg(key ORDER BY key) FROM {schema}.idempotency_keys")
        assert keys == ["live", "recent"]


async def test_inbox_rows_go_only_once_their_event_has_left_every_stream(db: Db) -> None:
    for processed in (OLD - timedelta(days=10), OLD, OLD, RECENT):
        await db.execute(
            "INSERT INTO registry.inbox (consumer, event_id, processed_at) VALUES ('c', :id, :at)",
            id=uuid.uuid4(),
            at=processed,
        )
    # The ledger stream still holds an event published five days before OLD, which a
    # consumer group has not read yet (so the stream rule must keep it).
    held_since = OLD - timedelta(days=5)
    await db.redis.xadd(
        "ta:events:ledger", {"e": "1"}, id=f"{int(held_since.timestamp() * 1000)}-0"
    )
    await db.redis.xgroup_create("ta:events:ledger", "audit", id="0")

    with_stream = await db.retention()
    assert with_stream.as_dict()["registry"]["inbox"] == 1  # only the row older than the stream
    assert await db.count("registry.inbox") == 3

    db.redis, redis = None, db.redis  # type: ignore[assignment]
    without_redis = await db.retention()
    [inbox] = [o for o in without_redis.outcomes if (o.service, o.rule) == ("registry", "inbox")]
    assert "replay horizon is unknown" in inbox.error and inbox.removed == 0
    assert await db.count("registry.inbox") == 3
    db.redis = redis

    await redis.delete("ta:events:ledger")
    trimmed = await db.retention()
    assert trimmed.as_dict()["registry"]["inbox"] == 2
    assert await db.count("registry.inbox") == 1


async def test_read_notifications_go_after_the_period_and_unread_ones_stay(db: Db) -> None:
    user = str(uuid.uuid4())
    await db.execute(
        "INSERT INTO registry.users (user_id, email, role, password_hash, created_at)"
        " VALUES (:id, 'a@example.test', 'user', 'x', :at)",
        id=user,
        at=OLD,
    )
    for read_at in (OLD, None, RECENT):
        await db.execute(
            "INSERT INTO registry.notifications (notification_id, recipient_user_id, severity,"
            " kind, title, body, link, source_event_id, source_event_type, source_service,"
            " occurred_at, created_at, read_at) VALUES (:id, :user, 'info', 'k', 't', 'b', '/',"
            " :event, 'Tested', 'oms', :at, :at, :read_at)",
            id=str(uuid.uuid4()),
            user=user,
            event=str(uuid.uuid4()),
            at=OLD - timedelta(days=1),
            read_at=read_at,
        )

    first = await db.retention()

    assert first.as_dict()["registry"]["notifications"] == 1
    assert await db.count("registry.notifications", "read_at IS NULL") == 1
    assert await db.count("registry.notifications") == 2
    assert (await db.retention()).as_dict()["registry"]["notifications"] == 0


async def test_a_missing_optional_table_is_skipped_and_the_other_rules_still_run(db: Db) -> None:
    await db.execute("DROP TABLE registry.notifications")

    report = await db.retention()

    [skipped] = [o for o in report.outcomes if o.rule == "notifications"]
    assert skipped.skipped == "table does not exist yet" and not report.errors
    assert {o.rule for o in report.outcomes if o.service == "registry"} >= {"outbox", "inbox"}


async def test_a_dry_run_counts_what_a_run_removes_and_deletes_nothing(db: Db) -> None:
    await add_alert(db, "stale", "resolved", OLD)
    await add_price(db, "L1", OLD, "10")
    await add_price(db, "L1", OLD + timedelta(minutes=5), "11")

    dry = await db.retention(dry_run=True)
    assert await db.count("marketdata.alerts") == 1
    assert await db.count("marketdata.price_points") == 2
    real = await db.retention()

    assert dry.as_dict() == real.as_dict()
    assert dry.as_dict()["marketdata"] == {
        "stream": 0,
        "outbox": 0,
        "inbox": 0,
        "idempotency_keys": 0,
        "price_points.intraday": 2,
        "alerts": 1,
        "task_runs": 0,
    }
    assert [o.derived for o in dry.outcomes if o.derived] == [1]
    assert "would remove 2 (derived 1 EOD point(s))" in "\n".join(dry.lines())
