"""Per-portfolio ingestion schedules, and which listings a scheduled refresh fetches at an instant.

The worker's cron ticks every :data:`TICK_MIN` minutes; the service decides
what is due. A listing is fetched intraday when its market is open and some
portfolio linked to it wants intraday prices and is on one of its slots:
``intraday_every_min`` minutes counted from the session's open (so an hourly
schedule fetches at the open, an hour later, …, and after a lunch break on
the same grid). EOD and FX keep their fixed after-close times; a listing's EOD
bar is fetched if some linked portfolio wants EOD, and the ECB rates if some
portfolio wants FX. A listing no portfolio is known for follows the defaults,
which are the schedule every listing had before schedules were stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.marketdata.domain.calendars import (
    CalendarRangeError,
    TradingCalendar,
    get_trading_calendar,
)
from services.marketdata.domain.prices import ListingInfo, PriceKind
from taplatform.errors import FieldViolation, InvalidArgumentError

TICK_MIN = 5
MIN_EVERY_MIN = 5
MAX_EVERY_MIN = 240
DEFAULT_EVERY_MIN = 15


@dataclass(frozen=True)
class IngestionSchedule:
    """What a portfolio wants refreshed on schedule; the defaults are the old fixed schedule."""

    intraday_enabled: bool = True
    intraday_every_min: int = DEFAULT_EVERY_MIN
    eod_enabled: bool = True
    fx_enabled: bool = True

    def validate(self) -> IngestionSchedule:
        """``self`` if valid; else INVALID_ARGUMENT naming ``intraday_every_min``."""
        every = self.intraday_every_min
        problem = None
        if not MIN_EVERY_MIN <= every <= MAX_EVERY_MIN:
            problem = f"must be between {MIN_EVERY_MIN} and {MAX_EVERY_MIN} minutes"
        elif every % TICK_MIN:
            problem = f"must be a multiple of {TICK_MIN} (the scheduler ticks every {TICK_MIN})"
        if problem:
            violation = FieldViolation("intraday_every_min", problem)
            raise InvalidArgumentError(f"intraday_every_min: {problem}", [violation])
        return self

    def to_audit(self) -> dict[str, Any]:
        return {
            "intraday_enabled": self.intraday_enabled,
            "intraday_every_min": self.intraday_every_min,
            "eod_enabled": self.eod_enabled,
            "fx_enabled": self.fx_enabled,
        }


DEFAULT_SCHEDULE = IngestionSchedule()


@dataclass(frozen=True)
class StoredSchedule:
    """One version of a portfolio's schedule (version 0: never stored, the defaults)."""

    portfolio_id: str
    schedule: IngestionSchedule
    version: int
    changed_by: str | None = None
    changed_at: datetime | None = None

    def to_audit(self) -> dict[str, Any]:
        return {
            "portfolio_id": self.portfolio_id,
            "version": self.version,
            **self.schedule.to_audit(),
        }


def tick_of(moment: datetime) -> datetime:
    """The start of the scheduler tick ``moment`` falls in (a cron job may start late)."""
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute - moment.minute % TICK_MIN, second=0, microsecond=0)


def intraday_due(schedule: IngestionSchedule, calendar: TradingCalendar, at: datetime) -> bool:
    """Whether ``schedule`` wants an intraday fetch of a listing on ``calendar`` at tick ``at``."""
    tick = tick_of(at)
    if not schedule.intraday_enabled or not calendar.is_open_at(tick):
        return False
    # The session's label may be the UTC day before (markets opening before 00:00 UTC).
    days = (tick.date(), tick.date() - timedelta(days=1))
    session = next(
        calendar.session(d)
        for d in days
        if calendar.is_session(d) and calendar.session(d).open <= tick
    )
    elapsed_min = int((tick - session.open).total_seconds() // 60)
    slot = elapsed_min - elapsed_min % TICK_MIN
    return slot % schedule.intraday_every_min == 0


def _schedules(
    portfolio_ids: Sequence[str], schedules: Mapping[str, IngestionSchedule]
) -> list[IngestionSchedule]:
    return [schedules.get(p, DEFAULT_SCHEDULE) for p in portfolio_ids] or [DEFAULT_SCHEDULE]


def due_listings(
    kind: PriceKind,
    listings: Sequence[ListingInfo],
    linked: Mapping[str, Sequence[str]],
    schedules: Mapping[str, IngestionSchedule],
    at: datetime,
) -> tuple[list[ListingInfo], list[str]]:
    """The listings a scheduled ``kind`` refresh fetches at ``at``, and notes on skipped ones.

    ``linked``: listing id -> ids of the portfolios holding or targeting it;
    ``schedules``: the stored ones (others follow the defaults).
    """
    due: list[ListingInfo] = []
    notes: list[str] = []
    for listing in listings:
        wanted = _schedules(linked.get(listing.listing_id, ()), schedules)
        if kind is PriceKind.EOD:
            if any(s.eod_enabled for s in wanted):
                due.append(listing)
            continue
        try:
            calendar = get_trading_calendar(listing.calendar)
            if any(intraday_due(s, calendar, at) for s in wanted):
                due.append(listing)
        except (ValueError, CalendarRangeError) as error:
            notes.append(f"{listing.ticker}: skipped, {error}")
    return due, notes


def fx_due(linked_portfolio_ids: Sequence[str], schedules: Mapping[str, IngestionSchedule]) -> bool:
    """Whether the scheduled ECB refresh runs: some portfolio (or the defaults) wants FX."""
    return any(s.fx_enabled for s in _schedules(linked_portfolio_ids, schedules))
