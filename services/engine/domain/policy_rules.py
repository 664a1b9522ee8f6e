"""Build a Policy from a document: schema first, then the rules a schema cannot say."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from services.engine.domain.numbers import HUNDRED, ZERO
from services.engine.domain.policy import (
    Cadence,
    DriftBand,
    FeeModel,
    Frequency,
    Friction,
    Policy,
    SellsPolicy,
    SleevePolicy,
    Tilt,
    TiltAdjustment,
    WaveLevel,
    WaveTrigger,
    WindDown,
)
from services.engine.domain.policy_document import (
    DocumentFormat,
    field_path,
    parse_policy_text,
    validate_policy_tree,
)
from taplatform.errors import FieldViolation, InvalidArgumentError


def load_policy(text: str, fmt: DocumentFormat) -> Policy:
    """Parse, validate and build a policy from YAML or JSON text."""
    return build_policy(parse_policy_text(text, fmt))


def build_policy(tree: Any) -> Policy:
    """Validate ``tree`` (schema, then cross-field rules) and build the Policy."""
    validate_policy_tree(tree)
    violations: list[FieldViolation] = []
    policy = _assemble(tree, violations)
    violations += _cross_checks(tree, policy)
    if violations:
        violations.sort(key=lambda v: (v.field, v.description))
        summary = "; ".join(f"{v.field}: {v.description}" for v in violations[:5])
        raise InvalidArgumentError(f"invalid policy: {summary}", violations)
    return policy


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def _opt_dec(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _date(value: str, path: tuple[str | int, ...], violations: list[FieldViolation]) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        violations.append(FieldViolation(field_path(path), "is not a calendar date"))
        return date.min


def _assemble(tree: dict[str, Any], violations: list[FieldViolation]) -> Policy:
    sleeves = [
        SleevePolicy(
            name=s["name"],
            target_weight_pct=_dec(s["target_weight_pct"]),
            band=DriftBand(
                _opt_dec(s["drift_band"].get("abs_pct")), _opt_dec(s["drift_band"].get("rel_pct"))
            ),
        )
        for s in tree["sleeves"]
    ]
    cadence, friction = tree["cadence"], tree["friction"]
    waves = [
        WaveTrigger(
            sleeve=w["sleeve"],
            reference_listing_id=w["reference_listing_id"],
            trailing_days=w["trailing_days"],
            levels=tuple(
                sorted(
                    (
                        WaveLevel(_dec(lv["drawdown_pct"]), _dec(lv["release_pct"]))
                        for lv in w["levels"]
                    ),
                    key=lambda lv: lv.drawdown_pct,
                )
            ),
            rearm_at_drawdown_pct=_dec(w["rearm_at_drawdown_pct"]),
        )
        for w in tree.get("wave_triggers", [])
    ]
    tilts, wind_downs = [], []
    for i, s in enumerate(tree.get("sunsets", [])):
        expires = _date(s["expires_on"], ("sunsets", i, "expires_on"), violations)
        if s["kind"] == "tilt":
            adjustments = sorted(
                (TiltAdjustment(a["sleeve"], _dec(a["delta_pct"])) for a in s["adjustments"]),
                key=lambda a: a.sleeve,
            )
            tilts.append(Tilt(s["id"], expires, tuple(adjustments)))
        else:
            wind_downs.append(WindDown(s["id"], expires, s["listing_id"]))
    return Policy(
        name=tree.get("name", ""),
        sleeves=tuple(sorted(sleeves, key=lambda s: s.name)),
        cadence=Cadence(
            Frequency(cadence["frequency"]), cadence["run_day"], _dec(cadence["contribution"])
        ),
        friction=Friction(
            min_trade_value=_dec(friction["min_trade_value"]),
            max_orders_per_run=friction["max_orders_per_run"],
            fees=FeeModel(
                _dec(friction["fees"]["fixed"]),
                _dec(friction["fees"]["bps"]),
                _dec(friction["fees"]["minimum"]),
            ),
            cash_buffer=_dec(friction["cash_buffer"]),
        ),
        sells=SellsPolicy(tree["sells"]),
        reserve_amount=_dec(tree.get("reserve", {}).get("amount", 0)),
        wave_triggers=tuple(sorted(waves, key=lambda w: w.sleeve)),
        tilts=tuple(sorted(tilts, key=lambda t: t.id)),
        wind_downs=tuple(sorted(wind_downs, key=lambda w: w.id)),
    )


def _duplicates(items: list[Any]) -> set[Any]:
    return {item for item, count in Counter(items).items() if count > 1}


def _cross_checks(tree: dict[str, Any], policy: Policy) -> list[FieldViolation]:
    out: list[FieldViolation] = []
    names = [s["name"] for s in tree["sleeves"]]
    for i in (i for i, n in enumerate(names) if n in _duplicates(names)):
        out.append(FieldViolation(f"sleeves[{i}].name", f"duplicate sleeve name {names[i]!r}"))
    total = sum((s.target_weight_pct for s in policy.sleeves), ZERO)
    if total != HUNDRED:
        out.append(
            FieldViolation("sleeves", f"target weights sum to {total}, must sum to exactly 100")
        )
    out += _wave_checks(tree, policy, set(names))
    out += _sunset_checks(tree, policy, set(names))
    return out


def _wave_checks(tree: dict[str, Any], policy: Policy, sleeves: set[str]) -> list[FieldViolation]:
    out: list[FieldViolation] = []
    waves = tree.get("wave_triggers", [])
    if waves and "reserve" not in tree:
        out.append(FieldViolation("reserve", "is required when wave_triggers are set"))
    wave_sleeves = [w["sleeve"] for w in waves]
    for i, w in enumerate(waves):
        if w["sleeve"] not in sleeves:
            out.append(
                FieldViolation(f"wave_triggers[{i}].sleeve", f"no sleeve named {w['sleeve']!r}")
            )
        elif w["sleeve"] in _duplicates(wave_sleeves):
            out.append(FieldViolation(f"wave_triggers[{i}].sleeve", "one wave trigger per sleeve"))
        levels = [_dec(lv["drawdown_pct"]) for lv in w["levels"]]
        for j in (j for j, d in enumerate(levels) if d in _duplicates(levels)):
            out.append(
                FieldViolation(f"wave_triggers[{i}].levels[{j}].drawdown_pct", "duplicate level")
            )
        if _dec(w["rearm_at_drawdown_pct"]) >= min(levels):
            out.append(
                FieldViolation(
                    f"wave_triggers[{i}].rearm_at_drawdown_pct",
                    f"must be < the smallest level ({min(levels)})",
                )
            )
    if policy.total_release_pct() > HUNDRED:
        out.append(
            FieldViolation(
                "wave_triggers", "release_pct over all levels must total ≤ 100 (the reserve)"
            )
        )
    return out


def _sunset_checks(tree: dict[str, Any], policy: Policy, sleeves: set[str]) -> list[FieldViolation]:
    out: list[FieldViolation] = []
    sunsets = tree.get("sunsets", [])
    ids = [s["id"] for s in sunsets]
    listings = [s["listing_id"] for s in sunsets if s["kind"] == "wind_down"]
    for i, s in enumerate(sunsets):
        if s["id"] in _duplicates(ids):
            out.append(FieldViolation(f"sunsets[{i}].id", f"duplicate sunset id {s['id']!r}"))
        if s["kind"] == "wind_down":
            if s["listing_id"] in _duplicates(listings):
                out.append(
                    FieldViolation(
                        f"sunsets[{i}].listing_id", "already wound down by another sunset"
                    )
                )
            continue
        adj_sleeves = [a["sleeve"] for a in s["adjustments"]]
        for j, a in enumerate(s["adjustments"]):
            where = f"sunsets[{i}].adjustments[{j}].sleeve"
            if a["sleeve"] not in sleeves:
                out.append(FieldViolation(where, f"no sleeve named {a['sleeve']!r}"))
            elif a["sleeve"] in _duplicates(adj_sleeves):
                out.append(FieldViolation(where, "adjusted twice in one tilt"))
        delta_sum = sum((_dec(a["delta_pct"]) for a in s["adjustments"]), ZERO)
        if delta_sum != ZERO:
            out.append(
                FieldViolation(
                    f"sunsets[{i}].adjustments", f"deltas sum to {delta_sum}, must sum to 0"
                )
            )
    for sleeve in policy.sleeves:
        # Overlapping tilts may all be active at once: the combined target must stay in range.
        tilted = sleeve.target_weight_pct + sum(
            (a.delta_pct for t in policy.tilts for a in t.adjustments if a.sleeve == sleeve.name),
            ZERO,
        )
        if not ZERO <= tilted <= HUNDRED:
            out.append(
                FieldViolation(
                    "sunsets", f"tilts take sleeve {sleeve.name!r} to {tilted}%, outside 0..100"
                )
            )
    return out
