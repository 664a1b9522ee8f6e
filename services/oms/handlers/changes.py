"""Changes to existing orders: cancel (always allowed), amend (not while halted), manual
fills; and the reads of orders with their fills and events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.oms import audit
from services.oms import dead_letter_repository as letters
from services.oms import repository as repo
from services.oms import state_repository as states
from services.oms.brokers.base import (
    BrokerFill,
    BrokerRejectedError,
    BrokerReport,
    BrokerUnavailableError,
)
from services.oms.domain.commands import ManualFill
from services.oms.domain.guardrails import OrderIntent, PreTradeContext, check_amend
from services.oms.domain.model import Fill, Order, OrderState, fill_id_for
from services.oms.domain.retry import DeadLetterOperation
from services.oms.domain.transitions import amend, transition
from services.oms.handlers import OmsDeps, actor
from services.oms.handlers.execution import apply_report
from services.oms.handlers.pretrade import denial_error
from taplatform.errors import (
    AlreadyExistsError,
    ConcurrencyError,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
)


async def load_order(deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID) -> Order:
    async with deps.engine.connect() as connection:
        order = await repo.get_order(connection, portfolio_id, order_id)
    if order is None:
        raise NotFoundError(f"order {order_id} not found", reason="ORDER_NOT_FOUND")
    return order


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    fills: list[tuple[Fill, bool]]
    events: list[Any]
    dead_lettered: bool


async def order_detail(deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID) -> OrderDetail:
    order = await load_order(deps, portfolio_id, order_id)
    async with deps.engine.connect() as connection:
        fills = await repo.fills_of(connection, order_id)
        events = await repo.order_events(connection, order_id)
        open_letters = await repo.open_dead_letter_orders(connection, [order_id])
    return OrderDetail(order, fills, events, order_id in open_letters)


async def cancel_order(deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID) -> Order:
    """Cancel in any trading status. A queued (NEW) order is cancelled here; an open one
    at its broker; one whose submit is in doubt must be settled through its dead letter."""
    order = await load_order(deps, portfolio_id, order_id)
    if order.state is OrderState.CANCELLED:
        return order
    if order.state is OrderState.NEW:
        return await _local(deps, order, OrderState.CANCELLED, "CANCELLED_BY_USER")
    if order.state is OrderState.PENDING_SUBMIT:
        async with deps.engine.connect() as connection:
            letter = await letters.open_dead_letter(
                connection, order_id, DeadLetterOperation.SUBMIT
            )
        reason = "ORDER_IN_DEAD_LETTER_QUEUE" if letter else "ORDER_IN_FLIGHT"
        raise FailedPreconditionError(
            f"order {order_id} is being submitted; "
            + ("abandon its dead letter" if letter else "try again shortly"),
            reason=reason,
        )
    if order.state.is_terminal:
        raise FailedPreconditionError(
            f"order {order_id} is {order.state.value}", reason="ILLEGAL_TRANSITION"
        )
    adapter = deps.broker(order.broker)
    try:
        report = await adapter.cancel(order.client_order_id)
    except BrokerUnavailableError as error:
        from services.oms.handlers import dead_letters

        await dead_letters.park(
            deps, order, DeadLetterOperation.CANCEL, str(error) or type(error).__name__
        )
        return order
    except BrokerRejectedError as error:
        raise FailedPreconditionError(
            f"the broker refused the cancel: {error.reason}", reason=error.reason
        ) from error
    return await apply_report(deps, portfolio_id, order_id, report)


async def _local(deps: OmsDeps, order: Order, target: OrderState, reason: str) -> Order:
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        locked = await repo.get_order(connection, order.portfolio_id, order.order_id, lock=True)
        assert locked is not None
        step = transition(locked, target, now, reason=reason)
        await repo.save_order(connection, step.after)
        await audit.record_transition(connection, step, actor())
    return step.after


async def amend_order(
    deps: OmsDeps,
    portfolio_id: str,
    order_id: uuid.UUID,
    version: int,
    quantity: Decimal,
    limit_price: Decimal | None,
) -> Order:
    """Change an open order where its broker can; refused while HALTED or over the limit."""
    order = await load_order(deps, portfolio_id, order_id)
    if order.version != version:
        raise ConcurrencyError(f"order {order_id} is at version {order.version}, not {version}")
    adapter = deps.broker(order.broker)
    if not adapter.capabilities.amend:
        raise FailedPreconditionError(
            f"the {order.broker} broker cannot amend orders", reason="AMEND_NOT_SUPPORTED"
        )
    price = limit_price if limit_price is not None else order.limit_price
    reference = (
        price
        if price is not None
        else (q.price if (q := await deps.prices.latest(order.listing_id)) else None)
    )
    now = deps.clock.now()
    async with deps.engine.connect() as connection:
        state = await states.load_state(connection, portfolio_id, now)
    intent = OrderIntent(order.side, quantity, reference, order.base_per_quote)
    if (denial := check_amend(intent, PreTradeContext(now, state, None))) is not None:
        raise denial_error(denial)
    if order.state.is_open:
        try:
            await adapter.amend(order.client_order_id, quantity, price)
        except BrokerUnavailableError as error:
            raise FailedPreconditionError(
                "the broker is unreachable; try again", reason="BROKER_UNAVAILABLE"
            ) from error
        except BrokerRejectedError as error:
            raise FailedPreconditionError(
                f"the broker refused the amend: {error.reason}", reason=error.reason
            ) from error
    async with deps.engine.begin() as connection:
        locked = await repo.get_order(connection, portfolio_id, order_id, lock=True)
        assert locked is not None
        if locked.version != version:
            raise ConcurrencyError(f"order {order_id} changed while amending; read it again")
        step = amend(locked, quantity, price, now)
        await repo.save_order(connection, step.after)
        await audit.record_transition(connection, step, actor())
    return step.after


async def record_manual_fill(
    deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID, entered: ManualFill
) -> tuple[Order, Fill]:
    """The user's fill of a manual order; the same fill key again is harmless."""
    order = await load_order(deps, portfolio_id, order_id)
    if order.broker != "manual":
        raise FailedPreconditionError(
            f"order {order_id} goes to the {order.broker} broker, not manual", reason="NOT_MANUAL"
        )
    fill_id = fill_id_for(order_id, "manual", entered.fill_key)
    async with deps.engine.connect() as connection:
        existing = {f.fill_id: f for f, _ in await repo.fills_of(connection, order_id)}
    if fill_id in existing:
        return _replay_fill(order, existing[fill_id], entered)
    if entered.price_currency != order.price_currency:
        raise InvalidArgumentError.for_field(
            "price.currency_code", f"must be {order.price_currency}"
        )
    fees_currency = entered.fees_currency or order.base_currency
    if fees_currency != order.base_currency:
        raise InvalidArgumentError.for_field("fees.currency_code", f"must be {order.base_currency}")
    if entered.quantity > order.remaining_quantity:
        raise InvalidArgumentError.for_field(
            "quantity", f"only {order.remaining_quantity} remains to fill"
        )
    if not order.state.is_open:
        raise FailedPreconditionError(
            f"order {order_id} is {order.state.value}", reason="ILLEGAL_TRANSITION"
        )
    reported = BrokerFill(
        entered.fill_key,
        entered.quantity,
        entered.price,
        entered.price_currency,
        entered.fees,
        fees_currency,
        entered.executed_at,
    )
    state = "filled" if entered.quantity == order.remaining_quantity else "partially_filled"
    report = BrokerReport(order.client_order_id, order.broker_order_id or "", state, (reported,))
    after = await apply_report(deps, portfolio_id, order_id, report)
    async with deps.engine.connect() as connection:
        fill = {f.fill_id: f for f, _ in await repo.fills_of(connection, order_id)}[fill_id]
    return after, fill


def _replay_fill(order: Order, stored: Fill, entered: ManualFill) -> tuple[Order, Fill]:
    given = (entered.quantity, entered.price, entered.fees, entered.executed_at)
    if (stored.quantity, stored.price, stored.fees, stored.executed_at) != given:
        raise AlreadyExistsError(
            f"fill key {entered.fill_key!r} was recorded with other values",
            reason="EXISTS_WITH_DIFFERENT_FILL",
        )
    return order, stored


async def list_orders(
    deps: OmsDeps, portfolio_id: str, order_states: list[OrderState], limit: int, after: Any
) -> tuple[list[Order], set[uuid.UUID]]:
    async with deps.engine.connect() as connection:
        orders = await repo.list_orders(connection, portfolio_id, order_states, limit, after)
        lettered = await repo.open_dead_letter_orders(connection, [o.order_id for o in orders])
    return orders, lettered
