"""Outbox events of the OMS, each with the audit fields: actor, portfolio, before and after.

Event ids derive from what they describe (an order's version, a state's
version, a dead letter's attempt), so a retried transaction cannot write a
second, different event for the same change. docs/audit-catalogue.md lists them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import store
from services.oms.dead_letter_repository import DeadLetter
from services.oms.domain.model import OMS_NAMESPACE, Order, decimal_text, event_id_for
from services.oms.domain.trading import TradingState
from services.oms.domain.transitions import Transition
from services.oms.repository import insert_order_event
from taplatform.events import Event
from taplatform.outbox import add_event


def order_state(order: Order | None) -> dict[str, Any] | None:
    """An order as audit data."""
    if order is None:
        return None
    return {
        "order_id": str(order.order_id),
        "order_key": order.order_key,
        "listing_id": order.listing_id,
        "side": order.side.value,
        "quantity": decimal_text(order.quantity),
        "limit_price": None if order.limit_price is None else decimal_text(order.limit_price),
        "broker": order.broker,
        "state": order.state.value,
        "filled_quantity": decimal_text(order.filled_quantity),
        "reason": order.reason,
        "version": order.version,
    }


async def _add(
    connection: AsyncConnection,
    event_id: uuid.UUID,
    event_type: str,
    aggregate: tuple[str, str],
    payload: dict[str, Any],
    at: datetime,
) -> None:
    await add_event(
        connection,
        store.platform.outbox,
        Event(
            event_id=event_id,
            event_type=event_type,
            aggregate_type=aggregate[0],
            aggregate_id=aggregate[1],
            payload=payload,
            occurred_at=at,
        ),
    )


async def record_transition(
    connection: AsyncConnection, step: Transition, actor_user_id: str | None
) -> None:
    """One order step: its row in ``order_events`` and exactly one outbox event."""
    order = step.after
    detail = {**step.detail}
    await insert_order_event(connection, step, actor_user_id, detail)
    payload = {
        "actor_user_id": actor_user_id,
        "portfolio_id": order.portfolio_id,
        "order_id": str(order.order_id),
        "recommendation_id": order.recommendation_id,
        "line_id": order.line_id,
        "from_state": None if step.from_state is None else step.from_state.value,
        "to_state": order.state.value,
        "detail": detail,
        "before": order_state(step.before),
        "after": order_state(order),
    }
    await _add(
        connection,
        event_id_for(order.order_id, order.version),
        step.event_type,
        ("order", str(order.order_id)),
        payload,
        order.updated_at,
    )


async def record_state_change(
    connection: AsyncConnection,
    event_type: str,
    before: TradingState,
    after: TradingState,
    actor_user_id: str | None,
    at: datetime,
    **extra: Any,
) -> None:
    """A change of a portfolio's trading state (mode, status, kill switch, limits)."""
    payload = {
        "actor_user_id": actor_user_id,
        "portfolio_id": after.portfolio_id,
        "version": after.version,
        "before": before.as_dict(),
        "after": after.as_dict(),
        **extra,
    }
    event_id = uuid.uuid5(OMS_NAMESPACE, f"trading:{after.portfolio_id}:{after.version}")
    await _add(connection, event_id, event_type, ("portfolio", after.portfolio_id), payload, at)


async def record_event(
    connection: AsyncConnection,
    event_type: str,
    subject: str,
    portfolio_id: str,
    actor_user_id: str | None,
    at: datetime,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    """Any other audited fact, its id derived from ``event_type`` and ``subject``."""
    payload = {
        "actor_user_id": actor_user_id,
        "portfolio_id": portfolio_id,
        "before": before,
        "after": after,
        **extra,
    }
    event_id = uuid.uuid5(OMS_NAMESPACE, f"{event_type}:{subject}")
    await _add(connection, event_id, event_type, ("portfolio", portfolio_id), payload, at)


async def record_dead_letter(
    connection: AsyncConnection,
    event_type: str,
    before: DeadLetter | None,
    after: DeadLetter,
    actor_user_id: str | None,
    at: datetime,
    **extra: Any,
) -> None:
    """A dead letter was parked, retried, dead-lettered, resolved, replayed or abandoned."""
    subject = f"{after.dead_letter_id}:{after.attempts}:{after.status.value}"
    await record_event(
        connection,
        event_type,
        subject,
        after.portfolio_id,
        actor_user_id,
        at,
        before=None if before is None else before.as_dict(),
        after=after.as_dict(),
        order_id=str(after.order_id),
        **extra,
    )
