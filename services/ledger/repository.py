"""Reads of the ledger tables, and the account row, inside a transaction the caller owns."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.ledger import store
from services.ledger.domain.model import (
    AccountPolicy,
    CashBalance,
    Entry,
    EntryKind,
    Holding,
    PostedEntry,
)

CONTENT_COLUMNS = (
    "amount",
    "currency",
    "listing_id",
    "quantity",
    "price",
    "price_currency",
    "fx_rate",
    "fees",
    "settlement_date",
    "split_ratio",
    "reverses_entry_id",
)


@dataclass(frozen=True)
class Account:
    """An ``accounts`` row: the policy plus counters."""

    policy: AccountPolicy
    last_entry_sequence: int
    last_batch_sequence: int
    version: int


@dataclass(frozen=True)
class BatchRecord:
    batch_id: uuid.UUID
    portfolio_id: str
    sequence: int
    content_hash: str
    actor_user_id: str | None
    posted_at: datetime


def entry_from_row(row: Any) -> Entry:
    """The client-given content of a stored entry."""
    return Entry(
        entry_id=row.entry_id,
        kind=EntryKind(row.kind),
        entry_date=row.entry_date,
        memo=row.memo,
        **{name: getattr(row, name) for name in CONTENT_COLUMNS},
    )


def posted_from_row(row: Any) -> PostedEntry:
    """A stored entry with what posting derived."""
    return PostedEntry(
        entry=entry_from_row(row),
        batch_id=row.batch_id,
        sequence=row.sequence,
        posted_at=row.posted_at,
        cash_change=row.cash_change,
        cash_currency=row.cash_currency,
        listing_amount=row.listing_amount,
        base_amount=row.base_amount,
        affects_listing_id=row.affects_listing_id,
    )


def _account(row: Any) -> Account:
    policy = AccountPolicy(
        row.portfolio_id, row.base_currency, row.allow_negative_cash, row.allow_short
    )
    return Account(policy, row.last_entry_sequence, row.last_batch_sequence, row.version)


async def get_account(
    connection: AsyncConnection, portfolio_id: str, *, lock: bool = False
) -> Account | None:
    """The account row; ``lock`` takes it FOR UPDATE, serialising the portfolio's batches."""
    query = select(store.accounts).where(store.accounts.c.portfolio_id == portfolio_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    return None if row is None else _account(row)


async def create_account(connection: AsyncConnection, policy: AccountPolicy, now: datetime) -> None:
    """Create the account unless it exists (a concurrent first batch may win)."""
    statement = pg_insert(store.accounts).values(
        portfolio_id=policy.portfolio_id,
        base_currency=policy.base_currency,
        allow_negative_cash=policy.allow_negative_cash,
        allow_short=policy.allow_short,
        last_entry_sequence=0,
        last_batch_sequence=0,
        # Version counts setting changes only; 0 is also what GetAccount shows
        # before any account row exists, so either way the first update sends 0.
        version=0,
        created_at=now,
        updated_at=now,
    )
    await connection.execute(statement.on_conflict_do_nothing())


async def update_account(
    connection: AsyncConnection, account: Account, policy: AccountPolicy, now: datetime
) -> None:
    await connection.execute(
        update(store.accounts)
        .where(store.accounts.c.portfolio_id == policy.portfolio_id)
        .values(
            allow_negative_cash=policy.allow_negative_cash,
            allow_short=policy.allow_short,
            version=account.version + 1,
            updated_at=now,
        )
    )


async def get_batch(connection: AsyncConnection, batch_id: uuid.UUID) -> BatchRecord | None:
    table = store.batches
    row = (await connection.execute(select(table).where(table.c.batch_id == batch_id))).first()
    if row is None:
        return None
    return BatchRecord(
        row.batch_id,
        row.portfolio_id,
        row.sequence,
        row.content_hash,
        row.actor_user_id,
        row.posted_at,
    )


async def batch_entries(connection: AsyncConnection, batch_id: uuid.UUID) -> list[PostedEntry]:
    table = store.entries
    query = select(table).where(table.c.batch_id == batch_id).order_by(table.c.position)
    return [posted_from_row(row) for row in await connection.execute(query)]


async def entries_by_id(
    connection: AsyncConnection, entry_ids: Iterable[uuid.UUID]
) -> list[tuple[str, PostedEntry]]:
    """Stored entries among ``entry_ids``, with their portfolio."""
    ids = list(entry_ids)
    if not ids:
        return []
    table = store.entries
    rows = await connection.execute(select(table).where(table.c.entry_id.in_(ids)))
    return [(row.portfolio_id, posted_from_row(row)) for row in rows]


async def reversed_among(
    connection: AsyncConnection, entry_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of ``entry_ids`` a stored reversal already undoes."""
    ids = list(entry_ids)
    if not ids:
        return set()
    column = store.entries.c.reverses_entry_id
    rows = await connection.execute(select(column).where(column.in_(ids)))
    return {row[0] for row in rows}


async def listing_histories(
    connection: AsyncConnection, portfolio_id: str, listing_ids: Iterable[str]
) -> dict[str, list[Entry]]:
    """Every entry that changed each listing's holding, in posting order."""
    listings = sorted(set(listing_ids))
    found: dict[str, list[Entry]] = {listing: [] for listing in listings}
    if not listings:
        return found
    table = store.entries
    query = (
        select(table)
        .where(table.c.portfolio_id == portfolio_id, table.c.affects_listing_id.in_(listings))
        .order_by(table.c.sequence)
    )
    for row in await connection.execute(query):
        found[row.affects_listing_id].append(entry_from_row(row))
    return found


async def cash_snapshots(
    connection: AsyncConnection, portfolio_id: str, currencies: Iterable[str] | None = None
) -> list[CashBalance]:
    table = store.cash_snapshots
    query = select(table).where(table.c.portfolio_id == portfolio_id).order_by(table.c.currency)
    if currencies is not None:
        wanted = sorted(set(currencies))
        if not wanted:
            return []
        query = query.where(table.c.currency.in_(wanted))
    return [
        CashBalance(row.currency, row.balance, row.last_entry_id, row.last_sequence)
        for row in await connection.execute(query)
    ]


async def holding_snapshots(
    connection: AsyncConnection, portfolio_id: str, listing_ids: Iterable[str] | None = None
) -> list[Holding]:
    table = store.holding_snapshots
    query = select(table).where(table.c.portfolio_id == portfolio_id).order_by(table.c.listing_id)
    if listing_ids is not None:
        wanted = sorted(set(listing_ids))
        if not wanted:
            return []
        query = query.where(table.c.listing_id.in_(wanted))
    return [
        Holding(
            row.listing_id, row.quantity, row.average_cost, row.last_entry_id, row.last_sequence
        )
        for row in await connection.execute(query)
    ]


async def all_entries(connection: AsyncConnection, portfolio_id: str) -> list[PostedEntry]:
    """Every entry of a portfolio in posting order (for replay)."""
    table = store.entries
    query = select(table).where(table.c.portfolio_id == portfolio_id).order_by(table.c.sequence)
    return [posted_from_row(row) for row in await connection.execute(query)]


@dataclass(frozen=True)
class EntryFilter:
    """Filters of ``ListEntries``; ``after_sequence`` is the page cursor."""

    kinds: tuple[EntryKind, ...] = ()
    listing_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    newest_first: bool = False
    after_sequence: int | None = None


async def list_entries(
    connection: AsyncConnection, portfolio_id: str, where: EntryFilter, limit: int
) -> list[tuple[PostedEntry, uuid.UUID | None]]:
    """A page of entries, each with the id of the reversal that undid it (if any)."""
    table = store.entries
    reversal = table.alias("reversal")
    query = (
        select(table, reversal.c.entry_id.label("reversed_by"))
        .outerjoin(reversal, reversal.c.reverses_entry_id == table.c.entry_id)
        .where(table.c.portfolio_id == portfolio_id)
    )
    if where.kinds:
        query = query.where(table.c.kind.in_([k.value for k in where.kinds]))
    if where.listing_id:
        listing = where.listing_id
        query = query.where(
            (table.c.listing_id == listing) | (table.c.affects_listing_id == listing)
        )
    if where.date_from:
        query = query.where(table.c.entry_date >= where.date_from)
    if where.date_to:
        query = query.where(table.c.entry_date <= where.date_to)
    if where.after_sequence is not None:
        after = where.after_sequence
        query = query.where(
            table.c.sequence < after if where.newest_first else table.c.sequence > after
        )
    order = table.c.sequence.desc() if where.newest_first else table.c.sequence
    rows = await connection.execute(query.order_by(order).limit(limit))
    return [(posted_from_row(row), row.reversed_by) for row in rows]


async def holders(
    connection: AsyncConnection, listing_ids: Iterable[str], portfolio_ids: Iterable[str] | None
) -> list[tuple[str, str, Any]]:
    """(portfolio id, listing id, quantity) of non-zero holdings, by listing then portfolio."""
    table = store.holding_snapshots
    query = select(table.c.portfolio_id, table.c.listing_id, table.c.quantity).where(
        table.c.listing_id.in_(sorted(set(listing_ids))), table.c.quantity != 0
    )
    if portfolio_ids is not None:
        query = query.where(table.c.portfolio_id.in_(sorted(set(portfolio_ids))))
    query = query.order_by(table.c.listing_id, table.c.portfolio_id)
    return [
        (row.portfolio_id, row.listing_id, row.quantity) for row in await connection.execute(query)
    ]
