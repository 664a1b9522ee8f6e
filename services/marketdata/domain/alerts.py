"""Data-quality alerts: one per (rule, listing) while active, open -> acknowledged -> resolved.

An alert is *active* until resolved. A rule firing again on a listing with an
active alert refreshes that alert (last seen, occurrences, latest message)
instead of opening another; after it is resolved, the next firing opens a new
one. A clean evaluation resolves the active alert only when the rule's policy
says the condition heals (``auto_resolve``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from services.marketdata.domain.rules import Evaluation, RulePolicy, Severity
from taplatform.errors import FailedPreconditionError

SYSTEM_ACTOR = "system:marketdata"


class AlertStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


TRANSITIONS: Mapping[AlertStatus, frozenset[AlertStatus]] = {
    AlertStatus.OPEN: frozenset({AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED}),
    AlertStatus.ACKNOWLEDGED: frozenset({AlertStatus.RESOLVED}),
    AlertStatus.RESOLVED: frozenset(),
}


@dataclass(frozen=True)
class Alert:
    """A data-quality problem of one listing under one rule, and who did what about it."""

    alert_id: str
    rule: str
    listing_id: str
    severity: Severity
    status: AlertStatus
    message: str
    details: Mapping[str, str]
    freeze: bool
    auto_unfreeze: bool
    opened_at: datetime
    last_seen_at: datetime
    occurrences: int = 1
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution_note: str | None = None

    def to_audit(self) -> dict[str, Any]:
        """Canonical-JSON-able view for events (before/after)."""
        return {
            "alert_id": self.alert_id,
            "rule": self.rule,
            "listing_id": self.listing_id,
            "severity": self.severity.value,
            "status": self.status.value,
            "message": self.message,
            "occurrences": self.occurrences,
            "freeze": self.freeze,
        }


def transition(alert: Alert, to: AlertStatus, actor: str, at: datetime, note: str = "") -> Alert:
    """``alert`` moved to ``to`` by ``actor``; FAILED_PRECONDITION if the table forbids it."""
    if to not in TRANSITIONS[alert.status]:
        raise FailedPreconditionError(
            f"alert {alert.alert_id} is {alert.status.value}; it cannot become {to.value}",
            reason="ALERT_TRANSITION_NOT_ALLOWED",
            metadata={"from": alert.status.value, "to": to.value},
        )
    if to is AlertStatus.ACKNOWLEDGED:
        return replace(alert, status=to, acknowledged_at=at, acknowledged_by=actor)
    return replace(alert, status=to, resolved_at=at, resolved_by=actor, resolution_note=note)


@dataclass(frozen=True)
class AlertPlan:
    """What one evaluation changes: alerts to open, to refresh and to resolve."""

    opened: tuple[Alert, ...] = ()
    refreshed: tuple[Alert, ...] = ()
    resolved: tuple[Alert, ...] = ()
    refreshed_before: tuple[Alert, ...] = field(default=(), repr=False)


def plan_alerts(
    evaluation: Evaluation,
    active: Mapping[str, Alert],
    policies: Mapping[str, RulePolicy],
    at: datetime,
    new_ids: Iterator[str],
) -> AlertPlan:
    """The alert changes for ``evaluation`` given the listing's ``active`` alerts by rule."""
    opened, refreshed, before, resolved = [], [], [], []
    for finding in evaluation.findings:
        current = active.get(finding.rule)
        if current is None:
            policy = policies[finding.rule]
            opened.append(
                Alert(
                    alert_id=next(new_ids),
                    rule=finding.rule,
                    listing_id=finding.listing_id,
                    severity=finding.severity,
                    status=AlertStatus.OPEN,
                    message=finding.message,
                    details=dict(finding.details),
                    freeze=policy.freeze,
                    auto_unfreeze=policy.auto_unfreeze,
                    opened_at=at,
                    last_seen_at=at,
                )
            )
        else:
            before.append(current)
            refreshed.append(
                replace(
                    current,
                    message=finding.message,
                    details=dict(finding.details),
                    last_seen_at=at,
                    occurrences=current.occurrences + 1,
                )
            )
    for rule in evaluation.passed:
        current = active.get(rule)
        if current is not None and policies[rule].auto_resolve:
            note = "data passed the rule again"
            resolved.append(transition(current, AlertStatus.RESOLVED, SYSTEM_ACTOR, at, note))
    return AlertPlan(tuple(opened), tuple(refreshed), tuple(resolved), tuple(before))
