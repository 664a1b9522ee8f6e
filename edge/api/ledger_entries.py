"""Ledger entries as GraphQL types: the kinds, one immutable entry, and its listing."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from tradingassistant.ledger.v1 import ledger_pb2

from edge.api.convert import (
    EdgeInfo,
    Money,
    date_or_none,
    decimal_or_none,
    money_or_none,
    time_or_none,
)
from edge.api.reference import Listing


@strawberry.enum(description="What a ledger entry records.")
class EntryKind(enum.Enum):
    CONTRIBUTION = "CONTRIBUTION"
    WITHDRAWAL = "WITHDRAWAL"
    FEE = "FEE"
    INTEREST = "INTEREST"
    DIVIDEND = "DIVIDEND"
    BUY = "BUY"
    SELL = "SELL"
    STOCK_SPLIT = "STOCK_SPLIT"
    REVERSAL = "REVERSAL"


def kind_from_pb(value: int) -> EntryKind:
    return EntryKind[ledger_pb2.EntryKind.Name(value).removeprefix("ENTRY_KIND_")]


def kind_to_pb(value: EntryKind) -> Any:
    return ledger_pb2.EntryKind.Value(f"ENTRY_KIND_{value.value}")


async def listing_of(info: EdgeInfo, listing_id: str | None) -> Listing | None:
    if not listing_id:
        return None
    found = await info.context.loaders.listing.load(listing_id)
    return None if found is None else Listing.from_pb(found)


@strawberry.type(description="One immutable ledger entry; corrections are REVERSAL entries.")
class LedgerEntry:
    id: strawberry.ID
    kind: EntryKind
    amount: Money | None = strawberry.field(description="In the base currency.")
    listing_id: strawberry.ID | None
    quantity: Decimal | None
    price: Money | None = strawberry.field(description="Per unit, as quoted (GBX for pence).")
    fx_rate: Decimal | None
    fees: Money | None
    entry_date: date
    settlement_date: date | None
    split_ratio: Decimal | None
    reverses_entry_id: strawberry.ID | None
    reversed_by_entry_id: strawberry.ID | None
    memo: str
    listing_amount: Money | None
    cash_change: Money | None = strawberry.field(description="Signed change of cash.")
    batch_id: strawberry.ID
    sequence: int
    posted_at: datetime | None

    @strawberry.field(description="The listing traded or paying, batched per page.")
    async def listing(self, info: EdgeInfo) -> Listing | None:
        return await listing_of(info, self.listing_id)

    @classmethod
    def from_pb(cls, value: ledger_pb2.Entry) -> LedgerEntry:
        return cls(
            id=strawberry.ID(value.entry_id),
            kind=kind_from_pb(value.kind),
            amount=money_or_none(value.amount),
            listing_id=strawberry.ID(value.listing_id) if value.listing_id else None,
            quantity=decimal_or_none(value.quantity),
            price=money_or_none(value.price),
            fx_rate=decimal_or_none(value.fx_rate),
            fees=money_or_none(value.fees),
            entry_date=date.fromisoformat(value.entry_date),
            settlement_date=date_or_none(value.settlement_date),
            split_ratio=decimal_or_none(value.split_ratio),
            reverses_entry_id=strawberry.ID(value.reverses_entry_id)
            if value.reverses_entry_id
            else None,
            reversed_by_entry_id=strawberry.ID(value.reversed_by_entry_id)
            if value.reversed_by_entry_id
            else None,
            memo=value.memo,
            listing_amount=money_or_none(value.listing_amount),
            cash_change=money_or_none(value.cash_change),
            batch_id=strawberry.ID(value.batch_id),
            sequence=value.sequence,
            posted_at=time_or_none(value.posted_at),
        )
