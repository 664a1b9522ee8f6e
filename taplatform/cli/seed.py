"""Seed the demo portfolio over gRPC as its owner; every step looks before it creates.

Running it again creates nothing: instruments are found by ISIN, listings by
venue and ticker, the portfolio by name (archived ones too, so a demo the user
archived stays archived), sleeves by name, constituents by listing; the
opening ledger batch is posted only into an empty ledger, and sample prices are
imported only when marketdata lacks the newest sample session. Client ids are
derived from names, so a run cut short and retried replays instead of doubling.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradingassistant.common.v1 import types_pb2 as common
from tradingassistant.ledger.v1 import ledger_pb2 as led
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as reg
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata
from taplatform.cli import demo_data as demo
from taplatform.cli.demo_data import SampleBar, SampleDataError
from taplatform.cli.demo_ledger import dec, opening_batch

MAX_PAGE = 200


@dataclass(frozen=True)
class Stubs:
    registry: registry_pb2_grpc.RegistryServiceStub
    ledger: ledger_pb2_grpc.LedgerServiceStub
    marketdata: marketdata_pb2_grpc.MarketDataServiceStub


@dataclass
class SeedReport:
    """The demo portfolio and what this run created (empty: nothing new)."""

    portfolio_id: str = ""
    created: list[str] = field(default_factory=list)
    archived: bool = False


class DemoSeeder:
    """Seeds as the user behind ``bearer``; ``today`` bounds which sample days are history."""

    def __init__(
        self, stubs: Stubs, bearer: str, prices_dir: Path, today: date, timeout_s: float = 60.0
    ) -> None:
        self._stubs = stubs
        self._metadata = bearer_metadata(bearer)
        self._prices_dir = prices_dir
        self._today = today
        self._timeout_s = timeout_s
        self._report = SeedReport()

    async def _call(self, method: Callable[..., Awaitable[Any]], request: Any) -> Any:
        return await method(request, metadata=self._metadata, timeout=self._timeout_s)

    async def seed(self) -> SeedReport:
        """Make sure the demo portfolio and everything in it exists; report what was created."""
        bars = {x.ticker: self._history(x.ticker) for x in demo.LISTINGS}
        listings = {x.ticker: await self._listing(x) for x in demo.LISTINGS}
        portfolio = await self._portfolio()
        self._report.portfolio_id = portfolio.portfolio_id
        if portfolio.archived:
            self._report.archived = True
            return self._report
        sleeves = await self._sleeves(portfolio.portfolio_id)
        await self._constituents(portfolio.portfolio_id, listings, sleeves)
        await self._opening_batch(portfolio.portfolio_id, listings, bars)
        await self._prices(listings, bars)
        return self._report

    def _history(self, ticker: str) -> list[SampleBar]:
        """Sample days before today: today's session may not have closed yet."""
        bars = [b for b in demo.read_sample_prices(self._prices_dir, ticker) if b.day < self._today]
        if len(bars) < demo.BUY_SESSION:
            raise SampleDataError(f"{ticker}: under {demo.BUY_SESSION} sample days before today")
        return bars

    # --- reference data ---

    async def _pages(
        self, method: Callable[..., Awaitable[Any]], request: Callable[[Any], Any], field: str
    ) -> AsyncIterator[Any]:
        """Every item of a paged list RPC, page after page."""
        token = ""
        while True:
            page = common.PageRequest(page_size=MAX_PAGE, page_token=token)
            reply = await self._call(method, request(page))
            for item in getattr(reply, field):
                yield item
            token = reply.page_info.next_page_token
            if not token:
                return

    async def _instrument_id(self, wanted: demo.DemoListing) -> str:
        instruments = self._pages(
            self._stubs.registry.ListInstruments,
            lambda page: reg.ListInstrumentsRequest(page=page),
            "instruments",
        )
        async for instrument in instruments:
            if instrument.isin == wanted.isin:
                return str(instrument.instrument_id)
        request = reg.CreateInstrumentRequest(
            request_id=f"demo-seed:instrument:{wanted.isin}",
            isin=wanted.isin,
            name=wanted.name,
            asset_class=wanted.asset_class,
        )
        created = await self._call(self._stubs.registry.CreateInstrument, request)
        self._report.created.append(f"instrument {wanted.isin}")
        return str(created.instrument.instrument_id)

    async def _listing(self, wanted: demo.DemoListing) -> reg.Listing:
        instrument_id = await self._instrument_id(wanted)
        reply = await self._call(
            self._stubs.registry.ListListings,
            reg.ListListingsRequest(
                instrument_id=instrument_id, page=common.PageRequest(page_size=MAX_PAGE)
            ),
        )
        found: reg.Listing
        for found in reply.listings:
            if (found.venue_mic, found.ticker) == (demo.VENUE, wanted.ticker):
                if found.quote_currency != wanted.quote_currency:
                    raise SampleDataError(
                        f"listing {demo.VENUE}:{wanted.ticker} exists quoted in "
                        f"{found.quote_currency}; the sample prices are in "
                        f"{wanted.quote_currency}"
                    )
                return found
        request = reg.CreateListingRequest(
            request_id=f"demo-seed:listing:{wanted.isin}:{demo.VENUE}:{wanted.ticker}",
            instrument_id=instrument_id,
            venue_mic=demo.VENUE,
            ticker=wanted.ticker,
            quote_currency=wanted.quote_currency,
            price_scale=dec(wanted.price_scale),
            lot_size=dec(Decimal(1)),
            tick_size=dec(Decimal("0.01")),
            calendar=demo.VENUE,
        )
        created = await self._call(self._stubs.registry.CreateListing, request)
        self._report.created.append(f"listing {demo.VENUE}:{wanted.ticker}")
        listing: reg.Listing = created.listing
        return listing

    # --- the portfolio and its universe ---

    async def _portfolio(self) -> reg.Portfolio:
        portfolios = self._pages(
            self._stubs.registry.ListPortfolios,
            lambda page: reg.ListPortfoliosRequest(page=page, include_archived=True),
            "portfolios",
        )
        found: reg.Portfolio
        async for found in portfolios:
            if found.name == demo.DEMO_PORTFOLIO_NAME:
                return found
        request = reg.CreatePortfolioRequest(
            request_id="demo-seed:portfolio",
            name=demo.DEMO_PORTFOLIO_NAME,
            base_currency=demo.DEMO_BASE_CURRENCY,
        )
        created = await self._call(self._stubs.registry.CreatePortfolio, request)
        self._report.created.append("portfolio")
        found = created.portfolio
        return found

    async def _sleeves(self, portfolio_id: str) -> dict[str, str]:
        reply = await self._call(
            self._stubs.registry.ListSleeves, reg.ListSleevesRequest(portfolio_ids=[portfolio_id])
        )
        by_name = {s.name: str(s.sleeve_id) for s in reply.sleeves}
        for sleeve in demo.SLEEVES:
            if sleeve.name in by_name:
                continue
            request = reg.CreateSleeveRequest(
                request_id=f"demo-seed:sleeve:{portfolio_id}:{sleeve.name}",
                portfolio_id=portfolio_id,
                name=sleeve.name,
                target_weight_pct=dec(sleeve.target_weight_pct),
            )
            created = await self._call(self._stubs.registry.CreateSleeve, request)
            by_name[sleeve.name] = str(created.sleeve.sleeve_id)
            self._report.created.append(f"sleeve {sleeve.name}")
        return by_name

    async def _constituents(
        self, portfolio_id: str, listings: dict[str, reg.Listing], sleeves: dict[str, str]
    ) -> None:
        reply = await self._call(
            self._stubs.registry.ListConstituents,
            reg.ListConstituentsRequest(portfolio_ids=[portfolio_id]),
        )
        present = {c.listing_id for c in reply.constituents}
        for wanted in demo.LISTINGS:
            listing_id = listings[wanted.ticker].listing_id
            if listing_id in present:
                continue
            request = reg.AddConstituentRequest(
                portfolio_id=portfolio_id,
                listing_id=listing_id,
                sleeve_id=sleeves[wanted.sleeve],
                monitored=True,
            )
            await self._call(self._stubs.registry.AddConstituent, request)
            self._report.created.append(f"constituent {wanted.ticker}")

    # --- the ledger and the prices ---

    async def _opening_batch(
        self,
        portfolio_id: str,
        listings: dict[str, reg.Listing],
        bars: dict[str, list[SampleBar]],
    ) -> None:
        """Cash in, then the buys: only into an empty ledger (the user's own entries win)."""
        existing = await self._call(
            self._stubs.ledger.ListEntries,
            led.ListEntriesRequest(portfolio_id=portfolio_id, page=common.PageRequest(page_size=1)),
        )
        if existing.entries:
            return
        ids = {ticker: listing.listing_id for ticker, listing in listings.items()}
        request = opening_batch(portfolio_id, ids, bars)
        await self._call(self._stubs.ledger.SubmitBatch, request)
        self._report.created.append(f"ledger batch of {len(request.entries)} entries")

    async def _prices(
        self, listings: dict[str, reg.Listing], bars: dict[str, list[SampleBar]]
    ) -> None:
        """Import the sample history unless marketdata already has its newest day."""
        ids = {listings[t].listing_id: t for t in bars}
        latest = await self._call(
            self._stubs.marketdata.GetLatestPrices,
            md.GetLatestPricesRequest(listing_ids=sorted(ids), kind=md.PRICE_KIND_EOD),
        )
        newest = {p.listing_id: p.observed_at.ToDatetime().date() for p in latest.prices}
        last_day = max(b[-1].day for b in bars.values())
        if all(newest.get(i, date.min) >= bars[t][-1].day for i, t in ids.items()):
            return
        currency = {i: listings[t].quote_currency for i, t in ids.items()}
        content = demo.import_csv({i: bars[t] for i, t in ids.items()}, currency)
        request = md.ImportPricesCsvRequest(
            request_id=f"demo-seed:prices:{last_day.isoformat()}",
            content=content,
            source=demo.SAMPLE_SOURCE,
            confirm=True,
        )
        reply = await self._call(self._stubs.marketdata.ImportPricesCsv, request)
        if reply.rejections:
            first = reply.rejections[0]
            raise SampleDataError(
                f"{len(reply.rejections)} sample price rows rejected, "
                f"e.g. row {first.row} {first.field}: {first.reason}"
            )
        self._report.created.append(f"{reply.task_run.inserted} sample prices")
