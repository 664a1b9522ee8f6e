"""The ``orderUpdates`` subscription: a portfolio's orders as the OMS changes them."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import grpc
import strawberry
from graphql import GraphQLError
from tradingassistant.oms.v1 import oms_pb2

from edge.api.convert import EdgeInfo
from edge.api.notifications import NotificationsUnavailableError, audience
from edge.api.oms_types import Order
from edge.context import EdgeContext
from edge.rpc import ServiceCallError
from taplatform.events import Event, stream_name

STREAM = stream_name("oms")
# The order was removed from the subscriber's view (tenancy changed): skip, don't fail.
_GONE = (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED)


def is_order_event(event: Event, portfolio_id: str) -> bool:
    """An OMS order step (OrderCreated … OrderFilled) of ``portfolio_id``."""
    return event.aggregate_type == "order" and event.payload.get("portfolio_id") == portfolio_id


async def _current(context: EdgeContext, portfolio_id: str, order_id: str) -> Order | None:
    request = oms_pb2.GetOrderRequest(portfolio_id=portfolio_id, order_id=order_id)
    try:
        return Order.from_pb((await context.oms.GetOrder(request)).order)
    except ServiceCallError as error:
        if error.code in _GONE:
            return None
        raise


@strawberry.type
class OrderSubscription:
    @strawberry.subscription(
        description="The portfolio's orders from now on: each time one changes, as it is then."
    )
    async def order_updates(
        self, info: EdgeInfo, portfolio_id: strawberry.ID
    ) -> AsyncGenerator[Order, None]:
        context = info.context
        if context.events is None:
            raise NotificationsUnavailableError("the edge has no event stream (TA_REDIS_URL)")
        # The cursor first: nothing published while the audience loads is lost.
        cursor = await context.events.follow([STREAM])
        pid = str(portfolio_id)
        who = await audience(context)
        if pid not in who.portfolio_ids:
            # Another user's portfolio looks exactly like a missing one.
            raise GraphQLError(f"portfolio {pid} not found", extensions={"code": "NOT_FOUND"})
        async for event in cursor.events():
            if not is_order_event(event, pid):
                continue
            order = await _current(context, pid, event.aggregate_id)
            if order is not None:
                yield order
