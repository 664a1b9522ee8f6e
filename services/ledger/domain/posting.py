"""Posting a batch: defaults, the ledger's rules, and the snapshots it leaves behind.

Rules deny with a reason code, entry by entry in batch order (as TigerBeetle
checks linked transfers): an entry that would take cash or a quantity below
zero is refused unless the account allows it, even if a later entry in the
same batch would bring it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from services.ledger.domain.book import Book
from services.ledger.domain.model import (
    CASH_SIGN,
    TRADE_KINDS,
    AccountPolicy,
    CashBalance,
    Entry,
    EntryKind,
    Holding,
    PostedEntry,
)
from taplatform.errors import (
    FailedPreconditionError,
    FieldViolation,
    InvalidArgumentError,
    NotFoundError,
)

ONE = Decimal(1)


def with_defaults(entry: Entry, base_currency: str) -> Entry:
    """Fill what the client may leave out: the base currency, and fx_rate 1 within it."""
    if entry.kind in CASH_SIGN or entry.kind in TRADE_KINDS:
        entry = replace(entry, currency=entry.currency or base_currency)
    if (
        entry.kind in TRADE_KINDS
        and entry.fx_rate is None
        and entry.price_currency == base_currency
    ):
        entry = replace(entry, fx_rate=ONE)
    return entry


@dataclass(frozen=True)
class PostingContext:
    policy: AccountPolicy
    batch_id: uuid.UUID
    posted_at: datetime
    # Today in UTC: entry dates after it are refused.
    today: date
    # Listing ids in the portfolio; None when the batch has no buy.
    constituents: frozenset[str] | None
    # Sequence of the portfolio's last posted entry.
    last_sequence: int


@dataclass
class Posting:
    """What a batch did: the booked entries and every snapshot it touched, before and after."""

    entries: list[PostedEntry] = field(default_factory=list)
    cash_before: dict[str, CashBalance | None] = field(default_factory=dict)
    holdings_before: dict[str, Holding | None] = field(default_factory=dict)
    cash_after: dict[str, CashBalance] = field(default_factory=dict)
    holdings_after: dict[str, Holding] = field(default_factory=dict)


def check_fields(entries: Sequence[Entry], policy: AccountPolicy, today: date) -> None:
    """Refuse entries in another currency than the base one, or dated in the future."""
    violations: list[FieldViolation] = []
    base = policy.base_currency
    for index, entry in enumerate(entries):
        path = f"entries[{index}]"
        if entry.entry_date > today:
            violations.append(
                FieldViolation(
                    f"{path}.entry_date", f"must not be in the future (today is {today})"
                )
            )
        if entry.currency is not None and entry.currency != base:
            where = "fees" if entry.kind in TRADE_KINDS else "amount"
            violations.append(
                FieldViolation(
                    f"{path}.{where}.currency_code",
                    f"must be the portfolio's base currency {base}, got {entry.currency}",
                )
            )
        if entry.kind in TRADE_KINDS:
            violations += _fx_violations(path, entry, base)
    if violations:
        first = violations[0]
        raise InvalidArgumentError(f"{first.field}: {first.description}", violations)


def _fx_violations(path: str, entry: Entry, base: str) -> list[FieldViolation]:
    if entry.fx_rate is None:
        why = f"is required when the price currency ({entry.price_currency}) is not {base}"
        return [FieldViolation(f"{path}.fx_rate", why)]
    if entry.price_currency == base and entry.fx_rate != ONE:
        return [FieldViolation(f"{path}.fx_rate", f"must be 1 for a price in {base}")]
    return []


def post_batch(book: Book, entries: Sequence[Entry], context: PostingContext) -> Posting:
    """Apply ``entries`` to ``book`` in order, enforcing the rules; the book is changed."""
    check_fields(entries, context.policy, context.today)
    posting = Posting()
    for index, entry in enumerate(entries):
        _check_reference(book, index, entry)
        _check_universe(index, entry, context.constituents)
        currency, listing = book.touches(entry)
        if currency is not None:
            posting.cash_before.setdefault(currency, book.cash.get(currency))
        if listing is not None:
            posting.holdings_before.setdefault(listing, book.holdings.get(listing))
        cash_was = book.cash_of(currency) if currency else Decimal(0)
        quantity_was = book.quantity_of(listing) if listing else Decimal(0)
        posted = book.apply(
            entry,
            sequence=context.last_sequence + index + 1,
            batch_id=context.batch_id,
            posted_at=context.posted_at,
        )
        _check_limits(book, index, posted, cash_was, quantity_was, context.policy)
        posting.entries.append(posted)
        if currency is not None:
            posting.cash_after[currency] = book.cash[currency]
        if listing is not None:
            posting.holdings_after[listing] = book.holdings[listing]
    return posting


def _check_reference(book: Book, index: int, entry: Entry) -> None:
    if entry.kind is not EntryKind.REVERSAL:
        return
    meta = {"field": f"entries[{index}].reverses_entry_id"}
    target = book.target_of(entry)
    if target is None:
        raise NotFoundError(
            f"entries[{index}]: entry {entry.reverses_entry_id} is not in this portfolio",
            reason="REVERSED_ENTRY_NOT_FOUND",
            metadata=meta,
        )
    if target.kind is EntryKind.REVERSAL:
        raise FailedPreconditionError(
            f"entries[{index}]: {target.entry_id} is a reversal; post the original again instead",
            reason="REVERSAL_OF_REVERSAL",
            metadata=meta,
        )
    if target.entry_id in book.reversed_ids:
        raise FailedPreconditionError(
            f"entries[{index}]: entry {target.entry_id} is already reversed",
            reason="ALREADY_REVERSED",
            metadata=meta,
        )


def _check_universe(index: int, entry: Entry, constituents: frozenset[str] | None) -> None:
    if entry.kind is not EntryKind.BUY:
        return
    if constituents is None or entry.listing_id not in constituents:
        raise FailedPreconditionError(
            f"entries[{index}]: listing {entry.listing_id} is not in the portfolio",
            reason="LISTING_NOT_IN_PORTFOLIO",
            metadata={"field": f"entries[{index}].listing_id"},
        )


def _check_limits(
    book: Book,
    index: int,
    posted: PostedEntry,
    cash_was: Decimal,
    quantity_was: Decimal,
    policy: AccountPolicy,
) -> None:
    currency, change = posted.cash_currency, posted.cash_change
    if (
        currency is not None
        and change is not None
        and change < 0
        and not policy.allow_negative_cash
    ):
        balance = book.cash_of(currency)
        if balance < 0:
            raise FailedPreconditionError(
                f"entries[{index}]: cash {currency} would be {balance} (was {cash_was}); "
                "negative cash is not allowed",
                reason="INSUFFICIENT_CASH",
                metadata={"field": f"entries[{index}]", "currency": currency},
            )
    listing = posted.affects_listing_id
    if listing is None or policy.allow_short:
        return
    quantity = book.quantity_of(listing)
    if quantity < 0 and quantity < quantity_was:
        raise FailedPreconditionError(
            f"entries[{index}]: {listing} quantity would be {quantity} (held {quantity_was}); "
            "short positions are not allowed",
            reason="INSUFFICIENT_QUANTITY",
            metadata={"field": f"entries[{index}]", "listing_id": listing},
        )
