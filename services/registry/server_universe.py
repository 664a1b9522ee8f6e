"""Portfolio-universe RPCs: portfolios, instruments, listings, sleeves and constituents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry import convert as cv
from services.registry.domain.fields import (
    check_request_id,
    optional_id,
    require_id,
    require_version,
)
from services.registry.domain.reference import ListingTerms
from services.registry.domain.sleeves import SleeveTerms
from services.registry.handlers.portfolios import PortfolioHandlers
from services.registry.handlers.reference import ReferenceHandlers
from services.registry.handlers.sleeves import SleeveHandlers
from services.registry.uow import caller

Context = Any


def _ids(values: Any, field: str) -> list[str]:
    return [require_id(value, f"{field}[{i}]") for i, value in enumerate(values)]


def _listing_terms(request: Any) -> ListingTerms:
    lot = cv.decimal_in(request.lot_size, "lot_size", required=False)
    return ListingTerms.parse(
        request.ticker,
        lot if lot is not None else Decimal(1),
        cv.required_decimal(request.tick_size, "tick_size"),
        request.calendar or getattr(request, "venue_mic", ""),
    )


def _sleeve_terms(request: Any) -> SleeveTerms:
    return SleeveTerms.parse(
        request.name,
        cv.required_decimal(request.target_weight_pct, "target_weight_pct"),
        cv.decimal_in(request.drift_band_abs_pct, "drift_band_abs_pct", required=False),
        cv.decimal_in(request.drift_band_rel_pct, "drift_band_rel_pct", required=False),
    )


class UniverseRpcs:
    def __init__(
        self, portfolios: PortfolioHandlers, reference: ReferenceHandlers, sleeves: SleeveHandlers
    ) -> None:
        self._portfolios = portfolios
        self._reference = reference
        self._sleeves = sleeves

    # --- portfolios ---

    async def AuthorizePortfolio(
        self, request: pb.AuthorizePortfolioRequest, context: Context
    ) -> Any:
        portfolio = await self._portfolios.authorize(caller(), request.portfolio_id)
        return pb.AuthorizePortfolioResponse(owner_user_id=portfolio.owner_user_id)

    async def CreatePortfolio(self, request: pb.CreatePortfolioRequest, context: Context) -> Any:
        portfolio = await self._portfolios.create(
            caller(), check_request_id(request.request_id), request.name, request.base_currency
        )
        return pb.CreatePortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    async def GetPortfolio(self, request: pb.GetPortfolioRequest, context: Context) -> Any:
        portfolio = await self._portfolios.get(caller(), request.portfolio_id)
        return pb.GetPortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    async def ListPortfolios(self, request: pb.ListPortfoliosRequest, context: Context) -> Any:
        found, token = await self._portfolios.list_portfolios(
            caller(),
            cv.page_in(request.page),
            request.include_archived,
            _ids(request.portfolio_ids, "portfolio_ids"),
        )
        return pb.ListPortfoliosResponse(
            portfolios=[cv.portfolio_out(p) for p in found], page_info=cv.page_info_out(token)
        )

    async def UpdatePortfolio(self, request: pb.UpdatePortfolioRequest, context: Context) -> Any:
        portfolio = await self._portfolios.update(
            caller(),
            request.portfolio_id,
            require_version(request.version),
            request.name,
            request.base_currency,
        )
        return pb.UpdatePortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    async def ArchivePortfolio(self, request: pb.ArchivePortfolioRequest, context: Context) -> Any:
        portfolio = await self._portfolios.archive(
            caller(), request.portfolio_id, require_version(request.version)
        )
        return pb.ArchivePortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    async def FreezePortfolio(self, request: pb.FreezePortfolioRequest, context: Context) -> Any:
        reason = request.reason
        portfolio = await self._portfolios.freeze(
            caller(), request.portfolio_id, reason.source, reason.reference, reason.detail
        )
        return pb.FreezePortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    async def UnfreezePortfolio(
        self, request: pb.UnfreezePortfolioRequest, context: Context
    ) -> Any:
        portfolio = await self._portfolios.unfreeze(
            caller(), request.portfolio_id, request.reason, list(request.references)
        )
        return pb.UnfreezePortfolioResponse(portfolio=cv.portfolio_out(portfolio))

    # --- instruments ---

    async def CreateInstrument(self, request: pb.CreateInstrumentRequest, context: Context) -> Any:
        instrument = await self._reference.create_instrument(
            caller(),
            check_request_id(request.request_id),
            request.isin,
            request.name,
            cv.asset_class_in(request.asset_class),
        )
        return pb.CreateInstrumentResponse(instrument=cv.instrument_out(instrument))

    async def GetInstrument(self, request: pb.GetInstrumentRequest, context: Context) -> Any:
        caller()
        instrument = await self._reference.get_instrument(
            require_id(request.instrument_id, "instrument_id")
        )
        return pb.GetInstrumentResponse(instrument=cv.instrument_out(instrument))

    async def ListInstruments(self, request: pb.ListInstrumentsRequest, context: Context) -> Any:
        caller()
        found, token = await self._reference.list_instruments(
            cv.page_in(request.page),
            request.include_archived,
            _ids(request.instrument_ids, "instrument_ids"),
        )
        return pb.ListInstrumentsResponse(
            instruments=[cv.instrument_out(i) for i in found], page_info=cv.page_info_out(token)
        )

    async def UpdateInstrument(self, request: pb.UpdateInstrumentRequest, context: Context) -> Any:
        instrument = await self._reference.update_instrument(
            caller(),
            require_id(request.instrument_id, "instrument_id"),
            require_version(request.version),
            request.name,
            cv.asset_class_in(request.asset_class),
        )
        return pb.UpdateInstrumentResponse(instrument=cv.instrument_out(instrument))

    async def ArchiveInstrument(
        self, request: pb.ArchiveInstrumentRequest, context: Context
    ) -> Any:
        instrument = await self._reference.archive_instrument(
            caller(),
            require_id(request.instrument_id, "instrument_id"),
            require_version(request.version),
        )
        return pb.ArchiveInstrumentResponse(instrument=cv.instrument_out(instrument))

    # --- listings ---

    async def CreateListing(self, request: pb.CreateListingRequest, context: Context) -> Any:
        listing = await self._reference.create_listing(
            caller(),
            check_request_id(request.request_id),
            require_id(request.instrument_id, "instrument_id"),
            request.venue_mic,
            request.quote_currency,
            cv.decimal_in(request.price_scale, "price_scale", required=False),
            _listing_terms(request),
        )
        return pb.CreateListingResponse(listing=cv.listing_out(listing))

    async def GetListing(self, request: pb.GetListingRequest, context: Context) -> Any:
        caller()
        listing = await self._reference.get_listing(require_id(request.listing_id, "listing_id"))
        return pb.GetListingResponse(listing=cv.listing_out(listing))

    async def ListListings(self, request: pb.ListListingsRequest, context: Context) -> Any:
        caller()
        found, token = await self._reference.list_listings(
            cv.page_in(request.page),
            request.include_archived,
            _ids(request.listing_ids, "listing_ids"),
            optional_id(request.instrument_id, "instrument_id"),
        )
        return pb.ListListingsResponse(
            listings=[cv.listing_out(x) for x in found], page_info=cv.page_info_out(token)
        )

    async def UpdateListing(self, request: pb.UpdateListingRequest, context: Context) -> Any:
        listing = await self._reference.update_listing(
            caller(),
            require_id(request.listing_id, "listing_id"),
            require_version(request.version),
            _listing_terms(request),
        )
        return pb.UpdateListingResponse(listing=cv.listing_out(listing))

    async def ArchiveListing(self, request: pb.ArchiveListingRequest, context: Context) -> Any:
        listing = await self._reference.archive_listing(
            caller(), require_id(request.listing_id, "listing_id"), require_version(request.version)
        )
        return pb.ArchiveListingResponse(listing=cv.listing_out(listing))

    # --- sleeves and constituents ---

    async def CreateSleeve(self, request: pb.CreateSleeveRequest, context: Context) -> Any:
        sleeve = await self._sleeves.create_sleeve(
            caller(),
            check_request_id(request.request_id),
            require_id(request.portfolio_id, "portfolio_id"),
            _sleeve_terms(request),
        )
        return pb.CreateSleeveResponse(sleeve=cv.sleeve_out(sleeve))

    async def ListSleeves(self, request: pb.ListSleevesRequest, context: Context) -> Any:
        found = await self._sleeves.list_sleeves(
            caller(), _ids(request.portfolio_ids, "portfolio_ids"), request.include_archived
        )
        return pb.ListSleevesResponse(sleeves=[cv.sleeve_out(s) for s in found])

    async def UpdateSleeve(self, request: pb.UpdateSleeveRequest, context: Context) -> Any:
        sleeve = await self._sleeves.update_sleeve(
            caller(),
            require_id(request.portfolio_id, "portfolio_id"),
            require_id(request.sleeve_id, "sleeve_id"),
            require_version(request.version),
            _sleeve_terms(request),
        )
        return pb.UpdateSleeveResponse(sleeve=cv.sleeve_out(sleeve))

    async def ArchiveSleeve(self, request: pb.ArchiveSleeveRequest, context: Context) -> Any:
        sleeve = await self._sleeves.archive_sleeve(
            caller(),
            require_id(request.portfolio_id, "portfolio_id"),
            require_id(request.sleeve_id, "sleeve_id"),
            require_version(request.version),
        )
        return pb.ArchiveSleeveResponse(sleeve=cv.sleeve_out(sleeve))

    async def AddConstituent(self, request: pb.AddConstituentRequest, context: Context) -> Any:
        constituent = await self._sleeves.add_constituent(
            caller(),
            require_id(request.portfolio_id, "portfolio_id"),
            require_id(request.listing_id, "listing_id"),
            optional_id(request.sleeve_id, "sleeve_id"),
            request.monitored,
        )
        return pb.AddConstituentResponse(constituent=cv.constituent_out(constituent))

    async def ListConstituents(self, request: pb.ListConstituentsRequest, context: Context) -> Any:
        found = await self._sleeves.list_constituents(
            caller(), _ids(request.portfolio_ids, "portfolio_ids")
        )
        return pb.ListConstituentsResponse(constituents=[cv.constituent_out(c) for c in found])

    async def UpdateConstituent(
        self, request: pb.UpdateConstituentRequest, context: Context
    ) -> Any:
        constituent = await self._sleeves.update_constituent(
            caller(),
            require_id(request.portfolio_id, "portfolio_id"),
            require_id(request.listing_id, "listing_id"),
            require_version(request.version),
            optional_id(request.sleeve_id, "sleeve_id"),
            request.monitored,
        )
        return pb.UpdateConstituentResponse(constituent=cv.constituent_out(constituent))

    async def RemoveConstituent(
        self, request: pb.RemoveConstituentRequest, context: Context
    ) -> Any:
        await self._sleeves.remove_constituent(
            caller(),
            require_id(request.portfolio_id, "portfolio_id"),
            require_id(request.listing_id, "listing_id"),
            require_version(request.version),
        )
        return pb.RemoveConstituentResponse()

    async def CheckTargets(self, request: pb.CheckTargetsRequest, context: Context) -> Any:
        check = await self._sleeves.check_targets(
            caller(), require_id(request.portfolio_id, "portfolio_id")
        )
        return pb.CheckTargetsResponse(
            sums_to_100=check.sums_to_100, target_sum_pct=cv.decimal_out(check.target_sum_pct)
        )
