"""A real Chromium (Debian's, through Playwright) against the live stack on a fresh database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis.asyncio as aioredis
from playwright.async_api import Browser, async_playwright

from tests.e2e.browser.live_stack import LiveStack, live_stack
from tests.support import ROOT, DatabaseFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_REDIS_DB = int(os.environ.get("TA_TEST_BROWSER_REDIS_DB", "13"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def on_database(redis_url: str, number: int) -> str:
    """The same Redis server, another database number (``/n`` or ``?db=n`` for sockets)."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        return urlunsplit(parts._replace(query=f"db={number}"))
    return urlunsplit(parts._replace(path=f"/{number}"))


@asynccontextmanager
async def browser_stack(
    new_database: DatabaseFactory,
    redis_url: str,
    price_csv_dir: Path | None = None,
    service_overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> AsyncIterator[LiveStack]:
    """The live stack on a fresh database and a Redis database of its own, emptied first.

    The audit consumer reads every event stream, and the audit assertions count
    events, so no other test's events (or FLUSHDB) may reach it.
    """
    own_redis = on_database(redis_url, BROWSER_REDIS_DB)
    client = aioredis.Redis.from_url(own_redis)
    await client.flushdb()
    await client.aclose()
    async with live_stack(
        await new_database(), own_redis, price_csv_dir, service_overrides
    ) as running:
        yield running


@pytest.fixture
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[LiveStack]:
    async with browser_stack(new_database, redis_url) as running:
        yield running


@pytest.fixture
def chromium() -> str:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    return CHROMIUM


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
