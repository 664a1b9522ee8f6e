"""Effective rule settings: defaults, portfolio and listing overrides resolved per setting.

The precedence (listing over the strictest portfolio over the default) is
explained in :mod:`services.marketdata.domain.rule_settings`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.marketdata.domain.rule_settings import (
    PARAMETER_SPECS,
    POLICY_SETTINGS,
    Overrides,
    apply_values,
    default_values,
    specs_of,
)
from services.marketdata.domain.rules import Rule

RULE_DESCRIPTIONS = {
    "stale": "no new price for too long, counted on the exchange calendar",
    "missing": "sessions without an EOD price inside the series",
    "jump": "a price moved more than the threshold from the previous one",
    "scale_mismatch": "a price in another unit or about 100x off (GBX vs GBP)",
    "fx_mismatch": "no fresh, steady ECB rate to a portfolio's base currency",
    "market_closed": "a price stamped while the exchange was shut",
}


class Source(enum.StrEnum):
    DEFAULT = "default"
    PORTFOLIO = "portfolio"
    LISTING = "listing"


@dataclass(frozen=True)
class EffectiveSetting:
    """A setting's value in force, its code default, and where the value comes from.

    ``source_id`` is the portfolio or listing id whose override won ("" for
    the default).
    """

    name: str
    value: str
    default: str
    source: Source
    source_id: str
    description: str


@dataclass(frozen=True)
class EffectiveRule:
    """One rule's settings in force: the policy flags, then its parameters."""

    rule: str
    description: str
    policy: tuple[EffectiveSetting, ...]
    parameters: tuple[EffectiveSetting, ...]

    def values(self) -> dict[str, str]:
        """Every setting's value, by name."""
        return {s.name: s.value for s in (*self.policy, *self.parameters)}


def _resolve_setting(
    rule: str,
    name: str,
    default: str,
    listing: tuple[str, Overrides] | None,
    portfolios: Sequence[tuple[str, Overrides]],
) -> EffectiveSetting:
    spec = specs_of(rule)[name]
    if listing is not None and name in listing[1].get(rule, {}):
        value, source, source_id = listing[1][rule][name], Source.LISTING, listing[0]
    else:
        value, source, source_id = default, Source.DEFAULT, ""
        best = None
        for portfolio_id, overrides in sorted(portfolios, key=lambda p: p[0]):
            candidate = overrides.get(rule, {}).get(name)
            if candidate is not None and (best is None or spec.rank(candidate) > best):
                best = spec.rank(candidate)
                value, source, source_id = candidate, Source.PORTFOLIO, portfolio_id
    return EffectiveSetting(name, value, default, source, source_id, spec.description)


def resolve_rule(
    rule: Rule,
    listing: tuple[str, Overrides] | None = None,
    portfolios: Sequence[tuple[str, Overrides]] = (),
) -> EffectiveRule:
    """``rule``'s effective settings given a listing's and portfolios' overrides (id, overrides)."""
    defaults = default_values(rule)
    settings = {
        name: _resolve_setting(rule.name, name, default, listing, portfolios)
        for name, default in defaults.items()
    }
    parameter_names = PARAMETER_SPECS.get(rule.name, {})
    return EffectiveRule(
        rule.name,
        RULE_DESCRIPTIONS.get(rule.name, ""),
        tuple(settings[n] for n in POLICY_SETTINGS),
        tuple(settings[n] for n in parameter_names if n in settings),
    )


def resolve_rules(
    rules: Sequence[Rule],
    listing: tuple[str, Overrides] | None = None,
    portfolios: Sequence[tuple[str, Overrides]] = (),
) -> tuple[EffectiveRule, ...]:
    """Every rule's effective settings, in the rules' order."""
    return tuple(resolve_rule(rule, listing, portfolios) for rule in rules)


def rules_in_force(
    rules: Sequence[Rule],
    listing: tuple[str, Overrides] | None = None,
    portfolios: Sequence[tuple[str, Overrides]] = (),
) -> tuple[Rule, ...]:
    """The rules an evaluation runs: overrides applied, disabled rules left out."""
    built = []
    for rule in rules:
        applied = apply_values(rule, resolve_rule(rule, listing, portfolios).values())
        if applied is not None:
            built.append(applied)
    return tuple(built)


def by_scope_id(stored: Mapping[str, Overrides], ids: Sequence[str]) -> list[tuple[str, Overrides]]:
    """``(id, overrides)`` for the ids that have stored overrides, in id order."""
    return [(i, stored[i]) for i in sorted(set(ids)) if i in stored]
