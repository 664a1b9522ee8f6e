"""Reads: entries (paginated, filtered), holdings and cash from snapshots, and verification."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncConnection

from services.ledger import repository as repo
from services.ledger.domain.model import CashBalance, Holding, PostedEntry
from services.ledger.domain.replay import Difference, compare, compare_entries, replay
from services.ledger.handlers import LedgerDeps
from taplatform.errors import InvalidArgumentError

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class EntryPage:
    entries: list[tuple[PostedEntry, uuid.UUID | None]]
    next_page_token: str


def encode_token(sequence: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{sequence}".encode()).decode()


def decode_token(token: str) -> int | None:
    """The cursor in a page token ("" means the first page)."""
    if not token:
        return None
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix != "seq":
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgumentError.for_field(
            "page.page_token", "is not a token from a previous page"
        ) from None


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidArgumentError.for_field("page.page_size", "must not be negative")
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


async def list_entries(
    deps: LedgerDeps, portfolio_id: str, where: repo.EntryFilter, size: int, token: str
) -> EntryPage:
    """One page of entries in posting order (or newest first)."""
    where = replace(where, after_sequence=decode_token(token))
    limit = page_size(size)
    async with deps.engine.connect() as connection:
        rows = await repo.list_entries(connection, portfolio_id, where, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = encode_token(rows[-1][0].sequence) if more else ""
    return EntryPage(rows, next_token)


async def list_holdings(
    deps: LedgerDeps, portfolio_id: str, *, include_closed: bool = False
) -> list[Holding]:
    """Holdings from the snapshots, by listing id; closed (zero) ones only on request."""
    async with deps.engine.connect() as connection:
        holdings = await repo.holding_snapshots(connection, portfolio_id)
    return [h for h in holdings if include_closed or h.quantity != 0]


async def list_cash(deps: LedgerDeps, portfolio_id: str) -> list[CashBalance]:
    """Cash balances from the snapshots, by currency."""
    async with deps.engine.connect() as connection:
        return await repo.cash_snapshots(connection, portfolio_id)


@dataclass(frozen=True)
class Verification:
    differences: list[Difference]
    entries_replayed: int

    @property
    def consistent(self) -> bool:
        return not self.differences


async def verify_portfolio(deps: LedgerDeps, portfolio_id: str) -> Verification:
    """Replay every entry and compare with the snapshots, in one consistent read."""
    async with deps.engine.connect() as connection:
        # One snapshot of the database for entries and snapshots alike, so a
        # batch committing meanwhile cannot look like a difference.
        await connection.execution_options(isolation_level="REPEATABLE READ")
        async with connection.begin():
            return await _verify(connection, portfolio_id)


async def _verify(connection: AsyncConnection, portfolio_id: str) -> Verification:
    stored = await repo.all_entries(connection, portfolio_id)
    cash = await repo.cash_snapshots(connection, portfolio_id)
    holdings = await repo.holding_snapshots(connection, portfolio_id)
    replayed = replay(stored)
    differences = compare(cash, holdings, replayed.book)
    differences += compare_entries(stored, replayed.entries)
    return Verification(differences, len(stored))
