"""Stale, missing and market-closed rules count on the exchange calendar, not the wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.marketdata.domain.rules import MarketClosedRule, MissingRule, Severity, StaleRule
from tests.marketdata.dq_support import FPT, VOD, context, eod, tick

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LONDON = ZoneInfo("Europe/London")


def test_a_weekend_raises_no_staleness_alert() -> None:
    friday = eod(VOD, date(2025, 3, 7), "100")
    monday_lunch = datetime(2025, 3, 10, 12, 0, tzinfo=LONDON)
    assert StaleRule().evaluate(context(VOD, monday_lunch, [friday])) is None


def test_the_easter_holidays_raise_no_staleness_alert() -> None:
    thursday = eod(VOD, date(2025, 4, 17), "100")
    tuesday_noon = datetime(2025, 4, 22, 12, 0, tzinfo=LONDON)
    assert StaleRule(max_sessions=0).evaluate(context(VOD, tuesday_noon, [thursday])) is None


def test_a_real_gap_on_trading_days_is_stale() -> None:
    monday = eod(VOD, date(2025, 3, 3), "100")
    thursday_night = datetime(2025, 3, 6, 20, 0, tzinfo=UTC)
    finding = StaleRule(max_sessions=1).evaluate(context(VOD, thursday_night, [monday]))
    assert finding is not None
    assert finding.rule == "stale" and finding.severity is Severity.WARNING
    assert "3 sessions closed since" in finding.details["eod"]


def test_intraday_staleness_counts_trading_minutes_and_skips_the_lunch_break() -> None:
    before_lunch = tick(FPT, datetime(2025, 3, 3, 11, 20, tzinfo=HCM), "120000")
    after_lunch = datetime(2025, 3, 3, 13, 15, tzinfo=HCM)
    # 10 minutes before the break + 15 after = 25 trading minutes, though 115 passed.
    assert StaleRule(max_minutes=30).evaluate(context(FPT, after_lunch, [before_lunch])) is None
    finding = StaleRule(max_minutes=20).evaluate(context(FPT, after_lunch, [before_lunch]))
    assert finding is not None and "25 trading minutes" in finding.message


def test_intraday_staleness_is_not_judged_while_the_market_is_shut() -> None:
    friday_close = tick(VOD, datetime(2025, 3, 7, 16, 29, tzinfo=LONDON), "100")
    saturday = datetime(2025, 3, 8, 12, 0, tzinfo=LONDON)
    assert StaleRule(max_minutes=1).evaluate(context(VOD, saturday, [friday_close])) is None


def test_a_missing_trading_day_in_the_eod_series_is_found() -> None:
    days = [date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 6)]
    series = [eod(VOD, d, "100") for d in days]
    finding = MissingRule().evaluate(context(VOD, datetime(2025, 3, 7, tzinfo=UTC), series))
    assert finding is not None
    assert finding.details["missing_sessions"] == "2025-03-05"


def test_holidays_are_not_missing_days() -> None:
    days = [date(2025, 12, 23), date(2025, 12, 24), date(2025, 12, 29)]
    series = [eod(VOD, d, "100") for d in days]
    finding = MissingRule().evaluate(context(VOD, datetime(2025, 12, 30, tzinfo=UTC), series))
    assert finding is None


def test_an_intraday_price_stamped_on_a_saturday_or_at_lunch_is_market_closed() -> None:
    saturday = tick(VOD, datetime(2025, 3, 8, 11, 0, tzinfo=LONDON), "100")
    lunch = tick(FPT, datetime(2025, 3, 3, 12, 0, tzinfo=HCM), "120000")
    open_tick = tick(FPT, datetime(2025, 3, 3, 10, 0, tzinfo=HCM), "120000")
    as_of = datetime(2025, 3, 10, tzinfo=UTC)
    vod = MarketClosedRule().evaluate(context(VOD, as_of, new=[saturday]))
    fpt = MarketClosedRule().evaluate(context(FPT, as_of, new=[open_tick, lunch]))
    assert vod is not None and "2025-03-08T11:00:00+00:00" in vod.details["stamps"]
    assert fpt is not None and fpt.details["stamps"] == "2025-03-03T12:00:00+07:00"


def test_an_eod_price_for_a_holiday_is_market_closed_and_a_session_is_not() -> None:
    as_of = datetime(2025, 12, 30, tzinfo=UTC)
    christmas = eod(VOD, date(2025, 12, 25), "100")
    assert MarketClosedRule().evaluate(context(VOD, as_of, new=[christmas])) is not None
    eve = eod(VOD, date(2025, 12, 24), "100")
    assert MarketClosedRule().evaluate(context(VOD, as_of, new=[eve])) is None
