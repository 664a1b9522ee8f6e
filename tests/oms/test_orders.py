"""Orders through the handlers against real PostgreSQL: create, fill, capture, guardrails, audit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.oms.domain.commands import CreateOrder, ManualFill
from services.oms.domain.model import OrderSide, OrderState
from services.oms.domain.trading import GuardrailLimits, SessionPolicy
from services.oms.handlers import OmsDeps, changes, orders, queued, recommendations, trading
from services.oms.handlers.execution import capture
from services.oms.ports import (
    FakeListings,
    FakePrices,
    RecordingLedger,
    RecordingRecommendations,
)
from services.oms.sessions import ExchangeSessions
from taplatform.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    ResourceExhaustedError,
)
from taplatform.fx import EurRates
from taplatform.testing import FakeClock
from tests.oms.conftest import outbox_events

pytestmark = pytest.mark.usefixtures("as_owner")


def command(
    portfolio: str, key: str | None = None, quantity: str = "10", **changes_: Any
) -> CreateOrder:
    values: dict[str, Any] = {
        "order_key": key or str(uuid.uuid4()),
        "portfolio_id": portfolio,
        "listing_id": "VUSA.L",
        "side": OrderSide.BUY,
        "quantity": Decimal(quantity),
        "limit_price": None,
        "limit_currency": None,
        "recommendation_id": None,
        "line_id": None,
    }
    values.update(changes_)
    return CreateOrder(**values)


async def test_a_paper_order_fills_and_each_fill_is_booked_once(
    deps: OmsDeps, portfolio: str, ledger: RecordingLedger
) -> None:
    result = await orders.create_order(deps, command(portfolio, quantity="25"))
    assert result.created and result.order.state is OrderState.FILLED
    assert result.order.broker == "paper"
    detail = await changes.order_detail(deps, portfolio, result.order.order_id)
    assert sum(f.quantity for f, _ in detail.fills) == Decimal(25)
    assert all(booked for _, booked in detail.fills)
    assert {t.entry_id for t in ledger.trades.values()} == {
        f.ledger_entry_id for f, _ in detail.fills
    }
    # A retried capture submits the same batches; the ledger answers exists.
    calls = ledger.calls
    assert await capture(deps, detail.order) == 0
    assert ledger.calls == calls, "booked fills are not submitted again"
    assert len(ledger.trades) == len(detail.fills)


async def test_the_same_key_answers_the_first_order_and_another_body_is_refused(
    deps: OmsDeps, portfolio: str
) -> None:
    first = await orders.create_order(deps, command(portfolio, key="line-1"))
    again = await orders.create_order(deps, command(portfolio, key="line-1"))
    assert (again.created, again.order.order_id) == (False, first.order.order_id)
    with pytest.raises(AlreadyExistsError) as raised:
        await orders.create_order(deps, command(portfolio, key="line-1", quantity="11"))
    assert raised.value.reason == "EXISTS_WITH_DIFFERENT_QUANTITY"


async def test_every_transition_writes_exactly_one_outbox_event(
    deps: OmsDeps, portfolio: str
) -> None:
    result = await orders.create_order(deps, command(portfolio, quantity="30"))
    detail = await changes.order_detail(deps, portfolio, result.order.order_id)
    order_events = [
        e
        for e in await outbox_events(deps.engine, portfolio)
        if e.aggregate_id == str(result.order.order_id)
    ]
    assert [e.event_type for e in order_events] == [row.event_type for row in detail.events]
    assert [row.sequence for row in detail.events] == list(range(1, result.order.version + 1))
    assert (
        order_events[0].event_type == "OrderCreated"
        and order_events[-1].event_type == "OrderFilled"
    )
    for event in order_events:
        assert {"actor_user_id", "portfolio_id", "before", "after"} <= set(event.payload)
        assert event.payload["actor_user_id"] == "alice"


async def test_order_events_and_fills_are_append_only(deps: OmsDeps, portfolio: str) -> None:
    await orders.create_order(deps, command(portfolio))
    for statement in ("UPDATE oms.order_events SET event_type = 'x'", "DELETE FROM oms.fills"):
        with pytest.raises(DBAPIError, match="permission denied"):
            async with deps.engine.begin() as connection:
                await connection.execute(text(statement))


async def test_halted_refuses_new_orders_and_amends_but_allows_cancels(
    make_deps: Callable[..., OmsDeps], portfolio: str
) -> None:
    deps = make_deps()
    await trading.set_dry_run_broker(deps, portfolio, "manual")
    working = await orders.create_order(deps, command(portfolio))
    assert working.order.state is OrderState.SUBMITTED
    await trading.set_kill_switch(deps, portfolio, True, "market turmoil")
    with pytest.raises(FailedPreconditionError) as refused:
        await orders.create_order(deps, command(portfolio))
    assert refused.value.reason == "TRADING_HALTED"
    with pytest.raises(FailedPreconditionError) as amend:
        await changes.amend_order(
            deps, portfolio, working.order.order_id, working.order.version, Decimal(5), None
        )
    assert amend.value.reason == "TRADING_HALTED"
    cancelled = await changes.cancel_order(deps, portfolio, working.order.order_id)
    assert cancelled.state is OrderState.CANCELLED
    # The kill switch survives a restart: new deps, new engine, same database.
    restarted = make_deps()
    assert (await trading.get_state(restarted, portfolio)).state.kill_switch is True
    events = [e.event_type for e in await outbox_events(deps.engine, portfolio)]
    assert events.count("KillSwitchEngaged") == 1 and "OrderDenied" in events


async def test_notional_over_the_limit_is_refused_with_its_reason(
    deps: OmsDeps, portfolio: str
) -> None:
    view = await trading.get_state(deps, portfolio)
    await trading.update_limits(
        deps, portfolio, view.state.version, GuardrailLimits(max_order_notional=Decimal(500))
    )
    with pytest.raises(ResourceExhaustedError) as refused:
        await orders.create_order(deps, command(portfolio, quantity="6"))  # 600 GBP
    assert refused.value.reason == "NOTIONAL_EXCEEDS_MAX"
    assert (await orders.create_order(deps, command(portfolio, quantity="5"))).created


async def test_cooldown_locks_new_orders_until_it_expires(
    deps: OmsDeps, portfolio: str, clock: FakeClock
) -> None:
    view = await trading.get_state(deps, portfolio)
    limits = GuardrailLimits(
        max_order_notional=Decimal(100), cooldown_rejects=2, cooldown_window_s=60, cooldown_s=120
    )
    await trading.update_limits(deps, portfolio, view.state.version, limits)
    start = clock.now()
    for _ in range(2):
        with pytest.raises(ResourceExhaustedError):
            await orders.create_order(deps, command(portfolio, quantity="5"))
    clock.set(start + timedelta(seconds=119))
    with pytest.raises(FailedPreconditionError) as locked:
        await orders.create_order(deps, command(portfolio, quantity="1"))
    assert locked.value.reason == "COOLDOWN_ACTIVE"
    clock.set(start + timedelta(seconds=121))
    assert (await orders.create_order(deps, command(portfolio, quantity="1"))).created


async def test_outside_lse_hours_an_order_is_refused(
    make_deps: Callable[..., OmsDeps], portfolio: str, clock: FakeClock
) -> None:
    deps = make_deps(sessions=ExchangeSessions())
    clock.set(clock.now().replace(hour=17, minute=0))  # Monday 17:00 GMT, after the close
    with pytest.raises(FailedPreconditionError) as refused:
        await orders.create_order(deps, command(portfolio))
    assert refused.value.reason == "MARKET_CLOSED"
    clock.set(clock.now().replace(hour=9))
    assert (await orders.create_order(deps, command(portfolio))).order.state is OrderState.FILLED


async def queueing_outside_hours(make_deps: Callable[..., OmsDeps], portfolio: str) -> OmsDeps:
    """Deps on the real exchange calendar, the portfolio queueing orders while it is shut."""
    deps = make_deps(sessions=ExchangeSessions())
    view = await trading.get_state(deps, portfolio)
    limits = replace(view.state.limits, session_policy=SessionPolicy.QUEUE)
    await trading.update_limits(deps, portfolio, view.state.version, limits)
    return deps


async def test_an_order_queued_outside_hours_goes_out_when_the_market_opens(
    make_deps: Callable[..., OmsDeps], portfolio: str, clock: FakeClock
) -> None:
    deps = await queueing_outside_hours(make_deps, portfolio)
    monday = clock.now()
    clock.set(monday - timedelta(days=1))  # Sunday 10:00: the LSE is shut
    first = await orders.create_order(deps, command(portfolio))
    second = await orders.create_order(deps, command(portfolio))
    assert {first.order.state, second.order.state} == {OrderState.NEW}
    # Still Sunday: nothing goes out; one order is cancelled while it waits.
    assert await queued.release_queued(deps) == 0
    await changes.cancel_order(deps, portfolio, second.order.order_id)

    clock.set(monday.replace(hour=8, minute=30))  # Monday 08:30 GMT: open
    assert await queued.release_queued(deps) == 1
    assert await queued.release_queued(deps) == 0  # a second sweep sends nothing twice
    detail = await changes.order_detail(deps, portfolio, first.order.order_id)
    assert detail.order.state is OrderState.FILLED
    cancelled = await changes.order_detail(deps, portfolio, second.order.order_id)
    assert cancelled.order.state is OrderState.CANCELLED
    events = [e.event_type for e in await outbox_events(deps.engine, portfolio)]
    assert events.count("OrderSubmitting") == 1 and events.count("OrderFilled") == 1


async def test_a_halted_portfolio_keeps_its_queued_orders_at_the_open(
    make_deps: Callable[..., OmsDeps], portfolio: str, clock: FakeClock
) -> None:
    deps = await queueing_outside_hours(make_deps, portfolio)
    monday = clock.now()
    clock.set(monday - timedelta(days=1))
    waiting = await orders.create_order(deps, command(portfolio))
    await trading.set_kill_switch(deps, portfolio, True, "broker outage")
    clock.set(monday)
    assert await queued.release_queued(deps) == 0
    held = await changes.order_detail(deps, portfolio, waiting.order.order_id)
    assert held.order.state is OrderState.NEW
    await trading.set_kill_switch(deps, portfolio, False, "resolved")
    assert await queued.release_queued(deps) == 1
    sent = await changes.order_detail(deps, portfolio, waiting.order.order_id)
    assert sent.order.state is OrderState.FILLED


async def test_gbx_orders_book_with_the_pence_rate(
    deps: OmsDeps, portfolio: str, ledger: RecordingLedger
) -> None:
    result = await orders.create_order(
        deps, command(portfolio, listing_id="VOD.L", quantity="1000")
    )
    assert result.order.price_currency == "GBX" and result.order.base_per_quote == Decimal("0.01")
    assert {t.fx_rate for t in ledger.trades.values()} == {Decimal("0.01")}
    assert {t.price_currency for t in ledger.trades.values()} == {"GBX"}


async def test_usd_orders_in_a_gbp_portfolio_book_with_the_ecb_cross_rate(
    deps: OmsDeps,
    portfolio: str,
    ledger: RecordingLedger,
    listings: FakeListings,
    prices: FakePrices,
) -> None:
    listings.add("VOO.US", "USD", "1", "XLON")
    prices.set("VOO.US", "500.00", "USD")
    with pytest.raises(FailedPreconditionError) as no_rates:
        await orders.create_order(deps, command(portfolio, listing_id="VOO.US", quantity="2"))
    assert no_rates.value.reason == "FX_UNAVAILABLE"

    # ECB: 1 EUR = 0.85 GBP = 1.10 USD, so 1 USD = 0.85 / 1.10 GBP.
    prices.rates = EurRates(date(2026, 1, 2), {"GBP": Decimal("0.85"), "USD": Decimal("1.10")})
    result = await orders.create_order(deps, command(portfolio, listing_id="VOO.US", quantity="2"))
    rate = Decimal("0.85") / Decimal("1.10")
    assert result.order.state is OrderState.FILLED
    assert result.order.base_per_quote == rate
    assert {t.fx_rate for t in ledger.trades.values()} == {rate}
    assert {t.price_currency for t in ledger.trades.values()} == {"USD"}


async def test_manual_orders_are_filled_by_what_the_user_enters(
    deps: OmsDeps, portfolio: str, clock: FakeClock, ledger: RecordingLedger
) -> None:
    await trading.set_dry_run_broker(deps, portfolio, "manual")
    created = await orders.create_order(deps, command(portfolio, quantity="10"))
    assert created.order.state is OrderState.SUBMITTED and not ledger.trades

    def entered(key: str, quantity: str) -> ManualFill:
        return ManualFill(
            key, Decimal(quantity), Decimal("99.5"), "GBP", Decimal("2.95"), "GBP", clock.now()
        )

    order, _ = await changes.record_manual_fill(
        deps, portfolio, created.order.order_id, entered("f1", "4")
    )
    assert order.state is OrderState.PARTIALLY_FILLED
    again, _ = await changes.record_manual_fill(
        deps, portfolio, created.order.order_id, entered("f1", "4")
    )
    assert again.filled_quantity == Decimal(4), "the same fill key is recorded once"
    with pytest.raises(AlreadyExistsError):
        await changes.record_manual_fill(
            deps, portfolio, created.order.order_id, entered("f1", "5")
        )
    order, _ = await changes.record_manual_fill(
        deps, portfolio, created.order.order_id, entered("f2", "6")
    )
    assert order.state is OrderState.FILLED and len(ledger.trades) == 2


async def test_a_manual_order_can_be_amended_while_open(deps: OmsDeps, portfolio: str) -> None:
    await trading.set_dry_run_broker(deps, portfolio, "manual")
    created = await orders.create_order(deps, command(portfolio, quantity="10"))
    amended = await changes.amend_order(
        deps, portfolio, created.order.order_id, created.order.version, Decimal(8), None
    )
    assert amended.quantity == Decimal(8) and amended.version == created.order.version + 1
    detail = await changes.order_detail(deps, portfolio, amended.order_id)
    assert detail.events[-1].event_type == "OrderAmended"


async def test_a_filled_order_cannot_be_cancelled(deps: OmsDeps, portfolio: str) -> None:
    filled = await orders.create_order(deps, command(portfolio))
    with pytest.raises(FailedPreconditionError) as refused:
        await changes.cancel_order(deps, portfolio, filled.order.order_id)
    assert refused.value.reason == "ILLEGAL_TRANSITION"


async def test_a_report_the_engine_refuses_is_recorded_once_and_not_retried(
    make_deps: Callable[..., OmsDeps], portfolio: str
) -> None:
    engine = RecordingRecommendations(
        lines={"rec-1": ["rec-1:1"]},
        refusal="FAILED_PRECONDITION: recommendation rec-1 is ignored",
    )
    deps = make_deps(recommendations=engine)
    line = command(portfolio, key="rec-1:1", recommendation_id="rec-1", line_id="rec-1:1")
    assert (await orders.create_order(deps, line)).order.state is OrderState.FILLED
    assert await recommendations.report_pending(deps) == 0  # refused: nothing to retry
    events = [e for e in await outbox_events(deps.engine, portfolio)]
    refused = [e for e in events if e.event_type == "RecommendationReportRefused"]
    assert len(refused) == 1
    assert "is ignored" in refused[0].payload["error"]
    assert refused[0].payload["after"]["status"] == "refused"
    assert not [e for e in events if e.event_type == "RecommendationReported"]
    assert engine.executed == []
