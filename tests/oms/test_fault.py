"""Fault test (issue 7 Must-show): a live broker double that resets connections or times out
on 10 % of its calls. Every order ends terminal or dead-lettered, no client order id reaches
the broker twice, and no fill is booked twice in the (real) ledger.

Runs through the real OMS and ledger over gRPC; the dead-letter retry job runs as the
worker would run it, on a fake clock moved past each backoff.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.common.v1 import types_pb2
from tradingassistant.oms.v1 import oms_pb2

from services.oms.brokers.http import HttpBroker
from services.oms.brokers.simulated import ManualBroker
from services.oms.domain.retry import DeadLetterStatus
from services.oms.handlers import dead_letters, execution
from services.oms.ports import FakeValuation
from taplatform.testing import FakeClock
from tests.oms.broker_double import BrokerDouble
from tests.oms.conftest import LIMITS, PASSWORD
from tests.oms.system import System, running_system
from tests.oms.test_service import create, ledger_entries

BROKER_CALLS = 1_000
PORTFOLIOS = 4
CONCURRENCY = 24


@pytest.fixture
async def faulty() -> AsyncIterator[BrokerDouble]:
    async with BrokerDouble(fault_ratio=0.10, seed=2026, hang_s=0.6) as broker:
        yield broker


@pytest.fixture
async def system(
    own_database: str,
    redis_url: str,
    own_engine: AsyncEngine,
    clock: FakeClock,
    faulty: BrokerDouble,
) -> AsyncIterator[System]:
    live = HttpBroker(faulty.url, timeout_s=0.3)
    brokers = {"live": live, "manual": ManualBroker()}
    valuation = FakeValuation(default=Decimal(10_000_000))
    try:
        async with running_system(
            own_database,
            redis_url,
            own_engine,
            clock,
            brokers=brokers,
            valuation=valuation,
        ) as running:
            yield running
    finally:
        await live.close()


def _money(amount: Decimal | None) -> types_pb2.Money:
    return types_pb2.Money(currency_code="GBP", amount=types_pb2.Decimal(value=str(amount)))


async def go_live_over_grpc(system: System, portfolio: str) -> None:
    """Limits that hold (no cooldown: the broker never rejects here), then the two steps."""
    request = oms_pb2.GetTradingStateRequest(portfolio_id=portfolio)
    state = (await system.oms.GetTradingState(request, timeout=10)).state
    limits = oms_pb2.GuardrailLimits(
        max_order_notional=_money(LIMITS.max_order_notional),
        max_daily_loss=_money(LIMITS.max_daily_loss),
        cooldown_rejects=0,
    )
    await system.oms.UpdateGuardrailLimits(
        oms_pb2.UpdateGuardrailLimitsRequest(
            portfolio_id=portfolio, version=state.version, limits=limits
        ),
        timeout=10,
    )
    asked = await system.oms.RequestLiveMode(
        oms_pb2.RequestLiveModeRequest(portfolio_id=portfolio, password=PASSWORD), timeout=10
    )
    confirm = oms_pb2.ConfirmLiveModeRequest(
        portfolio_id=portfolio,
        confirmation_id=asked.confirmation_id,
        risk_summary_sha256=asked.risk_summary_sha256,
    )
    reply = await system.oms.ConfirmLiveMode(confirm, timeout=10)
    assert reply.state.mode == oms_pb2.TRADING_MODE_LIVE


async def test_ten_percent_resets_and_timeouts_over_a_thousand_calls_lose_and_duplicate_nothing(
    system: System, faulty: BrokerDouble, clock: FakeClock, own_engine: AsyncEngine
) -> None:
    portfolios = [await system.new_portfolio() for _ in range(PORTFOLIOS)]
    for portfolio in portfolios:
        await go_live_over_grpc(system, portfolio)
    gate = asyncio.Semaphore(CONCURRENCY)
    created: list[tuple[str, str]] = []

    async def one(n: int) -> None:
        portfolio = portfolios[n % PORTFOLIOS]
        async with gate:
            reply = await system.oms.CreateOrder(
                create(portfolio, f"k{n}", str(1 + n % 9)), timeout=60
            )
        created.append((portfolio, reply.order.order_id))

    # Orders until the broker has seen its thousand calls (retries below add more).
    n = 0
    while faulty.calls < BROKER_CALLS * 9 // 10:
        batch = range(n, n + 100)
        await asyncio.gather(*(one(i) for i in batch))
        n += 100
    for _ in range(10):
        clock.advance(timedelta(minutes=2))
        if not await dead_letters.retry_due(system.job_deps, limit=10_000):
            break
    # As the worker does: book fills whose ledger call failed (the ledger can be busy too).
    await execution.capture_unbooked(system.job_deps, limit=10_000)
    assert faulty.calls >= BROKER_CALLS, f"only {faulty.calls} broker calls"
    assert sum(faulty.faults.values()) >= BROKER_CALLS // 20, faulty.faults

    # Every order is terminal, or waits dead-lettered for an admin.
    async with own_engine.connect() as connection:
        states = Counter(
            row.state
            for row in await connection.execute(
                text("SELECT state FROM oms.orders WHERE portfolio_id = ANY(:p)"), {"p": portfolios}
            )
        )
        open_letters = (
            await connection.execute(
                text(
                    "SELECT status, count(*) AS n FROM oms.dead_letters"
                    " WHERE portfolio_id = ANY(:p) AND status IN ('retrying', 'dead')"
                    " GROUP BY status"
                ),
                {"p": portfolios},
            )
        ).all()
        fills = (
            await connection.execute(
                text("SELECT count(*) FROM oms.fills WHERE portfolio_id = ANY(:p)"),
                {"p": portfolios},
            )
        ).scalar_one()
    assert sum(states.values()) == n
    assert {status for status, _ in open_letters} <= {DeadLetterStatus.DEAD.value}
    not_terminal = states.get("pending_submit", 0)
    assert not_terminal == sum(count for _, count in open_letters), (states, open_letters)
    assert set(states) <= {"filled", "pending_submit"}, states

    # Zero duplicates at the broker.
    assert faulty.duplicate_submits == 0
    assert max(faulty.submits.values()) == 1
    # Zero fills booked twice: one ledger entry per fill.
    entries = [e for p in portfolios for e in await ledger_entries(system, p)]
    assert len(entries) == len({e.entry_id for e in entries}) == fills

    # An admin replays what was dead-lettered (the broker behaves now): then the
    # ledger holds exactly the broker's fills, each once.
    dead = [
        letter
        for p in portfolios
        for letter in await dead_letters.list_dead_letters(
            system.job_deps, p, [DeadLetterStatus.DEAD]
        )
    ]
    assert len(dead) <= n // 50, [d.last_error for d in dead]
    faulty.fault_ratio = 0.0
    for letter in dead:
        replayed = await dead_letters.replay(
            system.job_deps, letter.portfolio_id, letter.dead_letter_id
        )
        assert replayed.order is not None and replayed.order.state.value == "filled"
    entries = [e for p in portfolios for e in await ledger_entries(system, p)]
    assert len(entries) == len({e.entry_id for e in entries})
    broker_fill_quantity = sum(
        Decimal(f["quantity"]) for order in faulty.orders.values() for f in order["fills"]
    )
    assert sum(Decimal(e.quantity.value) for e in entries) == broker_fill_quantity
    assert faulty.duplicate_submits == 0 and max(faulty.submits.values()) == 1
