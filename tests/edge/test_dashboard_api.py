"""The dashboard's performance query through GraphQL against the real services.

The portfolio is tests/engine/test_performance_grpc.py's (figures worked out there).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.edge.engine_stack import edge_for
from tests.engine.stack import Stack, running_stack
from tests.engine.test_performance_grpc import booked_portfolio
from tests.support import DatabaseFactory

PERFORMANCE = """query($pid: ID!, $asOf: Date) {
  performance(portfolioId: $pid, asOf: $asOf) { __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { field message } }
    ... on Performance { baseCurrency asOf firstEntryDate notes
      points { date value netContributions }
      periods { period available startDate twrPct mwrPct mwrAnnualised note
        startValue { amount currency } netFlows { amount } }
      sleeves { sleeve targetPct bandPp weightPct } } } }"""


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


async def test_performance_query_returns_series_periods_and_sleeves(stack: Stack) -> None:
    booked = await booked_portfolio(stack)
    async with edge_for(stack, booked.user) as client:
        data = await client.data(PERFORMANCE, {"pid": booked.portfolio_id})
    found = data["performance"]
    assert found["__typename"] == "Performance"
    assert (found["baseCurrency"], found["asOf"], found["firstEntryDate"]) == (
        "GBP",
        "2025-03-07",
        "2025-01-02",
    )
    assert found["points"][-1] == {
        "date": "2025-03-07",
        "value": "11260.00",
        "netContributions": "11000.00",
    }
    periods = {p["period"]: p for p in found["periods"]}
    assert periods["SINCE_START"]["twrPct"] == "2.7487"
    assert periods["ONE_MONTH"]["startValue"] == {"amount": "11430.00", "currency": "GBP"}
    assert periods["ONE_YEAR"]["available"] is False and periods["ONE_YEAR"]["twrPct"] is None
    equities = next(s for s in found["sleeves"] if s["sleeve"] == "equities")
    assert (equities["targetPct"], equities["bandPp"], equities["weightPct"][-1]) == (
        "60",
        "5",
        "33.7478",
    )


async def test_a_future_as_of_is_a_validation_error_naming_the_field(stack: Stack) -> None:
    booked = await booked_portfolio(stack)
    async with edge_for(stack, booked.user) as client:
        data = await client.data(PERFORMANCE, {"pid": booked.portfolio_id, "asOf": "2025-03-08"})
    refused = data["performance"]
    assert refused["__typename"] == "ValidationError"
    assert refused["fieldErrors"][0]["field"] == "as_of"


async def test_another_users_portfolio_is_refused(stack: Stack) -> None:
    booked = await booked_portfolio(stack)
    bob = await stack.registry.new_user()
    async with edge_for(stack, bob) as client:
        data = await client.data(PERFORMANCE, {"pid": booked.portfolio_id})
    assert data["performance"]["__typename"] == "PermissionDenied"
