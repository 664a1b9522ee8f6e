"""The registry source over gRPC, with a deadline on every call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal

import grpc
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2 as pb
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.engine.domain.snapshot import (
    ConstituentRef,
    FreezeReason,
    ListingRef,
    PortfolioState,
    SleeveRef,
)
from services.engine.sources.errors import chunks, source_error

PAGE_SIZE = 200


def listing_ref(listing: pb.Listing) -> ListingRef:
    return ListingRef(
        listing_id=listing.listing_id,
        ticker=listing.ticker,
        quote_currency=listing.quote_currency,
        price_scale=Decimal(listing.price_scale.value or "1"),
        lot_size=Decimal(listing.lot_size.value or "1"),
    )


class GrpcRegistrySource:
    def __init__(self, channel: grpc.aio.Channel, timeout_s: float) -> None:
        self._stub = registry_pb2_grpc.RegistryServiceStub(channel)
        self._timeout_s = timeout_s

    async def portfolio(self, portfolio_id: str) -> PortfolioState:
        try:
            reply = await self._stub.GetPortfolio(
                pb.GetPortfolioRequest(portfolio_id=portfolio_id), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("registry", error) from error
        found = reply.portfolio
        return PortfolioState(
            portfolio_id=found.portfolio_id,
            base_currency=found.base_currency,
            frozen=found.frozen,
            freeze_reasons=tuple(
                FreezeReason(r.source, r.reference, r.detail) for r in found.freeze_reasons
            ),
        )

    async def sleeves(self, portfolio_id: str) -> list[SleeveRef]:
        try:
            reply = await self._stub.ListSleeves(
                pb.ListSleevesRequest(portfolio_ids=[portfolio_id]), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("registry", error) from error
        return [SleeveRef(s.sleeve_id, s.name) for s in reply.sleeves if not s.archived]

    async def constituents(self, portfolio_id: str) -> list[ConstituentRef]:
        try:
            reply = await self._stub.ListConstituents(
                pb.ListConstituentsRequest(portfolio_ids=[portfolio_id]), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("registry", error) from error
        return [
            ConstituentRef(c.listing_id, c.sleeve_id)
            for c in reply.constituents
            if c.portfolio_id == portfolio_id
        ]

    async def listings(self, listing_ids: Sequence[str]) -> list[ListingRef]:
        parts = await asyncio.gather(*(self._listings(p) for p in chunks(list(listing_ids))))
        return [found for part in parts for found in part]

    async def _listings(self, listing_ids: list[str]) -> list[ListingRef]:
        found: list[ListingRef] = []
        token = ""
        while True:
            request = pb.ListListingsRequest(
                page=types_pb2.PageRequest(page_size=PAGE_SIZE, page_token=token),
                include_archived=True,
                listing_ids=listing_ids,
            )
            try:
                reply = await self._stub.ListListings(request, timeout=self._timeout_s)
            except grpc.aio.AioRpcError as error:
                raise source_error("registry", error) from error
            found += [listing_ref(item) for item in reply.listings]
            token = reply.page_info.next_page_token
            if not token:
                return found

    async def portfolio_ids(self) -> list[str]:
        ids: list[str] = []
        token = ""
        while True:
            request = pb.ListPortfoliosRequest(
                page=types_pb2.PageRequest(page_size=PAGE_SIZE, page_token=token)
            )
            try:
                reply = await self._stub.ListPortfolios(request, timeout=self._timeout_s)
            except grpc.aio.AioRpcError as error:
                raise source_error("registry", error) from error
            ids += [p.portfolio_id for p in reply.portfolios if not p.archived]
            token = reply.page_info.next_page_token
            if not token:
                return sorted(ids)
