"""GetPerformance through gRPC: the real ledger, marketdata (CSV closes), registry and engine.

A GBP portfolio: 10,000.00 in and two buys on 2025-01-02, 1,000.00 more on
2025-02-03, closes imported for four sessions; as of Friday 2025-03-07 (the
stack's clock). Every figure below is worked out by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

import grpc
import pytest
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.ledger.v1 import ledger_pb2 as lpb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as rpb

from tests.engine.stack import FRIDAY_EVENING, Stack, batch, buy, contribution, running_stack
from tests.engine.world import POLICY_YAML
from tests.registry.harness import Caller
from tests.registry.universe import dec, listing, portfolio, sleeve
from tests.support import DatabaseFactory

D = Decimal


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


@dataclass
class Booked:
    user: Caller
    portfolio_id: str


def dated(entry: lpb.Entry, day: str) -> lpb.Entry:
    entry.entry_date = day
    return entry


async def import_closes(stack: Stack, user: Caller, listing_id: str, unit: str, rows: str) -> None:
    await stack.call(
        stack.marketdata,
        "ImportPricesCsv",
        md.ImportPricesCsvRequest(
            request_id=f"csv-{uuid.uuid4()}",
            content=f"date,close\n{rows}".encode(),
            listing=listing_id,
            currency=unit,
            confirm=True,
        ),
        user.token,
    )


async def booked_portfolio(stack: Stack) -> Booked:
    stack.clock.set(FRIDAY_EVENING)
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    gbx = await listing(user, price_scale=dec("0.01"))
    gilt = await listing(user, quote_currency="GBP", tick_size=dec("0.01"))
    for item, name, target in ((gbx, "equities", "60"), (gilt, "bonds", "40")):
        home = await sleeve(user, pid, name, target)
        await user(
            "AddConstituent",
            rpb.AddConstituentRequest(
                portfolio_id=pid, listing_id=item.listing_id, sleeve_id=home.sleeve_id
            ),
        )
    gbx_rows = "2025-01-02,72\n2025-01-31,80\n2025-02-03,80\n2025-03-06,76\n"
    await import_closes(stack, user, gbx.listing_id, "GBX", gbx_rows)
    gilt_rows = "2025-01-02,100\n2025-01-31,101\n2025-02-03,101\n2025-03-06,102\n"
    await import_closes(stack, user, gilt.listing_id, "GBP", gilt_rows)
    opening = (
        dated(contribution("10000.00"), "2025-01-02"),
        dated(buy(gbx.listing_id, "5000", "72", "GBX"), "2025-01-02"),
        dated(buy(gilt.listing_id, "30", "100"), "2025-01-02"),
    )
    await stack.call(stack.ledger, "SubmitBatch", batch(pid, *opening), user.token)
    more = dated(contribution("1000.00"), "2025-02-03")
    await stack.call(stack.ledger, "SubmitBatch", batch(pid, more), user.token)
    created = await stack.call(
        stack.engine,
        "CreatePolicyVersion",
        epb.CreatePolicyVersionRequest(portfolio_id=pid, document=POLICY_YAML),
        user.token,
    )
    version = created.policy_version
    await stack.call(
        stack.engine,
        "ApprovePolicyVersion",
        epb.ApprovePolicyVersionRequest(
            portfolio_id=pid,
            policy_version_id=version.policy_version_id,
            policy_hash=version.policy_hash,
        ),
        user.token,
    )
    return Booked(user, pid)


async def performance(stack: Stack, booked: Booked, as_of: str = "") -> epb.GetPerformanceResponse:
    request = epb.GetPerformanceRequest(portfolio_id=booked.portfolio_id, as_of=as_of)
    return await stack.call(stack.engine, "GetPerformance", request, booked.user.token)  # type: ignore[no-any-return]


def values(reply: epb.GetPerformanceResponse) -> dict[str, tuple[str, str]]:
    return {p.date: (p.value.amount.value, p.net_contributions.amount.value) for p in reply.points}


async def test_value_series_follows_the_ledger_and_the_closes(stack: Stack) -> None:
    reply = await performance(stack, await booked_portfolio(stack))
    # 01-02: 5000 x 72 x 0.01 + 30 x 100 + 3,400 cash = 10,000.00
    # 01-31: 5000 x 0.80 + 30 x 101 + 3,400 = 10,430.00 (02-01, 02-02 carry it)
    # 02-03: + 1,000 in -> 4,000 + 3,030 + 4,400 = 11,430.00
    # 03-06: 5000 x 0.76 + 30 x 102 + 4,400 = 11,260.00 (03-07 carries it)
    series = values(reply)
    assert (reply.base_currency, reply.as_of, reply.first_entry_date) == (
        "GBP",
        "2025-03-07",
        "2025-01-02",
    )
    assert len(reply.points) == 65  # 2025-01-02 .. 2025-03-07 inclusive
    assert series["2025-01-02"] == ("10000.00", "10000.00")
    assert series["2025-02-02"] == ("10430.00", "10000.00")
    assert series["2025-02-03"] == ("11430.00", "11000.00")
    assert series["2025-03-07"] == ("11260.00", "11000.00")
    assert any("the close of 2025-03-06 is carried forward" in n for n in reply.notes)


async def test_period_returns_match_the_hand_computation(stack: Stack) -> None:
    reply = await performance(stack, await booked_portfolio(stack))
    by_period = {p.period: p for p in reply.periods}
    # Since start: TWR = (10430 / 10000) x (11260 / (10430 + 1000)) - 1
    #            = 1.043 x 0.985126859142607... - 1 = 2.748731... % -> 2.7487
    since = by_period[epb.PERFORMANCE_PERIOD_SINCE_START]
    expected = (D(10430) / D(10000)) * (D(11260) / D(11430)) - 1
    assert D(since.twr_pct.value) == (expected * 100).quantize(D("0.0001"))
    assert since.twr_pct.value == "2.7487"
    assert (since.start_date, since.net_flows.amount.value) == ("2025-01-01", "11000.00")
    assert not since.mwr_annualised  # 65 days: the period's own money-weighted rate
    # 1M from the close of 2025-02-07 (11,430.00), no flows: both = 11260/11430 - 1 = -1.4873 %.
    month = by_period[epb.PERFORMANCE_PERIOD_ONE_MONTH]
    assert (month.start_date, month.start_value.amount.value) == ("2025-02-07", "11430.00")
    assert (month.twr_pct.value, month.mwr_pct.value) == ("-1.4873", "-1.4873")
    # 3M, YTD and 1Y start before 2025-01-01 (the day before the first entry).
    for missing in (
        epb.PERFORMANCE_PERIOD_THREE_MONTHS,
        epb.PERFORMANCE_PERIOD_YEAR_TO_DATE,
        epb.PERFORMANCE_PERIOD_ONE_YEAR,
    ):
        figures = by_period[missing]
        assert not figures.available and not figures.HasField("twr_pct")
        assert "before the first entry" in figures.note


async def test_sleeve_weights_carry_the_approved_policys_targets_and_bands(stack: Stack) -> None:
    reply = await performance(stack, await booked_portfolio(stack))
    sleeves = {s.sleeve: s for s in reply.sleeves}
    # 2025-03-07: equities 3,800 / 11,260 = 33.7478 %; bonds 3,060 / 11,260 = 27.1758 %.
    assert sleeves["equities"].weight_pct[-1].value == "33.7478"
    assert sleeves["bonds"].weight_pct[-1].value == "27.1758"
    # Band: abs 5 pp or 25 % of target, the narrower -> 5 pp for both.
    assert (sleeves["equities"].target_pct.value, sleeves["equities"].band_pp.value) == ("60", "5")
    assert len(sleeves["bonds"].weight_pct) == len(reply.points)


async def test_as_of_an_earlier_day_and_bad_days_are_answered_or_refused(stack: Stack) -> None:
    booked = await booked_portfolio(stack)
    earlier = await performance(stack, booked, "2025-01-31")
    assert values(earlier)["2025-01-31"] == ("10430.00", "10000.00")
    for bad in ("2025-03-08", "07/03/2025"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await performance(stack, booked, bad)
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert "as_of" in (refused.value.details() or "")


async def test_another_user_cannot_read_the_owners_performance(stack: Stack) -> None:
    booked = await booked_portfolio(stack)
    bob = await stack.registry.new_user()
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await performance(stack, Booked(bob, booked.portfolio_id))
    assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
