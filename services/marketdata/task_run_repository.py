"""Task runs in the ``task_runs`` table: claimed by request id, finished with counts."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.marketdata.domain.task_runs import RunCounts, RunStatus, TaskRun
from services.marketdata.store import task_runs


def run_from_row(row: Any) -> TaskRun:
    return TaskRun(
        task_run_id=str(row.task_run_id),
        task=row.task,
        trigger=row.trigger,
        source=row.source,
        status=RunStatus(row.status),
        started_at=row.started_at,
        listing_ids=tuple(row.listing_ids),
        request_id=row.request_id,
        finished_at=row.finished_at,
        counts=RunCounts(row.fetched, row.inserted, row.updated, row.unchanged, row.rejected),
        error_summary=row.error_summary,
    )


async def claim_run(
    connection: AsyncConnection, run: TaskRun, actor_user_id: str | None
) -> tuple[TaskRun, bool]:
    """Insert ``run``, or return the run already recorded under its request id (and False)."""
    values = {
        "task_run_id": uuid.UUID(run.task_run_id),
        "request_id": run.request_id,
        "task": run.task,
        "trigger": run.trigger,
        "source": run.source,
        "status": run.status.value,
        "listing_ids": list(run.listing_ids),
        "started_at": run.started_at,
        "actor_user_id": actor_user_id,
    }
    statement = insert(task_runs).values(**values).on_conflict_do_nothing()
    created = (await connection.execute(statement.returning(task_runs.c.task_run_id))).first()
    if created is not None:
        return run, True
    row = (
        await connection.execute(
            sa.select(task_runs).where(task_runs.c.request_id == run.request_id)
        )
    ).one()
    return run_from_row(row), False


async def finish_run(connection: AsyncConnection, run: TaskRun) -> None:
    counts = run.counts
    await connection.execute(
        sa.update(task_runs)
        .where(task_runs.c.task_run_id == uuid.UUID(run.task_run_id))
        .values(
            status=run.status.value,
            finished_at=run.finished_at,
            fetched=counts.fetched,
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=counts.rejected,
            error_summary=run.error_summary,
            listing_ids=list(run.listing_ids),
        )
    )


async def list_runs(connection: AsyncConnection, limit: int, task: str | None) -> list[TaskRun]:
    query = sa.select(task_runs).order_by(task_runs.c.started_at.desc(), task_runs.c.task_run_id)
    if task:
        query = query.where(task_runs.c.task == task)
    return [run_from_row(r) for r in await connection.execute(query.limit(limit))]
