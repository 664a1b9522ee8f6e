"""The dead-letter queue against the HTTP broker double: persisted before any retry,
reconciled by client id before a resubmit, dead after the last attempt, replay and abandon."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from services.oms.domain.model import OrderState
from services.oms.domain.retry import DeadLetterStatus
from services.oms.handlers import OmsDeps, changes, dead_letters, orders
from taplatform.testing import FakeClock
from tests.oms.broker_double import BrokerDouble
from tests.oms.conftest import go_live, outbox_events
from tests.oms.test_orders import command

pytestmark = pytest.mark.usefixtures("as_owner")


async def _retry_later(deps: OmsDeps, clock: FakeClock, portfolio: str) -> int:
    clock.advance(timedelta(seconds=30))
    return await dead_letters.retry_due(deps, portfolio_id=portfolio)


@pytest.mark.parametrize("fault", ["reset_after", "hang_after"])
async def test_a_call_that_reached_the_broker_is_reconciled_not_resubmitted(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str, clock: FakeClock, fault: str
) -> None:
    await go_live(live_deps, portfolio)
    double.scripted = [fault]
    created = await orders.create_order(live_deps, command(portfolio, quantity="6"))
    assert created.order.state is OrderState.PENDING_SUBMIT
    # Persisted with full context before anything retried it.
    [letter] = await dead_letters.list_dead_letters(live_deps, portfolio, [])
    assert (letter.status, letter.attempts, letter.operation.value) == (
        DeadLetterStatus.RETRYING,
        1,
        "submit",
    )
    assert letter.context["broker_request"]["client_order_id"] == created.order.client_order_id
    assert double.orders, "the broker did get the order"
    assert await _retry_later(live_deps, clock, portfolio) == 1
    detail = await changes.order_detail(live_deps, portfolio, created.order.order_id)
    assert detail.order.state is OrderState.FILLED and not detail.dead_lettered
    assert double.submits[created.order.client_order_id] == 1 and double.duplicate_submits == 0
    [resolved] = await dead_letters.list_dead_letters(live_deps, portfolio, [])
    assert resolved.status is DeadLetterStatus.RESOLVED


async def test_a_call_that_never_arrived_is_resubmitted_after_asking_the_broker(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str, clock: FakeClock
) -> None:
    await go_live(live_deps, portfolio)
    double.scripted = ["reset_before"]
    created = await orders.create_order(live_deps, command(portfolio))
    assert created.order.state is OrderState.PENDING_SUBMIT and double.orders == {}
    await _retry_later(live_deps, clock, portfolio)
    detail = await changes.order_detail(live_deps, portfolio, created.order.order_id)
    assert detail.order.state is OrderState.FILLED
    assert double.submits[created.order.client_order_id] == 1


async def test_after_the_last_attempt_the_call_is_dead_lettered_with_a_critical_event_then_replayed(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str, clock: FakeClock
) -> None:
    await go_live(live_deps, portfolio)
    # max_attempts is 3: the first call and two retries all fail.
    double.scripted = ["reset_before"] * 3
    created = await orders.create_order(live_deps, command(portfolio))
    await _retry_later(live_deps, clock, portfolio)
    await _retry_later(live_deps, clock, portfolio)
    assert await _retry_later(live_deps, clock, portfolio) == 0, (
        "a dead letter is not retried automatically"
    )
    [letter] = await dead_letters.list_dead_letters(live_deps, portfolio, [DeadLetterStatus.DEAD])
    assert letter.attempts == 3
    events = await outbox_events(live_deps.engine, portfolio)
    [dead] = [e for e in events if e.event_type == "DeadLettered"]
    assert (
        dead.payload["severity"] == "critical"
        and str(created.order.order_id) in dead.payload["notification"]
    )
    result = await dead_letters.replay(live_deps, portfolio, letter.dead_letter_id)
    assert result.letter.status is DeadLetterStatus.RESOLVED
    assert result.order is not None and result.order.state is OrderState.FILLED
    assert double.duplicate_submits == 0
    kinds = [e.event_type for e in await outbox_events(live_deps.engine, portfolio)]
    assert kinds.count("DeadLetterReplayed") == 1 and kinds.count("DeadLetterResolved") == 1


async def test_abandoning_a_submit_that_never_arrived_cancels_the_order(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    await go_live(live_deps, portfolio)
    double.scripted = ["reset_before"]
    created = await orders.create_order(live_deps, command(portfolio))
    [letter] = await dead_letters.list_dead_letters(live_deps, portfolio, [])
    result = await dead_letters.abandon(live_deps, portfolio, letter.dead_letter_id, "not worth it")
    assert result.letter.status is DeadLetterStatus.ABANDONED
    assert result.order is not None and result.order.state is OrderState.CANCELLED
    assert double.orders == {}
    [event] = [
        e
        for e in await outbox_events(live_deps.engine, portfolio)
        if e.event_type == "DeadLetterAbandoned"
    ]
    assert (event.payload["outcome"], event.payload["actor_user_id"]) == ("not_at_broker", "alice")
    assert str(created.order.order_id) == event.payload["order_id"]


async def test_the_dead_letter_row_exists_even_if_the_process_dies_before_retrying(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    await go_live(live_deps, portfolio)
    double.scripted = ["reset_before"]
    created = await orders.create_order(live_deps, command(portfolio))
    async with live_deps.engine.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT status, context FROM oms.dead_letters WHERE order_id = :o"),
                {"o": created.order.order_id},
            )
        ).one()
    assert row.status == "retrying" and row.context["order"]["state"] == "pending_submit"
