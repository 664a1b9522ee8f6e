"""Reads and writes of the engine's tables, inside the caller's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.engine import store


@dataclass(frozen=True)
class PolicyVersionRecord:
    policy_version_id: uuid.UUID
    portfolio_id: str
    version: int
    policy_hash: str
    name: str
    canonical_json: str
    source_text: str
    source_format: str
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class ApprovalRecord:
    approval_id: uuid.UUID
    portfolio_id: str
    sequence: int
    policy_version_id: uuid.UUID
    policy_hash: str
    approved_at: datetime
    approved_by: str | None


@dataclass(frozen=True)
class RunRecord:
    run_id: uuid.UUID
    portfolio_id: str
    trigger: str
    request_id: str
    cadence_period: str | None
    policy_version_id: uuid.UUID | None
    policy_hash: str | None
    snapshot_hash: str
    outcome: str
    line_count: int
    recommendation_hash: str
    blocked_reasons: list[str]  # canonical JSON of each {code, subject, detail}
    as_of: datetime
    created_at: datetime
    actor_user_id: str | None
    status: str
    status_version: int
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None
    executed_at: datetime | None
    executed_line_ids: list[str]


def _record(cls: Any, row: Any) -> Any:
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def _values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


async def lock_portfolio(connection: AsyncConnection, portfolio_id: str) -> None:
    """Serialise policy writes of one portfolio until the transaction ends."""
    await connection.execute(
        sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(portfolio_id, 0)))
    )


# Policy versions and approvals -------------------------------------------------------------


async def policy_versions(
    connection: AsyncConnection, portfolio_id: str
) -> list[PolicyVersionRecord]:
    table = store.policy_versions
    rows = await connection.execute(
        sa.select(table)
        .where(table.c.portfolio_id == portfolio_id)
        .order_by(table.c.version.desc())
    )
    return [_record(PolicyVersionRecord, r) for r in rows]


async def policy_version(
    connection: AsyncConnection,
    portfolio_id: str,
    *,
    policy_version_id: uuid.UUID | None = None,
    policy_hash: str | None = None,
) -> PolicyVersionRecord | None:
    table = store.policy_versions
    query = sa.select(table).where(table.c.portfolio_id == portfolio_id)
    if policy_version_id is not None:
        query = query.where(table.c.policy_version_id == policy_version_id)
    if policy_hash is not None:
        query = query.where(table.c.policy_hash == policy_hash)
    row = (await connection.execute(query)).first()
    return None if row is None else _record(PolicyVersionRecord, row)


async def next_number(connection: AsyncConnection, table: sa.Table, column: str, pid: str) -> int:
    """1 + the highest ``column`` of the portfolio's rows (the caller holds the portfolio lock)."""
    highest = await connection.scalar(
        sa.select(sa.func.max(table.c[column])).where(table.c.portfolio_id == pid)
    )
    return int(highest or 0) + 1


async def insert_policy_version(connection: AsyncConnection, record: PolicyVersionRecord) -> None:
    await connection.execute(sa.insert(store.policy_versions).values(**_values(record)))


async def approvals(connection: AsyncConnection, portfolio_id: str) -> list[ApprovalRecord]:
    table = store.policy_approvals
    rows = await connection.execute(
        sa.select(table)
        .where(table.c.portfolio_id == portfolio_id)
        .order_by(table.c.sequence.desc())
    )
    return [_record(ApprovalRecord, r) for r in rows]


async def current_approval(connection: AsyncConnection, portfolio_id: str) -> ApprovalRecord | None:
    table = store.policy_approvals
    row = (
        await connection.execute(
            sa.select(table)
            .where(table.c.portfolio_id == portfolio_id)
            .order_by(table.c.sequence.desc())
            .limit(1)
        )
    ).first()
    return None if row is None else _record(ApprovalRecord, row)


async def insert_approval(connection: AsyncConnection, record: ApprovalRecord) -> None:
    await connection.execute(sa.insert(store.policy_approvals).values(**_values(record)))


# Snapshots, runs and recommendations -------------------------------------------------------


