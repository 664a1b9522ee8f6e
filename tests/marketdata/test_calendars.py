"""Exchange calendars: XLON from exchange-calendars, XSTC registered from the holiday file."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import pytest

from services.marketdata.domain.calendars import CalendarRangeError, get_trading_calendar
from services.marketdata.domain.calendars.xstc import holiday_data, parse_holidays

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_xlon_knows_christmas_easter_and_the_christmas_eve_half_day() -> None:
    xlon = get_trading_calendar("XLON")
    assert not xlon.is_session(date(2025, 12, 25))
    assert not xlon.is_session(date(2025, 4, 18))  # Good Friday
    assert not xlon.is_session(date(2025, 4, 21))  # Easter Monday
    assert xlon.session(date(2025, 12, 24)).close == datetime(2025, 12, 24, 12, 30, tzinfo=UTC)


def test_xstc_trades_nine_to_three_with_a_lunch_break_in_ho_chi_minh_time() -> None:
    xstc = get_trading_calendar("XSTC")
    day = date(2025, 3, 3)
    assert not xstc.is_open_at(datetime(2025, 3, 3, 8, 59, tzinfo=HCM))
    assert xstc.is_open_at(datetime(2025, 3, 3, 9, 0, tzinfo=HCM))
    assert not xstc.is_open_at(datetime(2025, 3, 3, 12, 0, tzinfo=HCM))
    assert xstc.is_open_at(datetime(2025, 3, 3, 13, 0, tzinfo=HCM))
    assert not xstc.is_open_at(datetime(2025, 3, 3, 15, 0, tzinfo=HCM))
    whole_day = xstc.trading_minutes_between(
        datetime(2025, 3, 3, tzinfo=HCM), datetime(2025, 3, 4, tzinfo=HCM)
    )
    assert whole_day == 150 + 120
    assert xstc.session(day).break_start == datetime(2025, 3, 3, 11, 30, tzinfo=HCM)


def test_xstc_is_registered_with_exchange_calendars_and_closed_for_tet() -> None:
    get_trading_calendar("XSTC")
    assert "XSTC" in xcals.get_calendar_names()
    xstc = get_trading_calendar("XSTC")
    assert [xstc.is_session(date(2025, 1, d)) for d in (24, 27, 31)] == [True, False, False]
    assert xstc.is_session(date(2025, 2, 3))
    assert not xstc.is_session(date(2026, 2, 17))


def test_every_holiday_in_the_file_is_a_closed_weekday() -> None:
    xstc = get_trading_calendar("XSTC")
    closures = holiday_data().closures
    assert len(closures) >= 20
    for day, name in closures:
        assert day.weekday() < 5, (day, name)
        assert not xstc.is_session(day), (day, name)


def test_xstc_refuses_dates_its_holiday_file_does_not_cover() -> None:
    xstc = get_trading_calendar("XSTC")
    with pytest.raises(CalendarRangeError, match=re.escape("2025-01-01..2026-12-31")):
        xstc.is_session(date(2027, 1, 4))


def test_holiday_file_without_coverage_or_with_a_day_outside_it_is_rejected() -> None:
    with pytest.raises(ValueError, match="coverage"):
        parse_holidays("date,name\n2025-01-01,New Year\n")
    with pytest.raises(ValueError, match="outside"):
        parse_holidays("# coverage,2025-01-01,2025-12-31\ndate,name\n2026-01-01,New Year\n")


def test_unknown_calendar_code_is_refused() -> None:
    with pytest.raises(ValueError, match="XXXX"):
        get_trading_calendar("XXXX")


def test_completed_sessions_skip_the_easter_weekend() -> None:
    xlon = get_trading_calendar("XLON")
    tuesday_morning = datetime(2025, 4, 22, 7, 0, tzinfo=UTC)
    assert xlon.completed_sessions_after(date(2025, 4, 17), tuesday_morning) == []
    tuesday_night = datetime(2025, 4, 22, 20, 0, tzinfo=UTC)
    assert xlon.completed_sessions_after(date(2025, 4, 17), tuesday_night) == [date(2025, 4, 22)]
