"""Protobuf <-> ledger domain, nothing else."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2

from services.ledger.domain.model import (
    CashBalance,
    EntryKind,
    Holding,
    PostedBatch,
    PostedEntry,
)
from services.ledger.domain.replay import Difference
from services.ledger.domain.validation import EntryDraft
from services.ledger.handlers.accounts import AccountView
from services.ledger.repository import EntryFilter
from taplatform.errors import InvalidArgumentError

_KIND_TO_PB = {
    EntryKind.CONTRIBUTION: ledger_pb2.ENTRY_KIND_CONTRIBUTION,
    EntryKind.WITHDRAWAL: ledger_pb2.ENTRY_KIND_WITHDRAWAL,
    EntryKind.FEE: ledger_pb2.ENTRY_KIND_FEE,
    EntryKind.INTEREST: ledger_pb2.ENTRY_KIND_INTEREST,
    EntryKind.DIVIDEND: ledger_pb2.ENTRY_KIND_DIVIDEND,
    EntryKind.BUY: ledger_pb2.ENTRY_KIND_BUY,
    EntryKind.SELL: ledger_pb2.ENTRY_KIND_SELL,
    EntryKind.STOCK_SPLIT: ledger_pb2.ENTRY_KIND_STOCK_SPLIT,
    EntryKind.REVERSAL: ledger_pb2.ENTRY_KIND_REVERSAL,
}
_KIND_FROM_PB = {value: kind for kind, value in _KIND_TO_PB.items()}


def kind_from_pb(value: int) -> EntryKind | None:
    return _KIND_FROM_PB.get(value)  # type: ignore[call-overload, no-any-return]


def kind_to_pb(kind: EntryKind) -> Any:
    return _KIND_TO_PB[kind]


def draft_from_pb(entry: ledger_pb2.Entry) -> EntryDraft:
    """The submitted fields as strings; validation happens in the domain."""
    return EntryDraft(
        entry_id=entry.entry_id,
        kind=kind_from_pb(entry.kind),
        amount=entry.amount.amount.value,
        amount_currency=entry.amount.currency_code,
        listing_id=entry.listing_id,
        quantity=entry.quantity.value,
        price=entry.price.amount.value,
        price_currency=entry.price.currency_code,
        fx_rate=entry.fx_rate.value,
        fees=entry.fees.amount.value,
        fees_currency=entry.fees.currency_code,
        entry_date=entry.entry_date,
        settlement_date=entry.settlement_date,
        split_ratio=entry.split_ratio.value,
        reverses_entry_id=entry.reverses_entry_id,
        memo=entry.memo,
    )


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _decimal(value: Decimal | None) -> types_pb2.Decimal | None:
    return None if value is None else types_pb2.Decimal(value=_text(value))


def _money(currency: str | None, value: Decimal | None) -> types_pb2.Money | None:
    if value is None:
        return None
    return types_pb2.Money(currency_code=currency or "", amount=_decimal(value))


def _timestamp(moment: object) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)  # type: ignore[arg-type]
    return stamp


def _date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def entry_to_pb(posted: PostedEntry, reversed_by: uuid.UUID | None = None) -> ledger_pb2.Entry:
    entry = posted.entry
    amount = entry.amount if posted.base_amount is None else posted.base_amount
    return ledger_pb2.Entry(
        entry_id=str(entry.entry_id),
        kind=kind_to_pb(entry.kind),
        amount=_money(entry.currency, amount),
        listing_id=entry.listing_id or posted.affects_listing_id or "",
        quantity=_decimal(entry.quantity),
        price=_money(entry.price_currency, entry.price),
        fx_rate=_decimal(entry.fx_rate),
        fees=_money(entry.currency, entry.fees),
        entry_date=_date(entry.entry_date),
        settlement_date=_date(entry.settlement_date),
        split_ratio=_decimal(entry.split_ratio),
        reverses_entry_id=str(entry.reverses_entry_id or ""),
        memo=entry.memo,
        listing_amount=_money(entry.price_currency, posted.listing_amount),
        cash_change=_money(posted.cash_currency, posted.cash_change),
        batch_id=str(posted.batch_id),
        sequence=posted.sequence,
        posted_at=_timestamp(posted.posted_at),
        reversed_by_entry_id=str(reversed_by or ""),
    )


def batch_to_pb(batch: PostedBatch) -> ledger_pb2.Batch:
    return ledger_pb2.Batch(
        batch_id=str(batch.batch_id),
        portfolio_id=batch.portfolio_id,
        sequence=batch.sequence,
        posted_at=_timestamp(batch.posted_at),
        actor_user_id=batch.actor_user_id or "",
        entries=[entry_to_pb(p) for p in batch.entries],
    )


def holding_to_pb(holding: Holding, currency: str) -> ledger_pb2.Holding:
    return ledger_pb2.Holding(
        listing_id=holding.listing_id,
        quantity=_decimal(holding.quantity),
        average_cost=_money(currency, holding.average_cost),
        cost_basis=_money(currency, holding.cost_basis),
        last_entry_id=str(holding.last_entry_id or ""),
        last_sequence=holding.last_sequence,
    )


def holder_to_pb(portfolio_id: str, listing_id: str, quantity: Decimal) -> ledger_pb2.Holder:
    return ledger_pb2.Holder(
        portfolio_id=portfolio_id, listing_id=listing_id, quantity=_decimal(quantity)
    )


def cash_to_pb(cash: CashBalance) -> ledger_pb2.CashBalance:
    return ledger_pb2.CashBalance(
        balance=_money(cash.currency, cash.balance),
        last_entry_id=str(cash.last_entry_id or ""),
        last_sequence=cash.last_sequence,
    )


def account_to_pb(view: AccountView) -> ledger_pb2.LedgerAccount:
    return ledger_pb2.LedgerAccount(
        portfolio_id=view.policy.portfolio_id,
        base_currency=view.policy.base_currency,
        allow_negative_cash=view.policy.allow_negative_cash,
        allow_short=view.policy.allow_short,
        entry_count=view.entry_count,
        batch_count=view.batch_count,
        version=view.version,
    )


def difference_to_pb(difference: Difference) -> ledger_pb2.Difference:
    return ledger_pb2.Difference(
        subject=difference.subject,
        field=difference.field,
        snapshot_value=difference.snapshot_value,
        replay_value=difference.replay_value,
    )


def _filter_date(field: str, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidArgumentError.for_field(field, f"must be YYYY-MM-DD, got {text!r}") from None


def entry_filter_from_pb(request: ledger_pb2.ListEntriesRequest) -> EntryFilter:
    kinds = []
    for index, value in enumerate(request.kinds):
        kind = kind_from_pb(value)
        if kind is None:
            raise InvalidArgumentError.for_field(f"kinds[{index}]", "is not an entry kind")
        kinds.append(kind)
    return EntryFilter(
        kinds=tuple(kinds),
        listing_id=request.listing_id or None,
        date_from=_filter_date("entry_date_from", request.entry_date_from),
        date_to=_filter_date("entry_date_to", request.entry_date_to),
        newest_first=request.newest_first,
    )
