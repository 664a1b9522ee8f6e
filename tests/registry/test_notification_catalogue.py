"""The notification catalogue (pure): which events notify, how loudly, with which words and link."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from services.registry.domain.notification_catalogue import CATALOGUE, describe
from services.registry.domain.notifications import (
    MAX_BODY,
    Audience,
    Severity,
    Source,
    address,
    created_event_id,
    created_payload,
    mark_ids,
    notification_id,
)
from taplatform.errors import InvalidArgumentError
from taplatform.events import Event

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
P = "11111111-1111-4111-8111-111111111111"
L = "22222222-2222-4222-8222-222222222222"


def event(event_type: str, **payload: Any) -> Event:
    return Event(uuid.uuid4(), event_type, "x", "agg-1", {"portfolio_id": P, **payload}, AT)


def alert(severity: str, freeze: bool) -> Event:
    after = {"rule": "stale", "severity": severity, "freeze": freeze, "message": "no price 3d"}
    return event("AlertOpened", portfolio_id=None, listing_id=L, after=after)


def test_a_critical_alert_notifies_the_listings_holders_and_links_to_its_prices() -> None:
    draft = describe("marketdata", alert("critical", freeze=False))

    assert draft is not None
    assert (draft.severity, draft.kind, draft.audience) == (
        Severity.CRITICAL,
        "dq_alert",
        Audience.LISTING_HOLDERS,
    )
    assert (draft.listing_id, draft.portfolio_id) == (L, None)
    assert draft.link == f"/listings/{L}/prices"
    assert draft.title == "Data-quality alert: stale" and draft.body.startswith("no price 3d")


def test_a_warning_alert_notifies_only_when_its_rule_freezes_advice() -> None:
    assert describe("marketdata", alert("warning", freeze=False)) is None
    frozen = describe("marketdata", alert("warning", freeze=True))
    assert frozen is not None and frozen.severity is Severity.WARNING
    assert "Advice is frozen" in frozen.body


def test_an_alert_seen_again_or_an_unknown_event_is_not_news() -> None:
    assert describe("marketdata", event("AlertSeenAgain", listing_id=L)) is None
    assert describe("ledger", event("BatchPosted")) is None
    # The same type from another service's stream is not the catalogued one.
    assert describe("oms", event("PortfolioFrozen")) is None


def test_a_freeze_tells_the_owner_the_new_reason_only() -> None:
    old = {"source": "manual", "reference": "note-1", "detail": "holiday"}
    new = {"source": "dq_alert", "reference": "a-9", "detail": "stale: no price 3d"}
    draft = describe(
        "registry",
        event(
            "PortfolioFrozen",
            before={"freeze_reasons": [old]},
            after={"freeze_reasons": [old, new]},
        ),
    )
    assert draft is not None
    assert (draft.severity, draft.audience, draft.portfolio_id) == (
        Severity.WARNING,
        Audience.PORTFOLIO_OWNER,
        P,
    )
    assert draft.body == "stale: no price 3d" and draft.link == f"/portfolios/{P}"


def test_an_unfreeze_says_whether_other_reasons_still_hold() -> None:
    lifted = describe(
        "registry", event("PortfolioUnfrozen", reason="data fixed", after={"freeze_reasons": []})
    )
    partly = describe(
        "registry",
        event("PortfolioUnfrozen", reason="ok", after={"freeze_reasons": [{"reference": "x"}]}),
    )
    assert lifted is not None and partly is not None
    assert (lifted.severity, lifted.title, lifted.body) == (
        Severity.INFO,
        "Advice unfrozen",
        "data fixed",
    )
    assert partly.body == "ok Still frozen by 1 other reason."


def test_only_a_blocked_run_notifies_and_it_links_to_the_recommendation() -> None:
    reasons = [{"code": "PORTFOLIO_FROZEN", "subject": P, "detail": "stale data"}]
    blocked = event(
        "RunCompleted",
        after={"run_id": "r-1", "status": "blocked", "blocked_reasons": reasons},
    )
    advice = event("RunCompleted", after={"run_id": "r-2", "status": "proposed"})

    draft = describe("engine", blocked)
    assert draft is not None and describe("engine", advice) is None
    assert draft.link == f"/portfolios/{P}/runs/r-1"
    assert draft.body == "PORTFOLIO_FROZEN: stale data"


@pytest.mark.parametrize(
    ("event_type", "payload", "severity", "kind"),
    [
        (
            "DeadLettered",
            {"notification": "order o-1 failed", "after": {}},
            "critical",
            "dead_letter",
        ),
        ("KillSwitchEngaged", {"reason": "panic"}, "critical", "kill_switch"),
        ("KillSwitchReleased", {"reason": "calm"}, "info", "kill_switch"),
        ("TradingModeChanged", {"after": {"mode": "live"}}, "warning", "trading_mode"),
        (
            "TradingModeChanged",
            {"after": {"mode": "dry_run"}, "reason": "LIVE_ADAPTER_UNHEALTHY"},
            "critical",
            "trading_mode",
        ),
        ("TradingModeChanged", {"after": {"mode": "dry_run"}}, "info", "trading_mode"),
        ("TradingStatusChanged", {"after": {"status": "halted"}}, "critical", "trading_status"),
        ("TradingStatusChanged", {"after": {"status": "reducing"}}, "warning", "trading_status"),
    ],
)
def test_oms_events_notify_the_owner_at_their_severity(
    event_type: str, payload: dict[str, Any], severity: str, kind: str
) -> None:
    draft = describe("oms", event(event_type, **payload))

    assert draft is not None
    assert (draft.severity.value, draft.kind, draft.audience) == (
        severity,
        kind,
        Audience.PORTFOLIO_OWNER,
    )
    assert draft.portfolio_id == P and draft.link.startswith(f"/portfolios/{P}/")


def test_a_dead_letter_says_what_the_oms_said_and_links_to_the_dead_letter_queue() -> None:
    draft = describe(
        "oms",
        event("DeadLettered", notification="order o-1 failed", after={"dead_letter_id": "d-1"}),
    )
    assert draft is not None
    assert (draft.body, draft.link) == ("order o-1 failed", f"/portfolios/{P}/trading")


def test_a_portfolio_rule_without_a_portfolio_notifies_nobody() -> None:
    for service, event_type in CATALOGUE:
        if service != "marketdata":
            lonely = Event(uuid.uuid4(), event_type, "x", "a", {"after": {"status": "halted"}}, AT)
            assert describe(service, lonely) is None, event_type


def test_addressing_makes_one_notification_per_recipient_with_ids_from_event_and_user() -> None:
    source_event = alert("critical", freeze=False)
    draft = describe("marketdata", source_event)
    assert draft is not None
    source = Source("marketdata", source_event.event_id, "AlertOpened", AT)

    made = address(draft, source, ["u2", "u1", "u2"], AT)
    again = address(draft, source, ["u1", "u2"], AT)

    assert [n.recipient_user_id for n in made] == ["u1", "u2"]
    assert made == again  # a redelivery addresses the very same ids
    assert made[0].notification_id == notification_id(source_event.event_id, "u1")
    assert made[0].notification_id != made[1].notification_id
    assert created_event_id(made[0]) == created_event_id(again[0])
    assert created_payload(made[0]) | {"portfolio_id": None} == created_payload(made[0])
    assert created_payload(made[0])["recipient_user_id"] == "u1"


def test_a_long_body_is_clipped_to_the_limit() -> None:
    source_event = event("KillSwitchEngaged", reason="x" * (MAX_BODY + 50))
    draft = describe("oms", source_event)
    assert draft is not None
    made = address(draft, Source("oms", source_event.event_id, "KillSwitchEngaged", AT), ["u"], AT)
    assert len(made[0].body) == MAX_BODY and made[0].body.endswith("…")


def test_ids_to_mark_are_validated_by_position_and_deduplicated() -> None:
    one = str(uuid.uuid4())
    assert mark_ids([one, one.upper()]) == [one]
    with pytest.raises(InvalidArgumentError) as refused:
        mark_ids([one, "nope"])
    assert refused.value.violations[0].field == "notification_ids[1]"
