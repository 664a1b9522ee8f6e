"""Fixtures for the shared-library tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.db import create_engine


@pytest.fixture
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the session's migrated database."""
    engine = create_engine(migrated_database_url, application_name="ta-tests", pool_size=4)
    yield engine
    await engine.dispose()
