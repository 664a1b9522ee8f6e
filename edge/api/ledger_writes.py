"""Posting to the ledger: batches of entries with client ids, reversals, account settings.

Field paths in errors are rewritten from the ledger's protobuf names
(``entries[0].amount.amount``) to this API's input names
(``entries[0].amount``), so a form can put each message next to its input.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

import strawberry
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2

from edge.api.convert import EdgeInfo
from edge.api.errors import (
    ExpectedError,
    FailedPrecondition,
    FieldError,
    ValidationError,
    expected,
)
from edge.api.ledger import LedgerAccount
from edge.api.ledger_entries import EntryKind, LedgerEntry, kind_to_pb

T = TypeVar("T")

# Protobuf leaves that this API flattens into one input field.
_FLATTENED = {
    ".amount.amount": ".amount",
    ".amount.currency_code": ".currency",
    ".price.amount": ".price",
    ".price.currency_code": ".priceCurrency",
    ".fees.amount": ".fees",
    ".fees.currency_code": ".currency",
}


def input_path(path: str) -> str:
    """``entries[0].price.currency_code`` → ``entries[0].priceCurrency``."""
    for leaf, flat in _FLATTENED.items():
        if path.endswith(leaf):
            path = path[: -len(leaf)] + flat
            break
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), path)


async def expected_with_input_paths(call: Callable[[], Awaitable[T]]) -> T | ExpectedError:
    result = await expected(call)
    if isinstance(result, ValidationError):
        result.field_errors = [
            FieldError(field=input_path(f.field), message=f.message) for f in result.field_errors
        ]
    elif isinstance(result, FailedPrecondition) and result.field:
        result.field = input_path(result.field)
    return result


@strawberry.enum
class SubmitStatus(enum.Enum):
    CREATED = "CREATED"
    EXISTS = "EXISTS"


@strawberry.input(description="One entry; which fields apply depends on `kind`.")
class LedgerEntryInput:
    entry_id: str = strawberry.field(description="Client-generated UUID, unique forever.")
    kind: EntryKind
    entry_date: date = strawberry.field(description="Trade or value date; never in the future.")
    amount: Decimal | None = strawberry.field(
        default=None, description="Cash kinds: the positive amount moved."
    )
    currency: str | None = strawberry.field(
        default=None, description="Of amount and fees; default the portfolio's base currency."
    )
    listing_id: strawberry.ID | None = None
    quantity: Decimal | None = None
    price: Decimal | None = strawberry.field(default=None, description="Per unit, as quoted.")
    price_currency: str | None = strawberry.field(default=None, description="e.g. GBX.")
    fx_rate: Decimal | None = strawberry.field(
        default=None, description="Base units per price unit (GBX→GBP: 0.01)."
    )
    fees: Decimal | None = None
    settlement_date: date | None = None
    split_ratio: Decimal | None = None
    reverses_entry_id: strawberry.ID | None = None
    memo: str = ""


@strawberry.input
class SubmitLedgerBatchInput:
    batch_id: str = strawberry.field(
        description="Client-generated UUID: resubmitting the same batch answers EXISTS."
    )
    portfolio_id: strawberry.ID
    entries: list[LedgerEntryInput]


@strawberry.input
class ReverseLedgerEntryInput:
    portfolio_id: strawberry.ID
    entry_id: strawberry.ID = strawberry.field(description="The entry to undo.")
    batch_id: str = strawberry.field(description="Client-generated UUID of the reversal batch.")
    reversal_entry_id: str = strawberry.field(description="Client-generated UUID.")
    entry_date: date
    memo: str = ""


@strawberry.input
class UpdateLedgerAccountInput:
    portfolio_id: strawberry.ID
    version: int
    allow_negative_cash: bool
    allow_short: bool


@strawberry.type(description="A posted batch: all its entries were booked together.")
class PostedBatch:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    sequence: int
    status: SubmitStatus = strawberry.field(description="EXISTS: posted before, not again.")
    entries: list[LedgerEntry]


PostedBatchResult = Annotated[PostedBatch | ExpectedError, strawberry.union("PostedBatchResult")]
LedgerAccountResult = Annotated[
    LedgerAccount | ExpectedError, strawberry.union("LedgerAccountResult")
]


def _money(amount: Decimal | None, currency: str | None) -> types_pb2.Money | None:
    if amount is None:
        return None
    return types_pb2.Money(
        currency_code=(currency or "").upper(), amount=types_pb2.Decimal(value=str(amount))
    )


def _decimal(value: Decimal | None) -> types_pb2.Decimal | None:
    return None if value is None else types_pb2.Decimal(value=str(value))


def entry_pb(value: LedgerEntryInput) -> ledger_pb2.Entry:
    """The entry as the ledger takes it; the ledger validates every field itself."""
    return ledger_pb2.Entry(
        entry_id=value.entry_id,
        kind=kind_to_pb(value.kind),
        amount=_money(value.amount, value.currency),
        listing_id=str(value.listing_id or ""),
        quantity=_decimal(value.quantity),
        price=_money(value.price, value.price_currency),
        fx_rate=_decimal(value.fx_rate),
        fees=_money(value.fees, value.currency),
        entry_date=value.entry_date.isoformat(),
        settlement_date=value.settlement_date.isoformat() if value.settlement_date else "",
        split_ratio=_decimal(value.split_ratio),
        reverses_entry_id=str(value.reverses_entry_id or ""),
        memo=value.memo,
    )


async def _submit(info: EdgeInfo, request: ledger_pb2.SubmitBatchRequest) -> PostedBatch:
    response = await info.context.ledger.SubmitBatch(request)
    batch = response.batch
    exists = response.status == ledger_pb2.SUBMIT_STATUS_EXISTS
    return PostedBatch(
        id=strawberry.ID(batch.batch_id),
        portfolio_id=strawberry.ID(batch.portfolio_id),
        sequence=batch.sequence,
        status=SubmitStatus.EXISTS if exists else SubmitStatus.CREATED,
        entries=[LedgerEntry.from_pb(e) for e in batch.entries],
    )


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="Post entries atomically; resubmitting answers EXISTS.")
    async def submit_ledger_batch(
        self, info: EdgeInfo, input: SubmitLedgerBatchInput
    ) -> PostedBatchResult:
        request = ledger_pb2.SubmitBatchRequest(
            batch_id=input.batch_id,
            portfolio_id=str(input.portfolio_id),
            entries=[entry_pb(e) for e in input.entries],
        )
        return await expected_with_input_paths(lambda: _submit(info, request))

    @strawberry.mutation(description="Undo an entry with a REVERSAL entry (entries never change).")
    async def reverse_ledger_entry(
        self, info: EdgeInfo, input: ReverseLedgerEntryInput
    ) -> PostedBatchResult:
        reversal = ledger_pb2.Entry(
            entry_id=input.reversal_entry_id,
            kind=ledger_pb2.ENTRY_KIND_REVERSAL,
            reverses_entry_id=str(input.entry_id),
            entry_date=input.entry_date.isoformat(),
            memo=input.memo,
        )
        request = ledger_pb2.SubmitBatchRequest(
            batch_id=input.batch_id, portfolio_id=str(input.portfolio_id), entries=[reversal]
        )
        return await expected_with_input_paths(lambda: _submit(info, request))

    @strawberry.mutation(description="Allow or forbid negative cash and short positions.")
    async def update_ledger_account(
        self, info: EdgeInfo, input: UpdateLedgerAccountInput
    ) -> LedgerAccountResult:
        async def call() -> LedgerAccount:
            request = ledger_pb2.UpdateAccountRequest(
                portfolio_id=str(input.portfolio_id),
                version=input.version,
                allow_negative_cash=input.allow_negative_cash,
                allow_short=input.allow_short,
            )
            response = await info.context.ledger.UpdateAccount(request)
            return LedgerAccount.from_pb(response.account)

        return await expected_with_input_paths(call)
