"""Policy documents: exact YAML/JSON parsing, schema messages with paths, canonical hash."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from services.engine.domain.policy_document import SCHEMA_PATH, policy_schema
from services.engine.domain.policy_rules import build_policy, load_policy
from taplatform.errors import InvalidArgumentError
from tests.engine.builders import policy_tree

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy.md"

YAML = """
schema_version: 1
name: Core 60/40
sleeves:
  - name: equities
    target_weight_pct: 60
    drift_band: {abs_pct: 5, rel_pct: 25}
  - name: bonds
    target_weight_pct: 40.0
    drift_band: {abs_pct: "5"}
cadence: {frequency: quarterly, run_day: 3, contribution: 1500.10}
friction:
  min_trade_value: 100
  max_orders_per_run: 4
  fees: {fixed: 1.50, bps: 10, minimum: 0}
  cash_buffer: 50
sells: when_outside_band
sunsets:
  - {id: tilt, kind: tilt, expires_on: 2025-12-31,
     adjustments: [{sleeve: equities, delta_pct: 5}, {sleeve: bonds, delta_pct: -5}]}
"""


def violations(tree_or_text: object, fmt: str = "yaml") -> dict[str, str]:
    with pytest.raises(InvalidArgumentError) as caught:
        if isinstance(tree_or_text, str):
            load_policy(tree_or_text, fmt)  # type: ignore[arg-type]
        else:
            build_policy(tree_or_text)
    return {v.field: v.description for v in caught.value.violations}


def test_yaml_numbers_become_exact_decimals_and_dates_stay_dates() -> None:
    pol = load_policy(YAML, "yaml")
    assert pol.cadence.contribution == Decimal("1500.10")
    assert pol.friction.fees.fixed == Decimal("1.50")
    assert pol.tilts[0].expires_on.isoformat() == "2025-12-31"
    assert "1500.1" in pol.canonical_json()


def test_the_same_policy_in_json_with_strings_has_the_same_hash() -> None:
    from_yaml = load_policy(YAML, "yaml")
    as_json = json.dumps(from_yaml.canonical_tree())
    assert load_policy(as_json, "json").hash == from_yaml.hash


def test_sleeve_order_and_number_spelling_do_not_change_the_hash() -> None:
    tree = policy_tree()
    reordered = policy_tree(sleeves=list(reversed(tree["sleeves"])))
    reordered["sleeves"][0]["target_weight_pct"] = "40.00"
    assert build_policy(tree).hash == build_policy(reordered).hash


def test_a_changed_value_changes_the_hash() -> None:
    changed = policy_tree()
    changed["friction"]["cash_buffer"] = "51"
    assert build_policy(changed).hash != build_policy(policy_tree()).hash


def test_the_canonical_form_is_valid_against_the_published_schema_and_round_trips() -> None:
    pol = load_policy(YAML, "yaml")
    tree = pol.canonical_tree()
    Draft202012Validator(policy_schema()).validate(tree)
    assert build_policy(tree) == pol


def test_the_published_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


def test_an_out_of_range_weight_is_named_by_its_path() -> None:
    tree = policy_tree()
    tree["sleeves"][1]["target_weight_pct"] = "140"
    assert violations(tree) == {"sleeves[1].target_weight_pct": "must be ≤ 100"}


def test_every_schema_violation_is_reported_with_its_path() -> None:
    tree = policy_tree()
    tree["cadence"]["frequency"] = "weekly"
    tree["cadence"]["bogus"] = 1
    del tree["friction"]["cash_buffer"]
    tree["sleeves"][0]["drift_band"] = {}
    tree["friction"]["max_orders_per_run"] = "5"
    assert violations(tree) == {
        "cadence.frequency": "must be one of: monthly, quarterly",
        "cadence.bogus": "is not a known field",
        "friction.cash_buffer": "is required",
        "friction.max_orders_per_run": "must be a whole number",
        "sleeves[0].drift_band": "must set at least one of: abs_pct, rel_pct",
    }


def test_a_non_decimal_string_is_refused() -> None:
    tree = policy_tree()
    tree["friction"]["min_trade_value"] = "1e3"
    assert violations(tree) == {
        "friction.min_trade_value": 'must be a decimal number such as "12.5"'
    }


def test_targets_must_sum_to_exactly_100() -> None:
    tree = policy_tree()
    tree["sleeves"][1]["target_weight_pct"] = "39.99"
    assert violations(tree) == {"sleeves": "target weights sum to 99.99, must sum to exactly 100"}


def test_cross_field_rules_name_their_fields() -> None:
    tree = policy_tree(
        wave_triggers=[
            {
                "sleeve": "gold",
                "reference_listing_id": "x",
                "trailing_days": 30,
                "levels": [
                    {"drawdown_pct": "10", "release_pct": "60"},
                    {"drawdown_pct": "10", "release_pct": "60"},
                ],
                "rearm_at_drawdown_pct": "10",
            }
        ],
        sunsets=[
            {
                "id": "t",
                "kind": "tilt",
                "expires_on": "2025-02-30",
                "adjustments": [
                    {"sleeve": "equities", "delta_pct": "5"},
                    {"sleeve": "bonds", "delta_pct": "-4"},
                ],
            },
        ],
    )
    assert violations(tree) == {
        "reserve": "is required when wave_triggers are set",
        "wave_triggers[0].sleeve": "no sleeve named 'gold'",
        "wave_triggers[0].levels[0].drawdown_pct": "duplicate level",
        "wave_triggers[0].levels[1].drawdown_pct": "duplicate level",
        "wave_triggers[0].rearm_at_drawdown_pct": "must be < the smallest level (10)",
        "wave_triggers": "release_pct over all levels must total ≤ 100 (the reserve)",
        "sunsets[0].expires_on": "is not a calendar date",
        "sunsets[0].adjustments": "deltas sum to 1, must sum to 0",
    }


def test_a_wind_down_with_tilt_fields_is_refused() -> None:
    tree = policy_tree(
        sunsets=[{"id": "w", "kind": "wind_down", "expires_on": "2025-01-01", "adjustments": []}]
    )
    assert violations(tree) == {
        "sunsets[0].listing_id": "is required",
        "sunsets[0].adjustments": "is not a known field",
    }


def test_malformed_yaml_names_the_line() -> None:
    assert set(violations("sleeves: [\n  - a\n")) == {"document"}
    assert violations("sleeves: [\n  - a\n")["document"].startswith("line 2, column 3:")
    assert violations('{"sleeves": [}', "json")["document"].startswith("line 1, column 14:")


def test_duplicate_yaml_keys_are_refused() -> None:
    found = violations("schema_version: 1\nsells: never\nsells: when_outside_band\n")
    assert "duplicate key 'sells'" in found["document"]


def test_infinite_and_nan_numbers_are_refused() -> None:
    assert "not a finite number" in violations("schema_version: 1\nsells: .inf\n")["document"]
    assert "NaN is not a number" in violations('{"schema_version": NaN}', "json")["document"]


def test_the_documented_example_is_a_valid_policy() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    pol = load_policy(example, "yaml")
    assert pol.hash in text  # the document quotes the example's hash
