"""Embedded PostgreSQL and Redis for ``up``: working URLs, clean stops, data kept on disk."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
import redis

from taplatform.cli.embedded import free_port, start_postgres, start_redis
from taplatform.config import MigrateSettings, WorkerSettings
from tests.cli.conftest import alive


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A folder outside pytest's own (which pytest keeps at mode 0700 while other sessions
    start), since as root pgserver runs PostgreSQL as another user that must traverse it."""
    path = Path(tempfile.mkdtemp(prefix="ta-embedded-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def _query(url: str, sql: str) -> object:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(sql)
    finally:
        await connection.close()


def test_embedded_postgres_gives_a_working_url_keeps_its_data_and_stops(data_dir):
    with start_postgres(data_dir / "postgres") as postgres:
        MigrateSettings(database_url=postgres.url)  # the URL passes our own validation
        asyncio.run(_query(postgres.url, "CREATE TABLE kept (id int)"))
        assert asyncio.run(_query(postgres.url, "SELECT current_database()")) == "tradingassistant"
        first_pid = postgres.pid
        assert alive(first_pid)
    assert not alive(first_pid)

    with start_postgres(data_dir / "postgres") as again:
        assert asyncio.run(_query(again.url, "SELECT to_regclass('kept')::text")) == "kept"
        second_pid = again.pid
    assert not alive(second_pid)


def test_embedded_redis_listens_on_tcp_keeps_its_data_and_stops(data_dir):
    port = free_port()
    with start_redis(data_dir / "redis", port=port) as server:
        assert server.url == f"redis://127.0.0.1:{port}/0"
        WorkerSettings(database_url="postgresql://h/db", redis_url=server.url)
        client = redis.Redis.from_url(server.url)
        client.set("kept", "yes")
        client.close()
        first_pid = server.pid
        assert alive(first_pid)
    assert not alive(first_pid)

    with start_redis(data_dir / "redis", port=port) as again:
        client = redis.Redis.from_url(again.url)
        assert client.get("kept") == b"yes"
        client.close()
        second_pid = again.pid
    assert not alive(second_pid)
