"""Entry and batch builders for ledger tests: readable, valid by default."""

from __future__ import annotations

import uuid

from services.ledger.domain.model import BatchRequest, EntryKind
from services.ledger.domain.validation import EntryDraft, parse_batch

DAY = "2026-01-02"


def _id(entry_id: str | None) -> str:
    return entry_id or str(uuid.uuid4())


def cash(kind: EntryKind, amount: str, *, entry_id: str | None = None, **fields: str) -> EntryDraft:
    fields.setdefault("entry_date", DAY)
    return EntryDraft(entry_id=_id(entry_id), kind=kind, amount=amount, **fields)


def contribution(amount: str = "1000.00", **fields: str) -> EntryDraft:
    return cash(EntryKind.CONTRIBUTION, amount, **fields)


def withdrawal(amount: str, **fields: str) -> EntryDraft:
    return cash(EntryKind.WITHDRAWAL, amount, **fields)


def trade(
    kind: EntryKind,
    listing_id: str,
    quantity: str,
    price: str,
    *,
    price_currency: str = "GBP",
    entry_id: str | None = None,
    **fields: str,
) -> EntryDraft:
    fields.setdefault("entry_date", DAY)
    return EntryDraft(
        entry_id=_id(entry_id),
        kind=kind,
        listing_id=listing_id,
        quantity=quantity,
        price=price,
        price_currency=price_currency,
        **fields,
    )


def buy(listing_id: str, quantity: str, price: str, **fields: str) -> EntryDraft:
    return trade(EntryKind.BUY, listing_id, quantity, price, **fields)


def sell(listing_id: str, quantity: str, price: str, **fields: str) -> EntryDraft:
    return trade(EntryKind.SELL, listing_id, quantity, price, **fields)


def split(listing_id: str, ratio: str, *, entry_id: str | None = None) -> EntryDraft:
    return EntryDraft(
        entry_id=_id(entry_id),
        kind=EntryKind.STOCK_SPLIT,
        listing_id=listing_id,
        split_ratio=ratio,
        entry_date=DAY,
    )


def reversal(target: str | uuid.UUID, *, entry_id: str | None = None) -> EntryDraft:
    return EntryDraft(
        entry_id=_id(entry_id),
        kind=EntryKind.REVERSAL,
        reverses_entry_id=str(target),
        entry_date=DAY,
    )


def batch(portfolio_id: str, *drafts: EntryDraft, batch_id: str | None = None) -> BatchRequest:
    return parse_batch(batch_id or str(uuid.uuid4()), portfolio_id, list(drafts))
