"""The market-data source over gRPC: latest prices + alerts, FX days and ranges, closes
(ListDailyCloses: many listings a call, a page at a time)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.marketdata.v1 import marketdata_pb2 as pb
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.engine.domain.performance_inputs import Close, FxDay
from services.engine.domain.snapshot import DqState, FxQuote, PriceQuote, TrailingHigh
from services.engine.sources.errors import chunks, source_error

# The most points one window may hold; marketdata's ListPricePoints maximum.
MAX_POINTS = 5000
# Listings per ListDailyCloses request and closes per page: marketdata's maxima.
CLOSES_LISTINGS = 500
CLOSES_PAGE = 5000
ALERT_LIMIT = 1000
# ECB days per ListFxRates page, marketdata's maximum: about 19 years of publications of
# a few currencies in one call.
FX_PAGE_DAYS = 5000


def _timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment.astimezone(UTC))
    return stamp


def _moment(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


class GrpcMarketDataSource:
    def __init__(
        self,
        channel: grpc.aio.Channel,
        timeout_s: float,
        fx_page_days: int = FX_PAGE_DAYS,
        closes_page: int = CLOSES_PAGE,
    ) -> None:
        self._stub = marketdata_pb2_grpc.MarketDataServiceStub(channel)
        self._timeout_s = timeout_s
        self._fx_page_days = fx_page_days
        self._closes_page = closes_page

    async def latest_prices(self, listing_ids: Sequence[str]) -> list[PriceQuote]:
        parts = await asyncio.gather(*(self._quotes(part) for part in chunks(list(listing_ids))))
        return [quote for part in parts for quote in part]

    async def _quotes(self, listing_ids: list[str]) -> list[PriceQuote]:
        try:
            latest, active = await asyncio.gather(
                self._stub.GetLatestPrices(
                    pb.GetLatestPricesRequest(listing_ids=listing_ids), timeout=self._timeout_s
                ),
                self._stub.ListAlerts(
                    pb.ListAlertsRequest(listing_ids=listing_ids, limit=ALERT_LIMIT),
                    timeout=self._timeout_s,
                ),
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("marketdata", error) from error
        failing: dict[str, list[str]] = {}
        for alert in active.alerts:
            if alert.freeze:
                failing.setdefault(alert.listing_id, []).append(alert.alert_id)
        quotes = []
        for point in latest.prices:
            alert_ids = tuple(sorted(failing.get(point.listing_id, [])))
            quotes.append(
                PriceQuote(
                    listing_id=point.listing_id,
                    price=Decimal(point.price.amount.value),
                    observed_at=_moment(point.observed_at),
                    dq_state=DqState.FAILING if alert_ids else DqState.OK,
                    alert_ids=alert_ids,
                )
            )
        return quotes

    async def fx_rates(self) -> list[FxQuote]:
        try:
            reply = await self._stub.GetFxRates(pb.GetFxRatesRequest(), timeout=self._timeout_s)
        except grpc.aio.AioRpcError as error:
            raise source_error("marketdata", error) from error
        return [
            FxQuote(r.base_currency, r.quote_currency, Decimal(r.rate.value), r.as_of)
            for r in reply.rates
        ]

    async def trailing_high(
        self, listing_id: str, as_of: datetime, window_days: int
    ) -> TrailingHigh | None:
        request = pb.ListPricePointsRequest(
            listing_id=listing_id,
            kind=pb.PRICE_KIND_EOD,
            start_time=_timestamp(as_of - timedelta(days=window_days)),
            # The end is exclusive; a point stamped exactly at as_of still counts.
            end_time=_timestamp(as_of + timedelta(microseconds=1)),
            limit=MAX_POINTS,
        )
        try:
            reply = await self._stub.ListPricePoints(request, timeout=self._timeout_s)
        except grpc.aio.AioRpcError as error:
            raise source_error("marketdata", error) from error
        if not reply.points:
            return None
        best = max(
            reply.points,
            key=lambda p: (Decimal(p.price.amount.value), _moment(p.observed_at)),
        )
        return TrailingHigh(
            listing_id, Decimal(best.price.amount.value), _moment(best.observed_at), window_days
        )

    async def closes(self, listing_ids: Sequence[str], first: date, last: date) -> list[Close]:
        parts = await asyncio.gather(
            *(
                self._closes(part, first, last)
                for part in chunks(list(listing_ids), CLOSES_LISTINGS)
            )
        )
        return [close for part in parts for close in part]

    async def _closes(self, listing_ids: list[str], first: date, last: date) -> list[Close]:
        request = pb.ListDailyClosesRequest(
            listing_ids=listing_ids,
            start_date=first.isoformat(),
            end_date=last.isoformat(),
            page_size=self._closes_page,
        )
        return [
            Close(c.listing_id, date.fromisoformat(c.date), Decimal(c.close.value))
            async for reply in self._pages(self._stub.ListDailyCloses, request)
            for c in reply.closes
        ]

    async def fx_days(self, first: date, last: date, currencies: Sequence[str]) -> list[FxDay]:
        request = pb.ListFxRatesRequest(
            start_date=first.isoformat(),
            end_date=last.isoformat(),
            quote_currencies=list(currencies),
            page_size=self._fx_page_days,
        )
        return [
            _fx_day(day)
            async for reply in self._pages(self._stub.ListFxRates, request)
            for day in reply.days
        ]

    async def _pages(self, rpc: Any, request: Any) -> AsyncIterator[Any]:
        """Each reply of a paged range RPC, following ``next_page_token`` to the last page."""
        while True:
            try:
                reply = await rpc(request, timeout=self._timeout_s)
            except grpc.aio.AioRpcError as error:
                raise source_error("marketdata", error) from error
            yield reply
            if not reply.next_page_token:
                return
            request.page_token = reply.next_page_token


def _fx_day(day: pb.FxRatesDay) -> FxDay:
    quotes = tuple(
        FxQuote(r.base_currency, r.quote_currency, Decimal(r.rate.value), r.as_of)
        for r in day.rates
    )
    return FxDay(date.fromisoformat(day.as_of), quotes)
