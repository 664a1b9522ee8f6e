"""The OMS domain without I/O: transitions, guardrails, the paper model, retries, capture ids."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from services.oms.domain.capture import trade_for_fill
from services.oms.domain.guardrails import (
    DenialReason,
    OrderIntent,
    PreTradeContext,
    check_amend,
    check_new_order,
    check_release,
    unhealthy_guardrails,
)
from services.oms.domain.model import Fill, Order, OrderSide, OrderState
from services.oms.domain.paper import PaperConfig, simulate_fills
from services.oms.domain.retry import DeadLetterStatus, RetryPolicy
from services.oms.domain.trading import (
    GuardrailLimits,
    LossAction,
    SessionPolicy,
    TradingState,
    TradingStatus,
)
from services.oms.domain.transitions import (
    EVENT_TYPES,
    TRANSITIONS,
    IllegalTransitionError,
    apply_fill,
    transition,
)
from services.oms.sessions import ExchangeSessions

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
S = OrderState


def order(state: OrderState = S.NEW, quantity: str = "10", filled: str = "0") -> Order:
    return Order(
        order_id=uuid.UUID(int=1),
        portfolio_id="p1",
        order_key="k1",
        listing_id="VUSA.L",
        side=OrderSide.BUY,
        quantity=Decimal(quantity),
        limit_price=None,
        price_currency="GBP",
        base_currency="GBP",
        base_per_quote=Decimal(1),
        broker="paper",
        state=state,
        filled_quantity=Decimal(filled),
        created_at=T0,
        updated_at=T0,
    )


def fill(quantity: str) -> Fill:
    return Fill(
        uuid.uuid4(),
        uuid.UUID(int=1),
        Decimal(quantity),
        Decimal("100"),
        "GBP",
        Decimal("1"),
        "GBP",
        T0,
        "paper",
    )


def buy(quantity: str = "10", price: str | None = "100") -> OrderIntent:
    return OrderIntent(OrderSide.BUY, Decimal(quantity), None if price is None else Decimal(price))


def ctx(
    state: TradingState,
    *,
    now: datetime = T0,
    market_open: bool | None = True,
    rejects: tuple[datetime, ...] = (),
    value: str | None = None,
) -> PreTradeContext:
    return PreTradeContext(
        now, state, market_open, rejects, None if value is None else Decimal(value)
    )


# --- transitions ---------------------------------------------------------------------


def test_every_state_has_a_row_and_an_event_and_terminal_states_lead_nowhere() -> None:
    assert set(TRANSITIONS) == set(OrderState) == set(EVENT_TYPES)
    for state in OrderState:
        assert (TRANSITIONS[state] == frozenset()) == state.is_terminal


@pytest.mark.parametrize("source", list(OrderState))
@pytest.mark.parametrize("target", list(OrderState))
def test_a_transition_outside_the_table_is_an_error(source: OrderState, target: OrderState) -> None:
    if target in TRANSITIONS[source]:
        step = transition(order(source), target, T0)
        assert (step.after.state, step.after.version, step.event_type) == (
            target,
            2,
            EVENT_TYPES[target],
        )
    else:
        with pytest.raises(IllegalTransitionError):
            transition(order(source), target, T0)


def test_fills_move_to_partially_filled_then_filled_and_never_overfill() -> None:
    first = apply_fill(order(S.SUBMITTED), fill("4"), T0)
    assert (first.after.state, first.after.filled_quantity) == (S.PARTIALLY_FILLED, Decimal(4))
    second = apply_fill(first.after, fill("6"), T0)
    assert (second.after.state, second.after.filled_quantity) == (S.FILLED, Decimal(10))
    with pytest.raises(IllegalTransitionError) as raised:
        apply_fill(first.after, fill("7"), T0)
    assert raised.value.reason == "OVERFILL"


# --- guardrails ------------------------------------------------------------------------


def test_halted_refuses_new_orders_and_amends_with_its_reason() -> None:
    halted = TradingState("p1", kill_switch=True)
    assert check_new_order(buy(), ctx(halted)).denial.reason is DenialReason.TRADING_HALTED  # type: ignore[union-attr]
    assert check_amend(buy(), ctx(halted)).reason is DenialReason.TRADING_HALTED  # type: ignore[union-attr]


def test_notional_over_the_limit_is_refused_with_its_reason() -> None:
    state = TradingState("p1", limits=GuardrailLimits(max_order_notional=Decimal("999.99")))
    verdict = check_new_order(buy("10", "100"), ctx(state))
    assert verdict.denial is not None and verdict.denial.reason is DenialReason.NOTIONAL_EXCEEDS_MAX
    assert check_new_order(buy("9", "100"), ctx(state)).allowed
    # GBX: 1,000 shares at 72.50p is 725 GBP.
    pence = OrderIntent(OrderSide.BUY, Decimal(1000), Decimal("72.50"), Decimal("0.01"))
    assert check_new_order(pence, ctx(state)).allowed


def test_cooldown_refuses_at_t_plus_cooldown_minus_1s_and_accepts_at_plus_1s() -> None:
    limits = GuardrailLimits(cooldown_rejects=3, cooldown_window_s=60, cooldown_s=300)
    state = TradingState("p1", limits=limits)
    t = T0
    rejects = (t - timedelta(seconds=50), t - timedelta(seconds=20), t)
    before = check_new_order(buy(), ctx(state, now=t + timedelta(seconds=299), rejects=rejects))
    assert before.denial is not None and before.denial.reason is DenialReason.COOLDOWN_ACTIVE
    assert check_new_order(
        buy(), ctx(state, now=t + timedelta(seconds=301), rejects=rejects)
    ).allowed
    # Three rejects spread wider than the window lock nothing.
    spread = (t - timedelta(seconds=120), t - timedelta(seconds=61), t)
    assert check_new_order(buy(), ctx(state, now=t + timedelta(seconds=1), rejects=spread)).allowed


def test_daily_loss_breach_moves_to_reducing_or_halted_as_configured() -> None:
    for action, expected in ((LossAction.REDUCING, "reducing"), (LossAction.HALTED, "halted")):
        limits = GuardrailLimits(max_daily_loss=Decimal(500), loss_action=action)
        state = TradingState(
            "p1", limits=limits, day_start_value=Decimal(10_000), day_start_date="2026-01-05"
        )
        verdict = check_new_order(buy(), ctx(state, value="9500"))
        assert verdict.denial is not None and verdict.denial.reason is DenialReason.DAILY_LOSS_LIMIT
        assert verdict.status_after is not None and verdict.status_after.value == expected
        assert check_new_order(buy(), ctx(state, value="9500.01")).allowed
    reducing = TradingState(
        "p1",
        limits=GuardrailLimits(max_daily_loss=Decimal(500), loss_action=LossAction.REDUCING),
        day_start_value=Decimal(10_000),
    )
    sell = OrderIntent(OrderSide.SELL, Decimal(1), Decimal(100))
    assert check_new_order(sell, ctx(reducing, value="9000")).allowed


def test_market_closed_is_refused_or_queued_by_policy() -> None:
    refuse = check_new_order(buy(), ctx(TradingState("p1"), market_open=False))
    assert refuse.denial is not None and refuse.denial.reason is DenialReason.MARKET_CLOSED
    queue = TradingState("p1", limits=GuardrailLimits(session_policy=SessionPolicy.QUEUE))
    verdict = check_new_order(buy(), ctx(queue, market_open=False))
    assert verdict.allowed and verdict.queue


def test_a_queued_order_is_held_by_a_halt_and_a_buy_by_reducing_and_released_otherwise() -> None:
    active, reducing = TradingState("p1"), TradingState("p1", status=TradingStatus.REDUCING)
    halted, killed = (
        TradingState("p1", status=TradingStatus.HALTED),
        TradingState("p1", kill_switch=True),
    )
    assert check_release(OrderSide.BUY, active) is None
    assert check_release(OrderSide.SELL, reducing) is None
    assert check_release(OrderSide.BUY, reducing).reason is DenialReason.TRADING_REDUCING  # type: ignore[union-attr]
    for side in OrderSide:
        assert check_release(side, halted).reason is DenialReason.TRADING_HALTED  # type: ignore[union-attr]
        assert check_release(side, killed).message == "kill switch engaged"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 1, 5, 8, 0, tzinfo=UTC), True),  # Monday 08:00 GMT: the open
        (datetime(2026, 1, 5, 16, 29, tzinfo=UTC), True),
        (datetime(2026, 1, 5, 16, 31, tzinfo=UTC), False),  # after the 16:30 close
        (datetime(2026, 1, 5, 7, 59, tzinfo=UTC), False),
        (datetime(2026, 1, 3, 12, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2025, 12, 25, 12, 0, tzinfo=UTC), False),  # Christmas
        (datetime(2026, 7, 6, 7, 30, tzinfo=UTC), True),  # BST: 08:30 London
    ],
)
def test_the_xlon_calendar_knows_lse_hours(moment: datetime, is_open: bool) -> None:
    assert ExchangeSessions().is_open("XLON", moment) is is_open
    assert ExchangeSessions().is_open("NOT-A-CALENDAR", moment) is None


def test_unhealthy_guardrails_block_going_live_until_limits_are_set_and_nothing_trips() -> None:
    assert unhealthy_guardrails(TradingState("p1"), T0, ()) == ["LIMITS_NOT_SET"]
    limits = GuardrailLimits(max_order_notional=Decimal(1000), max_daily_loss=Decimal(100))
    assert unhealthy_guardrails(TradingState("p1", limits=limits), T0, ()) == []
    halted = TradingState("p1", limits=limits, kill_switch=True)
    assert unhealthy_guardrails(halted, T0, ()) == ["TRADING_HALTED"]


# --- paper fills, retries, capture ids ---------------------------------------------------


def test_paper_fills_are_deterministic_given_the_seed_and_sum_to_the_order() -> None:
    config = PaperConfig(seed=9, slippage_bps=Decimal(10), max_slices=4)
    args = (OrderSide.BUY, Decimal(100), Decimal("50.00"), Decimal(1), None, config, T0)
    first = simulate_fills("ta-1", *args)
    assert first == simulate_fills("ta-1", *args)
    assert sum(f.quantity for f in first) == Decimal(100)
    assert all(Decimal("50.00") <= f.price <= Decimal("50.05") for f in first)
    runs = {tuple(simulate_fills(f"ta-{n}", *args)) for n in range(20)}
    assert len(runs) > 1, "different orders draw differently"


def test_paper_partial_fills_leave_the_last_slice_unfilled() -> None:
    config = PaperConfig(seed=1, max_slices=3, partial_fill_ratio=Decimal(1))
    fills = [
        simulate_fills(
            f"ta-{n}", OrderSide.SELL, Decimal(30), Decimal(10), Decimal(1), None, config, T0
        )
        for n in range(10)
    ]
    assert any(sum(f.quantity for f in run) < 30 for run in fills)


def test_retry_backoff_is_bounded_jittered_and_dead_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=6, base_delay_s=2, max_delay_s=20)
    rng = random.Random(1)
    delays = [policy.delay(n, rng).total_seconds() for n in range(1, 6)]
    caps = [2, 4, 8, 16, 20]
    assert all(cap / 2 <= d <= cap for d, cap in zip(delays, caps, strict=True))
    assert policy.next_step(5, T0, rng)[0] is DeadLetterStatus.RETRYING
    assert policy.next_step(6, T0, rng) == (DeadLetterStatus.DEAD, None)


def test_a_fills_ledger_ids_derive_from_the_fill_alone() -> None:
    executed = fill("3")
    first, again = (
        trade_for_fill(order(S.SUBMITTED), executed),
        trade_for_fill(order(S.SUBMITTED), executed),
    )
    assert (first.batch_id, first.entry_id) == (again.batch_id, again.entry_id)
    assert first.entry_id == executed.ledger_entry_id
    assert trade_for_fill(order(S.SUBMITTED), fill("3")).entry_id != first.entry_id
