"""Reads and writes of ``registry.notifications``, always within one recipient's rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.domain.notifications import Audience, Draft, Notification, Severity
from services.registry.paging import Page, encode_token
from services.registry.store import constituents, notifications, portfolios, users
from taplatform.errors import InvalidArgumentError

c = notifications.c


def to_row(notification: Notification) -> dict[str, Any]:
    values = {f.name: getattr(notification, f.name) for f in dataclasses.fields(notification)}
    values["severity"] = notification.severity.value
    return values


def from_row(row: Any) -> Notification:
    names = [f.name for f in dataclasses.fields(Notification)]
    values = {name: row[name] for name in names}
    values["severity"] = Severity(row["severity"])
    values["notification_id"] = str(row["notification_id"])
    values["source_event_id"] = str(row["source_event_id"])
    return Notification(**values)


async def recipients(connection: AsyncConnection, draft: Draft) -> list[str]:
    """The user ids ``draft`` is addressed to (none when its portfolio or listing is unknown)."""
    p = portfolios.c
    if draft.audience is Audience.PORTFOLIO_OWNER:
        query = select(p.owner_user_id).where(p.portfolio_id == draft.portfolio_id)
        return [str(u) for u in (await connection.scalars(query)).all()]
    holders = (
        select(p.owner_user_id)
        .join(constituents, constituents.c.portfolio_id == p.portfolio_id)
        .where(constituents.c.listing_id == draft.listing_id, p.archived.is_(False))
    )
    admins = select(users.c.user_id).where(users.c.role == "admin")
    found = (await connection.scalars(holders.union(admins))).all()
    return sorted({str(u) for u in found})


async def insert_new(
    connection: AsyncConnection, made: Sequence[Notification]
) -> list[Notification]:
    """Insert ``made``; answer those that were not stored before (a redelivery adds none)."""
    if not made:
        return []
    statement = (
        insert(notifications)
        .values([to_row(n) for n in made])
        .on_conflict_do_nothing(index_elements=["notification_id"])
        .returning(c.notification_id)
    )
    stored = {str(i) for i in (await connection.scalars(statement)).all()}
    return [n for n in made if n.notification_id in stored]


def _mine(user_id: str, unread_only: bool = False) -> list[ColumnElement[bool]]:
    return [c.recipient_user_id == user_id, c.read_at.is_(None) if unread_only else true()]


async def page_of(
    connection: AsyncConnection, user_id: str, unread_only: bool, page: Page
) -> tuple[list[Notification], str]:
    """One page of the user's notifications, newest first, and the next page's token."""
    query = select(notifications).where(*_mine(user_id, unread_only))
    if page.after is not None:
        if not isinstance(page.after, int):
            raise InvalidArgumentError.for_field("page.page_token", "is not a token of this list")
        query = query.where(c.seq < page.after)
    query = query.order_by(c.seq.desc()).limit(page.size + 1)
    rows = (await connection.execute(query)).mappings().all()
    more = len(rows) > page.size
    rows = rows[: page.size]
    return [from_row(r) for r in rows], encode_token(rows[-1]["seq"]) if more else ""


async def one(connection: AsyncConnection, user_id: str, ident: str) -> Notification | None:
    query = select(notifications).where(c.notification_id == ident, *_mine(user_id))
    row = (await connection.execute(query)).mappings().first()
    return None if row is None else from_row(row)


async def owned_ids(connection: AsyncConnection, user_id: str, ids: Sequence[str]) -> set[str]:
    query = select(c.notification_id).where(c.notification_id.in_(ids), *_mine(user_id))
    return {str(i) for i in (await connection.scalars(query)).all()}


async def mark_read(
    connection: AsyncConnection,
    user_id: str,
    now: datetime,
    *,
    ids: Sequence[str] = (),
    up_to: datetime | None = None,
) -> int:
    """Mark the user's unread notifications (``ids``, or created at or before ``up_to``)."""
    which = c.notification_id.in_(ids) if ids else c.created_at <= up_to
    statement = (
        update(notifications)
        .where(*_mine(user_id, unread_only=True), which)
        .values(read_at=now)
        .returning(c.notification_id)
    )
    return len((await connection.scalars(statement)).all())


async def unread_counts(connection: AsyncConnection, user_id: str) -> tuple[int, int]:
    """(unread, unread critical) of the user."""
    critical = func.count().filter(c.severity == Severity.CRITICAL.value)
    query = select(func.count(), critical).where(and_(*_mine(user_id, unread_only=True)))
    total, loud = (await connection.execute(query)).one()
    return int(total), int(loud)
