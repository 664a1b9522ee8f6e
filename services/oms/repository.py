"""Rows of orders, order events and fills to domain values and back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import store
from services.oms.domain.model import Fill, Order, OrderSide, OrderState
from services.oms.domain.transitions import Transition

ORDER_FIELDS = (
    "order_id",
    "portfolio_id",
    "order_key",
    "listing_id",
    "quantity",
    "limit_price",
    "price_currency",
    "base_currency",
    "base_per_quote",
    "broker",
    "filled_quantity",
    "created_at",
    "updated_at",
    "actor_user_id",
    "recommendation_id",
    "line_id",
    "broker_order_id",
    "reason",
    "version",
)


def order_from_row(row: Any) -> Order:
    return Order(
        side=OrderSide(row.side),
        state=OrderState(row.state),
        **{name: getattr(row, name) for name in ORDER_FIELDS},
    )


def _order_values(order: Order) -> dict[str, Any]:
    values = {name: getattr(order, name) for name in ORDER_FIELDS}
    values.update(side=order.side.value, state=order.state.value)
    return values


async def insert_order(
    connection: AsyncConnection, order: Order, request: dict[str, Any], request_hash: str
) -> bool:
    """Insert a new order; False when its key was taken (by a concurrent twin)."""
    statement = (
        pg_insert(store.orders)
        .values(**_order_values(order), request=request, request_hash=request_hash)
        .on_conflict_do_nothing(index_elements=["portfolio_id", "order_key"])
        .returning(store.orders.c.order_id)
    )
    return (await connection.execute(statement)).first() is not None


async def save_order(connection: AsyncConnection, order: Order) -> None:
    """Write a changed order; the caller holds its row lock."""
    values = _order_values(order)
    del values["order_id"]
    await connection.execute(
        update(store.orders).where(store.orders.c.order_id == order.order_id).values(**values)
    )


async def get_order(
    connection: AsyncConnection, portfolio_id: str, order_id: uuid.UUID, *, lock: bool = False
) -> Order | None:
    table = store.orders
    query = select(table).where(table.c.order_id == order_id, table.c.portfolio_id == portfolio_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else order_from_row(row)


async def order_by_id(
    connection: AsyncConnection, order_id: uuid.UUID, *, lock: bool = False
) -> Order | None:
    """For background work that starts from a dead letter, not from a request."""
    query = select(store.orders).where(store.orders.c.order_id == order_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else order_from_row(row)


async def order_by_key(
    connection: AsyncConnection, portfolio_id: str, order_key: str
) -> tuple[Order, str, dict[str, Any]] | None:
    """The order under a key with its stored request hash and request."""
    table = store.orders
    row = (
        await connection.execute(
            select(table).where(
                table.c.portfolio_id == portfolio_id, table.c.order_key == order_key
            )
        )
    ).first()
    return None if row is None else (order_from_row(row), row.request_hash, row.request)


async def list_orders(
    connection: AsyncConnection,
    portfolio_id: str,
    states: Sequence[OrderState],
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[Order]:
    """Newest first, keyset-paged on (created_at, order_id)."""
    table = store.orders
    query = select(table).where(table.c.portfolio_id == portfolio_id)
    if states:
        query = query.where(table.c.state.in_([s.value for s in states]))
    if after is not None:
        at, order_id = after
        query = query.where(
            or_(
                table.c.created_at < at, and_(table.c.created_at == at, table.c.order_id < order_id)
            )
        )
    query = query.order_by(table.c.created_at.desc(), table.c.order_id.desc()).limit(limit)
    return [order_from_row(row) for row in await connection.execute(query)]


async def insert_order_event(
    connection: AsyncConnection, step: Transition, actor_user_id: str | None, detail: dict[str, Any]
) -> None:
    """The per-order event row; its sequence is the order's version after the step."""
    await connection.execute(
        insert(store.order_events).values(
            order_id=step.after.order_id,
            sequence=step.after.version,
            event_type=step.event_type,
            from_state=None if step.from_state is None else step.from_state.value,
            to_state=step.after.state.value,
            actor_user_id=actor_user_id,
            detail=detail,
            occurred_at=step.after.updated_at,
        )
    )


async def order_events(connection: AsyncConnection, order_id: uuid.UUID) -> list[Any]:
    table = store.order_events
    query = select(table).where(table.c.order_id == order_id).order_by(table.c.sequence)
    return list(await connection.execute(query))


def fill_from_row(row: Any) -> Fill:
    return Fill(
        fill_id=row.fill_id,
        order_id=row.order_id,
        quantity=row.quantity,
        price=row.price,
        price_currency=row.price_currency,
        fees=row.fees,
        fees_currency=row.fees_currency,
        executed_at=row.executed_at,
        source=row.source,
        fx_rate=row.fx_rate,
    )


async def insert_fill(
    connection: AsyncConnection, portfolio_id: str, fill: Fill, at: datetime
) -> bool:
    """Record a fill once; False when that fill id is already recorded."""
    statement = (
        pg_insert(store.fills)
        .values(
            fill_id=fill.fill_id,
            order_id=fill.order_id,
            portfolio_id=portfolio_id,
            quantity=fill.quantity,
            price=fill.price,
            price_currency=fill.price_currency,
            fees=fill.fees,
            fees_currency=fill.fees_currency,
            fx_rate=fill.fx_rate,
            source=fill.source,
            executed_at=fill.executed_at,
            recorded_at=at,
        )
        .on_conflict_do_nothing(index_elements=["fill_id"])
        .returning(store.fills.c.fill_id)
    )
    return (await connection.execute(statement)).first() is not None


async def fills_of(connection: AsyncConnection, order_id: uuid.UUID) -> list[tuple[Fill, bool]]:
    """The order's fills in execution order, each with whether the ledger has it."""
    fills, bookings = store.fills, store.fill_bookings
    query = (
        select(fills, bookings.c.fill_id.label("booked_fill_id"))
        .outerjoin(bookings, bookings.c.fill_id == fills.c.fill_id)
        .where(fills.c.order_id == order_id)
        .order_by(fills.c.executed_at, fills.c.fill_id)
    )
    return [
        (fill_from_row(row), row.booked_fill_id is not None)
        for row in await connection.execute(query)
    ]


async def record_booking(
    connection: AsyncConnection,
    fill_id: uuid.UUID,
    batch_id: uuid.UUID,
    entry_id: uuid.UUID,
    at: datetime,
) -> bool:
    statement = (
        pg_insert(store.fill_bookings)
        .values(fill_id=fill_id, batch_id=batch_id, entry_id=entry_id, booked_at=at)
        .on_conflict_do_nothing(index_elements=["fill_id"])
        .returning(store.fill_bookings.c.fill_id)
    )
    return (await connection.execute(statement)).first() is not None


async def open_dead_letter_orders(
    connection: AsyncConnection, order_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these orders have a broker call waiting in the dead-letter queue."""
    if not order_ids:
        return set()
    table = store.dead_letters
    query = select(table.c.order_id).where(
        table.c.order_id.in_(list(order_ids)), table.c.status.in_(["retrying", "dead"])
    )
    return {row.order_id for row in await connection.execute(query)}
