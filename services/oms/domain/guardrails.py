"""Pre-trade guardrails: pure checks that deny with a reason code instead of raising.

Every check reads its inputs from a :class:`PreTradeContext` built by the
caller (clock, market session, recent rejects, portfolio value), so the same
inputs always give the same verdict.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from services.oms.domain.model import OrderSide
from services.oms.domain.trading import (
    GuardrailLimits,
    LossAction,
    SessionPolicy,
    TradingState,
    TradingStatus,
)


class DenialReason(enum.Enum):
    TRADING_HALTED = "TRADING_HALTED"
    TRADING_REDUCING = "TRADING_REDUCING"
    NOTIONAL_EXCEEDS_MAX = "NOTIONAL_EXCEEDS_MAX"
    DAILY_LOSS_LIMIT = "DAILY_LOSS_LIMIT"
    MARKET_CLOSED = "MARKET_CLOSED"
    COOLDOWN_ACTIVE = "COOLDOWN_ACTIVE"
    PRICE_UNAVAILABLE = "PRICE_UNAVAILABLE"
    VALUATION_UNAVAILABLE = "VALUATION_UNAVAILABLE"
    LIVE_ADAPTER_UNHEALTHY = "LIVE_ADAPTER_UNHEALTHY"
    LIMITS_NOT_SET = "LIMITS_NOT_SET"


# Limits hit map to RESOURCE_EXHAUSTED, state refusals to FAILED_PRECONDITION.
LIMIT_REASONS = frozenset({DenialReason.NOTIONAL_EXCEEDS_MAX, DenialReason.DAILY_LOSS_LIMIT})


@dataclass(frozen=True)
class Denial:
    reason: DenialReason
    message: str


@dataclass(frozen=True)
class OrderIntent:
    """What the order would do. ``base_per_quote`` converts its price to the base currency."""

    side: OrderSide
    quantity: Decimal
    reference_price: Decimal | None
    base_per_quote: Decimal = Decimal(1)

    @property
    def notional(self) -> Decimal | None:
        if self.reference_price is None:
            return None
        return self.quantity * self.reference_price * self.base_per_quote


@dataclass(frozen=True)
class PreTradeContext:
    now: datetime
    state: TradingState
    # None when the listing has no calendar we know: the session check is skipped.
    market_open: bool | None
    reject_times: Sequence[datetime] = ()
    # The portfolio's value now, base currency; None when it could not be valued.
    current_value: Decimal | None = None


@dataclass(frozen=True)
class Verdict:
    """Allowed, denied with a reason, or queued until the market opens; plus the status
    the portfolio must move to (a daily-loss breach), if any."""

    denial: Denial | None = None
    queue: bool = False
    status_after: TradingStatus | None = None

    @property
    def allowed(self) -> bool:
        return self.denial is None


def cooldown_until(reject_times: Sequence[datetime], limits: GuardrailLimits) -> datetime | None:
    """End of the latest lock: ``cooldown_rejects`` rejects within the window lock new
    orders for ``cooldown_s`` from the reject that completed the count."""
    n = limits.cooldown_rejects
    if n <= 0 or limits.cooldown_s <= 0:
        return None
    times = sorted(reject_times)
    window = timedelta(seconds=limits.cooldown_window_s)
    ends = [
        times[i] + timedelta(seconds=limits.cooldown_s)
        for i in range(n - 1, len(times))
        if times[i] - times[i - n + 1] <= window
    ]
    return max(ends) if ends else None


def daily_loss(state: TradingState, current_value: Decimal | None) -> Decimal | None:
    """Realised plus marked-to-market loss against the day's start (positive = loss)."""
    if state.day_start_value is None or current_value is None:
        return None
    return state.day_start_value - current_value


def _halted(ctx: PreTradeContext) -> Denial | None:
    return _halted_state(ctx.state)


def _halted_state(state: TradingState) -> Denial | None:
    if state.effective_status is not TradingStatus.HALTED:
        return None
    why = "kill switch engaged" if state.kill_switch else "trading is halted"
    return Denial(DenialReason.TRADING_HALTED, why)


def _reducing_buy(status: TradingStatus, side: OrderSide) -> Denial | None:
    if status is TradingStatus.REDUCING and side is OrderSide.BUY:
        return Denial(DenialReason.TRADING_REDUCING, "trading is reducing: only sells are accepted")
    return None


