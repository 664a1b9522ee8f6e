"""Protobuf <-> OMS domain, nothing else."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1 import types_pb2
from tradingassistant.oms.v1 import oms_pb2

from services.oms.dead_letter_repository import DeadLetter
from services.oms.domain.commands import parse_decimal
from services.oms.domain.model import Fill, Order, OrderSide, OrderState
from services.oms.domain.retry import DeadLetterStatus
from services.oms.domain.trading import (
    GuardrailLimits,
    LossAction,
    SessionPolicy,
    TradingMode,
    TradingStatus,
)
from services.oms.handlers.trading import StateView
from taplatform.errors import FieldViolation, InvalidArgumentError

SIDES = {OrderSide.BUY: oms_pb2.ORDER_SIDE_BUY, OrderSide.SELL: oms_pb2.ORDER_SIDE_SELL}
STATES = {state: getattr(oms_pb2, f"ORDER_STATE_{state.name}") for state in OrderState}
MODES = {mode: getattr(oms_pb2, f"TRADING_MODE_{mode.name}") for mode in TradingMode}
STATUSES = {status: getattr(oms_pb2, f"TRADING_STATUS_{status.name}") for status in TradingStatus}
LOSS_ACTIONS = {a: getattr(oms_pb2, f"LOSS_ACTION_{a.name}") for a in LossAction}
SESSION_POLICIES = {p: getattr(oms_pb2, f"SESSION_POLICY_{p.name}") for p in SessionPolicy}
LETTER_STATUSES = {s: getattr(oms_pb2, f"DEAD_LETTER_STATUS_{s.name}") for s in DeadLetterStatus}


def _reverse(mapping: dict[Any, Any]) -> dict[Any, Any]:
    return {value: key for key, value in mapping.items()}


def side_from_pb(value: int) -> OrderSide | None:
    side: OrderSide | None = _reverse(SIDES).get(value)
    return side


def states_from_pb(values: Any) -> list[OrderState]:
    known = _reverse(STATES)
    return [known[v] for v in values if v in known]


def letter_statuses_from_pb(values: Any) -> list[DeadLetterStatus]:
    known = _reverse(LETTER_STATUSES)
    return [known[v] for v in values if v in known]


def parse_uuid(text: str, path: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise InvalidArgumentError.for_field(path, f"{text!r} is not a UUID") from None


def _text(value: Decimal) -> str:
    return format(value, "f")


def _decimal(value: Decimal) -> types_pb2.Decimal:
    return types_pb2.Decimal(value=_text(value))


def _money(currency: str, value: Decimal) -> types_pb2.Money:
    return types_pb2.Money(currency_code=currency, amount=_decimal(value))


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def order_to_pb(order: Order, dead_lettered: bool = False) -> oms_pb2.Order:
    message = oms_pb2.Order(
        order_id=str(order.order_id),
        portfolio_id=order.portfolio_id,
        listing_id=order.listing_id,
        side=SIDES[order.side],
        quantity=_decimal(order.quantity),
        state=STATES[order.state],
        order_key=order.order_key,
        broker=order.broker,
        client_order_id=order.client_order_id,
        broker_order_id=order.broker_order_id or "",
        filled_quantity=_decimal(order.filled_quantity),
        recommendation_id=order.recommendation_id or "",
        line_id=order.line_id or "",
        reason=order.reason or "",
        dead_lettered=dead_lettered,
        version=order.version,
        created_at=timestamp(order.created_at),
        updated_at=timestamp(order.updated_at),
    )
    if order.limit_price is not None:
        message.limit_price.CopyFrom(_money(order.price_currency, order.limit_price))
    return message


def fill_to_pb(fill: Fill, booked: bool) -> oms_pb2.Fill:
    return oms_pb2.Fill(
        fill_id=str(fill.fill_id),
        order_id=str(fill.order_id),
        quantity=_decimal(fill.quantity),
        price=_money(fill.price_currency, fill.price),
        fees=_money(fill.fees_currency, fill.fees),
        executed_at=timestamp(fill.executed_at),
        source=fill.source,
        ledger_entry_id=str(fill.ledger_entry_id),
        booked=booked,
    )


def event_to_pb(row: Any) -> oms_pb2.OrderEvent:
    return oms_pb2.OrderEvent(
        sequence=row.sequence,
        event_type=row.event_type,
        from_state=STATES[OrderState(row.from_state)]
        if row.from_state
        else oms_pb2.ORDER_STATE_UNSPECIFIED,
        to_state=STATES[OrderState(row.to_state)],
        occurred_at=timestamp(row.occurred_at),
        actor_user_id=row.actor_user_id or "",
        detail_json=json.dumps(row.detail, sort_keys=True, separators=(",", ":")),
    )


def limits_to_pb(limits: GuardrailLimits, currency: str) -> oms_pb2.GuardrailLimits:
    message = oms_pb2.GuardrailLimits(
        loss_action=LOSS_ACTIONS[limits.loss_action],
        session_policy=SESSION_POLICIES[limits.session_policy],
        cooldown_rejects=limits.cooldown_rejects,
        cooldown_window_s=limits.cooldown_window_s,
        cooldown_s=limits.cooldown_s,
    )
    if limits.max_order_notional:
        message.max_order_notional.CopyFrom(_money(currency, limits.max_order_notional))
    if limits.max_daily_loss:
        message.max_daily_loss.CopyFrom(_money(currency, limits.max_daily_loss))
    return message


def limits_from_pb(message: oms_pb2.GuardrailLimits) -> GuardrailLimits:
    violations: list[FieldViolation] = []
    notional = parse_decimal(
        message.max_order_notional.amount.value,
        "limits.max_order_notional.amount",
        violations,
        required=False,
    )
    loss = parse_decimal(
        message.max_daily_loss.amount.value,
        "limits.max_daily_loss.amount",
        violations,
        required=False,
    )
    for name in ("cooldown_rejects", "cooldown_window_s", "cooldown_s"):
        if getattr(message, name) < 0:
            violations.append(FieldViolation(f"limits.{name}", "must not be negative"))
    if violations:
        raise InvalidArgumentError.for_fields(violations)
    return GuardrailLimits(
        max_order_notional=notional,
        max_daily_loss=loss,
        loss_action=_reverse(LOSS_ACTIONS).get(message.loss_action, LossAction.HALTED),
        session_policy=_reverse(SESSION_POLICIES).get(message.session_policy, SessionPolicy.REFUSE),
        cooldown_rejects=message.cooldown_rejects,
        cooldown_window_s=message.cooldown_window_s,
        cooldown_s=message.cooldown_s,
    )


def state_to_pb(view: StateView, currency: str = "") -> oms_pb2.TradingState:
    state = view.state
    return oms_pb2.TradingState(
        portfolio_id=state.portfolio_id,
        mode=MODES[state.mode],
        status=STATUSES[state.effective_status],
        kill_switch=state.kill_switch,
        kill_switch_reason=state.kill_switch_reason,
        dry_run_broker=state.dry_run_broker,
        limits=limits_to_pb(state.limits, currency),
        unhealthy=view.unhealthy,
        cooldown_until=timestamp(view.cooldown_until),
        version=state.version,
    )


def dead_letter_to_pb(letter: DeadLetter) -> oms_pb2.DeadLetter:
    return oms_pb2.DeadLetter(
        dead_letter_id=str(letter.dead_letter_id),
        portfolio_id=letter.portfolio_id,
        order_id=str(letter.order_id),
        operation=letter.operation.value,
        broker=letter.broker,
        client_order_id=letter.client_order_id,
        status=LETTER_STATUSES[letter.status],
        attempts=letter.attempts,
        max_attempts=letter.max_attempts,
        last_error=letter.last_error,
        next_attempt_at=timestamp(letter.next_attempt_at),
        context_json=json.dumps(letter.context, sort_keys=True, separators=(",", ":")),
        created_at=timestamp(letter.created_at),
        updated_at=timestamp(letter.updated_at),
    )


def page_token(order: Order) -> str:
    raw = f"{order.created_at.isoformat()}|{order.order_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def parse_page_token(token: str) -> tuple[datetime, uuid.UUID] | None:
    if not token:
        return None
    try:
        at, order_id = base64.urlsafe_b64decode(token.encode()).decode().split("|")
        return datetime.fromisoformat(at), uuid.UUID(order_id)
    except ValueError:
        raise InvalidArgumentError.for_field(
            "page.page_token", "is not a token this service gave"
        ) from None
