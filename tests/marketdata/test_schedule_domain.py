"""Ingestion schedules, pure: which listings a scheduled refresh fetches at a given instant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.marketdata.domain.prices import PriceKind
from services.marketdata.domain.schedule import (
    DEFAULT_SCHEDULE,
    IngestionSchedule,
    due_listings,
    fx_due,
    tick_of,
)
from taplatform.errors import InvalidArgumentError
from tests.marketdata.dq_support import FPT, VOD

# XLON opens 08:00 UTC in winter; XSTC 02:00 UTC with a break 04:30-06:00 UTC.
WEDNESDAY = datetime(2025, 3, 5, tzinfo=UTC)
EVERY_15 = IngestionSchedule(intraday_every_min=15)
EVERY_60 = IngestionSchedule(intraday_every_min=60)


def at(hour: int, minute: int, second: int = 5) -> datetime:
    return WEDNESDAY.replace(hour=hour, minute=minute, second=second)


def due_at(moment: datetime, linked: dict[str, list[str]], kind: PriceKind = PriceKind.INTRADAY):  # type: ignore[no-untyped-def]
    schedules = {"pf-fast": EVERY_15, "pf-hourly": EVERY_60}
    due, _ = due_listings(kind, [VOD, FPT], linked, schedules, moment)
    return [listing.ticker for listing in due]


def test_two_portfolios_with_different_intervals_pick_their_listings_at_each_tick() -> None:
    linked = {VOD.listing_id: ["pf-fast"], FPT.listing_id: ["pf-hourly"]}
    # 03:00 UTC: only XSTC is open, on its hourly grid (opened 02:00).
    assert due_at(at(3, 0), linked) == ["FPT"]
    assert due_at(at(3, 15), linked) == []
    # 09:15: XLON is open and on pf-fast's grid; XSTC closed at 08:00.
    assert due_at(at(9, 15), linked) == ["VOD"]
    assert due_at(at(9, 20), linked) == []  # a tick, but on nobody's grid
    # After XSTC's lunch break, the hourly grid continues from the open: 06:00 is on it.
    assert due_at(at(6, 0), linked) == ["FPT"]
    assert due_at(at(6, 30), linked) == []


def test_a_listing_is_due_if_any_linked_portfolio_is_due() -> None:
    linked = {VOD.listing_id: ["pf-hourly", "pf-fast"], FPT.listing_id: []}
    assert due_at(at(9, 15), linked) == ["VOD"]
    # FPT has no known portfolio: the defaults (every 15 minutes) apply.
    assert due_at(at(3, 15), linked) == ["FPT"]


def test_a_late_job_is_judged_at_the_start_of_its_tick() -> None:
    assert tick_of(at(9, 17, 40)) == at(9, 15, 0)
    linked = {VOD.listing_id: ["pf-fast"]}
    assert due_at(at(9, 17, 40), linked) == ["VOD"]


def test_intraday_off_eod_off_and_fx_off_are_respected() -> None:
    quiet = IngestionSchedule(intraday_enabled=False, eod_enabled=False, fx_enabled=False)
    schedules = {"pf-quiet": quiet, "pf-fast": EVERY_15}
    linked = {VOD.listing_id: ["pf-quiet"], FPT.listing_id: ["pf-quiet", "pf-fast"]}
    intraday, _ = due_listings(PriceKind.INTRADAY, [VOD], linked, schedules, at(9, 0))
    eod, _ = due_listings(PriceKind.EOD, [VOD, FPT], linked, schedules, at(17, 30))
    assert intraday == [] and [x.ticker for x in eod] == ["FPT"]
    assert not fx_due(["pf-quiet"], schedules)
    assert fx_due(["pf-quiet", "pf-fast"], schedules)
    assert fx_due([], schedules)  # nobody known: the defaults run FX


def test_the_defaults_are_the_old_fixed_schedule() -> None:
    assert IngestionSchedule(True, 15, True, True) == DEFAULT_SCHEDULE


@pytest.mark.parametrize(
    ("minutes", "problem"),
    [(0, "between 5 and 240"), (245, "between 5 and 240"), (7, "multiple of 5")],
)
def test_interval_bounds_name_the_field(minutes: int, problem: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        IngestionSchedule(intraday_every_min=minutes).validate()
    [violation] = caught.value.violations
    assert violation.field == "intraday_every_min" and problem in violation.description
