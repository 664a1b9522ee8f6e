"""The notification catalogue: which service events notify, how loudly, and what they say.

docs/notifications.md is the readable form of this table. Every rule reads
only the event (its payload is the one docs/audit-catalogue.md describes)
and answers a :class:`Draft`, or None when this occurrence is not news (a
warning-level alert that freezes nothing, a run that produced advice).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from services.registry.domain.notifications import Audience, Draft, Severity
from taplatform.events import Event

Rule = Callable[[Event], Draft | None]


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _portfolio(event: Event) -> str:
    return _text(event.payload.get("portfolio_id"))


def _owner(
    event: Event, severity: Severity, kind: str, title: str, body: str, link: str
) -> Draft | None:
    portfolio_id = _portfolio(event)
    if not portfolio_id:
        return None  # a portfolio-level rule without a portfolio has nobody to tell
    return Draft(severity, kind, title, body, link, Audience.PORTFOLIO_OWNER, portfolio_id)


def dq_alert(event: Event) -> Draft | None:
    """marketdata ``AlertOpened``: critical alerts, and alerts of a rule that freezes advice."""
    alert = _dict(event.payload.get("after"))
    critical = alert.get("severity") == "critical"
    freezes = bool(alert.get("freeze"))
    listing_id = _text(event.payload.get("listing_id") or alert.get("listing_id"))
    if not (critical or freezes) or not listing_id:
        return None
    body = _text(alert.get("message")) or "A data-quality rule failed."
    if freezes:
        body += " Advice is frozen for portfolios holding this listing until the data is good."
    return Draft(
        Severity.CRITICAL if critical else Severity.WARNING,
        "dq_alert",
        f"Data-quality alert: {_text(alert.get('rule')) or 'rule'}",
        body,
        f"/listings/{listing_id}/prices",
        Audience.LISTING_HOLDERS,
        listing_id=listing_id,
    )


def _reasons(snapshot: Any) -> list[Mapping[str, Any]]:
    return [_dict(r) for r in _dict(snapshot).get("freeze_reasons") or []]


def portfolio_frozen(event: Event) -> Draft | None:
    """registry ``PortfolioFrozen``: the new reason is the body."""
    before = {(r.get("source"), r.get("reference")) for r in _reasons(event.payload.get("before"))}
    added = [
        r
        for r in _reasons(event.payload.get("after"))
        if (r.get("source"), r.get("reference")) not in before
    ]
    body = "; ".join(_text(r.get("detail")) or _text(r.get("reference")) for r in added)
    return _owner(
        event,
        Severity.WARNING,
        "portfolio_frozen",
        "Advice frozen",
        body or "Advice is frozen for this portfolio.",
        f"/portfolios/{_portfolio(event)}",
    )


def portfolio_unfrozen(event: Event) -> Draft | None:
    """registry ``PortfolioUnfrozen``: why, and whether other reasons still hold."""
    left = len(_reasons(event.payload.get("after")))
    body = _text(event.payload.get("reason")) or "A freeze was lifted."
    if left:
        body += f" Still frozen by {left} other reason{'s' if left > 1 else ''}."
    return _owner(
        event,
        Severity.INFO,
        "portfolio_unfrozen",
        "Advice unfrozen" if not left else "A freeze was lifted",
        body,
        f"/portfolios/{_portfolio(event)}",
    )


def run_blocked(event: Event) -> Draft | None:
    """engine ``RunCompleted`` with status blocked (frozen, missing data…): no advice."""
    run = _dict(event.payload.get("after"))
    if run.get("status") != "blocked" and run.get("outcome") != "blocked":
        return None
    reasons = [_dict(r) for r in run.get("blocked_reasons") or []]
    body = "; ".join(
        f"{_text(r.get('code'))}: {_text(r.get('detail')) or _text(r.get('subject'))}"
        for r in reasons
    )
    return _owner(
        event,
        Severity.WARNING,
        "run_blocked",
        "Run blocked: no advice",
        body or "The engine produced no advice for this run.",
        f"/portfolios/{_portfolio(event)}/runs/{_text(run.get('run_id'))}",
    )


def _trading_link(event: Event) -> str:
    return f"/portfolios/{_portfolio(event)}/trading"


def dead_lettered(event: Event) -> Draft | None:
    """oms ``DeadLettered``: a broker call failed for the last time; a person must act."""
    letter = _dict(event.payload.get("after"))
    body = _text(event.payload.get("notification")) or _text(letter.get("last_error"))
    # The trading page lists the portfolio's dead letters with replay and abandon.
    return _owner(
        event,
        Severity.CRITICAL,
        "dead_letter",
        "Broker call failed: replay or abandon it",
        body or "A broker call failed on its last attempt.",
        _trading_link(event),
    )


def trading_mode_changed(event: Event) -> Draft | None:
    """oms ``TradingModeChanged``: going live warns; an unhealthy fallback is critical."""
    mode = _text(_dict(event.payload.get("after")).get("mode"))
    reason = _text(event.payload.get("reason"))
    if mode == "live":
        severity, title = Severity.WARNING, "Live trading is on"
        body = "Orders now go to the live broker."
    elif reason == "LIVE_ADAPTER_UNHEALTHY":
        severity, title = Severity.CRITICAL, "Live broker unhealthy: back to dry run"
        body = "The live broker stopped answering; orders go to the dry-run broker."
    else:
        severity, title = Severity.INFO, "Back to dry run"
        body = "Orders go to the dry-run broker."
    return _owner(event, severity, "trading_mode", title, body, _trading_link(event))


def kill_switch(event: Event) -> Draft | None:
    """oms ``KillSwitchEngaged`` (critical) / ``KillSwitchReleased`` (info)."""
    engaged = event.event_type == "KillSwitchEngaged"
    reason = _text(event.payload.get("reason"))
    return _owner(
        event,
        Severity.CRITICAL if engaged else Severity.INFO,
        "kill_switch",
        "Kill switch engaged: trading halted" if engaged else "Kill switch released",
        reason or ("No new orders go out." if engaged else "Trading resumes."),
        _trading_link(event),
    )


_STATUS_REASONS = {"DAILY_LOSS_LIMIT": "The daily loss limit was breached."}


def trading_status_changed(event: Event) -> Draft | None:
    """oms ``TradingStatusChanged``: a daily-loss breach halted (critical) or reduced trading."""
    status = _text(_dict(event.payload.get("after")).get("status"))
    reason = _text(event.payload.get("reason"))
    halted = status == "halted"
    if status not in ("halted", "reducing"):
        return None
    return _owner(
        event,
        Severity.CRITICAL if halted else Severity.WARNING,
        "trading_status",
        "Trading halted" if halted else "Trading reduced to sells only",
        _STATUS_REASONS.get(reason, f"Reason: {reason or 'not given'}."),
        _trading_link(event),
    )


CATALOGUE: Mapping[tuple[str, str], Rule] = {
    ("marketdata", "AlertOpened"): dq_alert,
    ("registry", "PortfolioFrozen"): portfolio_frozen,
    ("registry", "PortfolioUnfrozen"): portfolio_unfrozen,
    ("engine", "RunCompleted"): run_blocked,
    ("oms", "DeadLettered"): dead_lettered,
    ("oms", "TradingModeChanged"): trading_mode_changed,
    ("oms", "KillSwitchEngaged"): kill_switch,
    ("oms", "KillSwitchReleased"): kill_switch,
    ("oms", "TradingStatusChanged"): trading_status_changed,
}


def describe(service: str, event: Event) -> Draft | None:
    """What ``event`` from ``service``'s stream tells its audience; None if it is not news."""
    rule = CATALOGUE.get((service, event.event_type))
    return None if rule is None else rule(event)
