"""Backup → drop → restore → the ledger verifies with zero differences and every table is equal.

The data is the demo seed through the real registry, ledger and marketdata
(gRPC on port 0), a policy version through the engine's handler, and the
audit log the registry's consumer built from every relayed outbox event.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from taplatform.catalog import SERVICES
from taplatform.cli import demo_data
from taplatform.cli.backup import DUMP_FILE, MANIFEST
from taplatform.db import create_engine
from taplatform.migrations import head_revision
from tests.cli.backup_stack import (
    database_state,
    recreate_empty,
    run_cli,
    schemas_in,
    seed_stack,
    start_cluster,
    stop_cluster,
)
from tests.cli.conftest import clean_env
from tests.support import DatabaseFactory


@dataclass
class Seeded:
    url: str
    portfolio_id: str
    state: dict[str, str]
    backup: Path


@pytest.fixture(scope="module")
async def seeded(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Seeded]:
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    workdir = Path(tempfile.mkdtemp(prefix="ta-backup-test-"))
    try:
        url = await new_database()
        portfolio_id = await seed_stack(url, redis_url, redis, workdir)
        state = await database_state(url)
        code, output = await run_cli(
            "backup", "--out", str(workdir / "backup"), env=clean_env(TA_DATABASE_URL=url)
        )
        assert code == 0, output
        yield Seeded(url, portfolio_id, state, workdir / "backup")
    finally:
        await redis.aclose()
        shutil.rmtree(workdir, ignore_errors=True)


def test_the_manifest_names_versions_revisions_and_checksums(seeded: Seeded) -> None:
    manifest = json.loads((seeded.backup / MANIFEST).read_text())

    assert manifest["format"] == "tradingassistant-backup/1"
    assert manifest["revisions"] == {s.schema: head_revision(s) for s in SERVICES}
    assert manifest["server_version"].startswith("PostgreSQL ")
    [dump] = manifest["files"]
    assert dump["name"] == DUMP_FILE
    assert dump["size"] == (seeded.backup / DUMP_FILE).stat().st_size
    assert len(dump["sha256"]) == 64
    assert (seeded.backup / DUMP_FILE).stat().st_mode & 0o077 == 0


async def test_backup_drop_restore_verifies_with_zero_differences_and_equal_state(
    seeded: Seeded, new_database: DatabaseFactory, postgres_server_url: str
) -> None:
    state = seeded.state
    assert int(state["entries"]) > 0 and int(state["holdings"]) == len(demo_data.BUYS)
    assert int(state["audit events"]) > 0 and state["policies"] == "1"

    # Into a database that holds something: refused, naming it, and nothing changes.
    refused_code, refused = await run_cli(
        "restore", "--from", str(seeded.backup), "--database-url", seeded.url, env=clean_env()
    )
    assert refused_code == 1
    assert "the target database is not empty: schema engine (" in refused
    assert await database_state(seeded.url) == state

    await recreate_empty(postgres_server_url, seeded.url)
    assert await schemas_in(seeded.url) == []
    code, output = await run_cli(
        "restore", "--from", str(seeded.backup), "--database-url", seeded.url, env=clean_env()
    )

    assert code == 0, output
    assert f"{seeded.portfolio_id}: consistent (" in output
    assert "verification: 1 portfolio(s), 0 difference(s)" in output
    assert await database_state(seeded.url) == state


async def test_a_tampered_dump_is_refused_naming_the_file_and_nothing_is_restored(
    seeded: Seeded, new_database: DatabaseFactory, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered"
    shutil.copytree(seeded.backup, tampered)
    dump = tampered / DUMP_FILE
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = await new_database()

    code, output = await run_cli(
        "restore", "--from", str(tampered), "--database-url", target, env=clean_env()
    )

    assert code == 1
    assert f"restore refused: {dump}: checksum mismatch" in output
    assert await schemas_in(target) == []


async def test_restore_into_a_new_cluster_creates_the_roles_and_keeps_append_only_grants(
    seeded: Seeded,
) -> None:
    folder, server = await asyncio.to_thread(start_cluster)
    try:
        admin = server.get_uri()
        connection = await asyncpg.connect(admin)
        try:
            roles = await connection.fetch(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'ta\\_%'"
            )
            await connection.execute('CREATE DATABASE "restored"')
        finally:
            await connection.close()
        assert roles == []
        target = server.get_uri("restored")

        code, output = await run_cli(
            "restore", "--from", str(seeded.backup), "--database-url", target, env=clean_env()
        )

        assert code == 0, output
        assert "verification: 1 portfolio(s), 0 difference(s)" in output
        assert await database_state(target) == seeded.state
        ledger = create_engine(target, application_name="ta-tests", pool_size=1, role="ta_ledger")
        try:
            async with ledger.connect() as connection:
                with pytest.raises(DBAPIError, match="permission denied"):
                    await connection.execute(text("DELETE FROM ledger.entries"))
        finally:
            await ledger.dispose()
    finally:
        await asyncio.to_thread(stop_cluster, folder, server)
