"""Replay a portfolio's entries from nothing and compare the result with its snapshots.

The check behind every ledger test and the ``VerifyPortfolio`` RPC: a snapshot
that disagrees with the replay of the append-only entries is a bug (or
tampering), reported field by field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from services.ledger.domain.book import Book
from services.ledger.domain.model import CashBalance, Holding, PostedEntry


@dataclass(frozen=True)
class Difference:
    """One disagreement: ``subject`` is ``cash GBP`` or ``holding <listing>``."""

    subject: str
    field: str
    snapshot_value: str
    replay_value: str


@dataclass(frozen=True)
class Replay:
    """The book rebuilt from entries, and each entry as replay derived it."""

    book: Book
    entries: list[PostedEntry]


def replay(entries: Iterable[PostedEntry]) -> Replay:
    """Apply the stored entries' content (in sequence order) to an empty book.

    Only what the client gave is used; what posting derived and stored is
    compared afterwards (:func:`compare_entries`), not trusted.
    """
    book = Book(track_all_histories=True)
    derived = [
        book.apply(
            stored.entry,
            sequence=stored.sequence,
            batch_id=stored.batch_id,
            posted_at=stored.posted_at,
        )
        for stored in sorted(entries, key=lambda s: s.sequence)
    ]
    return Replay(book, derived)


_DERIVED = ("cash_change", "cash_currency", "listing_amount", "base_amount", "affects_listing_id")


def compare_entries(
    stored: Iterable[PostedEntry], replayed: Iterable[PostedEntry]
) -> list[Difference]:
    """Differences between what posting stored per entry and what replay derives."""
    found: list[Difference] = []
    by_id = {p.entry.entry_id: p for p in replayed}
    for entry in sorted(stored, key=lambda s: s.sequence):
        again = by_id[entry.entry.entry_id]
        for name in _DERIVED:
            kept, derived = getattr(entry, name), getattr(again, name)
            if _text(kept) != _text(derived):
                subject = f"entry {entry.entry.entry_id}"
                found.append(Difference(subject, name, _text(kept), _text(derived)))
    return found


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return _number(value)
    return "" if value is None else str(value)


def compare(
    cash: Iterable[CashBalance], holdings: Iterable[Holding], replayed: Book
) -> list[Difference]:
    """Every difference between stored snapshots and a replayed book, in a stable order."""
    found: list[Difference] = []
    stored_cash = {c.currency: c for c in cash}
    for currency in sorted(set(stored_cash) | set(replayed.cash)):
        found += _diff(
            f"cash {currency}",
            _cash_fields(stored_cash.get(currency)),
            _cash_fields(replayed.cash.get(currency)),
        )
    stored_holdings = {h.listing_id: h for h in holdings}
    for listing in sorted(set(stored_holdings) | set(replayed.holdings)):
        found += _diff(
            f"holding {listing}",
            _holding_fields(stored_holdings.get(listing)),
            _holding_fields(replayed.holdings.get(listing)),
        )
    return found


def _cash_fields(value: CashBalance | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {
        "balance": _number(value.balance),
        "last_entry_id": str(value.last_entry_id),
        "last_sequence": str(value.last_sequence),
    }


def _holding_fields(value: Holding | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {
        "quantity": _number(value.quantity),
        "average_cost": _number(value.average_cost),
        "last_entry_id": str(value.last_entry_id),
        "last_sequence": str(value.last_sequence),
    }


def _number(value: Decimal) -> str:
    # 1.50 and 1.5 are the same amount; compare (and show) them normalised.
    return format(value.normalize(), "f") if value else "0"


def _diff(
    subject: str, stored: dict[str, str] | None, replayed: dict[str, str] | None
) -> list[Difference]:
    if stored is None and replayed is not None:
        return [Difference(subject, "missing", "", "present")]
    if replayed is None and stored is not None:
        return [Difference(subject, "unexpected", "present", "")]
    assert stored is not None and replayed is not None
    return [
        Difference(subject, name, stored[name], replayed[name])
        for name in stored
        if stored[name] != replayed[name]
    ]
