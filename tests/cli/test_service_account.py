"""``tradingassistant service-account`` and the token ``up`` gives the worker and the OMS."""

from __future__ import annotations

import asyncio
import stat
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from taplatform.catalog import service
from taplatform.cli.service_account import (
    STACK_ACCOUNT,
    ServiceAccountSettings,
    ensure_service_token,
    read_token_file,
    service_account_handlers,
)
from taplatform.db import create_engine
from taplatform.errors import UnauthenticatedError
from taplatform.migrations import migrate_service
from tests.cli.conftest import CLI, clean_env
from tests.support import DatabaseFactory


@pytest.fixture
async def registry_database(new_database: DatabaseFactory) -> str:
    """A fresh database with the registry's schema only (no user at all)."""
    url = await new_database()
    engine = create_engine(url, application_name="ta-tests", pool_size=1)
    try:
        await migrate_service(engine, service("registry"))
    finally:
        await engine.dispose()
    return url


async def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [*CLI, "service-account", *args],
        env=clean_env(TA_DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )


async def is_service_token(database_url: str, token: str) -> bool:
    async with service_account_handlers(ServiceAccountSettings(database_url=database_url)) as (
        _,
        tokens,
    ):
        try:
            return (await tokens.authenticate(token)).is_service
        except UnauthenticatedError:
            return False


async def outbox(database_url: str) -> list[tuple[str, str | None]]:
    engine = create_engine(database_url, application_name="ta-tests", pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT event_type, payload->>'via' AS via FROM registry.outbox ORDER BY id")
            )
            return [(row.event_type, row.via) for row in rows]
    finally:
        await engine.dispose()


async def test_create_prints_only_the_token_and_a_second_create_is_refused(
    registry_database: str,
) -> None:
    name = f"jobs-{uuid.uuid4().hex[:6]}"
    created = await cli(registry_database, "create", "--name", name)
    assert created.returncode == 0, created.stderr
    [token] = created.stdout.split()
    assert token.startswith("tat_")
    assert f"{name}@service.invalid" in created.stderr
    assert await is_service_token(registry_database, token)
    again = await cli(registry_database, "create", "--name", name)
    assert again.returncode == 1
    assert again.stdout == "" and "already exists" in again.stderr
    bad = await cli(registry_database, "create", "--name", "Not A Name")
    assert bad.returncode == 1 and "name" in bad.stderr
    assert await outbox(registry_database) == [
        ("ServiceAccountCreated", "cli"),
        ("ApiTokenCreated", None),
    ]


async def test_token_with_revoke_others_rotates_the_service_token(registry_database: str) -> None:
    name = f"jobs-{uuid.uuid4().hex[:6]}"
    first = (await cli(registry_database, "create", "--name", name)).stdout.strip()
    rotated = await cli(registry_database, "token", "--name", name, "--revoke-others")
    assert rotated.returncode == 0, rotated.stderr
    second = rotated.stdout.strip()
    assert "revoked 1 other token" in rotated.stderr
    assert await is_service_token(registry_database, second)
    assert not await is_service_token(registry_database, first)
    missing = await cli(registry_database, "token", "--name", "nobody")
    assert missing.returncode == 1 and "no service account" in missing.stderr


async def test_up_reuses_a_valid_service_token_and_replaces_a_revoked_one(
    registry_database: str, tmp_path: Path
) -> None:
    settings = ServiceAccountSettings(database_url=registry_database)
    token_file = tmp_path / "var" / "service-token.txt"
    first = await ensure_service_token(settings, token_file)
    assert read_token_file(token_file) == first
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert await ensure_service_token(settings, token_file) == first
    async with service_account_handlers(settings) as (accounts, _):
        await accounts.issue_token(None, STACK_ACCOUNT, revoke_others=True)
    replaced = await ensure_service_token(settings, token_file)
    assert replaced != first
    assert read_token_file(token_file) == replaced
    assert await is_service_token(registry_database, replaced)
