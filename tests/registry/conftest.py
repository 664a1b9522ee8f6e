"""Registry fixtures: one shared registry, and a fresh one where first-run state matters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.registry.harness import Caller, Registry, start_registry, stop_registry
from tests.support import DatabaseFactory


@pytest.fixture(scope="session")
async def registry(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Registry]:
    """One registry on its own database for the session; tests make their own users."""
    started = await start_registry(await new_database(), redis_url)
    yield started
    await stop_registry(started)


@pytest.fixture
async def fresh_registry(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Registry]:
    """A registry on an empty database: no user yet, its own clock."""
    started = await start_registry(await new_database(), redis_url)
    yield started
    await stop_registry(started)


@pytest.fixture
async def alice(registry: Registry) -> Caller:
    return await registry.new_user()


@pytest.fixture
async def bob(registry: Registry) -> Caller:
    return await registry.new_user()
