"""The audit log of one portfolio, newest first, a page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.actors import Actor, audit_actor
from edge.api.convert import EdgeInfo, time_or_none
from edge.api.errors import ExpectedError, expected
from edge.api.reference import page_request


@strawberry.type(
    description="One recorded change: who did what, when, with the object before and after."
)
class AuditEvent:
    id: strawberry.ID
    event_type: str
    aggregate_type: str
    aggregate_id: str
    portfolio_id: strawberry.ID | None
    actor_user_id: strawberry.ID | None
    actor: Actor | None = strawberry.field(
        description="Who did it, named when the log was read; null when nobody did (system)."
    )
    occurred_at: datetime | None
    before_json: str | None = strawberry.field(description="Canonical JSON, or null when none.")
    after_json: str | None = strawberry.field(description="Canonical JSON, or null when none.")

    @classmethod
    def from_pb(cls, value: registry_pb2.AuditEvent) -> AuditEvent:
        return cls(
            id=strawberry.ID(value.event_id),
            event_type=value.event_type,
            aggregate_type=value.aggregate_type,
            aggregate_id=value.aggregate_id,
            portfolio_id=strawberry.ID(value.portfolio_id) if value.portfolio_id else None,
            actor_user_id=strawberry.ID(value.actor_user_id) if value.actor_user_id else None,
            actor=audit_actor(value),
            occurred_at=time_or_none(value.occurred_at),
            before_json=value.before_json or None,
            after_json=value.after_json or None,
        )


@strawberry.type
class AuditEventPage:
    items: list[AuditEvent]
    next_page_token: str | None


AuditEventPageResult = Annotated[
    AuditEventPage | ExpectedError, strawberry.union("AuditEventPageResult")
]


@strawberry.type
class AuditQuery:
    @strawberry.field(description="A portfolio's audit events, newest first.")
    async def audit_events(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> AuditEventPageResult:
        async def call() -> AuditEventPage:
            request = registry_pb2.ListAuditEventsRequest(
                portfolio_id=str(portfolio_id), page=page_request(first, after)
            )
            response = await info.context.registry.ListAuditEvents(request)
            return AuditEventPage(
                items=[AuditEvent.from_pb(e) for e in response.events],
                next_page_token=response.page_info.next_page_token or None,
            )

        return await expected(call)
