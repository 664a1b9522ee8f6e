"""Rows of the dead-letter queue of broker calls."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import store
from services.oms.domain.retry import DeadLetterOperation, DeadLetterStatus


@dataclass(frozen=True)
class DeadLetter:
    dead_letter_id: uuid.UUID
    portfolio_id: str
    order_id: uuid.UUID
    operation: DeadLetterOperation
    broker: str
    client_order_id: str
    status: DeadLetterStatus
    attempts: int
    max_attempts: int
    last_error: str
    next_attempt_at: datetime | None
    context: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    def evolve(self, **changes: Any) -> DeadLetter:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Audit form."""
        return {
            "dead_letter_id": str(self.dead_letter_id),
            "order_id": str(self.order_id),
            "operation": self.operation.value,
            "broker": self.broker,
            "status": self.status.value,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "last_error": self.last_error,
            "next_attempt_at": None
            if self.next_attempt_at is None
            else self.next_attempt_at.isoformat(),
        }


def _from_row(row: Any) -> DeadLetter:
    return DeadLetter(
        dead_letter_id=row.dead_letter_id,
        portfolio_id=row.portfolio_id,
        order_id=row.order_id,
        operation=DeadLetterOperation(row.operation),
        broker=row.broker,
        client_order_id=row.client_order_id,
        status=DeadLetterStatus(row.status),
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        last_error=row.last_error,
        next_attempt_at=row.next_attempt_at,
        context=row.context,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _values(letter: DeadLetter) -> dict[str, Any]:
    return {
        "dead_letter_id": letter.dead_letter_id,
        "portfolio_id": letter.portfolio_id,
        "order_id": letter.order_id,
        "operation": letter.operation.value,
        "broker": letter.broker,
        "client_order_id": letter.client_order_id,
        "status": letter.status.value,
        "attempts": letter.attempts,
        "max_attempts": letter.max_attempts,
        "last_error": letter.last_error,
        "next_attempt_at": letter.next_attempt_at,
        "context": letter.context,
        "created_at": letter.created_at,
        "updated_at": letter.updated_at,
    }


async def insert_dead_letter(connection: AsyncConnection, letter: DeadLetter) -> None:
    await connection.execute(insert(store.dead_letters).values(**_values(letter)))


async def save_dead_letter(connection: AsyncConnection, letter: DeadLetter) -> None:
    values = _values(letter)
    del values["dead_letter_id"]
    table = store.dead_letters
    await connection.execute(
        update(table).where(table.c.dead_letter_id == letter.dead_letter_id).values(**values)
    )


async def get_dead_letter(
    connection: AsyncConnection,
    dead_letter_id: uuid.UUID,
    *,
    portfolio_id: str | None = None,
    lock: bool = False,
) -> DeadLetter | None:
    table = store.dead_letters
    query = select(table).where(table.c.dead_letter_id == dead_letter_id)
    if portfolio_id is not None:
        query = query.where(table.c.portfolio_id == portfolio_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _from_row(row)


async def open_dead_letter(
    connection: AsyncConnection, order_id: uuid.UUID, operation: DeadLetterOperation
) -> DeadLetter | None:
    table = store.dead_letters
    query = select(table).where(
        table.c.order_id == order_id,
        table.c.operation == operation.value,
        table.c.status.in_([DeadLetterStatus.RETRYING.value, DeadLetterStatus.DEAD.value]),
    )
    row = (await connection.execute(query)).first()
    return None if row is None else _from_row(row)


async def list_dead_letters(
    connection: AsyncConnection, portfolio_id: str, statuses: Sequence[DeadLetterStatus]
) -> list[DeadLetter]:
    table = store.dead_letters
    query = select(table).where(table.c.portfolio_id == portfolio_id)
    if statuses:
        query = query.where(table.c.status.in_([s.value for s in statuses]))
    query = query.order_by(table.c.created_at.desc(), table.c.dead_letter_id)
    return [_from_row(row) for row in await connection.execute(query)]


async def claim_due(
    connection: AsyncConnection, now: datetime, limit: int, portfolio_id: str | None = None
) -> list[DeadLetter]:
    """Retrying letters whose time has come, locked; other workers skip them."""
    table = store.dead_letters
    query = select(table).where(
        table.c.status == DeadLetterStatus.RETRYING.value, table.c.next_attempt_at <= now
    )
    if portfolio_id is not None:
        query = query.where(table.c.portfolio_id == portfolio_id)
    query = query.order_by(table.c.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
    return [_from_row(row) for row in await connection.execute(query)]