def check_release(side: OrderSide, state: TradingState) -> Denial | None:
    """Why an order queued for the open must stay queued now (None: send it).

    The same state rules as a new order: a halt (or the kill switch) keeps every
    order, reducing keeps buys. Limits were checked when the order was created
    and its quantity cannot change while it waits.
    """
    return _halted_state(state) or _reducing_buy(state.effective_status, side)


def _cooldown(ctx: PreTradeContext) -> Denial | None:
    until = cooldown_until(ctx.reject_times, ctx.state.limits)
    if until is None or ctx.now >= until:
        return None
    return Denial(
        DenialReason.COOLDOWN_ACTIVE,
        f"too many rejects; new orders locked until {until.isoformat()}",
    )


def _loss(ctx: PreTradeContext, intent: OrderIntent) -> Verdict | None:
    limit = ctx.state.limits.max_daily_loss
    if not limit:
        return None
    loss = daily_loss(ctx.state, ctx.current_value)
    if loss is None:
        return Verdict(
            Denial(DenialReason.VALUATION_UNAVAILABLE, "the daily loss cannot be measured")
        )
    if loss < limit:
        return None
    action = ctx.state.limits.loss_action
    status = TradingStatus.HALTED if action is LossAction.HALTED else TradingStatus.REDUCING
    message = f"daily loss {loss} reached the limit {limit}; trading is {status.value}"
    if status is TradingStatus.REDUCING and intent.side is OrderSide.SELL:
        return Verdict(status_after=status)
    return Verdict(Denial(DenialReason.DAILY_LOSS_LIMIT, message), status_after=status)


def check_new_order(intent: OrderIntent, ctx: PreTradeContext) -> Verdict:
    """The pre-trade check of a new order, in a fixed order: halt, cooldown, daily
    loss, reducing, notional, market session."""
    for state_check in (_halted, _cooldown):
        if (denial := state_check(ctx)) is not None:
            return Verdict(denial)
    loss_verdict = _loss(ctx, intent)
    status_after = loss_verdict.status_after if loss_verdict else None
    if loss_verdict is not None and loss_verdict.denial is not None:
        return loss_verdict
    status = status_after or ctx.state.effective_status
    if (denial := _reducing_buy(status, intent.side)) is not None:
        return Verdict(denial, status_after=status_after)
    if (denial := check_notional(intent, ctx.state.limits)) is not None:
        return Verdict(denial, status_after=status_after)
    if ctx.market_open is False:
        if ctx.state.limits.session_policy is SessionPolicy.QUEUE:
            return Verdict(queue=True, status_after=status_after)
        return Verdict(
            Denial(DenialReason.MARKET_CLOSED, "the market is closed"), status_after=status_after
        )
    return Verdict(status_after=status_after)


def check_notional(intent: OrderIntent, limits: GuardrailLimits) -> Denial | None:
    """Quantity x price (in base currency) against ``max_order_notional``."""
    limit = limits.max_order_notional
    if not limit:
        return None
    notional = intent.notional
    if notional is None:
        return Denial(DenialReason.PRICE_UNAVAILABLE, "no price to measure the order's notional")
    if notional > limit:
        return Denial(
            DenialReason.NOTIONAL_EXCEEDS_MAX,
            f"order notional {notional} exceeds the maximum {limit}",
        )
    return None


def check_amend(intent: OrderIntent, ctx: PreTradeContext) -> Denial | None:
    """An amend is refused while halted and must respect the notional limit."""
    return _halted(ctx) or check_notional(intent, ctx.state.limits)


def unhealthy_guardrails(
    state: TradingState, now: datetime, reject_times: Sequence[datetime]
) -> list[str]:
    """Reason codes that block going live (empty: every guardrail is healthy)."""
    found: list[str] = []
    status = state.effective_status
    if status is TradingStatus.HALTED:
        found.append(DenialReason.TRADING_HALTED.value)
    elif status is TradingStatus.REDUCING:
        found.append(DenialReason.TRADING_REDUCING.value)
    until = cooldown_until(reject_times, state.limits)
    if until is not None and now < until:
        found.append(DenialReason.COOLDOWN_ACTIVE.value)
    if not state.limits.max_order_notional or not state.limits.max_daily_loss:
        found.append(DenialReason.LIMITS_NOT_SET.value)
    return found


def roll_day(state: TradingState, today: str, current_value: Decimal | None) -> TradingState:
    """The day's start value is the first valuation seen on a new day."""
    if state.day_start_date == today or current_value is None:
        return state
    # Not a user-visible change: the version (limits' optimistic lock) stays.
    return replace(state, day_start_value=current_value, day_start_date=today)
