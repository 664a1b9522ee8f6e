"""The OMS dead-letter queue: broker calls that failed, to inspect, replay or abandon."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.oms.v1 import oms_pb2

from edge.api.convert import EdgeInfo, time_or_none
from edge.api.engine_recommendations import enum_name
from edge.api.errors import ExpectedError, FieldError, ValidationError
from edge.api.oms_types import Order, oms_expected


@strawberry.enum(description="RETRYING: waits for its next attempt; DEAD: needs you.")
class DeadLetterStatus(enum.Enum):
    RETRYING = "RETRYING"
    DEAD = "DEAD"
    RESOLVED = "RESOLVED"
    ABANDONED = "ABANDONED"


def _status(value: int) -> DeadLetterStatus | None:
    name = enum_name(oms_pb2.DeadLetterStatus, value, "DEAD_LETTER_STATUS_")
    return DeadLetterStatus.__members__.get(name)


@strawberry.type(description="A broker call (submit, cancel, amend) that did not get through.")
class DeadLetter:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    order_id: strawberry.ID
    operation: str = strawberry.field(description="submit, cancel or amend.")
    broker: str
    client_order_id: str
    status: DeadLetterStatus | None
    attempts: int
    max_attempts: int
    last_error: str
    next_attempt_at: datetime | None
    context_json: str = strawberry.field(description="The call as first made, as JSON.")
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_pb(cls, value: oms_pb2.DeadLetter) -> DeadLetter:
        return cls(
            id=strawberry.ID(value.dead_letter_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            order_id=strawberry.ID(value.order_id),
            operation=value.operation,
            broker=value.broker,
            client_order_id=value.client_order_id,
            status=_status(value.status),
            attempts=value.attempts,
            max_attempts=value.max_attempts,
            last_error=value.last_error,
            next_attempt_at=time_or_none(value.next_attempt_at),
            context_json=value.context_json,
            created_at=time_or_none(value.created_at),
            updated_at=time_or_none(value.updated_at),
        )


@strawberry.type
class DeadLetterList:
    items: list[DeadLetter]


@strawberry.type(description="The dead letter after a replay or abandon, and its order.")
class DeadLetterHandled:
    dead_letter: DeadLetter
    order: Order | None


DeadLetterListResult = Annotated[
    DeadLetterList | ExpectedError, strawberry.union("DeadLetterListResult")
]
DeadLetterResult = Annotated[DeadLetter | ExpectedError, strawberry.union("DeadLetterResult")]
DeadLetterHandledResult = Annotated[
    DeadLetterHandled | ExpectedError, strawberry.union("DeadLetterHandledResult")
]


def _handled(response: oms_pb2.ReplayDeadLetterResponse) -> DeadLetterHandled:
    return DeadLetterHandled(
        dead_letter=DeadLetter.from_pb(response.dead_letter),
        order=Order.from_pb(response.order) if response.HasField("order") else None,
    )


@strawberry.type
class DeadLetterQuery:
    @strawberry.field(description="A portfolio's dead-lettered and retrying broker calls.")
    async def dead_letters(
        self,
        info: EdgeInfo,
        portfolio_id: strawberry.ID,
        statuses: list[DeadLetterStatus] | None = None,
    ) -> DeadLetterListResult:
        async def call() -> DeadLetterList:
            request = oms_pb2.ListDeadLettersRequest(
                portfolio_id=str(portfolio_id),
                statuses=[
                    getattr(oms_pb2, f"DEAD_LETTER_STATUS_{s.value}") for s in statuses or []
                ],
            )
            response = await info.context.oms.ListDeadLetters(request)
            return DeadLetterList(items=[DeadLetter.from_pb(d) for d in response.dead_letters])

        return await oms_expected(call)

    @strawberry.field
    async def dead_letter(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID
    ) -> DeadLetterResult:
        async def call() -> DeadLetter:
            request = oms_pb2.GetDeadLetterRequest(
                portfolio_id=str(portfolio_id), dead_letter_id=str(id)
            )
            return DeadLetter.from_pb((await info.context.oms.GetDeadLetter(request)).dead_letter)

        return await oms_expected(call)


@strawberry.type
class DeadLetterMutation:
    @strawberry.mutation(description="Retry now, reconciling with the broker first; audited.")
    async def replay_dead_letter(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID
    ) -> DeadLetterHandledResult:
        async def call() -> DeadLetterHandled:
            request = oms_pb2.ReplayDeadLetterRequest(
                portfolio_id=str(portfolio_id), dead_letter_id=str(id)
            )
            return _handled(await info.context.oms.ReplayDeadLetter(request))

        return await oms_expected(call)

    @strawberry.mutation(description="Give up on the call (the order is cancelled if unsent).")
    async def abandon_dead_letter(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID, reason: str
    ) -> DeadLetterHandledResult:
        if not reason.strip():
            problem = FieldError(field="reason", message="is required")
            return ValidationError(message="reason: is required", field_errors=[problem])

        async def call() -> DeadLetterHandled:
            request = oms_pb2.AbandonDeadLetterRequest(
                portfolio_id=str(portfolio_id), dead_letter_id=str(id), reason=reason.strip()
            )
            return _handled(await info.context.oms.AbandonDeadLetter(request))

        return await oms_expected(call)
