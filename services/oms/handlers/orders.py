"""CreateOrder: idempotent on the order key, judged by the guardrails, then sent.

Every create of a portfolio runs under that portfolio's ``trading_states``
row lock, so the guardrails see the rejects and status the previous create
left, and 50 concurrent creates of one key make one order: the first inserts
it, the rest find it under the lock and answer it (``exists``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import audit
from services.oms import repository as repo
from services.oms import state_repository as states
from services.oms.domain.commands import CreateOrder
from services.oms.domain.guardrails import (
    Denial,
    DenialReason,
    PreTradeContext,
    Verdict,
    check_new_order,
    roll_day,
)
from services.oms.domain.model import Order, OrderState
from services.oms.domain.trading import TradingState
from services.oms.domain.transitions import created, transition
from services.oms.handlers import OmsDeps, actor
from services.oms.handlers.execution import send
from services.oms.handlers.pretrade import Facts, denial_error, gather
from services.oms.handlers.trading import recent_rejects
from taplatform.canonical import canonical_json, sha256_hex
from taplatform.errors import AlreadyExistsError
from taplatform.idempotency import differing_fields


@dataclass(frozen=True)
class CreateResult:
    order: Order
    created: bool


def _request(command: CreateOrder) -> tuple[dict[str, Any], str]:
    request = json.loads(canonical_json(command.canonical()))
    return request, sha256_hex(request)


def _replay(
    found: tuple[Order, str, dict[str, Any]], request: dict[str, Any], digest: str
) -> CreateResult:
    order, stored_hash, stored = found
    if stored_hash != digest:
        fields = differing_fields(stored, request) or ["request"]
        raise AlreadyExistsError(
            f"order key {order.order_key!r} was used for another order"
            f" (different {', '.join(fields)})",
            reason=f"EXISTS_WITH_DIFFERENT_{fields[0].upper()}",
            metadata={"fields": ",".join(fields), "order_id": str(order.order_id)},
        )
    return CreateResult(order, created=False)


async def create_order(deps: OmsDeps, command: CreateOrder) -> CreateResult:
    """Create the order (or answer the first one under its key) and send it to the broker."""
    request, digest = _request(command)
    async with deps.engine.connect() as connection:
        found = await repo.order_by_key(connection, command.portfolio_id, command.order_key)
        state = await states.load_state(connection, command.portfolio_id, deps.clock.now())
    if found is not None:
        return _replay(found, request, digest)
    facts = await gather(deps, command, state)
    async with deps.engine.begin() as connection:
        outcome = await _decide(connection, deps, command, facts, request, digest)
    if isinstance(outcome, Denial):
        raise denial_error(outcome)
    if isinstance(outcome, CreateResult):
        return outcome
    order = outcome
    if order.state is OrderState.PENDING_SUBMIT:
        order = await send(deps, order)
    return CreateResult(order, created=True)


async def _decide(
    connection: AsyncConnection,
    deps: OmsDeps,
    command: CreateOrder,
    facts: Facts,
    request: dict[str, Any],
    digest: str,
) -> Order | CreateResult | Denial:
    now = deps.clock.now()
    state = await states.load_state(connection, command.portfolio_id, now, lock=True)
    found = await repo.order_by_key(connection, command.portfolio_id, command.order_key)
    if found is not None:
        return _replay(found, request, digest)
    rolled = roll_day(state, now.astimezone(UTC).date().isoformat(), facts.current_value)
    if rolled is not state:
        await states.save_state(connection, rolled, now)
    state = rolled
    rejects = await recent_rejects(connection, state, now)
    context = PreTradeContext(now, state, facts.market_open, rejects, facts.current_value)
    verdict = check_new_order(facts.intent(command), context)
    await _apply_status(connection, state, verdict, now)
    if verdict.denial is not None:
        await _deny(connection, command, verdict.denial, now)
        return verdict.denial
    order = _new_order(deps, command, facts, state, now)
    if not await repo.insert_order(connection, order, request, digest):
        # Unreachable under the state lock; kept so a key race can never pass silently.
        raise AlreadyExistsError(f"order key {command.order_key!r} is taken", reason="EXISTS")
    await audit.record_transition(connection, created(order), actor())
    if verdict.queue:
        return order
    step = transition(order, OrderState.PENDING_SUBMIT, now)
    await repo.save_order(connection, step.after)
    await audit.record_transition(connection, step, actor())
    return step.after


def _new_order(
    deps: OmsDeps, command: CreateOrder, facts: Facts, state: TradingState, now: Any
) -> Order:
    return Order(
        order_id=deps.new_id(),
        portfolio_id=command.portfolio_id,
        order_key=command.order_key,
        listing_id=command.listing_id,
        side=command.side,
        quantity=command.quantity,
        limit_price=command.limit_price,
        price_currency=facts.listing.quote_currency,
        base_currency=facts.base_currency,
        base_per_quote=facts.base_per_quote,
        broker=state.broker,
        state=OrderState.NEW,
        filled_quantity=type(command.quantity)(0),
        created_at=now,
        updated_at=now,
        actor_user_id=actor(),
        recommendation_id=command.recommendation_id,
        line_id=command.line_id,
    )


async def _apply_status(
    connection: AsyncConnection, state: TradingState, verdict: Verdict, now: Any
) -> None:
    """A daily-loss breach moves the portfolio to REDUCING or HALTED (audited)."""
    if verdict.status_after is None or verdict.status_after is state.status:
        return
    after = state.evolve(status=verdict.status_after)
    await states.save_state(connection, after, now)
    await audit.record_state_change(
        connection,
        "TradingStatusChanged",
        state,
        after,
        actor(),
        now,
        reason=DenialReason.DAILY_LOSS_LIMIT.value,
    )


async def _deny(
    connection: AsyncConnection, command: CreateOrder, denial: Denial, now: Any
) -> None:
    """Record and audit the refusal (all but a cooldown refusal count towards the cooldown)."""
    counted = denial.reason is not DenialReason.COOLDOWN_ACTIVE
    reject_id = await states.add_rejection(
        connection, command.portfolio_id, denial.reason.value, command.order_key, now
    )
    await audit.record_event(
        connection,
        "OrderDenied",
        f"{command.portfolio_id}:{reject_id}",
        command.portfolio_id,
        actor(),
        now,
        reason=denial.reason.value,
        message=denial.message,
        order_key=command.order_key,
        request=json.loads(canonical_json(command.canonical())),
        counts_towards_cooldown=counted,
    )
