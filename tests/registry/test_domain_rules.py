"""Pure registry rules: names, codes, listings, sleeves, targets, freezes, sessions and tokens."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from services.registry.domain.audit import audit_payload
from services.registry.domain.codes import parse_base_currency, parse_mic, parse_quote_currency
from services.registry.domain.fields import check_request_id, clean_name, require_id
from services.registry.domain.identity import (
    api_token_expiry,
    check_new_password,
    new_session,
    parse_email,
)
from services.registry.domain.portfolio import (
    freeze_portfolio,
    new_portfolio,
    unfreeze_portfolio,
    update_portfolio,
)
from services.registry.domain.reference import ListingTerms, check_price_scale
from services.registry.domain.sleeves import SleeveTerms, check_targets
from services.registry.domain.versioning import archive, check_version
from taplatform.errors import ConcurrencyError, FailedPreconditionError, InvalidArgumentError

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
D = Decimal


def field_of(error: pytest.ExceptionInfo[InvalidArgumentError]) -> str:
    return error.value.violations[0].field


# --- names and ids ---


def test_names_are_trimmed_and_bounded() -> None:
    assert clean_name("  Core ISA  ") == "Core ISA"
    assert clean_name("x" * 100) == "x" * 100
    for bad in ["", "   ", "x" * 101, "tab\there"]:
        with pytest.raises(InvalidArgumentError) as caught:
            clean_name(bad)
        assert field_of(caught) == "name"


def test_ids_must_be_uuids_and_request_ids_are_optional() -> None:
    assert require_id(" 6F9619FF-8B86-D011-B42D-00C04FC964FF ", "x") == (
        "6f9619ff-8b86-d011-b42d-00c04fc964ff"
    )
    with pytest.raises(InvalidArgumentError) as caught:
        require_id("portfolio-1", "portfolio_id")
    assert field_of(caught) == "portfolio_id"
    assert check_request_id("  ") is None
    with pytest.raises(InvalidArgumentError):
        check_request_id("k" * 201)


# --- currencies and venues ---


def test_base_currency_defaults_to_gbp_and_allows_vnd_only() -> None:
    assert parse_base_currency("") == "GBP"
    assert parse_base_currency("vnd") == "VND"
    for bad in ["USD", "GBX", "XYZ"]:
        with pytest.raises(InvalidArgumentError) as caught:
            parse_base_currency(bad)
        assert field_of(caught) == "base_currency"


def test_quote_currencies_are_iso_4217_or_gbx() -> None:
    assert parse_quote_currency("gbx") == "GBX"
    assert parse_quote_currency("USD") == "USD"
    for bad in ["", "XXX", "GBPX", "ABC"]:
        with pytest.raises(InvalidArgumentError) as caught:
            parse_quote_currency(bad)
        assert field_of(caught) == "quote_currency"


def test_price_scale_follows_the_quote_unit() -> None:
    assert check_price_scale("GBX", None) == D("0.01")
    assert check_price_scale("GBP", None) == D(1)
    assert check_price_scale("GBX", D("0.010")) == D("0.01")
    with pytest.raises(InvalidArgumentError) as caught:
        check_price_scale("GBX", D(1))
    assert field_of(caught) == "price_scale"


def test_mics_are_four_characters() -> None:
    assert parse_mic("xlon") == "XLON"
    with pytest.raises(InvalidArgumentError):
        parse_mic("LSE")


def test_lot_and_tick_sizes_must_be_positive() -> None:
    assert ListingTerms.parse("vod", D(1), D("0.01"), "XLON").ticker == "VOD"
    for lot, tick, field in [(D(0), D(1), "lot_size"), (D(1), D("-0.01"), "tick_size")]:
        with pytest.raises(InvalidArgumentError) as caught:
            ListingTerms.parse("VOD", lot, tick, "XLON")
        assert field_of(caught) == field


# --- sleeves and targets ---


@pytest.mark.parametrize(
    ("target", "abs_band", "field"),
    [
        (D("-1"), None, "target_weight_pct"),
        (D("100.01"), None, "target_weight_pct"),
        (D(50), D("-0.5"), "drift_band_abs_pct"),
    ],
)
def test_sleeve_targets_lie_within_0_and_100(
    target: Decimal, abs_band: Decimal | None, field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        SleeveTerms.parse("Equity", target, abs_band, None)
    assert field_of(caught) == field


def test_targets_must_sum_to_exactly_100() -> None:
    assert check_targets([D("60"), D("40.0")]).sums_to_100
    short = check_targets([D("33.33"), D("33.33"), D("33.33")])
    assert not short.sums_to_100
    assert short.target_sum_pct == D("99.99")
    assert check_targets([]).target_sum_pct == 0


# --- portfolios ---


def test_portfolio_versions_and_stale_writes() -> None:
    portfolio = new_portfolio("p1", "u1", " ISA ", "", NOW)
    assert (portfolio.name, portfolio.base_currency, portfolio.version) == ("ISA", "GBP", 1)
    updated = update_portfolio(portfolio, "SIPP", "VND", NOW + timedelta(1))
    assert (updated.name, updated.version) == ("SIPP", 2)
    with pytest.raises(ConcurrencyError) as caught:
        check_version("portfolio", "p1", updated.version, 1)
    assert caught.value.metadata["current_version"] == "2"
    archived = archive(updated, "portfolio", "p1", NOW)
    assert archived.archived and archived.version == 3
    with pytest.raises(FailedPreconditionError):
        update_portfolio(archived, "X", "GBP", NOW)


def test_freeze_reasons_accumulate_and_lift_by_reference() -> None:
    portfolio = new_portfolio("p1", "u1", "ISA", "GBP", NOW)
    frozen = freeze_portfolio(portfolio, "dq_alert", "alert-1", "stale price", NOW)
    assert frozen is not None and frozen.frozen
    assert freeze_portfolio(frozen, "dq_alert", "alert-1", "again", NOW) is None
    twice = freeze_portfolio(frozen, "manual", "holiday", "", NOW)
    assert twice is not None
    partly, lifted = unfreeze_portfolio(twice, "fixed the feed", ["alert-1"], NOW)
    assert [r.reference for r in lifted] == ["alert-1"]
    assert partly.frozen and [r.reference for r in partly.freeze_reasons] == ["holiday"]
    clear, _ = unfreeze_portfolio(partly, "back", [], NOW)
    assert not clear.frozen
    with pytest.raises(InvalidArgumentError) as caught:
        unfreeze_portfolio(twice, "", [], NOW)
    assert field_of(caught) == "reason"
    with pytest.raises(InvalidArgumentError) as caught:
        freeze_portfolio(portfolio, "gut_feeling", "x", "", NOW)
    assert field_of(caught) == "reason.source"


def test_audit_payload_is_json_types_with_exact_decimals() -> None:
    portfolio = new_portfolio("p1", "u1", "ISA", "GBP", NOW)
    payload = audit_payload("u1", "p1", None, portfolio, note=D("60.50"))
    assert payload["before"] is None
    assert payload["after"]["created_at"] == NOW.isoformat()
    assert payload["note"] == "60.5"


# --- identity ---


def test_emails_are_lower_cased_and_checked() -> None:
    assert parse_email("  Alice@Example.COM ") == "alice@example.com"
    for bad in ["", "alice", "@example.com", "alice@", "al ice@example.com"]:
        with pytest.raises(InvalidArgumentError):
            parse_email(bad)


def test_passwords_need_twelve_characters() -> None:
    assert check_new_password("x" * 12)
    with pytest.raises(InvalidArgumentError) as caught:
        check_new_password("short")
    assert field_of(caught) == "password"


def test_session_idle_expiry_slides_but_never_past_the_absolute_one() -> None:
    idle, absolute = timedelta(hours=12), timedelta(days=7)
    session = new_session("s1", "u1", NOW, idle, absolute)
    assert session.idle_expires_at == NOW + idle
    assert session.touched(NOW + timedelta(seconds=10), idle) is None  # too soon to write
    later = NOW + timedelta(hours=11)
    touched = session.touched(later, idle)
    assert touched is not None and touched.idle_expires_at == later + idle
    near_end = NOW + absolute - timedelta(hours=1)
    last = replace(touched, last_seen_at=near_end - timedelta(hours=1))
    final = last.touched(near_end, idle)
    assert final is not None and final.idle_expires_at == session.absolute_expires_at
    assert not session.is_active(NOW + idle)
    assert not replace(session, revoked_at=NOW).is_active(NOW)


def test_api_token_expiry_defaults_and_limits() -> None:
    default, most = timedelta(days=90), timedelta(days=365)
    assert api_token_expiry(NOW, None, default, most) == NOW + default
    with pytest.raises(InvalidArgumentError) as caught:
        api_token_expiry(NOW, NOW - timedelta(1), default, most)
    assert field_of(caught) == "expires_at"
    with pytest.raises(InvalidArgumentError):
        api_token_expiry(NOW, NOW + timedelta(days=400), default, most)
