"""Turn a submitted batch (plain strings) into entries, naming every bad field at once."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from services.ledger.domain.effects import EXACT
from services.ledger.domain.model import CASH_SIGN, TRADE_KINDS, BatchRequest, Entry, EntryKind
from taplatform.errors import FieldViolation, InvalidArgumentError

MAX_ENTRIES_PER_BATCH = 5000
MAX_ID_LENGTH = 200
MAX_MEMO_LENGTH = 500
# Bounds that keep every product exact (see effects.EXACT) and fit any broker's figures.
MAX_INTEGER_DIGITS = 18
MAX_FRACTION_DIGITS = 12
MAX_RATE_FRACTION_DIGITS = 16
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LISTING_OPTIONAL = frozenset({EntryKind.DIVIDEND, EntryKind.FEE})


@dataclass(frozen=True)
class EntryDraft:
    """An entry as the transport gave it: every field a string, empty meaning absent."""

    entry_id: str = ""
    kind: EntryKind | None = None
    amount: str = ""
    amount_currency: str = ""
    listing_id: str = ""
    quantity: str = ""
    price: str = ""
    price_currency: str = ""
    fx_rate: str = ""
    fees: str = ""
    fees_currency: str = ""
    entry_date: str = ""
    settlement_date: str = ""
    split_ratio: str = ""
    reverses_entry_id: str = ""
    memo: str = ""


class _Collector:
    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def add(self, path: str, description: str) -> None:
        self.violations.append(FieldViolation(path, description))

    def uuid(self, path: str, text: str) -> uuid.UUID | None:
        try:
            return uuid.UUID(text)
        except ValueError:
            self.add(path, "must be a UUID" if text else "is required")
            return None

    def decimal(
        self, path: str, text: str, *, positive: bool, rate: bool = False
    ) -> Decimal | None:
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.add(path, f"must be a decimal number, got {text!r}" if text else "is required")
            return None
        places = MAX_RATE_FRACTION_DIGITS if rate else MAX_FRACTION_DIGITS
        if not value.is_finite():
            self.add(path, "must be a finite number")
        elif value < 0 or (positive and value == 0):
            self.add(path, "must be greater than zero" if positive else "must not be negative")
        elif value.adjusted() >= MAX_INTEGER_DIGITS:
            self.add(path, f"must have at most {MAX_INTEGER_DIGITS} digits before the point")
        elif -value.as_tuple().exponent > places:  # type: ignore[operator]
            self.add(path, f"must have at most {places} decimal places")
        else:
            return value
        return None

    def currency(self, path: str, text: str) -> str | None:
        if not text:
            return None
        if not _CURRENCY.match(text):
            self.add(path, f"must be a 3-letter upper-case currency code, got {text!r}")
        return text

    def date(self, path: str, text: str, *, required: bool) -> date | None:
        if not text:
            if required:
                self.add(path, "is required (YYYY-MM-DD)")
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.add(path, f"must be an ISO date YYYY-MM-DD, got {text!r}")
            return None

    def absent(self, path: str, text: str, why: str) -> None:
        if text:
            self.add(path, f"must be empty {why}")


def parse_batch(batch_id: str, portfolio_id: str, drafts: list[EntryDraft]) -> BatchRequest:
    """Validate a submit; raise InvalidArgumentError listing every bad field."""
    check = _Collector()
    parsed_batch_id = check.uuid("batch_id", batch_id)
    if not portfolio_id.strip():
        check.add("portfolio_id", "is required")
    elif len(portfolio_id) > MAX_ID_LENGTH:
        check.add("portfolio_id", f"must be at most {MAX_ID_LENGTH} characters")
    if not drafts:
        check.add("entries", "must contain at least one entry")
    elif len(drafts) > MAX_ENTRIES_PER_BATCH:
        check.add("entries", f"must contain at most {MAX_ENTRIES_PER_BATCH} entries")
    entries = [_parse_entry(check, f"entries[{i}]", d) for i, d in enumerate(drafts)]
    _check_unique(check, drafts)
    if check.violations:
        first = check.violations[0]
        more = f" (and {len(check.violations) - 1} more)" if len(check.violations) > 1 else ""
        raise InvalidArgumentError(f"{first.field}: {first.description}{more}", check.violations)
    assert parsed_batch_id is not None
    return BatchRequest(parsed_batch_id, portfolio_id, tuple(e for e in entries if e is not None))


def _check_unique(check: _Collector, drafts: list[EntryDraft]) -> None:
    seen: dict[str, int] = {}
    reversed_by: dict[str, int] = {}
    for index, draft in enumerate(drafts):
        if draft.entry_id in seen:
            check.add(f"entries[{index}].entry_id", f"repeats entries[{seen[draft.entry_id]}]")
        seen.setdefault(draft.entry_id, index)
        target = draft.reverses_entry_id
        if target and target in reversed_by:
            check.add(
                f"entries[{index}].reverses_entry_id",
                f"entries[{reversed_by[target]}] already reverses {target}",
            )
        if target:
            reversed_by.setdefault(target, index)


def _parse_entry(check: _Collector, path: str, draft: EntryDraft) -> Entry | None:
    before = len(check.violations)
    entry_id = check.uuid(f"{path}.entry_id", draft.entry_id)
    entry_date = check.date(f"{path}.entry_date", draft.entry_date, required=True)
    if len(draft.memo) > MAX_MEMO_LENGTH:
        check.add(f"{path}.memo", f"must be at most {MAX_MEMO_LENGTH} characters")
    kind = draft.kind
    if kind is None:
        check.add(f"{path}.kind", "is required")
        return None
    if kind in CASH_SIGN:
        fields = _cash_fields(check, path, draft)
    elif kind in TRADE_KINDS:
        fields = _trade_fields(check, path, draft)
    elif kind is EntryKind.STOCK_SPLIT:
        fields = _split_fields(check, path, draft)
    else:
        fields = _reversal_fields(check, path, draft)
    settles = fields.get("settlement_date")
    if isinstance(settles, date) and entry_date is not None and settles < entry_date:
        check.add(f"{path}.settlement_date", "must not be before entry_date")
    if len(check.violations) > before or entry_id is None or entry_date is None:
        return None
    return Entry(entry_id=entry_id, kind=kind, entry_date=entry_date, memo=draft.memo, **fields)


def _listing(check: _Collector, path: str, text: str) -> str | None:
    if len(text) > MAX_ID_LENGTH:
        check.add(path, f"must be at most {MAX_ID_LENGTH} characters")
    return text or None


def _cash_fields(check: _Collector, path: str, d: EntryDraft) -> dict[str, Any]:
    why = f"for a {d.kind.value if d.kind else ''} entry"
    for name in ("quantity", "price", "fx_rate", "fees", "settlement_date", "split_ratio"):
        check.absent(f"{path}.{name}", getattr(d, name), why)
    check.absent(f"{path}.reverses_entry_id", d.reverses_entry_id, why)
    if d.kind not in _LISTING_OPTIONAL:
        check.absent(f"{path}.listing_id", d.listing_id, why)
    return {
        "amount": check.decimal(f"{path}.amount.amount", d.amount, positive=True),
        "currency": check.currency(f"{path}.amount.currency_code", d.amount_currency),
        "listing_id": _listing(check, f"{path}.listing_id", d.listing_id),
    }


def _trade_fields(check: _Collector, path: str, d: EntryDraft) -> dict[str, Any]:
    why = "for a trade"
    check.absent(f"{path}.split_ratio", d.split_ratio, why)
    check.absent(f"{path}.reverses_entry_id", d.reverses_entry_id, why)
    if not d.listing_id:
        check.add(f"{path}.listing_id", "is required for a trade")
    if not d.price_currency:
        check.add(f"{path}.price.currency_code", "is required for a trade")
    quantity = check.decimal(f"{path}.quantity", d.quantity, positive=True)
    price = check.decimal(f"{path}.price.amount", d.price, positive=True)
    fx_rate = (
        check.decimal(f"{path}.fx_rate", d.fx_rate, positive=True, rate=True) if d.fx_rate else None
    )
    fees = check.decimal(f"{path}.fees.amount", d.fees, positive=False) if d.fees else Decimal(0)
    settles = check.date(f"{path}.settlement_date", d.settlement_date, required=False)
    amount = check.decimal(f"{path}.amount.amount", d.amount, positive=True) if d.amount else None
    if amount is not None and quantity and price:
        # The base amount is derived; a client echoing it back must agree.
        with localcontext(EXACT):
            expected = quantity * price * (fx_rate or Decimal(1))
        if amount != expected:
            check.add(
                f"{path}.amount.amount", f"must equal quantity x price x fx_rate ({expected})"
            )
    return {
        "currency": check.currency(f"{path}.fees.currency_code", d.fees_currency)
        or check.currency(f"{path}.amount.currency_code", d.amount_currency),
        "listing_id": _listing(check, f"{path}.listing_id", d.listing_id),
        "quantity": quantity,
        "price": price,
        "price_currency": check.currency(f"{path}.price.currency_code", d.price_currency),
        "fx_rate": fx_rate,
        "fees": fees,
        "settlement_date": settles,
    }


def _split_fields(check: _Collector, path: str, d: EntryDraft) -> dict[str, Any]:
    why = "for a stock split"
    for name in ("amount", "quantity", "price", "fx_rate", "fees", "settlement_date"):
        check.absent(f"{path}.{name}", getattr(d, name), why)
    check.absent(f"{path}.reverses_entry_id", d.reverses_entry_id, why)
    if not d.listing_id:
        check.add(f"{path}.listing_id", "is required for a stock split")
    ratio = check.decimal(f"{path}.split_ratio", d.split_ratio, positive=True, rate=True)
    return {"listing_id": _listing(check, f"{path}.listing_id", d.listing_id), "split_ratio": ratio}


def _reversal_fields(check: _Collector, path: str, d: EntryDraft) -> dict[str, Any]:
    why = "for a reversal (it undoes exactly what its target did)"
    for name in ("amount", "listing_id", "quantity", "price", "fx_rate", "fees"):
        check.absent(f"{path}.{name}", getattr(d, name), why)
    check.absent(f"{path}.settlement_date", d.settlement_date, why)
    check.absent(f"{path}.split_ratio", d.split_ratio, why)
    return {"reverses_entry_id": check.uuid(f"{path}.reverses_entry_id", d.reverses_entry_id)}
