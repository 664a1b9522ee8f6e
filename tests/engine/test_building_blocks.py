"""Unit tests of the calculation's building blocks: FX, cadence, sizing, blocking reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.engine.domain.cadence import cadence_period, runs_left
from services.engine.domain.calculate import calculate
from services.engine.domain.numbers import lots_down, lots_up
from services.engine.domain.policy import Cadence, FeeModel, Frequency
from services.engine.domain.recommendation import Outcome
from services.engine.domain.sizing import affordable_quantity, buy_value, line_fee
from services.engine.domain.snapshot import FxQuote
from services.engine.domain.valuation import FxTable, major_currency
from tests.engine.builders import listing, policy, snapshot

D = Decimal
MONTHLY = Cadence(Frequency.MONTHLY, 1, D(0))
QUARTERLY = Cadence(Frequency.QUARTERLY, 15, D(0))


def test_fx_uses_direct_then_inverse_then_the_eur_pivot() -> None:
    quotes = (FxQuote("EUR", "GBP", D("0.8"), "d"), FxQuote("EUR", "USD", D("1.25"), "d"))
    gbp = FxTable("GBP", quotes)
    assert gbp.rate_to_base("GBP") == 1
    assert gbp.rate_to_base("EUR") == D("0.8")  # direct: 1 EUR = 0.8 GBP
    assert gbp.rate_to_base("USD") == D("0.64")  # 0.8 / 1.25
    assert gbp.rate_to_base("JPY") is None
    assert FxTable("EUR", quotes).rate_to_base("GBP") == D("1.25")  # 1 / 0.8


def test_gbx_prices_are_pence_of_a_pound() -> None:
    assert major_currency("GBX") == "GBP"
    assert major_currency("USD") == "USD"


def test_cadence_periods_name_the_month_or_quarter() -> None:
    assert cadence_period(date(2025, 6, 1), MONTHLY) == "2025-06"
    assert cadence_period(date(2025, 6, 1), QUARTERLY) == "2025-Q2"
    assert cadence_period(date(2025, 10, 1), QUARTERLY) == "2025-Q4"


def test_runs_left_counts_today_and_each_scheduled_run_until_expiry() -> None:
    assert runs_left(date(2025, 7, 1), date(2025, 7, 1), MONTHLY) == 1
    assert runs_left(date(2025, 7, 1), date(2025, 9, 1), MONTHLY) == 3
    assert runs_left(date(2025, 7, 20), date(2026, 1, 14), QUARTERLY) == 2  # 2025-10-15 only


def test_lots_round_down_for_trades_and_up_for_wind_downs() -> None:
    assert lots_down(D("27.9"), D("10")) == D("20")
    assert lots_up(D("21"), D("10")) == D("30")
    assert str(lots_down(D("3.75"), D("0.5"))) == "3.5"
    assert str(lots_down(D("200"), D("1"))) == "200"  # never "2E+2"


def test_affordable_quantity_fits_value_and_rounded_up_fee_in_the_budget() -> None:
    fees = FeeModel(D("1.50"), D("10"), D("2"))
    qty = affordable_quantity(D("720"), D("30"), D("1"), fees, "GBP")
    assert qty == 23
    value = buy_value(qty, D("30"), "GBP")
    assert value + line_fee(value, fees, "GBP") <= D("720")
    assert affordable_quantity(D("1.99"), D("1"), D("1"), fees, "GBP") == 0


def test_every_blocking_reason_is_reported_together() -> None:
    pol = policy()
    snap = snapshot(
        pol,
        listings=[listing("a", "USD"), listing("b")],
        sleeves={"equities": ["a"], "bonds": ["b", "c"]},
        holdings={"a": "1", "b": "1"},
        prices={"a": "10", "b": "10"},
        failing={"b": ["alert-9"]},
    )
    rec = calculate(snap, pol)
    assert rec.outcome is Outcome.BLOCKED and rec.lines == ()
    assert [(r.code, r.subject) for r in rec.blocked_reasons] == [
        ("FX_MISSING", "USD"),
        ("LISTING_UNKNOWN", "c"),
        ("PRICE_DQ_FAILING", "b"),
        ("PRICE_MISSING", "c"),
    ]


def test_without_an_approved_policy_the_run_is_blocked() -> None:
    snap = snapshot(
        None, listings=[listing("a")], sleeves={}, holdings={"a": "1"}, prices={"a": "1"}
    )
    rec = calculate(snap, None)
    assert [r.code for r in rec.blocked_reasons] == ["NO_APPROVED_POLICY"]
    assert rec.policy_hash is None


def test_a_policy_sleeve_missing_from_the_portfolio_blocks_the_run() -> None:
    pol = policy()
    snap = snapshot(
        pol, listings=[listing("a")], sleeves={"equities": ["a"]}, holdings={}, prices={"a": "1"}
    )
    assert [(r.code, r.subject) for r in calculate(snap, pol).blocked_reasons] == [
        ("SLEEVE_UNKNOWN", "bonds")
    ]
