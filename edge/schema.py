"""The GraphQL schema: identity, portfolios, universe, ledger, market data, engine, OMS, audit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, MaskErrors, SchemaExtension
from strawberry.types import Info

from edge.api.alerts import AlertMutation, AlertQuery
from edge.api.audit import AuditQuery
from edge.api.dashboard import DashboardQuery
from edge.api.engine_policies import PolicyMutation, PolicyQuery
from edge.api.engine_runs import RunMutation, RunQuery
from edge.api.identity import IdentityMutation, IdentityQuery
from edge.api.ledger import LedgerQuery
from edge.api.ledger_writes import LedgerMutation
from edge.api.market_settings import MarketSettingsMutation, MarketSettingsQuery
from edge.api.market_updates import MarketDataSubscription
from edge.api.notification_feed import (
    NotificationFeedMutation,
    NotificationFeedQuery,
    NotificationFeedSubscription,
)
from edge.api.notifications import NotificationSubscription
from edge.api.oms_dead_letters import DeadLetterMutation, DeadLetterQuery
from edge.api.oms_orders import OrderMutation, OrderQuery
from edge.api.oms_trading import TradingMutation, TradingQuery
from edge.api.oms_updates import OrderSubscription
from edge.api.portfolios import PortfolioMutation, PortfolioQuery
from edge.api.price_import import PriceImportMutation
from edge.api.prices import PriceMutation, PriceQuery
from edge.api.reference import ReferenceMutation, ReferenceQuery
from edge.api.universe import UniverseMutation, UniverseQuery
from edge.context import EdgeContext
from edge.guards import CsrfGuard, limits
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
class Query(
    IdentityQuery,
    PortfolioQuery,
    ReferenceQuery,
    UniverseQuery,
    AuditQuery,
    LedgerQuery,
    PriceQuery,
    AlertQuery,
    MarketSettingsQuery,
    PolicyQuery,
    RunQuery,
    OrderQuery,
    TradingQuery,
    DeadLetterQuery,
    NotificationFeedQuery,
    DashboardQuery,
):
    @strawberry.field(description="Every backend service and whether it is SERVING.")
    async def system_status(self, info: Info[EdgeContext, None]) -> list[ServiceStatusType]:
        return await _system_status(info.context)


@strawberry.type
class Mutation(
    IdentityMutation,
    PortfolioMutation,
    ReferenceMutation,
    UniverseMutation,
    LedgerMutation,
    PriceMutation,
    PriceImportMutation,
    AlertMutation,
    MarketSettingsMutation,
    PolicyMutation,
    RunMutation,
    OrderMutation,
    TradingMutation,
    DeadLetterMutation,
    NotificationFeedMutation,
):
    pass


@strawberry.type
class Subscription(
    NotificationSubscription,
    MarketDataSubscription,
    OrderSubscription,
    NotificationFeedSubscription,
):
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


def build_schema(*, introspection: bool) -> strawberry.Schema:
    """The schema; introspection only where GraphiQL is wanted (``TA_ENV=dev``)."""
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        # Factories, not instances: Strawberry then builds these per operation.
        partial(MaskErrors, should_mask_error=is_unexpected),
        CsrfGuard,
        *limits(),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions
    )


# The production shape (no introspection); printing and direct tests use it.
schema = build_schema(introspection=False)
