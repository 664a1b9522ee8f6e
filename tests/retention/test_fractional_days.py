"""Retention periods may be fractional days (a soak run keeps rows for minutes), within bounds."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import SERVICES
from taplatform.config import WorkerSettings, describe_error
from taplatform.retention import PERIODS, cutoff_for
from taplatform.retention_run import (
    RETENTION_ENGINES,
    close_retention_engines,
    periods_from,
    run_retention,
)
from taplatform.testing import FakeClock
from tests.retention.conftest import NOW, Db

URLS = {
    "database_url": "postgresql://postgres@127.0.0.1:5432/unused",
    "redis_url": "redis://127.0.0.1:6379/0",
}


@pytest.fixture(autouse=True)
def no_retention_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("TA_RETENTION_", "TA_WORKER_")):
            monkeypatch.delenv(key)


def test_retention_defaults_are_unchanged_whole_days() -> None:
    periods = periods_from(WorkerSettings(**URLS))  # type: ignore[arg-type]

    assert periods == {
        "intraday": 30,
        "alerts": 90,
        "task_runs": 90,
        "notifications": 90,
        "outbox": 7,
        "inbox": 30,
        "idempotency": 7,
        "streams": 7,
    }


def test_a_fractional_period_cuts_off_that_many_seconds_before_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TA_RETENTION_OUTBOX_DAYS", "0.002")
    periods = periods_from(WorkerSettings(**URLS))  # type: ignore[arg-type]

    assert periods["outbox"] == 0.002
    assert cutoff_for(NOW, periods["outbox"]) == NOW - timedelta(seconds=172.8)


@pytest.mark.parametrize("days", ["0.0005", "0", "-1", "3651", "soon"])
def test_a_period_below_86_seconds_or_above_ten_years_is_refused_naming_the_key(
    monkeypatch: pytest.MonkeyPatch, days: str
) -> None:
    monkeypatch.setenv("TA_RETENTION_INBOX_DAYS", days)

    with pytest.raises(ValidationError) as caught:
        WorkerSettings(**URLS)  # type: ignore[arg-type]

    assert describe_error(caught.value).startswith("configuration error: TA_RETENTION_INBOX_DAYS:")


async def test_a_three_minute_outbox_period_removes_rows_published_earlier_only(db: Db) -> None:
    published = {
        "ten_minutes": NOW - timedelta(minutes=10),
        "one_minute": NOW - timedelta(minutes=1),
    }
    ids = {}
    for name, at in published.items():
        ids[name] = uuid.uuid4()
        await db.execute(
            "INSERT INTO ledger.outbox (event_id, event_type, aggregate_type, aggregate_id,"
            " payload, headers, occurred_at, published_at)"
            " VALUES (:id, 'Tested', 't', 'a', '{}', '{}', :at, :at)",
            id=ids[name],
            at=at,
        )
    periods = {period: 10.0 for period in PERIODS} | {"outbox": 0.002}

    report = await run_retention(db.url, db.redis, periods, FakeClock(NOW))

    assert report.as_dict()["ledger"]["outbox"] == 1 and not report.errors
    assert await db.scalar("SELECT event_id FROM ledger.outbox") == ids["one_minute"]


async def test_a_fractional_intraday_period_still_thins_only_whole_utc_days(db: Db) -> None:
    # Thinning replaces a day by one EOD point; a partial day would get a wrong close.
    today_early = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    await db.execute(
        "INSERT INTO marketdata.price_points (listing_id, observed_at, kind, source, price,"
        " currency, scale, ingested_at) VALUES ('L1', :at, 'intraday', 's', 10, 'GBP', 1, :at)",
        at=today_early,
    )
    periods = {period: 10.0 for period in PERIODS} | {"intraday": 0.002}

    report = await run_retention(db.url, db.redis, periods, FakeClock(NOW))

    assert report.as_dict()["marketdata"]["price_points.intraday"] == 0 and not report.errors
    assert await db.count("marketdata.price_points") == 1


async def test_the_worker_keeps_one_engine_per_role_across_runs_and_disposes_of_them(
    db: Db,
) -> None:
    ctx: dict[str, object] = {}
    periods = {period: 10.0 for period in PERIODS}
    kept: dict[str, AsyncEngine] = ctx.setdefault(RETENTION_ENGINES, {})  # type: ignore[assignment]
    first = await run_retention(db.url, db.redis, periods, FakeClock(NOW), engines=kept)
    engines = dict(kept)
    second = await run_retention(db.url, db.redis, periods, FakeClock(NOW), engines=kept)
    assert not first.errors and not second.errors
    assert set(engines) == {spec.db_role for spec in SERVICES}
    assert all(kept[role] is engine for role, engine in engines.items())
    await close_retention_engines(ctx)
    assert RETENTION_ENGINES not in ctx
    assert all(engine.pool.checkedin() == 0 for engine in engines.values())
