"""Writes of a posted batch: the batch and entry rows, the account counters, the snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.ledger import store
from services.ledger.domain.model import CashBalance, Holding, PostedEntry
from services.ledger.repository import CONTENT_COLUMNS, BatchRecord


def entry_values(portfolio_id: str, position: int, posted: PostedEntry) -> dict[str, Any]:
    entry = posted.entry
    return {
        "entry_id": entry.entry_id,
        "portfolio_id": portfolio_id,
        "batch_id": posted.batch_id,
        "sequence": posted.sequence,
        "position": position,
        "kind": entry.kind.value,
        "entry_date": entry.entry_date,
        "memo": entry.memo,
        **{name: getattr(entry, name) for name in CONTENT_COLUMNS},
        "cash_change": posted.cash_change,
        "cash_currency": posted.cash_currency,
        "listing_amount": posted.listing_amount,
        "base_amount": posted.base_amount,
        "affects_listing_id": posted.affects_listing_id,
        "posted_at": posted.posted_at,
    }


async def insert_batch(
    connection: AsyncConnection, record: BatchRecord, posted: Sequence[PostedEntry]
) -> None:
    """Insert the batch row and its entries (the caller holds the account lock)."""
    await connection.execute(
        insert(store.batches).values(
            batch_id=record.batch_id,
            portfolio_id=record.portfolio_id,
            sequence=record.sequence,
            content_hash=record.content_hash,
            entry_count=len(posted),
            actor_user_id=record.actor_user_id,
            posted_at=record.posted_at,
        )
    )
    rows = [entry_values(record.portfolio_id, i, p) for i, p in enumerate(posted)]
    await connection.execute(insert(store.entries), rows)
    await connection.execute(
        update(store.accounts)
        .where(store.accounts.c.portfolio_id == record.portfolio_id)
        .values(
            last_entry_sequence=posted[-1].sequence,
            last_batch_sequence=record.sequence,
            updated_at=record.posted_at,
        )
    )


async def save_snapshots(
    connection: AsyncConnection,
    portfolio_id: str,
    cash: Iterable[CashBalance],
    holdings: Iterable[Holding],
    now: datetime,
) -> None:
    """Upsert the snapshots a batch changed."""
    cash_rows = [
        {
            "portfolio_id": portfolio_id,
            "currency": c.currency,
            "balance": c.balance,
            "last_entry_id": c.last_entry_id,
            "last_sequence": c.last_sequence,
            "updated_at": now,
        }
        for c in cash
    ]
    holding_rows = [
        {
            "portfolio_id": portfolio_id,
            "listing_id": h.listing_id,
            "quantity": h.quantity,
            "average_cost": h.average_cost,
            "last_entry_id": h.last_entry_id,
            "last_sequence": h.last_sequence,
            "updated_at": now,
        }
        for h in holdings
    ]
    for table, rows, key, values in (
        (store.cash_snapshots, cash_rows, "currency", ("balance",)),
        (store.holding_snapshots, holding_rows, "listing_id", ("quantity", "average_cost")),
    ):
        if not rows:
            continue
        statement = pg_insert(table)
        changed = (*values, "last_entry_id", "last_sequence", "updated_at")
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["portfolio_id", key],
                set_={name: statement.excluded[name] for name in changed},
            ),
            rows,
        )
