"""FX mismatch, the rule book's per-listing overrides, and evaluating all rules at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from services.marketdata.domain.rules import (
    FxMismatchRule,
    RuleBook,
    StaleRule,
    default_rules,
    evaluate,
)
from services.marketdata.domain.units import EurRates
from tests.marketdata.dq_support import FPT, VOD, context, eod

AS_OF = datetime(2025, 3, 5, 18, 0, tzinfo=UTC)
TODAY = EurRates(date(2025, 3, 5), {"GBP": Decimal("0.83"), "VND": Decimal("26600")})
YESTERDAY = EurRates(date(2025, 3, 4), {"GBP": Decimal("0.82"), "VND": Decimal("26500")})


def test_same_currency_as_base_needs_no_fx() -> None:
    assert FxMismatchRule().evaluate(context(VOD, AS_OF)) is None


def test_no_rate_for_the_listing_currency_to_base_is_an_fx_mismatch() -> None:
    only_gbp = EurRates(date(2025, 3, 5), {"GBP": Decimal("0.83")})
    ctx = context(FPT, AS_OF, fx_latest=only_gbp, base_currencies=("GBP",))
    finding = FxMismatchRule().evaluate(ctx)
    assert finding is not None and "VND/GBP" in finding.details
    assert "no ECB rate for VND" in finding.message


def test_an_old_rate_is_an_fx_mismatch() -> None:
    old = EurRates(date(2025, 2, 26), TODAY.rates)
    finding = FxMismatchRule().evaluate(context(FPT, AS_OF, fx_latest=old))
    assert finding is not None and "7 days old" in finding.message


def test_a_fresh_rate_that_moved_little_passes_and_one_that_moved_far_does_not() -> None:
    assert (
        FxMismatchRule().evaluate(
            context(VOD, AS_OF, base_currencies=("VND",), fx_latest=TODAY, fx_previous=YESTERDAY)
        )
        is None
    )
    shock = EurRates(date(2025, 3, 5), {"GBP": Decimal("0.83"), "VND": Decimal("29000")})
    finding = FxMismatchRule().evaluate(
        context(VOD, AS_OF, base_currencies=("VND",), fx_latest=shock, fx_previous=YESTERDAY)
    )
    assert finding is not None and "GBP/VND" in finding.details and "moved" in finding.message


def test_evaluate_runs_every_rule_in_order_and_lists_those_that_passed() -> None:
    history = [eod(VOD, date(2025, 3, d), "7200") for d in (3, 4)]
    flipped = [eod(VOD, date(2025, 3, 5), "72")]
    result = evaluate(context(VOD, AS_OF, history, flipped), default_rules())
    assert [f.rule for f in result.findings] == ["scale_mismatch"]
    assert result.passed == ("stale", "missing", "jump", "fx_mismatch", "market_closed")


def test_a_calendar_without_data_for_the_dates_is_a_finding_not_a_pass() -> None:
    late = datetime(2027, 3, 3, 12, 0, tzinfo=UTC)
    history = [eod(FPT, date(2026, 12, 30), "120000")]
    result = evaluate(context(FPT, late, history, base_currencies=("VND",)), [StaleRule()])
    assert [f.rule for f in result.findings] == ["stale"]
    assert "cannot check" in result.findings[0].message


def test_a_listing_override_replaces_the_default_rule_of_the_same_name() -> None:
    book = RuleBook(overrides={VOD.listing_id: [StaleRule(max_sessions=5)]})
    rules = book.rules_for(VOD.listing_id)
    assert [r.name for r in rules] == [r.name for r in default_rules()]
    assert book.rule(VOD.listing_id, "stale").parameters()["max_sessions"] == "5"
    assert book.rule(FPT.listing_id, "stale").parameters()["max_sessions"] == "1"
