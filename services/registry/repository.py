"""Generic reads and writes of versioned registry rows, and keyset pages over them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.domain.versioning import check_version
from services.registry.paging import Page, encode_token
from services.registry.records import Mapper
from taplatform.errors import NotFoundError


async def fetch(
    connection: AsyncConnection,
    table: Table,
    mapper: Mapper,
    *where: ColumnElement[bool],
    lock: bool = False,
) -> Any | None:
    """One row as a domain object, or None; ``lock`` takes it FOR UPDATE."""
    query = select(table).where(*where)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).mappings().first()
    return None if row is None else mapper.from_row(row)


async def fetch_all(
    connection: AsyncConnection, table: Table, mapper: Mapper, *where: ColumnElement[bool]
) -> list[Any]:
    """Every matching row, in creation order."""
    rows = (await connection.execute(select(table).where(*where).order_by(table.c.seq))).mappings()
    return [mapper.from_row(row) for row in rows]


async def fetch_page(
    connection: AsyncConnection,
    table: Table,
    mapper: Mapper,
    page: Page,
    *where: ColumnElement[bool],
) -> tuple[list[Any], str]:
    """One page in creation order and the token of the next ('' on the last page)."""
    query = select(table).where(*where)
    if page.after is not None:
        query = query.where(table.c.seq > int(page.after))
    rows = (
        (await connection.execute(query.order_by(table.c.seq).limit(page.size + 1)))
        .mappings()
        .all()
    )
    more = len(rows) > page.size
    rows = rows[: page.size]
    token = encode_token(rows[-1]["seq"]) if more else ""
    return [mapper.from_row(row) for row in rows], token


async def require(
    connection: AsyncConnection,
    table: Table,
    mapper: Mapper,
    kind: str,
    field: str,
    ident: str,
    *,
    lock: bool = False,
    version: int | None = None,
) -> Any:
    """The row named by ``ident`` (NOT_FOUND naming ``field``), at ``version`` when given."""
    found = await fetch(connection, table, mapper, table.c[field] == ident, lock=lock)
    if found is None:
        raise NotFoundError(f"{field}: no {kind} {ident}", metadata={field: ident})
    if version is not None:
        check_version(kind, ident, found.version, version)
    return found


async def add(
    connection: AsyncConnection, table: Table, mapper: Mapper, entity: Any, **extra: Any
) -> None:
    """Insert ``entity``; ``extra`` sets columns the domain object does not carry (hashes)."""
    await connection.execute(insert(table).values({**mapper.to_row(entity), **extra}))


async def save(
    connection: AsyncConnection,
    table: Table,
    mapper: Mapper,
    entity: Any,
    keys: Sequence[str],
) -> None:
    """Write every column of ``entity`` to the row with the same key columns."""
    values = mapper.to_row(entity)
    where = [table.c[k] == values[k] for k in keys]
    await connection.execute(update(table).where(*where).values(values))
