"""Reading the audit log: one portfolio's events, newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import literal, select, tuple_

from services.registry.access import owned_portfolio
from services.registry.paging import Page, encode_token
from services.registry.store import audit_events
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
            query = select(audit_events).where(c.portfolio_id == portfolio.portfolio_id)
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
    )
