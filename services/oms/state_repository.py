"""Rows of trading states, recent rejects and live-mode confirmations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import store
from services.oms.domain.trading import (
    GuardrailLimits,
    LossAction,
    SessionPolicy,
    TradingMode,
    TradingState,
    TradingStatus,
)

LIMIT_FIELDS = (
    "max_order_notional",
    "max_daily_loss",
    "cooldown_rejects",
    "cooldown_window_s",
    "cooldown_s",
)


def state_from_row(row: Any) -> TradingState:
    limits = GuardrailLimits(
        loss_action=LossAction(row.loss_action),
        session_policy=SessionPolicy(row.session_policy),
        **{name: getattr(row, name) for name in LIMIT_FIELDS},
    )
    return TradingState(
        portfolio_id=row.portfolio_id,
        mode=TradingMode(row.mode),
        status=TradingStatus(row.status),
        kill_switch=row.kill_switch,
        kill_switch_reason=row.kill_switch_reason,
        dry_run_broker=row.dry_run_broker,
        limits=limits,
        day_start_value=row.day_start_value,
        day_start_date=row.day_start_date,
        version=row.version,
    )


def _values(state: TradingState, at: datetime) -> dict[str, Any]:
    limits = state.limits
    return {
        "portfolio_id": state.portfolio_id,
        "mode": state.mode.value,
        "status": state.status.value,
        "kill_switch": state.kill_switch,
        "kill_switch_reason": state.kill_switch_reason,
        "dry_run_broker": state.dry_run_broker,
        "loss_action": limits.loss_action.value,
        "session_policy": limits.session_policy.value,
        **{name: getattr(limits, name) for name in LIMIT_FIELDS},
        "day_start_value": state.day_start_value,
        "day_start_date": state.day_start_date,
        "version": state.version,
        "updated_at": at,
    }


async def load_state(
    connection: AsyncConnection, portfolio_id: str, at: datetime, *, lock: bool = False
) -> TradingState:
    """The portfolio's state; a portfolio never seen gets the defaults (dry-run, paper).

    With ``lock`` the row is created if needed and locked: every write that a
    guardrail judges runs under it, one at a time per portfolio.
    """
    table = store.trading_states
    if lock:
        await connection.execute(
            pg_insert(table)
            .values(**_values(TradingState(portfolio_id), at))
            .on_conflict_do_nothing(index_elements=["portfolio_id"])
        )
    query = select(table).where(table.c.portfolio_id == portfolio_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return TradingState(portfolio_id) if row is None else state_from_row(row)


async def save_state(connection: AsyncConnection, state: TradingState, at: datetime) -> None:
    """Write the state; the caller holds the row lock from :func:`load_state`."""
    values = _values(state, at)
    del values["portfolio_id"]
    table = store.trading_states
    await connection.execute(
        update(table).where(table.c.portfolio_id == state.portfolio_id).values(**values)
    )


async def live_portfolios(connection: AsyncConnection) -> list[str]:
    table = store.trading_states
    query = select(table.c.portfolio_id).where(table.c.mode == TradingMode.LIVE.value)
    return [row.portfolio_id for row in await connection.execute(query)]


async def add_rejection(
    connection: AsyncConnection, portfolio_id: str, reason: str, order_key: str | None, at: datetime
) -> int:
    statement = (
        insert(store.rejections)
        .values(portfolio_id=portfolio_id, reason=reason, order_key=order_key, occurred_at=at)
        .returning(store.rejections.c.id)
    )
    return int((await connection.execute(statement)).scalar_one())


async def reject_times(
    connection: AsyncConnection, portfolio_id: str, since: datetime
) -> list[datetime]:
    table = store.rejections
    query = (
        select(table.c.occurred_at)
        .where(
            table.c.portfolio_id == portfolio_id,
            table.c.occurred_at >= since,
            # A refusal because of the cooldown must not prolong it.
            table.c.reason != "COOLDOWN_ACTIVE",
        )
        .order_by(table.c.occurred_at)
    )
    return [row.occurred_at for row in await connection.execute(query)]


async def add_confirmation(
    connection: AsyncConnection,
    confirmation_id: uuid.UUID,
    portfolio_id: str,
    actor_user_id: str,
    summary: dict[str, Any],
    digest: str,
    expires_at: datetime,
    at: datetime,
) -> None:
    await connection.execute(
        insert(store.live_confirmations).values(
            confirmation_id=confirmation_id,
            portfolio_id=portfolio_id,
            actor_user_id=actor_user_id,
            risk_summary=summary,
            risk_summary_sha256=digest,
            expires_at=expires_at,
            created_at=at,
        )
    )


async def take_confirmation(
    connection: AsyncConnection, confirmation_id: uuid.UUID, portfolio_id: str
) -> Any:
    """The confirmation row, locked (None if unknown for this portfolio)."""
    table = store.live_confirmations
    query = (
        select(table)
        .where(table.c.confirmation_id == confirmation_id, table.c.portfolio_id == portfolio_id)
        .with_for_update()
    )
    return (await connection.execute(query)).first()


async def use_confirmation(
    connection: AsyncConnection, confirmation_id: uuid.UUID, at: datetime
) -> None:
    table = store.live_confirmations
    await connection.execute(
        update(table).where(table.c.confirmation_id == confirmation_id).values(used_at=at)
    )
