"""The GraphQL schema: system status now; portfolios, runs and orders in later issues."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import Info

from edge.context import EdgeContext
from edge.status import ServiceStatus, ServingStatus

STATUS_UPDATE_INTERVAL_S = 5.0

strawberry.enum(
    ServingStatus,
    name="ServingStatus",
    description="What a service said about its health, or UNREACHABLE when it did not answer.",
)


@strawberry.type(
    name="ServiceStatus", description="The health of one backend service as the edge sees it."
)
class ServiceStatusType:
    name: str
    address: str = strawberry.field(description="host:port the edge calls.")
    status: ServingStatus
    detail: str | None = strawberry.field(description="Why the service is not SERVING.")

    @classmethod
    def from_status(cls, value: ServiceStatus) -> ServiceStatusType:
        return cls(name=value.name, address=value.address, status=value.status, detail=value.detail)


async def _system_status(context: EdgeContext) -> list[ServiceStatusType]:
    statuses = await context.status_checker.check_all()
    return [ServiceStatusType.from_status(value) for value in statuses]


@strawberry.type
class Query:
    @strawberry.field(description="Every backend service and whether it is SERVING.")
    async def system_status(self, info: Info[EdgeContext, None]) -> list[ServiceStatusType]:
        return await _system_status(info.context)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=f"systemStatus now, then every {STATUS_UPDATE_INTERVAL_S:g} seconds."
    )
    async def system_status_updates(
        self, info: Info[EdgeContext, None]
    ) -> AsyncGenerator[list[ServiceStatusType], None]:
        while True:
            yield await _system_status(info.context)
            await asyncio.sleep(STATUS_UPDATE_INTERVAL_S)


def is_unexpected(error: GraphQLError) -> bool:
    """Mask errors raised by our code; keep GraphQL's own (syntax, validation) for the client."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


schema = strawberry.Schema(
    query=Query,
    subscription=Subscription,
    # A factory, not an instance: Strawberry then builds the extension per operation.
    extensions=[partial(MaskErrors, should_mask_error=is_unexpected)],
)
