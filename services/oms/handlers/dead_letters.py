"""The dead-letter queue of broker calls: park before retrying, retry with backoff after
reconciling by client id, dead-letter after the last attempt, and the admin's replay/abandon."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from services.oms import audit
from services.oms import dead_letter_repository as letters
from services.oms import repository as repo
from services.oms.brokers.base import BrokerRejectedError, BrokerReport, BrokerUnavailableError
from services.oms.dead_letter_repository import DeadLetter
from services.oms.domain.model import Order, OrderState, decimal_text
from services.oms.domain.retry import DeadLetterOperation, DeadLetterStatus
from services.oms.domain.transitions import transition
from services.oms.handlers import OmsDeps, actor
from services.oms.handlers.execution import apply_report, broker_order
from taplatform.errors import DomainError, FailedPreconditionError, NotFoundError

# A claimed letter is invisible to other workers this long (a crashed worker's
# letter comes back after it).
CLAIM_LEASE = timedelta(minutes=2)
OPEN = (DeadLetterStatus.RETRYING, DeadLetterStatus.DEAD)


def _context(order: Order, operation: DeadLetterOperation) -> dict[str, Any]:
    """The call as made: enough to inspect and replay it without the original request."""
    sent = broker_order(order)
    return {
        "operation": operation.value,
        "order": audit.order_state(order),
        "broker_request": {
            "client_order_id": sent.client_order_id,
            "listing_id": sent.listing_id,
            "side": sent.side.value,
            "quantity": decimal_text(sent.quantity),
            "limit_price": None if sent.limit_price is None else decimal_text(sent.limit_price),
            "price_currency": sent.price_currency,
        },
        "actor_user_id": actor(),
    }


async def park(
    deps: OmsDeps, order: Order, operation: DeadLetterOperation, error: str
) -> DeadLetter:
    """Persist a failed broker call (first attempt made) before any retry happens."""
    now = deps.clock.now()
    status, next_at = deps.retry.next_step(1, now, deps.rng)
    letter = DeadLetter(
        dead_letter_id=deps.new_id(),
        portfolio_id=order.portfolio_id,
        order_id=order.order_id,
        operation=operation,
        broker=order.broker,
        client_order_id=order.client_order_id,
        status=status,
        attempts=1,
        max_attempts=deps.retry.max_attempts,
        last_error=error,
        next_attempt_at=next_at,
        context=_context(order, operation),
        created_at=now,
        updated_at=now,
    )
    async with deps.engine.begin() as connection:
        await letters.insert_dead_letter(connection, letter)
        await audit.record_dead_letter(connection, "DeadLetterParked", None, letter, actor(), now)
        if status is DeadLetterStatus.DEAD:
            await _dead(connection, letter, now)
    return letter


async def _dead(connection: Any, letter: DeadLetter, at: Any) -> None:
    await audit.record_dead_letter(
        connection,
        "DeadLettered",
        None,
        letter,
        None,
        at,
        severity="critical",
        notification=f"order {letter.order_id}: {letter.operation.value} failed "
        f"{letter.attempts} times ({letter.last_error}); replay or abandon it",
    )


@dataclass(frozen=True)
class AttemptResult:
    letter: DeadLetter
    order: Order | None


async def _attempt(deps: OmsDeps, letter: DeadLetter) -> AttemptResult:
    """One retry: ask the broker by client id first; resubmit only if it has nothing."""
    adapter = deps.broker(letter.broker)
    async with deps.engine.connect() as connection:
        order = await repo.order_by_id(connection, letter.order_id)
    if order is None:
        raise NotFoundError(f"order {letter.order_id} not found", reason="ORDER_NOT_FOUND")
    try:
        if letter.operation is DeadLetterOperation.CANCEL:
            report: BrokerReport | None = await adapter.cancel(letter.client_order_id)
        else:
            report = await adapter.status(letter.client_order_id)
            if report is None:
                report = await adapter.submit(broker_order(order))
    except BrokerUnavailableError as error:
        return AttemptResult(await _failed(deps, letter, str(error) or type(error).__name__), order)
    except BrokerRejectedError as error:
        report = BrokerReport(letter.client_order_id, "", "rejected", reason=error.reason)
    if report is not None:
        order = await apply_report(deps, order.portfolio_id, order.order_id, report)
    return AttemptResult(
        await _resolve(deps, letter, DeadLetterStatus.RESOLVED, "DeadLetterResolved"), order
    )


async def _failed(deps: OmsDeps, letter: DeadLetter, error: str) -> DeadLetter:
    now = deps.clock.now()
    attempts = letter.attempts + 1
    status, next_at = deps.retry.next_step(attempts, now, deps.rng)
    status = status if attempts < letter.max_attempts else DeadLetterStatus.DEAD
    after = letter.evolve(
        attempts=attempts,
        status=status,
        next_attempt_at=next_at if status is DeadLetterStatus.RETRYING else None,
        last_error=error,
        updated_at=now,
    )
    async with deps.engine.begin() as connection:
        await letters.save_dead_letter(connection, after)
        await audit.record_dead_letter(
            connection, "DeadLetterRetryFailed", letter, after, actor(), now
        )
        if status is DeadLetterStatus.DEAD:
            await _dead(connection, after, now)
    return after


async def _resolve(
    deps: OmsDeps, letter: DeadLetter, status: DeadLetterStatus, event: str, **extra: Any
) -> DeadLetter:
    now = deps.clock.now()
    after = letter.evolve(
        status=status, next_attempt_at=None, updated_at=now, attempts=letter.attempts + 1
    )
    async with deps.engine.begin() as connection:
        await letters.save_dead_letter(connection, after)
        await audit.record_dead_letter(connection, event, letter, after, actor(), now, **extra)
    return after


async def retry_due(deps: OmsDeps, limit: int = 50, portfolio_id: str | None = None) -> int:
    """Job: attempt every letter whose time has come (of one portfolio, if given);
    returns how many were attempted."""
    done = 0
    while done < limit:
        now = deps.clock.now()
        async with deps.engine.begin() as connection:
            due = await letters.claim_due(connection, now, 1, portfolio_id)
            if not due:
                break
            leased = due[0].evolve(next_attempt_at=now + CLAIM_LEASE)
            await letters.save_dead_letter(connection, leased)
        try:
            await _attempt(deps, due[0])
        except DomainError as error:
            # This letter cannot be attempted (e.g. its broker is not configured here):
            # it counts as a failed attempt, and the others still get theirs.
            await _failed(deps, due[0], f"{error.reason}: {error.message}")
        done += 1
    return done


async def list_dead_letters(
    deps: OmsDeps, portfolio_id: str, statuses: list[DeadLetterStatus]
) -> list[DeadLetter]:
    async with deps.engine.connect() as connection:
        return await letters.list_dead_letters(connection, portfolio_id, statuses)


async def get_dead_letter(
    deps: OmsDeps, portfolio_id: str, dead_letter_id: uuid.UUID
) -> DeadLetter:
    async with deps.engine.connect() as connection:
        letter = await letters.get_dead_letter(
            connection, dead_letter_id, portfolio_id=portfolio_id
        )
    if letter is None:
        raise NotFoundError(
            f"dead letter {dead_letter_id} not found", reason="DEAD_LETTER_NOT_FOUND"
        )
    return letter


def _require_open(letter: DeadLetter) -> None:
    if letter.status not in OPEN:
        raise FailedPreconditionError(
            f"dead letter {letter.dead_letter_id} is {letter.status.value}",
            reason="DEAD_LETTER_CLOSED",
        )


async def replay(deps: OmsDeps, portfolio_id: str, dead_letter_id: uuid.UUID) -> AttemptResult:
    """Admin: one more attempt now (reconciling first), whatever the backoff said."""
    letter = await get_dead_letter(deps, portfolio_id, dead_letter_id)
    _require_open(letter)
    now = deps.clock.now()
    after = letter.evolve(
        status=DeadLetterStatus.RETRYING,
        max_attempts=max(letter.max_attempts, letter.attempts + 1),
        updated_at=now,
    )
    async with deps.engine.begin() as connection:
        await letters.save_dead_letter(connection, after)
        await audit.record_dead_letter(
            connection, "DeadLetterReplayed", letter, after, actor(), now
        )
    return await _attempt(deps, after)


async def abandon(
    deps: OmsDeps, portfolio_id: str, dead_letter_id: uuid.UUID, reason: str
) -> AttemptResult:
    """Admin: give up on the call. The order follows the broker if it has it; otherwise a
    submit that never arrived is cancelled, and one we cannot check is rejected as unreconciled."""
    letter = await get_dead_letter(deps, portfolio_id, dead_letter_id)
    _require_open(letter)
    adapter = deps.broker(letter.broker)
    try:
        report = await adapter.status(letter.client_order_id)
        outcome = "reconciled" if report is not None else "not_at_broker"
    except BrokerUnavailableError:
        report, outcome = None, "unreconciled"
    order: Order | None
    if report is not None:
        order = await apply_report(deps, portfolio_id, letter.order_id, report)
    else:
        order = await _close_unsent(deps, portfolio_id, letter.order_id, outcome)
    now = deps.clock.now()
    after = letter.evolve(status=DeadLetterStatus.ABANDONED, next_attempt_at=None, updated_at=now)
    async with deps.engine.begin() as connection:
        await letters.save_dead_letter(connection, after)
        await audit.record_dead_letter(
            connection,
            "DeadLetterAbandoned",
            letter,
            after,
            actor(),
            now,
            reason=reason,
            outcome=outcome,
        )
    return AttemptResult(after, order)


async def _close_unsent(
    deps: OmsDeps, portfolio_id: str, order_id: uuid.UUID, outcome: str
) -> Order | None:
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        order = await repo.get_order(connection, portfolio_id, order_id, lock=True)
        if order is None or order.state is not OrderState.PENDING_SUBMIT:
            return order
        if outcome == "not_at_broker":
            step = transition(order, OrderState.CANCELLED, now, reason="DEAD_LETTER_ABANDONED")
        else:
            step = transition(order, OrderState.REJECTED, now, reason="ABANDONED_UNRECONCILED")
        await repo.save_order(connection, step.after)
        await audit.record_transition(connection, step, actor())
    return step.after
