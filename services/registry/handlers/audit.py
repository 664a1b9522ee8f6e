"""Reading the audit log: one portfolio's events, newest first, a page at a time.

Each event names its actor as read now (one join with ``users`` for the page):
the owner sees who acted on their portfolio, whoever it was. An actor id that
names no user (a deleted one, or no actor) comes back without a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Text, cast, literal, select, tuple_

from services.registry.access import owned_portfolio
from services.registry.domain.identity import UserRole
from services.registry.domain.names import UserName, user_name
from services.registry.paging import Page, encode_token
from services.registry.store import audit_events, users
from services.registry.uow import Database
from taplatform.auth.principal import Principal
from taplatform.errors import InvalidArgumentError


@dataclass(frozen=True)
class AuditEntry:
    event_id: str
    service: str
    event_type: str
    aggregate_type: str
    aggregate_id: str
    portfolio_id: str | None
    actor_user_id: str | None
    occurred_at: datetime
    before: Any
    after: Any
    actor: UserName | None = None


class AuditHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def list_events(
        self, principal: Principal, portfolio_id: str, page: Page
    ) -> tuple[list[AuditEntry], str]:
        """The portfolio's audit events, newest first (by occurrence, then arrival)."""
        c = audit_events.c
        async with self._db.engine.connect() as connection:
            portfolio = await owned_portfolio(connection, principal, portfolio_id)
            query = _events_with_actor().where(c.portfolio_id == portfolio.portfolio_id)
            if page.after is not None:
                moment, seq = _cursor(page.after)
                query = query.where(
                    tuple_(c.occurred_at, c.seq) < tuple_(literal(moment), literal(seq))
                )
            query = query.order_by(c.occurred_at.desc(), c.seq.desc()).limit(page.size + 1)
            rows = (await connection.execute(query)).mappings().all()
        more = len(rows) > page.size
        rows = rows[: page.size]
        token = encode_token([rows[-1]["occurred_at"].isoformat(), rows[-1]["seq"]]) if more else ""
        return [_entry(row) for row in rows], token


def _events_with_actor() -> Select[Any]:
    """Audit events with their actor's email and role (NULL when the id names no user)."""
    # actor_user_id is free text (any service writes it, possibly ""), so the UUID is cast to
    # text rather than the other way round, which would fail on a non-UUID actor.
    joined = audit_events.outerjoin(
        users, cast(users.c.user_id, Text) == audit_events.c.actor_user_id
    )
    return select(
        audit_events, users.c.email.label("actor_email"), users.c.role.label("actor_role")
    ).select_from(joined)


def _cursor(value: Any) -> tuple[datetime, int]:
    try:
        moment, seq = value
        return datetime.fromisoformat(moment), int(seq)
    except (TypeError, ValueError):
        raise InvalidArgumentError.for_field(
            "page.page_token", "is not a token of this list"
        ) from None


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        event_id=str(row["event_id"]),
        service=row["service"],
        event_type=row["event_type"],
        aggregate_type=row["aggregate_type"],
        aggregate_id=row["aggregate_id"],
        portfolio_id=row["portfolio_id"],
        actor_user_id=row["actor_user_id"],
        occurred_at=row["occurred_at"],
        before=row["before"],
        after=row["after"],
        actor=_actor(row),
    )


def _actor(row: Any) -> UserName | None:
    if row["actor_email"] is None:
        return None
    return user_name(row["actor_user_id"], row["actor_email"], UserRole(row["actor_role"]))
