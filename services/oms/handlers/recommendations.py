"""Telling the engine a recommendation is executed once every order of it is terminal.

Each line of the recommendation (the engine lists them) must have an order, and every
order must have ended. The fact is stored first (a ``pending`` row of
``recommendation_reports``), then the engine is called. A call that fails leaves the
row pending and the background work (``report_pending``) retries it; the engine
treats a repeat as a no-op, so two reports at once, or one resent after a crash,
mark it executed once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import audit, store
from services.oms.domain.model import TERMINAL_STATES, Order
from services.oms.handlers import OmsDeps, actor
from services.oms.ports import RecommendationRefusedError
from taplatform.logging import get_logger

log = get_logger(__name__)
_TERMINAL = sorted(state.value for state in TERMINAL_STATES)


async def report_if_terminal(deps: OmsDeps, order: Order) -> bool:
    """If every order of ``order``'s recommendation is terminal, record that and tell the
    engine; True when this call reached the engine."""
    if not order.state.is_terminal or order.recommendation_id is None:
        return False
    if not await _queue(deps, order.portfolio_id, order.recommendation_id):
        return False
    return await _send(deps, order.portfolio_id, order.recommendation_id)


async def report_pending(deps: OmsDeps, limit: int = 100) -> int:
    """Job: queue finished recommendations no report names yet (orders that ended without a
    capture), then retry every pending report; returns how many the engine took."""
    orders, reports = store.orders, store.recommendation_reports
    unqueued = (
        select(orders.c.portfolio_id, orders.c.recommendation_id)
        .where(
            orders.c.recommendation_id.is_not(None),
            ~exists().where(
                and_(
                    reports.c.portfolio_id == orders.c.portfolio_id,
                    reports.c.recommendation_id == orders.c.recommendation_id,
                )
            ),
        )
        .group_by(orders.c.portfolio_id, orders.c.recommendation_id)
        .having(func.bool_and(orders.c.state.in_(_TERMINAL)))
        .limit(limit)
    )
    pending = (
        select(reports.c.portfolio_id, reports.c.recommendation_id)
        .where(reports.c.status == "pending")
        .order_by(reports.c.updated_at, reports.c.portfolio_id, reports.c.recommendation_id)
        .limit(limit)
    )
    async with deps.engine.connect() as connection:
        for row in list(await connection.execute(unqueued)):
            await _queue(deps, row.portfolio_id, row.recommendation_id)
        due = list(await connection.execute(pending))
    reported = 0
    for row in due:
        reported += await _send(deps, row.portfolio_id, row.recommendation_id)
    return reported


async def _terminal_lines(
    connection: AsyncConnection, portfolio_id: str, recommendation_id: str
) -> list[str] | None:
    """The line ids of the recommendation's orders if every one is terminal, else None."""
    orders = store.orders
    rows = list(
        await connection.execute(
            select(orders.c.state, orders.c.line_id).where(
                orders.c.portfolio_id == portfolio_id,
                orders.c.recommendation_id == recommendation_id,
            )
        )
    )
    if not rows or any(row.state not in _TERMINAL for row in rows):
        return None
    return sorted({row.line_id for row in rows if row.line_id})


async def _queue(deps: OmsDeps, portfolio_id: str, recommendation_id: str) -> bool:
    """Store the pending report if every order is terminal; True when one is pending."""
    reports = store.recommendation_reports
    async with deps.engine.begin() as connection:
        line_ids = await _terminal_lines(connection, portfolio_id, recommendation_id)
        if line_ids is None:
            return False
        now = deps.clock.now()
        await connection.execute(
            pg_insert(reports)
            .values(
                portfolio_id=portfolio_id,
                recommendation_id=recommendation_id,
                line_ids=line_ids,
                status="pending",
                attempts=0,
                last_error="",
                created_at=now,
                updated_at=now,
            )
            # A later order's end widens a pending report to that order's line too.
            .on_conflict_do_update(
                index_elements=["portfolio_id", "recommendation_id"],
                set_={"line_ids": line_ids},
                where=reports.c.status == "pending",
            )
        )
        status = await connection.scalar(
            select(reports.c.status).where(*_key(portfolio_id, recommendation_id))
        )
    return status == "pending"


def _key(portfolio_id: str, recommendation_id: str) -> tuple[Any, ...]:
    reports = store.recommendation_reports
    return (
        reports.c.portfolio_id == portfolio_id,
        reports.c.recommendation_id == recommendation_id,
    )


async def _send(deps: OmsDeps, portfolio_id: str, recommendation_id: str) -> bool:
    """Ask the engine for the lines; once each has an order and all ended, mark it executed."""
    reports = store.recommendation_reports
    try:
        lines = await deps.recommendations.line_ids(portfolio_id, recommendation_id)
        async with deps.engine.connect() as connection:
            ordered = await _terminal_lines(connection, portfolio_id, recommendation_id)
        if ordered is None or not set(lines) <= set(ordered):
            # Lines still to be ordered (orders come one by one), or an order reopened
            # nothing: the next order to end queues the report again.
            async with deps.engine.begin() as connection:
                await connection.execute(
                    delete(reports).where(
                        *_key(portfolio_id, recommendation_id), reports.c.status == "pending"
                    )
                )
            return False
        await deps.recommendations.orders_terminal(portfolio_id, recommendation_id, ordered)
    except RecommendationRefusedError as error:
        log.warning("oms.recommendation_refused", recommendation_id=recommendation_id)
        await _finish(deps, portfolio_id, recommendation_id, "refused", str(error), None)
        return False
    except Exception as error:  # stays pending: report_pending retries it
        log.warning(
            "oms.recommendation_report_failed",
            recommendation_id=recommendation_id,
            error=str(error),
        )
        async with deps.engine.begin() as connection:
            await connection.execute(
                update(reports)
                .where(*_key(portfolio_id, recommendation_id), reports.c.status == "pending")
                .values(
                    attempts=reports.c.attempts + 1,
                    last_error=str(error) or type(error).__name__,
                    updated_at=deps.clock.now(),
                )
            )
        return False
    await _finish(deps, portfolio_id, recommendation_id, "reported", "", ordered)
    return True


async def _finish(
    deps: OmsDeps,
    portfolio_id: str,
    recommendation_id: str,
    status: str,
    error: str,
    line_ids: list[str] | None,
) -> None:
    """pending → reported | refused, with its one event; a report already finished stays."""
    reports = store.recommendation_reports
    now = deps.clock.now()
    changes: dict[str, Any] = {} if line_ids is None else {"line_ids": line_ids}
    async with deps.engine.begin() as connection:
        finished = (
            await connection.execute(
                update(reports)
                .where(*_key(portfolio_id, recommendation_id), reports.c.status == "pending")
                .values(
                    status=status,
                    attempts=reports.c.attempts + 1,
                    last_error=error,
                    updated_at=now,
                    **changes,
                )
                .returning(reports.c.line_ids, reports.c.attempts)
            )
        ).first()
        if finished is None:
            return
        await audit.record_event(
            connection,
            "RecommendationReported" if status == "reported" else "RecommendationReportRefused",
            f"{portfolio_id}:{recommendation_id}",
            portfolio_id,
            actor(),
            now,
            before={"status": "pending"},
            after={"status": status, "line_ids": list(finished.line_ids)},
            recommendation_id=recommendation_id,
            attempts=finished.attempts,
            error=error,
        )
