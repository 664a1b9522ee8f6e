"""The engine's market-data source reads the closes of many listings from the real
marketdata in ListDailyCloses pages: one call per page, never one per listing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest

from services.engine.domain.performance_inputs import Close
from services.engine.sources.marketdata_grpc import GrpcMarketDataSource
from tests.engine.stack import FRIDAY_EVENING, Stack, running_stack
from tests.engine.test_performance_fx_grpc import counted_marketdata
from tests.engine.test_performance_grpc import import_closes
from tests.registry.universe import dec, listing
from tests.support import DatabaseFactory

LIST_DAILY_CLOSES = "/tradingassistant.marketdata.v1.MarketDataService/ListDailyCloses"


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


async def test_closes_of_many_listings_come_in_pages_and_in_one_call_by_default(
    stack: Stack,
) -> None:
    stack.clock.set(FRIDAY_EVENING)
    user = await stack.registry.new_user()
    gbx = await listing(user, price_scale=dec("0.01"))
    gilt = await listing(user, quote_currency="GBP", tick_size=dec("0.01"))
    silent = await listing(user)
    await import_closes(stack, user, gbx.listing_id, "GBX", "2025-01-02,72\n2025-01-31,80.5\n")
    gilt_rows = "2024-12-20,99\n2025-01-02,100\n2025-02-03,101.25\n2025-03-06,102\n"
    await import_closes(stack, user, gilt.listing_id, "GBP", gilt_rows)
    ids = [gilt.listing_id, silent.listing_id, gbx.listing_id]
    async with counted_marketdata(stack, user.token) as (channel, counter):
        whole = await GrpcMarketDataSource(channel, 10).closes(
            ids, date(2024, 12, 23), date(2025, 3, 7)
        )
        calls = len(counter.methods)
        paged = await GrpcMarketDataSource(channel, 10, closes_page=2).closes(
            ids, date(2024, 12, 23), date(2025, 3, 7)
        )
    assert calls == 1
    assert len(counter.methods) - calls == 3  # 5 closes: 2 + 2 + 1
    assert set(counter.methods) == {LIST_DAILY_CLOSES}
    assert paged == whole
    # The gilt's close of 2024-12-20 is before the range; the silent listing has none.
    expected = [
        Close(gbx.listing_id, date(2025, 1, 2), Decimal("72")),
        Close(gbx.listing_id, date(2025, 1, 31), Decimal("80.5")),
        Close(gilt.listing_id, date(2025, 1, 2), Decimal("100")),
        Close(gilt.listing_id, date(2025, 2, 3), Decimal("101.25")),
        Close(gilt.listing_id, date(2025, 3, 6), Decimal("102")),
    ]
    # By listing, then day.
    assert whole == sorted(expected, key=lambda c: (c.listing_id, c.day))
