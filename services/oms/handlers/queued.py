"""Orders queued outside market hours go out when their market opens.

A portfolio whose session policy is ``queue`` keeps an order placed while the
listing's exchange is shut in state ``new``. The background work releases it
once the exchange calendar says the session is open: under the portfolio's
trading-state lock (as every create runs), a halted portfolio keeps it queued —
the kill switch stops everything new from leaving, and the user may still cancel
it — and a reducing one keeps queued buys; anything else moves to
``pending_submit`` (one audited step) and is sent. The order was judged by the
notional limit when it was created; its quantity cannot change while queued.
"""

from __future__ import annotations

from sqlalchemy import select

from services.oms import audit, store
from services.oms import repository as repo
from services.oms import state_repository as states
from services.oms.domain.guardrails import check_release
from services.oms.domain.model import Order, OrderState
from services.oms.domain.transitions import transition
from services.oms.handlers import OmsDeps, actor
from services.oms.handlers.execution import send
from taplatform.logging import get_logger

log = get_logger(__name__)


async def release_queued(deps: OmsDeps, limit: int = 100) -> int:
    """Job: send queued orders whose market is open now; returns how many went out."""
    query = (
        select(store.orders)
        .where(store.orders.c.state == OrderState.NEW.value)
        .order_by(store.orders.c.created_at, store.orders.c.order_id)
        .limit(limit)
    )
    async with deps.engine.connect() as connection:
        queued = [repo.order_from_row(row) for row in await connection.execute(query)]
    released = 0
    for order in queued:
        listing = await deps.listings.listing(order.listing_id)
        if deps.sessions.is_open(listing.calendar, deps.clock.now()) is not True:
            continue
        pending = await _to_pending(deps, order)
        if pending is not None:
            await send(deps, pending)
            released += 1
    return released


async def _to_pending(deps: OmsDeps, order: Order) -> Order | None:
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        state = await states.load_state(connection, order.portfolio_id, now, lock=True)
        locked = await repo.get_order(connection, order.portfolio_id, order.order_id, lock=True)
        if locked is None or locked.state is not OrderState.NEW:
            return None  # cancelled, or released by another worker meanwhile
        held = check_release(locked.side, state)
        if held is not None:
            log.info("oms.queued.held", order_id=str(order.order_id), reason=held.reason.value)
            return None
        step = transition(locked, OrderState.PENDING_SUBMIT, now, released="market open")
        await repo.save_order(connection, step.after)
        await audit.record_transition(connection, step, actor())
    return step.after
