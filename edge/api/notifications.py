"""The ``notifications`` subscription: the signed-in user's events as they happen."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import grpc
import strawberry
from graphql import GraphQLError
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo
from edge.context import EdgeContext
from edge.notifications import Audience
from edge.rpc import ServiceCallError

# Enough to know every portfolio of one person; more than this is not one person's.
AUDIENCE_PAGE_SIZE = 1000


@strawberry.type(description="Something changed in one of your portfolios (or your account).")
class Notification:
    event_id: strawberry.ID
    event_type: str
    aggregate_type: str
    aggregate_id: str
    portfolio_id: strawberry.ID | None
    occurred_at: datetime


class NotificationsUnavailableError(RuntimeError):
    """The edge was started without ``TA_REDIS_URL``; there is no stream to follow."""


async def subscriber(context: EdgeContext) -> registry_pb2.User:
    """The signed-in subscriber; UNAUTHENTICATED is shown to them as is (their own state)."""
    try:
        me = await context.registry.GetCurrentUser(registry_pb2.GetCurrentUserRequest())
    except ServiceCallError as error:
        if error.code is grpc.StatusCode.UNAUTHENTICATED:
            raise GraphQLError(error.message, extensions={"code": "UNAUTHENTICATED"}) from None
        raise
    user: registry_pb2.User = me.user
    return user


async def audience(context: EdgeContext) -> Audience:
    """Who is subscribing and which portfolios are theirs (the registry decides both)."""
    me = await subscriber(context)
    request = registry_pb2.ListPortfoliosRequest(
        include_archived=True, page=types_pb2.PageRequest(page_size=AUDIENCE_PAGE_SIZE)
    )
    mine = await context.registry.ListPortfolios(request)
    return Audience(user_id=me.user_id, portfolio_ids={p.portfolio_id for p in mine.portfolios})


@strawberry.type
class NotificationSubscription:
    @strawberry.subscription(description="Events of your portfolios from now on.")
    async def notifications(self, info: EdgeInfo) -> AsyncGenerator[Notification, None]:
        context = info.context
        if context.events is None:
            raise NotificationsUnavailableError("the edge has no event stream (TA_REDIS_URL)")
        # The cursor is placed first: nothing published while the audience loads is lost.
        cursor = await context.events.follow()
        # Unauthenticated subscribers fail here, before any event is read.
        who = await audience(context)
        async for event in cursor.events():
            if not who.admits(event):
                continue
            portfolio_id = event.payload.get("portfolio_id") or None
            yield Notification(
                event_id=strawberry.ID(str(event.event_id)),
                event_type=event.event_type,
                aggregate_type=event.aggregate_type,
                aggregate_id=event.aggregate_id,
                portfolio_id=strawberry.ID(portfolio_id) if portfolio_id else None,
                occurred_at=event.occurred_at,
            )
