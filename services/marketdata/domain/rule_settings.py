"""Stored settings of the data-quality rules: what each setting may be, and which value wins.

Overrides are stored per listing and per portfolio as ``{rule: {setting: value}}``
with values as canonical strings. A setting is a rule parameter
(``threshold``) or a policy flag (``enabled``, ``severity``, ``freeze``,
``auto_resolve``, ``auto_unfreeze``); an absent setting inherits.

Which value a listing's evaluation uses, per setting:

1. the listing's own override, if any (the listing's data is what the rule
   reads, so whoever tuned it for that listing knows best); else
2. the *strictest* override among the portfolios holding or targeting the
   listing (one alert per rule and listing serves them all, so the portfolio
   asking for the closest watch gets it); else
3. the rule's code default.

"Strictest" is per setting: a lower jump threshold, a higher severity,
``freeze`` on, ``auto_resolve`` off, ``enabled`` on. Ties keep the first
portfolio by id, so the answer is stable.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from services.marketdata.domain.rules import Rule, RulePolicy, Severity
from taplatform.errors import FieldViolation, InvalidArgumentError

Overrides = Mapping[str, Mapping[str, str]]
SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}
POLICY_SETTINGS = ("enabled", "severity", "freeze", "auto_resolve", "auto_unfreeze")


class Scope(enum.StrEnum):
    LISTING = "listing"
    PORTFOLIO = "portfolio"


class Kind(enum.Enum):
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    SEVERITY = "severity"


@dataclass(frozen=True)
class SettingSpec:
    """One setting's type, bounds and direction of strictness.

    ``stricter_high``: a higher value watches more closely (a longer lookback,
    ``True`` for ``freeze``); otherwise a lower one does (a smaller threshold).
    """

    kind: Kind
    description: str
    stricter_high: bool
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    exclusive_minimum: bool = False

    def parse(self, raw: str) -> tuple[str | None, str | None]:
        """(canonical value, None) or (None, what is wrong)."""
        text = raw.strip().lower()
        if self.kind is Kind.BOOL:
            return (text, None) if text in ("true", "false") else (None, "must be true or false")
        if self.kind is Kind.SEVERITY:
            names = [s.value for s in Severity]
            if text in names:
                return text, None
            return None, f"must be one of {', '.join(names)}"
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            return None, "must be a number"
        if self.kind is Kind.INT and number != number.to_integral_value():
            return None, "must be a whole number"
        problem = self._bounds(number)
        if problem:
            return None, problem
        value = str(int(number)) if self.kind is Kind.INT else format(number.normalize(), "f")
        return value, None

    def _bounds(self, number: Decimal) -> str | None:
        low, high = self.minimum, self.maximum
        if low is not None and self.exclusive_minimum and number <= low:
            return f"must be > {low}"
        if low is not None and number < low:
            return f"must be >= {low}"
        if high is not None and number > high:
            return f"must be <= {high}"
        return None

    def rank(self, value: str) -> Decimal:
        """A number that orders values of this setting by strictness (higher = stricter)."""
        if self.kind is Kind.BOOL:
            number = Decimal(value == "true")
        elif self.kind is Kind.SEVERITY:
            number = Decimal(SEVERITY_ORDER[Severity(value)])
        else:
            number = Decimal(value)
        return number if self.stricter_high else -number


def _int(low: int, high: int, description: str, stricter_high: bool) -> SettingSpec:
    return SettingSpec(Kind.INT, description, stricter_high, Decimal(low), Decimal(high))


def _fraction(high: str, description: str, stricter_high: bool) -> SettingSpec:
    return SettingSpec(
        Kind.DECIMAL, description, stricter_high, Decimal(0), Decimal(high), exclusive_minimum=True
    )


POLICY_SPECS: Mapping[str, SettingSpec] = {
    "enabled": SettingSpec(Kind.BOOL, "the rule runs at all", True),
    "severity": SettingSpec(Kind.SEVERITY, "severity of the alerts it raises", True),
    "freeze": SettingSpec(Kind.BOOL, "an alert freezes advice for linked portfolios", True),
    "auto_resolve": SettingSpec(Kind.BOOL, "a clean evaluation resolves the alert", False),
    "auto_unfreeze": SettingSpec(Kind.BOOL, "resolving the alert lifts its freeze", False),
}

PARAMETER_SPECS: Mapping[str, Mapping[str, SettingSpec]] = {
    "stale": {
        "max_sessions": _int(0, 30, "completed sessions without an EOD price allowed", False),
        "max_minutes": _int(1, 1440, "trading minutes without an intraday price allowed", False),
    },
    "missing": {
        "lookback_sessions": _int(2, 260, "sessions searched for holes in the EOD series", True),
    },
    "jump": {
        "threshold": _fraction("10", "largest move allowed, as a fraction (0.2 = 20%)", False),
        "flip_tolerance": _fraction("0.99", "how near x100 a move counts as a unit flip", False),
    },
    "scale_mismatch": {
        "window": _int(1, 50, "recent prices whose median is the reference level", True),
        "flip_tolerance": _fraction("0.99", "how near x100 a move counts as a unit flip", True),
    },
    "fx_mismatch": {
        "max_age_days": _int(0, 30, "calendar days an ECB rate may be old", False),
        "max_move": _fraction("1", "largest day-on-day move of a cross rate (0.05 = 5%)", False),
    },
    "market_closed": {},
}


def specs_of(rule: str) -> Mapping[str, SettingSpec]:
    """Every setting of ``rule``: its policy flags, then its parameters."""
    return {**POLICY_SPECS, **PARAMETER_SPECS[rule]}


@dataclass(frozen=True)
class StoredRuleSettings:
    """One version of a scope's overrides, and who stored it when (version 0: never stored)."""

    scope: Scope
    scope_id: str
    version: int
    overrides: Overrides
    changed_by: str | None = None
    changed_at: datetime | None = None

    def to_audit(self) -> dict[str, Any]:
        """Canonical-JSON-able view for events (before/after)."""
        return {
            "scope": self.scope.value,
            "scope_id": self.scope_id,
            "version": self.version,
            "rules": {rule: dict(values) for rule, values in sorted(self.overrides.items())},
        }


