"""The set of rules in force, with per-listing overrides, and evaluating them on a series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.marketdata.domain.calendars import CalendarRangeError
from services.marketdata.domain.rules.base import Finding, Rule, SeriesContext
from services.marketdata.domain.rules.calendar_rules import MarketClosedRule, MissingRule, StaleRule
from services.marketdata.domain.rules.fx import FxMismatchRule
from services.marketdata.domain.rules.moves import JumpRule, ScaleMismatchRule


def default_rules() -> tuple[Rule, ...]:
    """Every rule with its default parameters and policy, in a stable order."""
    return (
        StaleRule(),
        MissingRule(),
        JumpRule(),
        ScaleMismatchRule(),
        FxMismatchRule(),
        MarketClosedRule(),
    )


@dataclass(frozen=True)
class RuleBook:
    """The default rules, and replacements per listing (same name, other parameters)."""

    rules: tuple[Rule, ...] = field(default_factory=default_rules)
    overrides: Mapping[str, Sequence[Rule]] = field(default_factory=dict)

    def rules_for(self, listing_id: str) -> tuple[Rule, ...]:
        """The rules that apply to ``listing_id``: defaults with its overrides swapped in."""
        replaced = {rule.name: rule for rule in self.overrides.get(listing_id, ())}
        return tuple(replaced.get(rule.name, rule) for rule in self.rules)

    def rule(self, listing_id: str, name: str) -> Rule:
        for rule in self.rules_for(listing_id):
            if rule.name == name:
                return rule
        raise KeyError(name)


@dataclass(frozen=True)
class Evaluation:
    """The outcome on one listing: findings, and the rules that found nothing."""

    listing_id: str
    findings: tuple[Finding, ...]
    passed: tuple[str, ...]


def evaluate(context: SeriesContext, rules: Sequence[Rule]) -> Evaluation:
    """Run every rule on ``context``, in the rules' order.

    A rule that cannot be evaluated because the calendar has no data for the
    dates involved reports that as its finding: unknown is not clean.
    """
    findings: list[Finding] = []
    passed: list[str] = []
    for rule in rules:
        try:
            finding = rule.evaluate(context)
        except CalendarRangeError as error:
            finding = Finding(
                rule.name,
                context.listing.listing_id,
                rule.policy.severity,
                f"cannot check: {error.message}",
                {"calendar": context.calendar.name},
            )
        if finding is None:
            passed.append(rule.name)
        else:
            findings.append(finding)
    return Evaluation(context.listing.listing_id, tuple(findings), tuple(passed))
