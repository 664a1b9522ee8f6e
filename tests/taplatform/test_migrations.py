"""Each service owns one schema with its own Alembic history; migrating is safe to repeat."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from sqlalchemy import text

from taplatform.catalog import SERVICES
from taplatform.db import create_engine
from taplatform.migrations import current_revision, head_revision, migrate_all
from tests.support import DatabaseFactory


async def test_migrate_all_twice_and_from_two_processes_applies_once(
    new_database: DatabaseFactory,
) -> None:
    url = await new_database()
    command = [sys.executable, "-m", "taplatform.cli.main", "migrate"]
    env = {"TA_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    procs = [
        await asyncio.create_subprocess_exec(*command, env=env, stderr=asyncio.subprocess.PIPE)
        for _ in range(2)
    ]
    results = [await p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    await migrate_all(url)
    engine = create_engine(url, application_name="t", pool_size=1)
    try:
        for spec in SERVICES:
            assert await current_revision(engine, spec) == head_revision(spec)
        async with engine.connect() as connection:
            tables = set(
                await connection.scalars(
                    text(
                        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                        " WHERE table_schema = ANY(:schemas)"
                    ),
                    {"schemas": [s.schema for s in SERVICES]},
                )
            )
    finally:
        await engine.dispose()
    for spec in SERVICES:
        for table in ("alembic_version", "outbox", "inbox", "idempotency_keys"):
            assert f"{spec.schema}.{table}" in tables


def test_migrate_against_unreachable_database_fails_with_one_clear_line(
    unused_tcp_port_url: str,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "taplatform.cli.main", "migrate"],
        env={"TA_DATABASE_URL": unused_tcp_port_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "migrate.failed" in result.stderr
    assert "Traceback" not in result.stderr


async def test_service_role_may_write_rows_but_not_change_the_schema(
    migrated_database_url: str,
) -> None:
    from sqlalchemy.exc import DBAPIError

    from taplatform.catalog import service

    spec = service("ledger")
    engine = create_engine(
        migrated_database_url, application_name="t", pool_size=1, role=spec.db_role
    )
    try:
        async with engine.begin() as connection:
            assert await connection.scalar(text("SELECT current_user")) == "ta_ledger"
            await connection.execute(
                text(
                    "INSERT INTO ledger.inbox (consumer, event_id, processed_at)"
                    " VALUES ('t', gen_random_uuid(), now())"
                )
            )
        for statement in (
            "CREATE TABLE ledger.intruder (x int)",
            "SELECT count(*) FROM registry.outbox",
            "DROP TABLE ledger.inbox",
        ):
            with pytest.raises(DBAPIError, match=r"permission denied|must be owner"):
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
    finally:
        await engine.dispose()
