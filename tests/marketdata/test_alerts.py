"""Alert lifecycle: deduplicated per (rule, listing) while active; healing rules auto-resolve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.marketdata.domain.alerts import (
    SYSTEM_ACTOR,
    Alert,
    AlertStatus,
    plan_alerts,
    transition,
)
from services.marketdata.domain.rules import Evaluation, Finding, Severity, default_rules
from taplatform.errors import FailedPreconditionError

AT = datetime(2025, 3, 5, 18, 0, tzinfo=UTC)
POLICIES = {rule.name: rule.policy for rule in default_rules()}


def finding(rule: str) -> Finding:
    return Finding(rule, "lst-vod", Severity.CRITICAL, f"{rule} fired", {"k": "v"})


def test_a_new_finding_opens_an_alert_carrying_the_rule_policy() -> None:
    plan = plan_alerts(
        Evaluation("lst-vod", (finding("scale_mismatch"),), ()), {}, POLICIES, AT, iter(["alert-1"])
    )
    [alert] = plan.opened
    assert (alert.alert_id, alert.status, alert.freeze, alert.auto_unfreeze) == (
        "alert-1",
        AlertStatus.OPEN,
        True,
        False,
    )


def test_the_same_rule_firing_again_refreshes_the_active_alert_instead_of_opening_one() -> None:
    first = plan_alerts(
        Evaluation("lst-vod", (finding("jump"),), ()), {}, POLICIES, AT, iter(["alert-1"])
    ).opened[0]
    later = AT + timedelta(hours=1)
    plan = plan_alerts(
        Evaluation("lst-vod", (finding("jump"),), ()),
        {"jump": first},
        POLICIES,
        later,
        iter(["alert-2"]),
    )
    assert plan.opened == ()
    [refreshed] = plan.refreshed
    assert (refreshed.alert_id, refreshed.occurrences, refreshed.last_seen_at) == (
        "alert-1",
        2,
        later,
    )


def test_a_clean_evaluation_resolves_only_alerts_of_healing_rules() -> None:
    opened = plan_alerts(
        Evaluation("lst-vod", (finding("stale"), finding("jump")), ()),
        {},
        POLICIES,
        AT,
        iter(["a-stale", "a-jump"]),
    ).opened
    active = {a.rule: a for a in opened}
    plan = plan_alerts(Evaluation("lst-vod", (), ("stale", "jump")), active, POLICIES, AT, iter([]))
    assert [(a.alert_id, a.status, a.resolved_by) for a in plan.resolved] == [
        ("a-stale", AlertStatus.RESOLVED, SYSTEM_ACTOR)
    ]


def _alert() -> Alert:
    return plan_alerts(
        Evaluation("lst-vod", (finding("jump"),), ()), {}, POLICIES, AT, iter(["alert-1"])
    ).opened[0]


def test_open_to_acknowledged_to_resolved_records_who_and_when() -> None:
    acked = transition(_alert(), AlertStatus.ACKNOWLEDGED, "user-1", AT)
    done = transition(acked, AlertStatus.RESOLVED, "user-2", AT, "vendor fixed the feed")
    assert (acked.acknowledged_by, done.resolved_by, done.resolution_note) == (
        "user-1",
        "user-2",
        "vendor fixed the feed",
    )


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ((AlertStatus.RESOLVED,), AlertStatus.ACKNOWLEDGED),
        ((AlertStatus.RESOLVED,), AlertStatus.RESOLVED),
        ((AlertStatus.ACKNOWLEDGED,), AlertStatus.ACKNOWLEDGED),
    ],
)
def test_transitions_the_table_forbids_are_failed_preconditions(
    path: tuple[AlertStatus, ...], to: AlertStatus
) -> None:
    alert = _alert()
    for step in path:
        alert = transition(alert, step, "user-1", AT)
    with pytest.raises(FailedPreconditionError, match="cannot become") as caught:
        transition(alert, to, "user-1", AT)
    assert caught.value.reason == "ALERT_TRANSITION_NOT_ALLOWED"
