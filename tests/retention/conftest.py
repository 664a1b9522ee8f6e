"""Retention fixtures: a fresh migrated database per test, rows written by the migrator user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import SERVICES
from taplatform.db import create_engine
from taplatform.migrations import migrate_service
from taplatform.retention import PERIODS
from taplatform.retention_run import RetentionReport, run_retention
from taplatform.testing import FakeClock
from tests.support import DatabaseFactory

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
# Every period is 10 days in these tests: OLD is past all of them, RECENT inside all.
PERIOD_DAYS = 10
OLD = NOW - timedelta(days=40)
RECENT = NOW - timedelta(days=2)


@dataclass
class Db:
    url: str
    admin: AsyncEngine
    redis: Redis

    async def execute(self, sql: str, **params: object) -> None:
        async with self.admin.begin() as connection:
            await connection.execute(text(sql), params)

    async def scalar(self, sql: str, **params: object) -> object:
        async with self.admin.connect() as connection:
            return await connection.scalar(text(sql), params)

    async def count(self, table: str, where: str = "true") -> int:
        return int(await self.scalar(f"SELECT count(*) FROM {table} WHERE {where}"))  # type: ignore[arg-type]

    async def retention(self, *, dry_run: bool = False, batch_size: int = 1000) -> RetentionReport:
        """Every rule once, with 10-day periods, at ``NOW``."""
        return await run_retention(
            self.url,
            self.redis,
            {period: PERIOD_DAYS for period in PERIODS},
            FakeClock(NOW),
            batch_size=batch_size,
            dry_run=dry_run,
        )


@pytest.fixture
async def db(new_database: DatabaseFactory, redis_client: Redis) -> AsyncIterator[Db]:
    url = await new_database()
    admin = create_engine(url, application_name="ta-tests", pool_size=2)
    for spec in SERVICES:
        await migrate_service(admin, spec)
    yield Db(url, admin, redis_client)
    await admin.dispose()
