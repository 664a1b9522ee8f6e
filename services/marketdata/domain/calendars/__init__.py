"""Exchange calendars by code (``XLON``, ``XSTC``) as :class:`TradingCalendar` objects."""

from __future__ import annotations

from datetime import date
from functools import cache

import exchange_calendars as xcals
import pandas as pd

from services.marketdata.domain.calendars import xstc
from services.marketdata.domain.calendars.trading import (
    CalendarRangeError,
    Session,
    TradingCalendar,
)

# A fixed span, so answers never depend on the day the process started
# (exchange-calendars' default is "20 years back, 1 year ahead of today").
DEFAULT_FIRST_DAY = date(2015, 1, 2)
DEFAULT_LAST_DAY = date(2030, 12, 31)

__all__ = ["CalendarRangeError", "Session", "TradingCalendar", "get_trading_calendar"]


def _span(code: str) -> tuple[date, date]:
    if code == xstc.NAME:
        data = xstc.holiday_data()
        return data.first_day, data.last_day
    return DEFAULT_FIRST_DAY, DEFAULT_LAST_DAY


def _stamp(value: object) -> object:
    return None if pd.isna(value) else value.to_pydatetime()  # type: ignore[attr-defined]


@cache
def get_trading_calendar(code: str) -> TradingCalendar:
    """The calendar of exchange ``code``; unknown codes raise ``ValueError``."""
    xstc.register()
    if code not in xcals.get_calendar_names():
        raise ValueError(f"unknown exchange calendar {code!r}")
    first, last = _span(code)
    calendar = xcals.get_calendar(code, start=first.isoformat(), end=last.isoformat())
    schedule = calendar.schedule
    sessions = [
        Session(
            day=label.date(),
            open=row.open.to_pydatetime(),
            close=row.close.to_pydatetime(),
            break_start=_stamp(row.break_start),  # type: ignore[arg-type]
            break_end=_stamp(row.break_end),  # type: ignore[arg-type]
        )
        for label, row in zip(schedule.index, schedule.itertuples(), strict=True)
    ]
    return TradingCalendar(code, sessions, first, last)
