"""The FX-mismatch rule: a listing whose currency has no fresh rate to a base currency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from services.marketdata.domain.rules.base import Finding, RulePolicy, SeriesContext, Severity
from services.marketdata.domain.units import FX_CONTEXT, MissingFxRateError, major_currency


@dataclass(frozen=True)
class FxMismatchRule:
    """For each base currency of the portfolios holding the listing: no ECB rate for the
    pair, a rate older than ``max_age_days`` calendar days (the ECB skips weekends and
    TARGET holidays, hence days, not sessions), or a cross rate that moved more than
    ``max_move`` (a fraction) between the two newest ECB days."""

    max_age_days: int = 4
    max_move: Decimal = Decimal("0.05")
    policy: RulePolicy = field(
        default=RulePolicy(Severity.CRITICAL, freeze=True, auto_resolve=True, auto_unfreeze=True)
    )
    name: str = "fx_mismatch"

    def parameters(self) -> dict[str, str]:
        return {"max_age_days": str(self.max_age_days), "max_move": str(self.max_move)}

    def evaluate(self, context: SeriesContext) -> Finding | None:
        currency = major_currency(context.listing.quote_currency)
        problems: dict[str, str] = {}
        for base in sorted(set(context.base_currencies)):
            if base != currency:
                problem = self._check_pair(context, currency, base)
                if problem:
                    problems[f"{currency}/{base}"] = problem
        if not problems:
            return None
        return Finding(
            self.name,
            context.listing.listing_id,
            self.policy.severity,
            "; ".join(f"{pair}: {text}" for pair, text in sorted(problems.items())),
            problems,
        )

    def _check_pair(self, context: SeriesContext, currency: str, base: str) -> str | None:
        latest, previous = context.fx_latest, context.fx_previous
        if latest is None:
            return "no FX rates at all"
        try:
            rate = latest.cross(currency, base)
        except MissingFxRateError as error:
            return error.message
        age_days = (context.as_of.date() - latest.as_of).days
        if age_days > self.max_age_days:
            return f"newest rate is from {latest.as_of.isoformat()}, {age_days} days old"
        if previous is None:
            return None
        try:
            before = previous.cross(currency, base)
        except MissingFxRateError:
            return None
        move = abs(FX_CONTEXT.divide(rate, before) - 1)
        if move > self.max_move:
            return (
                f"rate moved {FX_CONTEXT.multiply(move, 100).quantize(Decimal('0.01'))}% "
                f"from {before} ({previous.as_of.isoformat()}) "
                f"to {rate} ({latest.as_of.isoformat()})"
            )
        return None
