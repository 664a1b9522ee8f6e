"""Parse and validate an EOD price CSV row by row: every bad row is rejected with its reason.

Columns (header names, any order, case-insensitive): ``date`` and ``close``
are required; ``open``, ``high``, ``low``, ``volume`` are optional;
``listing`` (a listing id or ticker) and ``currency`` (a quote unit such as
GBX, GBP, VND) may be columns or declared for the whole file. Anything else in
the header rejects the whole file, since a misread column is worse than none.
Parsing is streaming: ``lines`` may be a lazy iterator over a large file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from services.marketdata.domain.prices import EodBar, ListingInfo, PricePoint
from services.marketdata.domain.units import major_currency
from taplatform.errors import FieldViolation, InvalidArgumentError

REQUIRED = ("date", "close")
OPTIONAL = ("open", "high", "low", "volume", "listing", "currency")
PRICE_COLUMNS = ("open", "high", "low", "close")


@dataclass(frozen=True)
class RowRejection:
    """Row ``row`` (1-based, the header is row 1) was not imported, because of ``field``."""

    row: int
    field: str
    reason: str


@dataclass(frozen=True)
class CsvFileOptions:
    """What the file does not say itself: its listing and currency, and where it came from."""

    source: str = "csv"
    listing: str | None = None
    currency: str | None = None


@dataclass
class CsvParseResult:
    """Accepted price points (file order) and rejected rows (row order)."""

    accepted: list[PricePoint] = field(default_factory=list)
    rejected: list[RowRejection] = field(default_factory=list)
    rows: int = 0


class _RowError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def check_header(header: list[str], options: CsvFileOptions) -> list[str]:
    """Normalised column names, or InvalidArgumentError naming every header problem."""
    names = [name.strip().lower() for name in header]
    problems = [f"unknown column {n!r}" for n in names if n not in REQUIRED + OPTIONAL]
    problems += [f"missing column {n!r}" for n in REQUIRED if n not in names]
    problems += [f"column {n!r} appears twice" for n in sorted(set(names)) if names.count(n) > 1]
    if "listing" not in names and options.listing is None:
        problems.append("no 'listing' column and no listing declared for the file")
    if "currency" not in names and options.currency is None:
        problems.append("no 'currency' column and no currency declared for the file")
    if problems:
        violations = [FieldViolation("header", p) for p in problems]
        raise InvalidArgumentError("CSV header: " + "; ".join(problems), violations)
    return names


def parse_price_csv(
    lines: Iterable[str], listings: Mapping[str, ListingInfo], options: CsvFileOptions
) -> CsvParseResult:
    """Validate every row of ``lines``; ``listings`` maps listing ids and tickers to listings."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise InvalidArgumentError.for_field("file", "is empty")
    names = check_header(header, options)
    result = CsvParseResult()
    seen: dict[tuple[str, date], int] = {}
    currency_of: dict[str, tuple[str, int]] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        result.rows += 1
        try:
            if len(cells) != len(names):
                raise _RowError("row", f"has {len(cells)} fields, the header has {len(names)}")
            values = dict(zip(names, (c.strip() for c in cells), strict=True))
            point = _parse_row(values, listings, options)
            _check_consistency(point, number, seen, currency_of)
        except _RowError as error:
            result.rejected.append(RowRejection(number, error.column, error.reason))
            continue
        result.accepted.append(point)
    return result


def _parse_row(
    values: Mapping[str, str], listings: Mapping[str, ListingInfo], options: CsvFileOptions
) -> PricePoint:
    reference = values.get("listing") or options.listing or ""
    listing = listings.get(reference)
    if listing is None:
        raise _RowError("listing", f"unknown listing {reference!r}")
    try:
        session = date.fromisoformat(values["date"])
    except ValueError:
        raise _RowError("date", f"{values['date']!r} is not a date (YYYY-MM-DD)") from None
    prices = {c: _positive(c, values[c]) for c in PRICE_COLUMNS if values.get(c)}
    if "close" not in prices:
        raise _RowError("close", "is empty")
    if "high" in prices and "low" in prices and prices["high"] < prices["low"]:
        raise _RowError("high", f"{prices['high']} is below low {prices['low']}")
    volume = (
        _positive("volume", values["volume"], allow_zero=True) if values.get("volume") else None
    )
    currency = (values.get("currency") or options.currency or "").upper()
    if major_currency(currency) != major_currency(listing.quote_currency):
        raise _RowError(
            "currency", f"{currency or 'none'} is not a unit of {listing.quote_currency}"
        )
    bar = EodBar(
        session, prices["close"], prices.get("open"), prices.get("high"), prices.get("low"), volume
    )
    return bar.to_point(listing, options.source, currency)


def _positive(column: str, text: str, *, allow_zero: bool = False) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _RowError(column, f"{text!r} is not a number") from None
    if not value.is_finite():
        raise _RowError(column, f"{text!r} is not a finite number")
    if value < 0 or (value == 0 and not allow_zero):
        raise _RowError(column, f"{text} must be {'>= 0' if allow_zero else 'positive'}")
    return value


def _check_consistency(
    point: PricePoint,
    number: int,
    seen: dict[tuple[str, date], int],
    currency_of: dict[str, tuple[str, int]],
) -> None:
    key = (point.listing_id, point.session_date)
    if key in seen:
        raise _RowError("date", f"duplicate of row {seen[key]} ({point.session_date})")
    first = currency_of.setdefault(point.listing_id, (point.currency, number))
    if first[0] != point.currency:
        raise _RowError(
            "currency", f"mixed currencies: {point.currency} here, {first[0]} in row {first[1]}"
        )
    seen[key] = number
