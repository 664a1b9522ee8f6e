"""The Ho Chi Minh City Stock Exchange (XSTC) calendar, which exchange-calendars does not ship.

Continuous trading 09:00-15:00 Asia/Ho_Chi_Minh with a lunch break
11:30-13:00; closures come from ``xstc_holidays.csv`` beside this module, the
one place they are kept, which also states the span it covers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import pandas as pd

NAME = "XSTC"
HOLIDAYS_FILE = "xstc_holidays.csv"


@dataclass(frozen=True)
class HolidayData:
    """The closures listed in the holiday file and the span it vouches for."""

    first_day: date
    last_day: date
    closures: tuple[tuple[date, str], ...]


def parse_holidays(text: str) -> HolidayData:
    """Parse the holiday file: ``# coverage,<first>,<last>`` then ``date,name`` rows."""
    coverage: tuple[date, date] | None = None
    rows: list[str] = []
    for line in text.splitlines():
        if line.startswith("# coverage,"):
            _, first, last = line.split(",")
            coverage = (date.fromisoformat(first.strip()), date.fromisoformat(last.strip()))
        elif line.strip() and not line.startswith("#"):
            rows.append(line)
    if coverage is None:
        raise ValueError(f"{HOLIDAYS_FILE}: missing '# coverage,<first>,<last>' line")
    closures = tuple(
        sorted((date.fromisoformat(row["date"]), row["name"]) for row in csv.DictReader(rows))
    )
    for day, _ in closures:
        if not coverage[0] <= day <= coverage[1]:
            raise ValueError(f"{HOLIDAYS_FILE}: {day} is outside the declared coverage")
    return HolidayData(coverage[0], coverage[1], closures)


@cache
def holiday_data() -> HolidayData:
    """The holiday file shipped with this package."""
    text = files(__package__).joinpath(HOLIDAYS_FILE).read_text(encoding="utf-8")
    return parse_holidays(text)


class XSTCExchangeCalendar(xcals.ExchangeCalendar):  # type: ignore[misc]
    """HOSE: 09:00-11:30 and 13:00-15:00 Asia/Ho_Chi_Minh, Monday to Friday."""

    name = NAME
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    open_times = ((None, time(9)),)
    break_start_times = ((None, time(11, 30)),)
    break_end_times = ((None, time(13)),)
    close_times = ((None, time(15)),)

    @property
    def adhoc_holidays(self) -> list[Any]:
        return [pd.Timestamp(day) for day, _ in holiday_data().closures]


def register() -> None:
    """Make ``exchange_calendars.get_calendar("XSTC")`` work (idempotent)."""
    if NAME not in xcals.get_calendar_names():
        xcals.register_calendar_type(NAME, XSTCExchangeCalendar)
