"""OMS orders: the blotter, one order with its fills and events, and the changes a user makes.

Placing, amending and manual fills answer :class:`OrderDenied` when a guardrail
refuses, so the page shows the reason code; a recommendation's lines are placed
in one call and each line reports its own outcome.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from tradingassistant.common.v1 import types_pb2
from tradingassistant.oms.v1 import oms_pb2

from edge.api.convert import EdgeInfo, decimal_pb, timestamp
from edge.api.engine_recommendations import OrderSide
from edge.api.errors import ExpectedError, expected
from edge.api.oms_types import (
    Fill,
    Order,
    OrderDenied,
    OrderEvent,
    OrderState,
    order_denied,
    order_expected,
    order_state_pb,
    side_pb,
)
from edge.api.reference import page_request, request_id


def money_pb(amount: Decimal | None, currency: str | None) -> types_pb2.Money | None:
    if amount is None:
        return None
    return types_pb2.Money(currency_code=currency or "", amount=decimal_pb(amount))


async def base_currency(info: EdgeInfo, portfolio_id: str) -> str:
    """The portfolio's base currency (batched with the page's other registry reads)."""
    found = await info.context.loaders.portfolio.load(portfolio_id)
    return "" if found is None else str(found.base_currency)


@strawberry.type(description="An order with every fill and every step it went through.")
class OrderDetail:
    order: Order
    fills: list[Fill]
    events: list[OrderEvent] = strawberry.field(description="Oldest first.")


@strawberry.type
class OrderPage:
    items: list[Order] = strawberry.field(description="Newest first.")
    next_page_token: str | None


@strawberry.type
class OrderPlaced:
    order: Order
    created: bool = strawberry.field(description="False: the order key named an earlier order.")
    fills: list[Fill] = strawberry.field(description="Fills the broker reported straight away.")


@strawberry.type
class ManualFillRecorded:
    order: Order
    fill: Fill


@strawberry.type(description="What became of one recommendation line: an order, or a denial.")
class LinePlacement:
    line_id: strawberry.ID
    order: Order | None
    created: bool = strawberry.field(description="False: the line's order existed already.")
    denied: OrderDenied | None


@strawberry.type(description="The lines of a recommendation placed as orders, in line order.")
class RecommendationPlacement:
    placements: list[LinePlacement]
    placed_count: int
    denied_count: int


def _placement(value: oms_pb2.LinePlacement) -> LinePlacement:
    denied = order_denied(value.denied_reason, value.denied_message)
    return LinePlacement(
        line_id=strawberry.ID(value.line_id),
        order=Order.from_pb(value.order) if value.HasField("order") else None,
        created=value.status == oms_pb2.CREATE_STATUS_CREATED,
        denied=denied,
    )


@strawberry.input
class CreateOrderInput:
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID
    side: OrderSide
    quantity: Decimal
    limit_price: Decimal | None = strawberry.field(default=None, description="Omit: market.")
    limit_currency: str | None = strawberry.field(default=None, description="The quote unit.")
    order_key: str | None = strawberry.field(
        default=None, description="Client-generated: a retried create makes one order."
    )


@strawberry.input
class AmendOrderInput:
    portfolio_id: strawberry.ID
    order_id: strawberry.ID
    version: int = strawberry.field(description="The version you read.")
    quantity: Decimal
    limit_price: Decimal | None = strawberry.field(default=None, description="Omit: keep it.")
    limit_currency: str | None = None


@strawberry.input(description="A fill you got at your broker (manual broker orders).")
class RecordManualFillInput:
    portfolio_id: strawberry.ID
    order_id: strawberry.ID
    fill_key: str = strawberry.field(description="Client-generated: resubmitting is harmless.")
    quantity: Decimal
    price: Decimal = strawberry.field(description="Per unit, in the listing's quote unit.")
    price_currency: str
    fees: Decimal = Decimal(0)
    fees_currency: str | None = strawberry.field(
        default=None, description="Default: the portfolio's base currency."
    )
    executed_at: datetime | None = strawberry.field(default=None, description="Default: now.")


OrderPageResult = Annotated[OrderPage | ExpectedError, strawberry.union("OrderPageResult")]
OrderDetailResult = Annotated[OrderDetail | ExpectedError, strawberry.union("OrderDetailResult")]
OrderPlacedResult = Annotated[
    OrderPlaced | OrderDenied | ExpectedError, strawberry.union("OrderPlacedResult")
]
OrderResult = Annotated[Order | OrderDenied | ExpectedError, strawberry.union("OrderResult")]
ManualFillResult = Annotated[
    ManualFillRecorded | OrderDenied | ExpectedError, strawberry.union("ManualFillResult")
]
RecommendationPlacementResult = Annotated[
    RecommendationPlacement | ExpectedError, strawberry.union("RecommendationPlacementResult")
]


async def order_detail(info: EdgeInfo, portfolio_id: str, order_id: str) -> OrderDetail:
    request = oms_pb2.GetOrderRequest(portfolio_id=portfolio_id, order_id=order_id)
    response = await info.context.oms.GetOrder(request)
    return OrderDetail(
        order=Order.from_pb(response.order),
        fills=[Fill.from_pb(f) for f in response.fills],
        events=[OrderEvent.from_pb(e) for e in response.events],
    )


@strawberry.type
class OrderQuery:
    @strawberry.field(description="A portfolio's orders, newest first; `states` narrows them.")
    async def orders(
        self,
        info: EdgeInfo,
        portfolio_id: strawberry.ID,
        states: list[OrderState] | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> OrderPageResult:
        async def call() -> OrderPage:
            request = oms_pb2.ListOrdersRequest(
                portfolio_id=str(portfolio_id),
                page=page_request(first, after),
                states=[order_state_pb(s) for s in states or []],
            )
            response = await info.context.oms.ListOrders(request)
            return OrderPage(
                items=[Order.from_pb(o) for o in response.orders],
                next_page_token=response.page_info.next_page_token or None,
            )

        return await expected(call)

    @strawberry.field(description="One order with its fills and events.")
    async def order(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, order_id: strawberry.ID
    ) -> OrderDetailResult:
        return await expected(lambda: order_detail(info, str(portfolio_id), str(order_id)))


@strawberry.type
class OrderMutation:
    @strawberry.mutation(description="One order per line of an approved recommendation.")
    async def place_recommendation_orders(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, recommendation_id: strawberry.ID
    ) -> RecommendationPlacementResult:
        async def call() -> RecommendationPlacement:
            request = oms_pb2.PlaceRecommendationOrdersRequest(
                portfolio_id=str(portfolio_id), recommendation_id=str(recommendation_id)
            )
            response = await info.context.oms.PlaceRecommendationOrders(request)
            placements = [_placement(p) for p in response.placements]
            denied = sum(1 for p in placements if p.denied is not None)
            return RecommendationPlacement(
                placements=placements,
                placed_count=sum(1 for p in placements if p.order is not None),
                denied_count=denied,
            )

        return await expected(call)

    @strawberry.mutation(description="A manual order; the guardrails judge it first.")
    async def create_order(self, info: EdgeInfo, input: CreateOrderInput) -> OrderPlacedResult:
        async def call() -> OrderPlaced:
            request = oms_pb2.CreateOrderRequest(
                order_key=request_id(input.order_key),
                portfolio_id=str(input.portfolio_id),
                listing_id=str(input.listing_id),
                side=side_pb(input.side),
                quantity=decimal_pb(input.quantity),
                limit_price=money_pb(input.limit_price, input.limit_currency),
            )
            response = await info.context.oms.CreateOrder(request)
            return OrderPlaced(
                order=Order.from_pb(response.order),
                created=response.status == oms_pb2.CREATE_STATUS_CREATED,
                fills=[Fill.from_pb(f) for f in response.fills],
            )

        return await order_expected(call)

    @strawberry.mutation(description="Cancel an open order (allowed even while halted).")
    async def cancel_order(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, order_id: strawberry.ID
    ) -> OrderResult:
        async def call() -> Order:
            request = oms_pb2.CancelOrderRequest(
                portfolio_id=str(portfolio_id), order_id=str(order_id)
            )
            return Order.from_pb((await info.context.oms.CancelOrder(request)).order)

        return await order_expected(call)

    @strawberry.mutation(description="Change quantity or limit price, where the broker allows.")
    async def amend_order(self, info: EdgeInfo, input: AmendOrderInput) -> OrderResult:
        async def call() -> Order:
            request = oms_pb2.AmendOrderRequest(
                portfolio_id=str(input.portfolio_id),
                order_id=str(input.order_id),
                version=input.version,
                quantity=decimal_pb(input.quantity),
                limit_price=money_pb(input.limit_price, input.limit_currency),
            )
            return Order.from_pb((await info.context.oms.AmendOrder(request)).order)

        return await order_expected(call)

    @strawberry.mutation(description="Enter a fill of a manual-broker order; booked in the ledger.")
    async def record_manual_fill(
        self, info: EdgeInfo, input: RecordManualFillInput
    ) -> ManualFillResult:
        async def call() -> ManualFillRecorded:
            pid = str(input.portfolio_id)
            fees_currency = input.fees_currency or await base_currency(info, pid)
            request = oms_pb2.RecordManualFillRequest(
                portfolio_id=pid,
                order_id=str(input.order_id),
                fill_key=input.fill_key,
                quantity=decimal_pb(input.quantity),
                price=money_pb(input.price, input.price_currency),
                fees=money_pb(input.fees, fees_currency),
                executed_at=timestamp(input.executed_at or datetime.now(UTC)),
            )
            response = await info.context.oms.RecordManualFill(request)
            return ManualFillRecorded(
                order=Order.from_pb(response.order), fill=Fill.from_pb(response.fill)
            )

        return await order_expected(call)
