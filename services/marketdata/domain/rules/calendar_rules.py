"""Rules counted on the exchange calendar: stale, missing sessions, prices stamped while closed."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.marketdata.domain.prices import PriceKind
from services.marketdata.domain.rules.base import (
    Finding,
    RulePolicy,
    SeriesContext,
    Severity,
    examples,
)


@dataclass(frozen=True)
class StaleRule:
    """No new EOD price for more than ``max_sessions`` completed sessions, or no intraday
    price for more than ``max_minutes`` trading minutes while the market is open.

    Both are counted on the listing's exchange calendar, so weekends, holidays,
    nights and lunch breaks never make a price stale.
    """

    max_sessions: int = 1
    max_minutes: int | None = 30
    policy: RulePolicy = field(
        default=RulePolicy(Severity.WARNING, freeze=True, auto_resolve=True, auto_unfreeze=True)
    )
    name: str = "stale"

    def parameters(self) -> dict[str, str]:
        return {"max_sessions": str(self.max_sessions), "max_minutes": str(self.max_minutes)}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        problems: dict[str, str] = {}
        eod = context.points(PriceKind.EOD)
        if eod:
            last_day = eod[-1].session_date
            missed = context.calendar.completed_sessions_after(last_day, context.as_of)
            if len(missed) > self.max_sessions:
                problems["eod"] = (
                    f"no EOD price since {last_day.isoformat()}: "
                    f"{len(missed)} sessions closed since (limit {self.max_sessions})"
                )
        intraday = context.points(PriceKind.INTRADAY)
        if intraday and self.max_minutes is not None and context.calendar.is_open_at(context.as_of):
            last = intraday[-1].observed_at
            minutes = context.calendar.trading_minutes_between(last, context.as_of)
            if minutes > self.max_minutes:
                problems["intraday"] = (
                    f"no intraday price since {last.isoformat()}: "
                    f"{minutes} trading minutes (limit {self.max_minutes})"
                )
        if not problems:
            return None
        return Finding(
            self.name,
            context.listing.listing_id,
            self.policy.severity,
            "; ".join(problems[k] for k in sorted(problems)),
            problems,
        )


@dataclass(frozen=True)
class MissingRule:
    """Sessions with no EOD price between the first and last EOD price of the last
    ``lookback_sessions`` sessions: a hole in the series on days the market traded."""

    lookback_sessions: int = 20
    policy: RulePolicy = field(
        default=RulePolicy(Severity.WARNING, freeze=False, auto_resolve=True, auto_unfreeze=True)
    )
    name: str = "missing"

    def parameters(self) -> dict[str, str]:
        return {"lookback_sessions": str(self.lookback_sessions)}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        days = sorted({p.session_date for p in context.points(PriceKind.EOD)})
        if len(days) < 2:
            return None
        sessions = context.calendar.sessions_between(days[0], days[-1])
        window = sessions[-self.lookback_sessions :]
        present = set(days)
        gaps = [d.isoformat() for d in window if d not in present]
        if not gaps:
            return None
        return Finding(
            self.name,
            context.listing.listing_id,
            self.policy.severity,
            f"{len(gaps)} trading sessions without an EOD price: {examples(gaps)}",
            {"missing_sessions": ",".join(gaps)},
        )


@dataclass(frozen=True)
class MarketClosedRule:
    """A new intraday price stamped while the market was shut (night, weekend, holiday,
    lunch break), or a new EOD price for a day that was not a session."""

    policy: RulePolicy = field(
        default=RulePolicy(Severity.WARNING, freeze=False, auto_resolve=False, auto_unfreeze=False)
    )
    name: str = "market_closed"

    def parameters(self) -> dict[str, str]:
        return {}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        calendar = context.calendar
        bad = [
            p.observed_at.isoformat()
            if p.kind is PriceKind.INTRADAY
            else p.session_date.isoformat()
            for p in context.new_points
            if (p.kind is PriceKind.INTRADAY and not calendar.is_open_at(p.observed_at))
            or (p.kind is PriceKind.EOD and not calendar.is_session(p.session_date))
        ]
        if not bad:
            return None
        return Finding(
            self.name,
            context.listing.listing_id,
            self.policy.severity,
            f"{len(bad)} prices stamped while {calendar.name} was closed: {examples(bad)}",
            {"stamps": ",".join(bad)},
        )
