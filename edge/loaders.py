"""DataLoaders built per request: one batched registry call per kind of object, not one per row.

A page of fifty portfolios with their sleeves and constituents costs one
ListPortfolios, one ListSleeves, one ListConstituents and one ListListings,
whatever the number of rows; a ledger page's holdings cost one GetLatestPrices
and one ListAlerts for all their listings; "changed by" lines ask ListUserNames
for each user at most once. Loaders live in the request's context, so nothing
is cached across users or requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tradingassistant.common.v1 import types_pb2
from tradingassistant.marketdata.v1 import marketdata_pb2
from tradingassistant.registry.v1 import registry_pb2

from edge.rpc import MarketDataCalls, RegistryCalls

# ListUserNames answers at most this many ids per call.
MAX_USER_NAMES_PER_CALL = 500


def _page(size: int) -> types_pb2.PageRequest:
    return types_pb2.PageRequest(page_size=size)


def _grouped(rows: Sequence[Any], keys: Sequence[str], key_field: str) -> list[list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key_field)].append(row)
    return [groups.get(key, []) for key in keys]


def _by_id(rows: Sequence[Any], keys: Sequence[str], id_field: str) -> list[Any]:
    found = {getattr(row, id_field): row for row in rows}
    return [found.get(key) for key in keys]


class RegistryLoaders:
    """The loaders of one request, all acting with that request's credentials."""

    def __init__(self, calls: RegistryCalls) -> None:
        self._calls = calls
        self.portfolio = DataLoader(load_fn=self._portfolios)
        self.sleeves = DataLoader(load_fn=self._sleeves)
        self.constituents = DataLoader(load_fn=self._constituents)
        self.listing = DataLoader(load_fn=self._listings)
        self.instrument = DataLoader(load_fn=self._instruments)
        self.user_name = DataLoader(
            load_fn=self._user_names, max_batch_size=MAX_USER_NAMES_PER_CALL
        )

    async def _portfolios(self, ids: list[str]) -> list[registry_pb2.Portfolio | None]:
        request = registry_pb2.ListPortfoliosRequest(
            portfolio_ids=ids, include_archived=True, page=_page(len(ids))
        )
        response = await self._calls.ListPortfolios(request)
        return _by_id(response.portfolios, ids, "portfolio_id")

    async def _sleeves(self, portfolio_ids: list[str]) -> list[list[registry_pb2.Sleeve]]:
        request = registry_pb2.ListSleevesRequest(
            portfolio_ids=portfolio_ids, include_archived=True
        )
        response = await self._calls.ListSleeves(request)
        return _grouped(response.sleeves, portfolio_ids, "portfolio_id")

    async def _constituents(self, portfolio_ids: list[str]) -> list[list[registry_pb2.Constituent]]:
        request = registry_pb2.ListConstituentsRequest(portfolio_ids=portfolio_ids)
        response = await self._calls.ListConstituents(request)
        return _grouped(response.constituents, portfolio_ids, "portfolio_id")

    async def _listings(self, ids: list[str]) -> list[registry_pb2.Listing | None]:
        request = registry_pb2.ListListingsRequest(
            listing_ids=ids, include_archived=True, page=_page(len(ids))
        )
        response = await self._calls.ListListings(request)
        return _by_id(response.listings, ids, "listing_id")

    async def _instruments(self, ids: list[str]) -> list[registry_pb2.Instrument | None]:
        request = registry_pb2.ListInstrumentsRequest(
            instrument_ids=ids, include_archived=True, page=_page(len(ids))
        )
        response = await self._calls.ListInstruments(request)
        return _by_id(response.instruments, ids, "instrument_id")

    async def _user_names(self, ids: list[str]) -> list[registry_pb2.UserName | None]:
        # Ids the registry leaves out (unknown, or not for this viewer) load as None.
        response = await self._calls.ListUserNames(registry_pb2.ListUserNamesRequest(user_ids=ids))
        return _by_id(response.names, ids, "user_id")


class MarketDataLoaders:
    """Marketdata reads of one request, batched by listing."""

    def __init__(self, calls: MarketDataCalls) -> None:
        self._calls = calls
        self.latest_price = DataLoader(load_fn=self._latest_prices)
        self.active_alerts = DataLoader(load_fn=self._active_alerts)

    async def _latest_prices(self, ids: list[str]) -> list[marketdata_pb2.PricePoint | None]:
        request = marketdata_pb2.GetLatestPricesRequest(listing_ids=ids)
        response = await self._calls.GetLatestPrices(request)
        return _by_id(response.prices, ids, "listing_id")

    async def _active_alerts(self, ids: list[str]) -> list[list[marketdata_pb2.Alert]]:
        # No statuses means the active ones: open and acknowledged.
        request = marketdata_pb2.ListAlertsRequest(listing_ids=ids)
        response = await self._calls.ListAlerts(request)
        return _grouped(response.alerts, ids, "listing_id")
