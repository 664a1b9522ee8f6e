"""Stored rule settings, pure: validation names the field, and which value wins where."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.marketdata.domain.rule_resolution import Source, resolve_rule, rules_in_force
from services.marketdata.domain.rule_settings import parse_overrides
from services.marketdata.domain.rules import JumpRule, Severity, default_rules, evaluate
from taplatform.errors import InvalidArgumentError
from tests.marketdata.dq_support import VOD, context, eod


def setting(effective: object, name: str) -> tuple[str, str, Source, str]:
    found = [
        s
        for s in (*effective.policy, *effective.parameters)  # type: ignore[attr-defined]
        if s.name == name
    ]
    return found[0].value, found[0].default, found[0].source, found[0].source_id


def test_parse_overrides_canonicalises_values_and_drops_empty_rules() -> None:
    clean = parse_overrides(
        {"jump": {"threshold": " 0.50 ", "severity": "WARNING"}, "stale": {}, "missing": {}}
    )
    assert clean == {"jump": {"threshold": "0.5", "severity": "warning"}}


def test_parse_overrides_names_every_bad_field_at_once() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        parse_overrides(
            {
                "jump": {"threshold": "0", "freeze": "maybe", "speed": "1"},
                "stale": {"max_sessions": "1.5"},
                "volume": {"min": "1"},
            }
        )
    found = {v.field: v.description for v in caught.value.violations}
    assert found == {
        "rules.jump.threshold": "must be > 0",
        "rules.jump.freeze": "must be true or false",
        "rules.jump.speed": found["rules.jump.speed"],
        "rules.stale.max_sessions": "must be a whole number",
        "rules.volume": found["rules.volume"],
    }
    assert found["rules.jump.speed"].startswith("unknown setting (known: enabled, severity")
    assert found["rules.volume"].startswith("unknown rule (known: stale, missing, jump")
    assert "rules.jump.threshold: must be > 0" in caught.value.message


def test_bounds_are_checked_on_both_sides() -> None:
    for raw, problem in (("31", "must be <= 30"), ("-1", "must be >= 0"), ("x", "a number")):
        with pytest.raises(InvalidArgumentError, match=problem):
            parse_overrides({"stale": {"max_sessions": raw}})


def test_defaults_come_from_the_rule_and_say_so() -> None:
    jump = resolve_rule(JumpRule())
    assert setting(jump, "threshold") == ("0.2", "0.2", Source.DEFAULT, "")
    assert setting(jump, "severity") == ("critical", "critical", Source.DEFAULT, "")
    assert [s.name for s in jump.policy] == [
        "enabled",
        "severity",
        "freeze",
        "auto_resolve",
        "auto_unfreeze",
    ]
    assert [s.name for s in jump.parameters] == ["threshold", "flip_tolerance"]


def test_the_strictest_portfolio_wins_and_the_listing_wins_over_portfolios() -> None:
    loose = ("pf-a", {"jump": {"threshold": "0.5", "severity": "info", "auto_resolve": "true"}})
    tight = ("pf-b", {"jump": {"threshold": "0.1", "severity": "warning"}})
    only_portfolios = resolve_rule(JumpRule(), None, [loose, tight])
    assert setting(only_portfolios, "threshold") == ("0.1", "0.2", Source.PORTFOLIO, "pf-b")
    # Below the default counts too: a portfolio may relax a setting nobody else set.
    assert setting(only_portfolios, "severity") == ("warning", "critical", Source.PORTFOLIO, "pf-b")
    assert setting(only_portfolios, "auto_resolve") == ("true", "false", Source.PORTFOLIO, "pf-a")

    listing = ("lst-vod", {"jump": {"threshold": "0.3"}})
    with_listing = resolve_rule(JumpRule(), listing, [loose, tight])
    assert setting(with_listing, "threshold") == ("0.3", "0.2", Source.LISTING, "lst-vod")
    assert setting(with_listing, "severity") == ("warning", "critical", Source.PORTFOLIO, "pf-b")


def test_ties_between_portfolios_keep_the_first_by_id() -> None:
    first = ("pf-a", {"missing": {"lookback_sessions": "40"}})
    second = ("pf-b", {"missing": {"lookback_sessions": "40"}})
    [missing] = [r for r in default_rules() if r.name == "missing"]
    resolved = resolve_rule(missing, None, [second, first])
    assert setting(resolved, "lookback_sessions") == ("40", "20", Source.PORTFOLIO, "pf-a")


def test_a_raised_jump_threshold_passes_the_same_data_and_a_disabled_rule_is_left_out() -> None:
    history = [eod(VOD, date(2025, 3, 6), "70"), eod(VOD, date(2025, 3, 7), "71")]
    moved = [eod(VOD, date(2025, 3, 10), "95")]  # +34 %
    series = context(VOD, datetime(2025, 3, 10, 20, tzinfo=UTC), history, moved)

    defaults = evaluate(series, rules_in_force(default_rules()))
    assert [f.rule for f in defaults.findings] == ["jump"]

    raised = {"jump": {"threshold": "0.5"}}
    relaxed = rules_in_force(default_rules(), ("lst-vod", raised))
    assert evaluate(series, relaxed).findings == ()
    [jump] = [r for r in relaxed if r.name == "jump"]
    assert jump.threshold == Decimal("0.5")  # type: ignore[attr-defined]

    disabled = rules_in_force(default_rules(), None, [("pf-a", {"jump": {"enabled": "false"}})])
    assert "jump" not in [r.name for r in disabled]
    assert evaluate(series, disabled).findings == ()


def test_policy_overrides_reach_the_rule_object() -> None:
    overrides = {"stale": {"severity": "critical", "freeze": "false", "max_minutes": "60"}}
    [stale] = [r for r in rules_in_force(default_rules(), ("lst", overrides)) if r.name == "stale"]
    assert (stale.policy.severity, stale.policy.freeze) == (Severity.CRITICAL, False)
    assert stale.max_minutes == 60  # type: ignore[attr-defined]
