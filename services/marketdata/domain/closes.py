"""Daily closes of many listings over a date range, a page at a time (ListDailyCloses).

A close is an EOD price point, exactly as ListPricePoints (kind EOD) lists
them for one listing: its session is the UTC date of ``observed_at`` (EOD
points are stamped 00:00 UTC of their session), and a session closed by
several sources is listed once per source; the reader decides which one it
uses. Pages follow the price-point key within kind EOD, (listing_id,
observed_at, source), so paging is a keyset walk: the last close of a page
is where the next page starts, whatever is written in between.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from taplatform.errors import FieldViolation, InvalidArgumentError

MAX_CLOSES_LISTINGS = 500
DEFAULT_CLOSES_PAGE = 500
MAX_CLOSES_PAGE = 5000


@dataclass(frozen=True, slots=True)
class CloseKey:
    """Where a page ended: the key of its last close."""

    listing_id: str
    observed_at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class DailyClose:
    """One EOD point: a session's close as one source quoted it (in the listing's unit)."""

    listing_id: str
    observed_at: datetime
    source: str
    price: Decimal

    @property
    def session(self) -> date:
        return self.observed_at.astimezone(UTC).date()

    def key(self) -> CloseKey:
        return CloseKey(self.listing_id, self.observed_at, self.source)


@dataclass(frozen=True)
class ClosesRange:
    """A ListDailyCloses request; ``after`` (from a page token) continues a previous page."""

    listing_ids: tuple[str, ...]
    start: date | None
    end: date | None
    page_size: int = 0
    after: CloseKey | None = None


@dataclass(frozen=True)
class ClosesPage:
    closes: list[DailyClose]
    # The last close of this page when another page follows.
    next_after: CloseKey | None


def checked_listing_ids(values: Sequence[str]) -> list[str]:
    """The listing ids in canonical UUID form; every bad or repeated one named by index."""
    if not values:
        raise InvalidArgumentError.for_field("listing_ids", "name at least one listing")
    if len(values) > MAX_CLOSES_LISTINGS:
        raise InvalidArgumentError.for_field(
            "listing_ids", f"at most {MAX_CLOSES_LISTINGS} listings per request, got {len(values)}"
        )
    found: dict[str, int] = {}
    violations = []
    for index, value in enumerate(values):
        field = f"listing_ids[{index}]"
        try:
            canonical = str(uuid.UUID(value))
        except ValueError:
            violations.append(FieldViolation(field, f"{value!r} is not a UUID"))
            continue
        if canonical in found:
            violations.append(FieldViolation(field, f"repeats listing_ids[{found[canonical]}]"))
            continue
        found[canonical] = index
    if violations:
        raise InvalidArgumentError.for_fields(violations)
    return list(found)


def checked_dates(start: date | None, end: date | None) -> tuple[date, date]:
    """The inclusive session range; both ends required, the end not before the start."""
    if start is None:
        raise InvalidArgumentError.for_field("start_date", "is required")
    if end is None:
        raise InvalidArgumentError.for_field("end_date", "is required")
    if end < start:
        raise InvalidArgumentError.for_field("end_date", "must not be before start_date")
    return start, end
