"""The ``marketDataUpdates`` subscription: new prices and alert changes of your listings."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo
from edge.api.notifications import NotificationsUnavailableError, audience
from edge.context import EdgeContext
from edge.market_feed import PRICE_EVENTS, ListingAudience, listing_of
from taplatform.events import Event, stream_name

# Market data itself, and the registry's events that change whose listings are whose.
STREAMS = (stream_name("marketdata"), stream_name("registry"))


@strawberry.type(description="New or corrected prices were stored for a listing.")
class PricesUpdated:
    listing_id: strawberry.ID
    task_run_id: strawberry.ID | None
    inserted: int
    updated: int
    occurred_at: datetime


@strawberry.type(description="An alert opened, was seen again, acknowledged or resolved.")
class AlertChanged:
    event_type: str
    alert_id: strawberry.ID
    listing_id: strawberry.ID
    rule: str
    severity: str
    status: str
    message: str
    freeze: bool
    occurred_at: datetime


MarketDataUpdate = Annotated[PricesUpdated | AlertChanged, strawberry.union("MarketDataUpdate")]


def update_from(event: Event, listing_id: str) -> PricesUpdated | AlertChanged:
    """The GraphQL shape of an admitted market-data event."""
    payload = event.payload
    if event.event_type in PRICE_EVENTS:
        run = payload.get("task_run_id")
        return PricesUpdated(
            listing_id=strawberry.ID(listing_id),
            task_run_id=strawberry.ID(str(run)) if run else None,
            inserted=int(payload.get("inserted") or 0),
            updated=int(payload.get("updated") or 0),
            occurred_at=event.occurred_at,
        )
    after = payload.get("after") or {}
    return AlertChanged(
        event_type=event.event_type,
        alert_id=strawberry.ID(event.aggregate_id),
        listing_id=strawberry.ID(listing_id),
        rule=str(after.get("rule", "")),
        severity=str(after.get("severity", "")).upper(),
        status=str(after.get("status", "")).upper(),
        message=str(after.get("message", "")),
        freeze=bool(after.get("freeze", False)),
        occurred_at=event.occurred_at,
    )


async def listing_audience(context: EdgeContext, only: list[str] | None) -> ListingAudience:
    """The subscriber, their portfolios and those portfolios' listings (the registry decides)."""
    who = await audience(context)
    pairs: list[tuple[str, str]] = []
    if who.portfolio_ids:
        request = registry_pb2.ListConstituentsRequest(portfolio_ids=sorted(who.portfolio_ids))
        response = await context.registry.ListConstituents(request)
        pairs = [(c.portfolio_id, c.listing_id) for c in response.constituents]
    return ListingAudience.of(who.user_id, who.portfolio_ids, pairs, only)


@strawberry.type
class MarketDataSubscription:
    @strawberry.subscription(
        description="Prices and alerts of listings in your portfolios from now on; "
        "`listingIds` narrows to some of them."
    )
    async def market_data_updates(
        self, info: EdgeInfo, listing_ids: list[strawberry.ID] | None = None
    ) -> AsyncGenerator[MarketDataUpdate, None]:
        context = info.context
        if context.events is None:
            raise NotificationsUnavailableError("the edge has no event stream (TA_REDIS_URL)")
        # The cursor first: nothing published while the audience loads is lost.
        cursor = await context.events.follow(STREAMS)
        only = [str(i) for i in listing_ids] if listing_ids is not None else None
        who = await listing_audience(context, only)
        async for event in cursor.events():
            if who.admits(event):
                yield update_from(event, listing_of(event) or "")
