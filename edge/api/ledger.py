"""A portfolio's ledger as the edge shows it: entries, holdings and cash from snapshots, checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from tradingassistant.ledger.v1 import ledger_pb2

from edge.api.convert import EdgeInfo, Money, money_or_none
from edge.api.errors import ExpectedError, expected
from edge.api.ledger_entries import EntryKind, LedgerEntry, kind_to_pb, listing_of
from edge.api.prices import PricePoint
from edge.api.reference import Listing, page_request


@strawberry.type
class LedgerEntryPage:
    items: list[LedgerEntry]
    next_page_token: str | None


@strawberry.type(description="A position from the holding snapshot (average cost method).")
class Holding:
    listing_id: strawberry.ID
    quantity: Decimal
    average_cost: Money | None = strawberry.field(description="Per unit, in the base currency.")
    cost_basis: Money | None
    last_entry_id: strawberry.ID | None
    last_sequence: int

    @strawberry.field
    async def listing(self, info: EdgeInfo) -> Listing | None:
        return await listing_of(info, str(self.listing_id))

    @strawberry.field(description="The newest stored price, as quoted; one call for all rows.")
    async def latest_price(self, info: EdgeInfo) -> PricePoint | None:
        found = await info.context.market_loaders.latest_price.load(str(self.listing_id))
        return None if found is None else PricePoint.from_pb(found)

    @classmethod
    def from_pb(cls, value: ledger_pb2.Holding) -> Holding:
        return cls(
            listing_id=strawberry.ID(value.listing_id),
            quantity=Decimal(value.quantity.value or "0"),
            average_cost=money_or_none(value.average_cost),
            cost_basis=money_or_none(value.cost_basis),
            last_entry_id=strawberry.ID(value.last_entry_id) if value.last_entry_id else None,
            last_sequence=value.last_sequence,
        )


@strawberry.type(description="A cash balance from the cash snapshot.")
class CashBalance:
    balance: Money
    last_entry_id: strawberry.ID | None
    last_sequence: int


@strawberry.type(description="The portfolio's ledger settings and counts.")
class LedgerAccount:
    portfolio_id: strawberry.ID
    base_currency: str
    allow_negative_cash: bool
    allow_short: bool
    entry_count: int
    batch_count: int
    version: int

    @classmethod
    def from_pb(cls, value: ledger_pb2.LedgerAccount) -> LedgerAccount:
        return cls(
            portfolio_id=strawberry.ID(value.portfolio_id),
            base_currency=value.base_currency,
            allow_negative_cash=value.allow_negative_cash,
            allow_short=value.allow_short,
            entry_count=value.entry_count,
            batch_count=value.batch_count,
            version=value.version,
        )


@strawberry.type(description="Where the snapshots disagree with a replay of the entries.")
class LedgerDifference:
    subject: str
    field: str
    snapshot_value: str
    replay_value: str


@strawberry.type(description="The result of replaying every entry against the snapshots.")
class LedgerVerification:
    consistent: bool
    entries_replayed: int
    differences: list[LedgerDifference]


@strawberry.input(description="Narrow the entries listed; every filter is optional.")
class LedgerEntryFilter:
    kinds: list[EntryKind] | None = None
    listing_id: strawberry.ID | None = None
    date_from: date | None = strawberry.field(default=None, description="Inclusive.")
    date_to: date | None = strawberry.field(default=None, description="Inclusive.")


LedgerEntryPageResult = Annotated[
    LedgerEntryPage | ExpectedError, strawberry.union("LedgerEntryPageResult")
]
LedgerVerificationResult = Annotated[
    LedgerVerification | ExpectedError, strawberry.union("LedgerVerificationResult")
]


async def _entries(
    info: EdgeInfo,
    portfolio_id: str,
    first: int,
    after: str | None,
    filter: LedgerEntryFilter | None,
    newest_first: bool,
) -> LedgerEntryPage:
    wanted = filter or LedgerEntryFilter()
    request = ledger_pb2.ListEntriesRequest(
        portfolio_id=portfolio_id,
        page=page_request(first, after),
        kinds=[kind_to_pb(k) for k in wanted.kinds or []],
        listing_id=str(wanted.listing_id or ""),
        entry_date_from=wanted.date_from.isoformat() if wanted.date_from else "",
        entry_date_to=wanted.date_to.isoformat() if wanted.date_to else "",
        newest_first=newest_first,
    )
    response = await info.context.ledger.ListEntries(request)
    return LedgerEntryPage(
        items=[LedgerEntry.from_pb(e) for e in response.entries],
        next_page_token=response.page.next_page_token or None,
    )


async def _verify(info: EdgeInfo, portfolio_id: str) -> LedgerVerification:
    request = ledger_pb2.VerifyPortfolioRequest(portfolio_id=portfolio_id)
    response = await info.context.ledger.VerifyPortfolio(request)
    return LedgerVerification(
        consistent=response.consistent,
        entries_replayed=response.entries_replayed,
        differences=[
            LedgerDifference(
                subject=d.subject,
                field=d.field,
                snapshot_value=d.snapshot_value,
                replay_value=d.replay_value,
            )
            for d in response.differences
        ],
    )


@strawberry.type(description="One portfolio's book: every field reads the ledger's snapshots.")
class LedgerBook:
    portfolio_id: strawberry.ID
    account: LedgerAccount

    @strawberry.field(description="Holdings from the snapshot, never replayed on read.")
    async def holdings(self, info: EdgeInfo, include_closed: bool = False) -> list[Holding]:
        request = ledger_pb2.ListHoldingsRequest(
            portfolio_id=str(self.portfolio_id), include_closed=include_closed
        )
        response = await info.context.ledger.ListHoldings(request)
        return [Holding.from_pb(h) for h in response.holdings]

    @strawberry.field(description="Cash balances from the snapshot.")
    async def cash(self, info: EdgeInfo) -> list[CashBalance]:
        request = ledger_pb2.ListCashRequest(portfolio_id=str(self.portfolio_id))
        response = await info.context.ledger.ListCash(request)
        return [
            CashBalance(
                balance=money_or_none(c.balance) or Money(amount=Decimal(0), currency=""),
                last_entry_id=strawberry.ID(c.last_entry_id) if c.last_entry_id else None,
                last_sequence=c.last_sequence,
            )
            for c in response.balances
        ]

    @strawberry.field(description="Entries in posting order (newest first by default).")
    async def entries(
        self,
        info: EdgeInfo,
        first: int = 50,
        after: str | None = None,
        filter: LedgerEntryFilter | None = None,
        newest_first: bool = True,
    ) -> LedgerEntryPageResult:
        return await expected(
            lambda: _entries(info, str(self.portfolio_id), first, after, filter, newest_first)
        )

    @strawberry.field(description="Replay every entry and compare with the snapshots.")
    async def verification(self, info: EdgeInfo) -> LedgerVerificationResult:
        return await expected(lambda: _verify(info, str(self.portfolio_id)))


LedgerBookResult = Annotated[LedgerBook | ExpectedError, strawberry.union("LedgerBookResult")]


async def ledger_book(info: EdgeInfo, portfolio_id: str) -> LedgerBook:
    """The book behind ``portfolio_id``; GetAccount is also the ledger's tenancy check."""
    request = ledger_pb2.GetAccountRequest(portfolio_id=portfolio_id)
    response = await info.context.ledger.GetAccount(request)
    return LedgerBook(
        portfolio_id=strawberry.ID(portfolio_id), account=LedgerAccount.from_pb(response.account)
    )


@strawberry.type
class LedgerQuery:
    @strawberry.field(description="A portfolio's ledger: account, holdings, cash, entries.")
    async def ledger(self, info: EdgeInfo, portfolio_id: strawberry.ID) -> LedgerBookResult:
        return await expected(lambda: ledger_book(info, str(portfolio_id)))
