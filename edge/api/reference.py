"""Instruments and their listings: shared reference data every portfolio draws on."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import strawberry
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import (
    AssetClass,
    EdgeInfo,
    asset_class_from_pb,
    asset_class_to_pb,
    decimal_or_none,
    decimal_pb,
)
from edge.api.errors import ExpectedError, NotFound, expected

MAX_PAGE_SIZE = 200


def page_request(first: int, after: str | None) -> types_pb2.PageRequest:
    return types_pb2.PageRequest(
        page_size=max(1, min(first, MAX_PAGE_SIZE)), page_token=after or ""
    )


def request_id(given: str | None) -> str:
    # The client's id makes a retried create idempotent; without one each call is new.
    return given or str(uuid.uuid4())


@strawberry.type
class Instrument:
    id: strawberry.ID
    isin: str
    name: str
    asset_class: AssetClass | None
    version: int
    archived: bool

    @classmethod
    def from_pb(cls, value: registry_pb2.Instrument) -> Instrument:
        return cls(
            id=strawberry.ID(value.instrument_id),
            isin=value.isin,
            name=value.name,
            asset_class=asset_class_from_pb(value.asset_class),
            version=value.version,
            archived=value.archived,
        )


@strawberry.type(description="An instrument on one venue, with the units its prices come in.")
class Listing:
    id: strawberry.ID
    instrument_id: strawberry.ID
    venue_mic: str
    ticker: str
    quote_currency: str = strawberry.field(description="ISO 4217, or GBX for pence.")
    price_scale: Decimal | None = strawberry.field(
        description="One quote unit in the currency's major unit: GBX = 0.01."
    )
    lot_size: Decimal | None
    tick_size: Decimal | None
    calendar: str
    version: int
    archived: bool

    @strawberry.field
    async def instrument(self, info: EdgeInfo) -> Instrument | None:
        found = await info.context.loaders.instrument.load(str(self.instrument_id))
        return None if found is None else Instrument.from_pb(found)

    @classmethod
    def from_pb(cls, value: registry_pb2.Listing) -> Listing:
        return cls(
            id=strawberry.ID(value.listing_id),
            instrument_id=strawberry.ID(value.instrument_id),
            venue_mic=value.venue_mic,
            ticker=value.ticker,
            quote_currency=value.quote_currency,
            price_scale=decimal_or_none(value.price_scale),
            lot_size=decimal_or_none(value.lot_size),
            tick_size=decimal_or_none(value.tick_size),
            calendar=value.calendar,
            version=value.version,
            archived=value.archived,
        )


@strawberry.type
class InstrumentPage:
    items: list[Instrument]
    next_page_token: str | None


@strawberry.type
class ListingPage:
    items: list[Listing]
    next_page_token: str | None


@strawberry.input
class CreateInstrumentInput:
    isin: str
    name: str
    asset_class: AssetClass
    request_id: str | None = None


@strawberry.input
class UpdateInstrumentInput:
    id: strawberry.ID
    version: int
    name: str
    asset_class: AssetClass


@strawberry.input
class CreateListingInput:
    instrument_id: strawberry.ID
    venue_mic: str
    ticker: str
    quote_currency: str
    price_scale: Decimal
    lot_size: Decimal = Decimal(1)
    tick_size: Decimal | None = None
    calendar: str = ""
    request_id: str | None = None


@strawberry.input
class UpdateListingInput:
    id: strawberry.ID
    version: int
    ticker: str
    lot_size: Decimal
    tick_size: Decimal | None = None
    calendar: str = ""


InstrumentResult = Annotated[Instrument | ExpectedError, strawberry.union("InstrumentResult")]
InstrumentPageResult = Annotated[
    InstrumentPage | ExpectedError, strawberry.union("InstrumentPageResult")
]
ListingResult = Annotated[Listing | ExpectedError, strawberry.union("ListingResult")]
ListingPageResult = Annotated[ListingPage | ExpectedError, strawberry.union("ListingPageResult")]


@strawberry.type
class ReferenceQuery:
    @strawberry.field
    async def instruments(
        self,
        info: EdgeInfo,
        first: int = 50,
        after: str | None = None,
        include_archived: bool = False,
    ) -> InstrumentPageResult:
        async def call() -> InstrumentPage:
            request = registry_pb2.ListInstrumentsRequest(
                page=page_request(first, after), include_archived=include_archived
            )
            response = await info.context.registry.ListInstruments(request)
            items = [Instrument.from_pb(i) for i in response.instruments]
            return InstrumentPage(
                items=items, next_page_token=response.page_info.next_page_token or None
            )

        return await expected(call)

    @strawberry.field
    async def listings(
        self,
        info: EdgeInfo,
        instrument_id: strawberry.ID | None = None,
        first: int = 50,
        after: str | None = None,
        include_archived: bool = False,
    ) -> ListingPageResult:
        async def call() -> ListingPage:
            request = registry_pb2.ListListingsRequest(
                page=page_request(first, after),
                include_archived=include_archived,
                instrument_id=str(instrument_id or ""),
            )
            response = await info.context.registry.ListListings(request)
            items = [Listing.from_pb(v) for v in response.listings]
            return ListingPage(
                items=items, next_page_token=response.page_info.next_page_token or None
            )

        return await expected(call)

    @strawberry.field
    async def listing(self, info: EdgeInfo, id: strawberry.ID) -> ListingResult:
        async def call() -> Listing | NotFound:
            found = await info.context.loaders.listing.load(str(id))
            if found is None:
                return NotFound(message=f"listing {id} not found")
            return Listing.from_pb(found)

        return await expected(call)


def _listing_decimals(request: object, value: CreateListingInput | UpdateListingInput) -> None:
    for name in ("price_scale", "lot_size", "tick_size"):
        converted = decimal_pb(getattr(value, name, None))
        if converted is not None:
            getattr(request, name).CopyFrom(converted)


@strawberry.type
class ReferenceMutation:
    @strawberry.mutation
    async def create_instrument(
        self, info: EdgeInfo, input: CreateInstrumentInput
    ) -> InstrumentResult:
        async def call() -> Instrument:
            request = registry_pb2.CreateInstrumentRequest(
                request_id=request_id(input.request_id),
                isin=input.isin,
                name=input.name,
                asset_class=asset_class_to_pb(input.asset_class),
            )
            response = await info.context.registry.CreateInstrument(request)
            return Instrument.from_pb(response.instrument)

        return await expected(call)

    @strawberry.mutation
    async def update_instrument(
        self, info: EdgeInfo, input: UpdateInstrumentInput
    ) -> InstrumentResult:
        async def call() -> Instrument:
            request = registry_pb2.UpdateInstrumentRequest(
                instrument_id=str(input.id),
                version=input.version,
                name=input.name,
                asset_class=asset_class_to_pb(input.asset_class),
            )
            response = await info.context.registry.UpdateInstrument(request)
            return Instrument.from_pb(response.instrument)

        return await expected(call)

    @strawberry.mutation
    async def archive_instrument(
        self, info: EdgeInfo, id: strawberry.ID, version: int
    ) -> InstrumentResult:
        async def call() -> Instrument:
            request = registry_pb2.ArchiveInstrumentRequest(instrument_id=str(id), version=version)
            response = await info.context.registry.ArchiveInstrument(request)
            return Instrument.from_pb(response.instrument)

        return await expected(call)

    @strawberry.mutation
    async def create_listing(self, info: EdgeInfo, input: CreateListingInput) -> ListingResult:
        async def call() -> Listing:
            request = registry_pb2.CreateListingRequest(
                request_id=request_id(input.request_id),
                instrument_id=str(input.instrument_id),
                venue_mic=input.venue_mic,
                ticker=input.ticker,
                quote_currency=input.quote_currency,
                calendar=input.calendar,
            )
            _listing_decimals(request, input)
            response = await info.context.registry.CreateListing(request)
            return Listing.from_pb(response.listing)

        return await expected(call)

    @strawberry.mutation
    async def update_listing(self, info: EdgeInfo, input: UpdateListingInput) -> ListingResult:
        async def call() -> Listing:
            request = registry_pb2.UpdateListingRequest(
                listing_id=str(input.id),
                version=input.version,
                ticker=input.ticker,
                calendar=input.calendar,
            )
            _listing_decimals(request, input)
            response = await info.context.registry.UpdateListing(request)
            return Listing.from_pb(response.listing)

        return await expected(call)

    @strawberry.mutation
    async def archive_listing(
        self, info: EdgeInfo, id: strawberry.ID, version: int
    ) -> ListingResult:
        async def call() -> Listing:
            request = registry_pb2.ArchiveListingRequest(listing_id=str(id), version=version)
            response = await info.context.registry.ArchiveListing(request)
            return Listing.from_pb(response.listing)

        return await expected(call)