def parse_overrides(raw: Mapping[str, Mapping[str, str]], path: str = "rules") -> Overrides:
    """Validated, canonical overrides; every bad setting is named (``rules.jump.threshold``).

    Raises one InvalidArgumentError listing all violations, so a form shows
    every bad field at once. An empty mapping for a rule is dropped.
    """
    violations: list[FieldViolation] = []
    clean: dict[str, dict[str, str]] = {}
    for rule in sorted(raw):
        if rule not in PARAMETER_SPECS:
            known = ", ".join(PARAMETER_SPECS)
            violations.append(FieldViolation(f"{path}.{rule}", f"unknown rule (known: {known})"))
            continue
        specs = specs_of(rule)
        for name in sorted(raw[rule]):
            field = f"{path}.{rule}.{name}"
            spec = specs.get(name)
            if spec is None:
                known = ", ".join(specs)
                violations.append(FieldViolation(field, f"unknown setting (known: {known})"))
                continue
            value, problem = spec.parse(raw[rule][name])
            if problem or value is None:
                violations.append(FieldViolation(field, problem or "invalid"))
            else:
                clean.setdefault(rule, {})[name] = value
    if violations:
        raise InvalidArgumentError.for_fields(violations)
    return clean


def default_values(rule: Rule) -> dict[str, str]:
    """The code defaults of every setting of ``rule``, as canonical strings."""
    policy = rule.policy
    values = {
        "enabled": "true",
        "severity": policy.severity.value,
        "freeze": _bool(policy.freeze),
        "auto_resolve": _bool(policy.auto_resolve),
        "auto_unfreeze": _bool(policy.auto_unfreeze),
    }
    specs = PARAMETER_SPECS.get(rule.name, {})
    for name, raw in rule.parameters().items():
        parsed = specs[name].parse(raw)[0] if name in specs else None
        if parsed is not None:  # e.g. ``max_minutes=None`` (check off) has no setting
            values[name] = parsed
    return values


def apply_values(rule: Rule, values: Mapping[str, str]) -> Rule | None:
    """``rule`` with ``values`` (canonical, complete) in force; None when disabled.

    Rules are frozen dataclasses whose fields are named like their parameters,
    so the override is a ``dataclasses.replace``.
    """
    if values["enabled"] != "true":
        return None
    policy = RulePolicy(
        Severity(values["severity"]),
        freeze=values["freeze"] == "true",
        auto_resolve=values["auto_resolve"] == "true",
        auto_unfreeze=values["auto_unfreeze"] == "true",
    )
    changes: dict[str, Any] = {"policy": policy}
    for name, spec in PARAMETER_SPECS.get(rule.name, {}).items():
        text = values.get(name)
        if text is not None:
            changes[name] = int(text) if spec.kind is Kind.INT else Decimal(text)
    updated: Rule = replace(rule, **changes)  # type: ignore[type-var]
    return updated


def _bool(value: bool) -> str:
    return "true" if value else "false"


def check_scope_id(scope_id: str, field: str) -> str:
    """``scope_id`` stripped; INVALID_ARGUMENT naming ``field`` when empty."""
    if not scope_id.strip():
        raise InvalidArgumentError.for_field(field, "is required")
    return scope_id.strip()
