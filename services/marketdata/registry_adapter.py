"""The registry ports over gRPC: listings, the portfolios that hold or target them, freezes.

Calls carry the served RPC's bearer token on (``open_channel`` forwards it),
so the registry sees the user who asked; scheduled runs act with the worker's
service-account token (see ``jobs.py``), which sees every portfolio.
Portfolios "holding or targeting" a listing are those with it in their
universe (constituents) joined with those holding it in the ledger
(:class:`~services.marketdata.registry_port.HolderDirectory`), among the
portfolios the caller may see (archived ones never).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import grpc
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2 as pb
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.marketdata.domain.prices import ListingInfo
from services.marketdata.registry_port import (
    HolderDirectory,
    NoHolders,
    PortfolioRef,
    missing_listings,
)

PAGE_SIZE = 200
FREEZE_SOURCE = "dq_alert"


def listing_info(listing: pb.Listing) -> ListingInfo:
    return ListingInfo(
        listing_id=listing.listing_id,
        ticker=listing.ticker,
        venue_mic=listing.venue_mic,
        quote_currency=listing.quote_currency,
        price_scale=Decimal(listing.price_scale.value or "1"),
        calendar=listing.calendar or listing.venue_mic,
    )


class RegistryAdapter:
    """Both registry ports, on one channel, with a deadline on every call."""

    def __init__(
        self, channel: grpc.aio.Channel, timeout_s: float, holders: HolderDirectory | None = None
    ) -> None:
        self._stub = registry_pb2_grpc.RegistryServiceStub(channel)
        self._timeout_s = timeout_s
        self._holders = holders or NoHolders()

    async def _listings(self, listing_ids: Sequence[str]) -> list[ListingInfo]:
        found: list[ListingInfo] = []
        token = ""
        while True:
            page = types_pb2.PageRequest(page_size=PAGE_SIZE, page_token=token)
            reply = await self._stub.ListListings(
                pb.ListListingsRequest(page=page, listing_ids=list(listing_ids)),
                timeout=self._timeout_s,
            )
            found += [listing_info(item) for item in reply.listings]
            token = reply.page_info.next_page_token
            if not token:
                return found

    async def get_listings(self, listing_ids: Sequence[str]) -> list[ListingInfo]:
        by_id = {item.listing_id: item for item in await self._listings(listing_ids)}
        error = missing_listings(listing_ids, by_id)
        if error:
            raise error
        return [by_id[i] for i in listing_ids]

    async def all_listings(self) -> list[ListingInfo]:
        return await self._listings([])

    async def _portfolios(self) -> list[pb.Portfolio]:
        found: list[pb.Portfolio] = []
        token = ""
        while True:
            page = types_pb2.PageRequest(page_size=PAGE_SIZE, page_token=token)
            reply = await self._stub.ListPortfolios(
                pb.ListPortfoliosRequest(page=page), timeout=self._timeout_s
            )
            found += list(reply.portfolios)
            token = reply.page_info.next_page_token
            if not token:
                return found

    async def _constituents(self) -> tuple[list[pb.Portfolio], list[pb.Constituent]]:
        portfolios = await self._portfolios()
        if not portfolios:
            return [], []
        reply = await self._stub.ListConstituents(
            pb.ListConstituentsRequest(portfolio_ids=[p.portfolio_id for p in portfolios]),
            timeout=self._timeout_s,
        )
        return portfolios, list(reply.constituents)

    async def monitored_listings(self) -> list[ListingInfo]:
        _, constituents = await self._constituents()
        ids = sorted({c.listing_id for c in constituents if c.monitored})
        return await self.get_listings(ids) if ids else []

    async def portfolios_for_listing(self, listing_id: str) -> list[PortfolioRef]:
        portfolios, constituents = await self._constituents()
        linked = {c.portfolio_id for c in constituents if c.listing_id == listing_id}
        linked |= await self._holders.holding(listing_id, [p.portfolio_id for p in portfolios])
        return [
            PortfolioRef(p.portfolio_id, p.base_currency)
            for p in sorted(portfolios, key=lambda p: p.portfolio_id)
            if p.portfolio_id in linked
        ]

    async def freeze(self, portfolio_id: str, alert_id: str, detail: str) -> None:
        reason = pb.FreezeReason(source=FREEZE_SOURCE, reference=alert_id, detail=detail)
        await self._stub.FreezePortfolio(
            pb.FreezePortfolioRequest(portfolio_id=portfolio_id, reason=reason),
            timeout=self._timeout_s,
        )

    async def unfreeze(self, portfolio_id: str, alert_ids: Sequence[str], reason: str) -> None:
        await self._stub.UnfreezePortfolio(
            pb.UnfreezePortfolioRequest(
                portfolio_id=portfolio_id, reason=reason, references=list(alert_ids)
            ),
            timeout=self._timeout_s,
        )
