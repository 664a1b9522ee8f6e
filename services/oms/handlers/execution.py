"""Sending orders to brokers, applying what they report, and capturing fills in the ledger.

A broker call happens outside any transaction; its outcome is applied under
the order's row lock, each state step with its one event. A transient
failure is parked in the dead-letter queue (persisted) before anything retries.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import audit, store
from services.oms import repository as repo
from services.oms import state_repository as states
from services.oms.brokers.base import (
    BrokerFill,
    BrokerOrder,
    BrokerRejectedError,
    BrokerReport,
    BrokerUnavailableError,
)
from services.oms.domain.capture import trade_for_fill
from services.oms.domain.model import Fill, Order, OrderState, fill_id_for
from services.oms.domain.retry import DeadLetterOperation
from services.oms.domain.transitions import Transition, apply_fill, transition
from services.oms.handlers import OmsDeps, actor, recommendations
from services.oms.handlers.trading import fall_back_to_dry_run
from taplatform.errors import NotFoundError
from taplatform.logging import get_logger

log = get_logger(__name__)

_CLOSING = {
    "cancelled": OrderState.CANCELLED,
    "rejected": OrderState.REJECTED,
    "expired": OrderState.EXPIRED,
}


def broker_order(order: Order) -> BrokerOrder:
    return BrokerOrder(
        client_order_id=order.client_order_id,
        portfolio_id=order.portfolio_id,
        listing_id=order.listing_id,
        side=order.side,
        quantity=order.quantity,
        limit_price=order.limit_price,
        price_currency=order.price_currency,
        base_per_quote=order.base_per_quote,
        base_currency=order.base_currency,
    )


async def send(deps: OmsDeps, order: Order) -> Order:
    """Submit a PENDING_SUBMIT order; dead-letter the call if the broker is unreachable."""
    # Imported here: dead_letters imports this module for its retries.
    from services.oms.handlers import dead_letters

    adapter = deps.broker(order.broker)
    try:
        report = await adapter.submit(broker_order(order))
    except BrokerUnavailableError as error:
        await dead_letters.park(
            deps, order, DeadLetterOperation.SUBMIT, str(error) or type(error).__name__
        )
        # One failed call is noise; a failed call the health probe confirms is an
        # unhealthy live broker: the portfolio falls back to dry-run.
        if adapter.capabilities.live and not await adapter.healthy():
            await fall_back_to_dry_run(deps, order.portfolio_id, "LIVE_ADAPTER_UNHEALTHY")
        return order
    except BrokerRejectedError as error:
        report = BrokerReport(order.client_order_id, "", "rejected", reason=error.reason)
    return await apply_report(deps, order.portfolio_id, order.order_id, report)


def _fill(order: Order, broker: str, reported: BrokerFill) -> Fill:
    # The ledger needs the rate only for a price outside the base currency.
    fx = None if reported.price_currency == order.base_currency else order.base_per_quote
    return Fill(
        fill_id=fill_id_for(order.order_id, broker, reported.external_id),
        order_id=order.order_id,
        quantity=reported.quantity,
        price=reported.price,
        price_currency=reported.price_currency,
        fees=reported.fees,
        fees_currency=reported.fees_currency,
        executed_at=reported.executed_at,
        source=broker,
        fx_rate=fx,
    )


async def apply_report(
    deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID, report: BrokerReport
) -> Order:
    """Bring the order up to what the broker says: submitted, each new fill, closing state."""
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        order = await repo.get_order(connection, portfolio_id, order_id, lock=True)
        if order is None:
            raise NotFoundError(f"order {order_id} not found", reason="ORDER_NOT_FOUND")
        steps = await _steps_for(connection, order, report, now)
        for step in steps:
            await audit.record_transition(connection, step, actor())
        if steps:
            order = steps[-1].after
            await repo.save_order(connection, order)
        if order.state is OrderState.REJECTED and steps:
            await states.add_rejection(
                connection, portfolio_id, order.reason or "REJECTED", order.order_key, now
            )
    await capture(deps, order)
    return order


async def _steps_for(
    connection: AsyncConnection, order: Order, report: BrokerReport, now: datetime
) -> list[Transition]:
    steps: list[Transition] = []
    current = order
    if current.state is OrderState.PENDING_SUBMIT:
        if report.status == "rejected":
            return [
                transition(
                    current, OrderState.REJECTED, now, reason=report.reason or "BROKER_REJECTED"
                )
            ]
        step = transition(
            current, OrderState.SUBMITTED, now, broker_order_id=report.broker_order_id
        )
        steps.append(step)
        current = step.after
    if current.state.is_terminal:
        return steps
    for reported in report.fills:
        fill = _fill(current, current.broker, reported)
        if not await repo.insert_fill(connection, current.portfolio_id, fill, now):
            continue  # reported before: a fill is applied once
        step = apply_fill(current, fill, now)
        steps.append(step)
        current = step.after
    closing = _CLOSING.get(report.status)
    if closing is not None and not current.state.is_terminal:
        step = transition(current, closing, now, reason=report.reason or f"BROKER_{closing.name}")
        steps.append(step)
    return steps


async def capture(deps: OmsDeps, order: Order) -> int:
    """Book every fill of the order the ledger does not have yet; returns how many were new.

    Entry and batch ids derive from the fill, so a capture retried after a
    crash (or run twice at once) submits the same batch and the ledger answers
    ``exists``: a fill is never booked twice.
    """
    async with deps.engine.connect() as connection:
        fills = await repo.fills_of(connection, order.order_id)
    created = 0
    for fill, booked in fills:
        if booked:
            continue
        trade = trade_for_fill(order, fill)
        try:
            if await deps.ledger.book(trade):
                created += 1
        except Exception as error:  # the fill stays unbooked; capture_unbooked retries it
            log.warning("oms.capture_failed", fill_id=str(fill.fill_id), error=str(error))
            continue
        async with deps.engine.begin() as connection:
            if await repo.record_booking(
                connection, fill.fill_id, trade.batch_id, trade.entry_id, deps.clock.now()
            ):
                await audit.record_event(
                    connection,
                    "FillBooked",
                    str(fill.fill_id),
                    order.portfolio_id,
                    actor(),
                    deps.clock.now(),
                    order_id=str(order.order_id),
                    fill_id=str(fill.fill_id),
                    ledger_batch_id=str(trade.batch_id),
                    ledger_entry_id=str(trade.entry_id),
                    after={"booked": True},
                )
    await recommendations.report_if_terminal(deps, order)
    return created


async def capture_unbooked(deps: OmsDeps, limit: int = 100) -> int:
    """Job: book fills a failed capture left behind; returns how many were new."""
    fills, bookings = store.fills, store.fill_bookings
    query = (
        select(fills.c.order_id, fills.c.portfolio_id)
        .outerjoin(bookings, bookings.c.fill_id == fills.c.fill_id)
        .where(bookings.c.fill_id.is_(None))
        .distinct()
        .limit(limit)
    )
    async with deps.engine.connect() as connection:
        pending = list(await connection.execute(query))
    created = 0
    for row in pending:
        async with deps.engine.connect() as connection:
            order = await repo.get_order(connection, row.portfolio_id, row.order_id)
        if order is not None:
            created += await capture(deps, order)
    return created
