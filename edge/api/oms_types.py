"""OMS orders as GraphQL types: orders, fills, events, and a guardrail's denial as a typed result.

A guardrail refusal reaches the edge as FAILED_PRECONDITION (or RESOURCE_EXHAUSTED
for limits) whose ``ErrorInfo`` reason is a denial reason name; the edge answers it
as :class:`OrderDenied`, so a page shows ``TRADING_HALTED`` with the message rather
than a generic refusal.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

import grpc
import strawberry
from tradingassistant.oms.v1 import oms_pb2

from edge.api.convert import EdgeInfo, Money, decimal_or_none, money_or_none, time_or_none
from edge.api.engine_recommendations import OrderSide, enum_name
from edge.api.errors import (
    Error,
    ExpectedError,
    FailedPrecondition,
    FieldError,
    ValidationError,
    typed_error,
)
from edge.api.ledger_entries import listing_of
from edge.api.reference import Listing
from edge.rpc import ServiceCallError

T = TypeVar("T")


@strawberry.enum(
    description="Where an order is in its life; FILLED, CANCELLED, REJECTED, EXPIRED end it."
)
class OrderState(enum.Enum):
    NEW = "NEW"
    PENDING_SUBMIT = "PENDING_SUBMIT"
    SUBMITTED = "SUBMITTED"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    FILLED = "FILLED"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"


@strawberry.enum(description="Why a pre-trade guardrail refused an order.")
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


@strawberry.type(description="A pre-trade guardrail refused the order; nothing was sent.")
class OrderDenied(Error):
    reason: str = strawberry.field(description="The denial reason's name, e.g. TRADING_HALTED.")
    denial: DenialReason


def order_denied(reason: str, message: str) -> OrderDenied | None:
    """The typed denial for a reason name the OMS sent, or None for another reason."""
    known = DenialReason.__members__.get(reason)
    return None if known is None else OrderDenied(message=message, reason=reason, denial=known)


def order_state(value: int) -> OrderState | None:
    return OrderState.__members__.get(enum_name(oms_pb2.OrderState, value, "ORDER_STATE_"))


def order_state_pb(value: OrderState) -> oms_pb2.OrderState:
    state: oms_pb2.OrderState = getattr(oms_pb2, f"ORDER_STATE_{value.value}")
    return state


def side_pb(value: OrderSide) -> oms_pb2.OrderSide:
    side: oms_pb2.OrderSide = getattr(oms_pb2, f"ORDER_SIDE_{value.value}")
    return side


def _side(value: int) -> OrderSide | None:
    return OrderSide.__members__.get(enum_name(oms_pb2.OrderSide, value, "ORDER_SIDE_"))


@strawberry.type(description="One order: what was asked, where it went, how much is filled.")
class Order:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID
    side: OrderSide | None
    quantity: Decimal
    filled_quantity: Decimal
    state: OrderState | None
    order_key: str = strawberry.field(description="The idempotency key (a recommendation line id).")
    limit_price: Money | None = strawberry.field(description="Null for a market order.")
    broker: str = strawberry.field(description="paper, manual or live.")
    client_order_id: str
    broker_order_id: str
    recommendation_id: strawberry.ID | None
    line_id: strawberry.ID | None
    reason: str = strawberry.field(description="Why it was rejected or expired, as a code.")
    dead_lettered: bool = strawberry.field(description="A broker call waits in the DLQ.")
    version: int
    created_at: datetime | None
    updated_at: datetime | None

    @strawberry.field(description="The listing (one batched registry call for all rows).")
    async def listing(self, info: EdgeInfo) -> Listing | None:
        return await listing_of(info, str(self.listing_id))

    @classmethod
    def from_pb(cls, value: oms_pb2.Order) -> Order:
        return cls(
            id=strawberry.ID(value.order_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            listing_id=strawberry.ID(value.listing_id),
            side=_side(value.side),
            quantity=decimal_or_none(value.quantity) or Decimal(0),
            filled_quantity=decimal_or_none(value.filled_quantity) or Decimal(0),
            state=order_state(value.state),
            order_key=value.order_key,
            limit_price=money_or_none(value.limit_price),
            broker=value.broker,
            client_order_id=value.client_order_id,
            broker_order_id=value.broker_order_id,
            recommendation_id=strawberry.ID(value.recommendation_id)
            if value.recommendation_id
            else None,
            line_id=strawberry.ID(value.line_id) if value.line_id else None,
            reason=value.reason,
            dead_lettered=value.dead_lettered,
            version=value.version,
            created_at=time_or_none(value.created_at),
            updated_at=time_or_none(value.updated_at),
        )


@strawberry.type(description="An execution; booked once the ledger has its entry.")
class Fill:
    id: strawberry.ID
    order_id: strawberry.ID
    quantity: Decimal
    price: Money | None = strawberry.field(description="In the listing's quote unit.")
    fees: Money | None = strawberry.field(description="In the portfolio's base currency.")
    executed_at: datetime | None
    source: str
    ledger_entry_id: strawberry.ID
    booked: bool

    @classmethod
    def from_pb(cls, value: oms_pb2.Fill) -> Fill:
        return cls(
            id=strawberry.ID(value.fill_id),
            order_id=strawberry.ID(value.order_id),
            quantity=decimal_or_none(value.quantity) or Decimal(0),
            price=money_or_none(value.price),
            fees=money_or_none(value.fees),
            executed_at=time_or_none(value.executed_at),
            source=value.source,
            ledger_entry_id=strawberry.ID(value.ledger_entry_id),
            booked=value.booked,
        )


@strawberry.type(description="One step of an order's life, in order.")
class OrderEvent:
    sequence: int
    event_type: str
    from_state: OrderState | None
    to_state: OrderState | None
    occurred_at: datetime | None
    actor_user_id: str
    detail_json: str = strawberry.field(description="Canonical JSON: fill, reason, amendment.")

    @classmethod
    def from_pb(cls, value: oms_pb2.OrderEvent) -> OrderEvent:
        return cls(
            sequence=value.sequence,
            event_type=value.event_type,
            from_state=order_state(value.from_state),
            to_state=order_state(value.to_state),
            occurred_at=time_or_none(value.occurred_at),
            actor_user_id=value.actor_user_id,
            detail_json=value.detail_json,
        )


# The OMS's protobuf leaves, as this API's flat input names.
_INPUT_PATHS = {
    "limits.max_order_notional.amount": "maxOrderNotional",
    "limits.max_daily_loss.amount": "maxDailyLoss",
    "limit_price.amount": "limitPrice",
    "limit_price.currency_code": "limitCurrency",
    "price.amount": "price",
    "price.currency_code": "priceCurrency",
    "fees.amount": "fees",
    "fees.currency_code": "feesCurrency",
    "quantity.value": "quantity",
}


def input_path(path: str) -> str:
    """``limits.max_daily_loss.amount`` → ``maxDailyLoss``; ``order_key`` → ``orderKey``."""
    path = _INPUT_PATHS.get(path, path).removeprefix("limits.")
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), path)


def denial(error: ServiceCallError) -> OrderDenied | None:
    """The typed denial when ``error`` is a guardrail refusal, else None."""
    refusals = (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.RESOURCE_EXHAUSTED)
    if error.code not in refusals:
        return None
    return order_denied(error.reason, error.message)


def _with_input_paths(typed: T) -> T:
    if isinstance(typed, ValidationError):
        typed.field_errors = [
            FieldError(field=input_path(f.field), message=f.message) for f in typed.field_errors
        ]
    elif isinstance(typed, FailedPrecondition) and typed.field:
        typed.field = input_path(typed.field)
    return typed


async def oms_expected(call: Callable[[], Awaitable[T]]) -> T | ExpectedError:
    """Run an OMS call; expected failures become types, with this API's field names."""
    try:
        return await call()
    except ServiceCallError as error:
        typed = typed_error(error)
        if typed is None:
            raise
        return _with_input_paths(typed)


async def order_expected(call: Callable[[], Awaitable[T]]) -> T | OrderDenied | ExpectedError:
    """As :func:`oms_expected`, and a guardrail's refusal becomes :class:`OrderDenied`."""
    try:
        return await call()
    except ServiceCallError as error:
        refused = denial(error)
        if refused is not None:
            return refused
        typed = typed_error(error)
        if typed is None:
            raise
        return _with_input_paths(typed)
