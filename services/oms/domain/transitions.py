"""The order state-transition table: every legal move, its event name, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.oms.domain.model import Fill, Order, OrderState, decimal_text
from taplatform.errors import FailedPreconditionError

S = OrderState

# from-state -> the states it may move to. PARTIALLY_FILLED -> PARTIALLY_FILLED
# is a further partial fill; a fill is always its own transition (one event each).
TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    S.NEW: frozenset({S.PENDING_SUBMIT, S.CANCELLED, S.REJECTED, S.EXPIRED}),
    S.PENDING_SUBMIT: frozenset({S.SUBMITTED, S.REJECTED, S.CANCELLED}),
    S.SUBMITTED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.CANCELLED, S.REJECTED, S.EXPIRED}),
    S.PARTIALLY_FILLED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.CANCELLED, S.EXPIRED}),
    S.FILLED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REJECTED: frozenset(),
    S.EXPIRED: frozenset(),
}

# The outbox event each arrival state writes (audit catalogue, docs/audit-catalogue.md).
EVENT_TYPES: dict[OrderState, str] = {
    S.NEW: "OrderCreated",
    S.PENDING_SUBMIT: "OrderSubmitting",
    S.SUBMITTED: "OrderSubmitted",
    S.PARTIALLY_FILLED: "OrderPartiallyFilled",
    S.FILLED: "OrderFilled",
    S.CANCELLED: "OrderCancelled",
    S.REJECTED: "OrderRejected",
    S.EXPIRED: "OrderExpired",
}
AMENDED = "OrderAmended"


class IllegalTransitionError(FailedPreconditionError):
    """The order cannot move from its state to the one asked for."""

    reason = "ILLEGAL_TRANSITION"


@dataclass(frozen=True)
class Transition:
    """One step of an order's life: what it was, what it is, and what the event says."""

    before: Order | None
    after: Order
    event_type: str
    detail: dict[str, Any]

    @property
    def from_state(self) -> OrderState | None:
        return None if self.before is None else self.before.state


def is_legal(source: OrderState, target: OrderState) -> bool:
    return target in TRANSITIONS[source]


def created(order: Order) -> Transition:
    """The first event of an order (it starts NEW)."""
    if order.state is not S.NEW:
        raise IllegalTransitionError(f"an order starts new, not {order.state.value}")
    return Transition(None, order, EVENT_TYPES[S.NEW], {})


def transition(order: Order, target: OrderState, at: datetime, **detail: Any) -> Transition:
    """Move ``order`` to ``target`` or raise :class:`IllegalTransitionError`."""
    if not is_legal(order.state, target):
        raise IllegalTransitionError(
            f"order {order.order_id} cannot go from {order.state.value} to {target.value}",
            metadata={"from": order.state.value, "to": target.value},
        )
    reason = detail.get("reason")
    changes: dict[str, Any] = {"state": target, "updated_at": at}
    if isinstance(reason, str):
        changes["reason"] = reason
    if isinstance(detail.get("broker_order_id"), str):
        changes["broker_order_id"] = detail["broker_order_id"]
    return Transition(order, order.evolve(**changes), EVENT_TYPES[target], dict(detail))


def apply_fill(order: Order, fill: Fill, at: datetime) -> Transition:
    """The transition a fill makes: PARTIALLY_FILLED, or FILLED once nothing remains."""
    if fill.quantity <= 0:
        raise IllegalTransitionError(f"fill {fill.fill_id}: quantity must be positive")
    filled = order.filled_quantity + fill.quantity
    if filled > order.quantity:
        raise IllegalTransitionError(
            f"fill {fill.fill_id} of {fill.quantity} overfills order {order.order_id}"
            f" ({order.filled_quantity} of {order.quantity} filled)",
            reason="OVERFILL",
        )
    target = S.FILLED if filled == order.quantity else S.PARTIALLY_FILLED
    step = transition(order, target, at, fill=fill_detail(fill))
    return replace(step, after=replace(step.after, filled_quantity=filled))


def amend(order: Order, quantity: Decimal, limit_price: Decimal | None, at: datetime) -> Transition:
    """A change of quantity or limit price of an open order (its state stays)."""
    if order.state not in (S.NEW, S.SUBMITTED, S.PARTIALLY_FILLED):
        raise IllegalTransitionError(
            f"order {order.order_id} is {order.state.value}; only new or open orders are amended"
        )
    if quantity <= order.filled_quantity:
        raise IllegalTransitionError(
            f"quantity {quantity} is not above the {order.filled_quantity} already filled",
            reason="AMEND_BELOW_FILLED",
        )
    after = order.evolve(quantity=quantity, limit_price=limit_price, updated_at=at)
    detail = {
        "quantity": {"before": decimal_text(order.quantity), "after": decimal_text(quantity)},
        "limit_price": {
            "before": None if order.limit_price is None else decimal_text(order.limit_price),
            "after": None if limit_price is None else decimal_text(limit_price),
        },
    }
    return Transition(order, after, AMENDED, detail)


def fill_detail(fill: Fill) -> dict[str, Any]:
    return {
        "fill_id": str(fill.fill_id),
        "quantity": decimal_text(fill.quantity),
        "price": decimal_text(fill.price),
        "price_currency": fill.price_currency,
        "fees": decimal_text(fill.fees),
        "executed_at": fill.executed_at.isoformat(),
        "source": fill.source,
    }