async def insert_snapshot(
    connection: AsyncConnection, snapshot_hash: str, portfolio_id: str, text: str, at: datetime
) -> None:
    """Store a snapshot once: equal bytes have equal hashes."""
    await connection.execute(
        pg_insert(store.snapshots)
        .values(
            snapshot_hash=snapshot_hash,
            portfolio_id=portfolio_id,
            canonical_json=text,
            created_at=at,
        )
        .on_conflict_do_nothing(index_elements=["snapshot_hash"])
    )


async def snapshot_json(connection: AsyncConnection, snapshot_hash: str) -> str | None:
    table = store.snapshots
    return await connection.scalar(
        sa.select(table.c.canonical_json).where(table.c.snapshot_hash == snapshot_hash)
    )


async def insert_run(connection: AsyncConnection, record: RunRecord, recommendation: str) -> None:
    """The run and its recommendation's canonical bytes, together."""
    await connection.execute(sa.insert(store.runs).values(**_values(record)))
    await connection.execute(
        sa.insert(store.recommendations).values(
            run_id=record.run_id,
            portfolio_id=record.portfolio_id,
            recommendation_hash=record.recommendation_hash,
            snapshot_hash=record.snapshot_hash,
            policy_hash=record.policy_hash,
            canonical_json=recommendation,
            created_at=record.created_at,
        )
    )


async def run(
    connection: AsyncConnection, portfolio_id: str, run_id: uuid.UUID, *, lock: bool = False
) -> RunRecord | None:
    """The run, only within ``portfolio_id`` (a run id alone never reaches another's run)."""
    table = store.runs
    query = sa.select(table).where(table.c.portfolio_id == portfolio_id, table.c.run_id == run_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _record(RunRecord, row)


async def run_where(connection: AsyncConnection, *conditions: Any) -> RunRecord | None:
    row = (await connection.execute(sa.select(store.runs).where(*conditions))).first()
    return None if row is None else _record(RunRecord, row)


async def run_by_request(connection: AsyncConnection, request_id: str) -> RunRecord | None:
    return await run_where(connection, store.runs.c.request_id == request_id)


async def scheduled_run(
    connection: AsyncConnection, portfolio_id: str, period: str
) -> RunRecord | None:
    table = store.runs
    return await run_where(
        connection,
        table.c.portfolio_id == portfolio_id,
        table.c.trigger == "scheduled",
        table.c.cadence_period == period,
    )


async def list_runs(
    connection: AsyncConnection,
    portfolio_id: str,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> list[RunRecord]:
    """Runs newest first, after the cursor ``before`` (created_at, run_id) if given."""
    table = store.runs
    query = sa.select(table).where(table.c.portfolio_id == portfolio_id)
    if before is not None:
        query = query.where(
            sa.tuple_(table.c.created_at, table.c.run_id)
            < sa.tuple_(sa.literal(before[0]), sa.literal(before[1]))
        )
    query = query.order_by(table.c.created_at.desc(), table.c.run_id.desc()).limit(limit)
    return [_record(RunRecord, r) for r in await connection.execute(query)]


async def recommendation_json(connection: AsyncConnection, run_id: uuid.UUID) -> str:
    table = store.recommendations
    text = await connection.scalar(
        sa.select(table.c.canonical_json).where(table.c.run_id == run_id)
    )
    assert text is not None, "a run is stored with its recommendation"
    return str(text)


async def last_accepted_recommendation(
    connection: AsyncConnection, portfolio_id: str
) -> str | None:
    """The canonical bytes of the newest approved (or executed) recommendation."""
    runs, recs = store.runs, store.recommendations
    return await connection.scalar(
        sa.select(recs.c.canonical_json)
        .join(runs, runs.c.run_id == recs.c.run_id)
        .where(runs.c.portfolio_id == portfolio_id, runs.c.status.in_(("approved", "executed")))
        .order_by(runs.c.created_at.desc(), runs.c.run_id.desc())
        .limit(1)
    )


async def update_status(connection: AsyncConnection, run_id: uuid.UUID, **values: Any) -> None:
    table = store.runs
    await connection.execute(
        sa.update(table)
        .where(table.c.run_id == run_id)
        .values(status_version=table.c.status_version + 1, **values)
    )
