"""Policy documents as text: parse YAML or JSON without floats and validate against the schema.

Numbers never pass through float: YAML and JSON non-integers load as
``Decimal`` from their exact text, YAML dates stay strings, duplicate keys are
refused. Schema errors become :class:`FieldViolation` s whose paths read like
``sleeves[1].target_weight_pct``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators

from taplatform.errors import FieldViolation, InvalidArgumentError

SCHEMA_PATH = Path(__file__).with_name("policy.schema.json")
DocumentFormat = Literal["yaml", "json"]


def policy_schema() -> dict[str, Any]:
    """The published JSON Schema of policy documents."""
    return dict(_schema())


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def parse_policy_text(text: str, fmt: DocumentFormat) -> Any:
    """Parse a policy document; malformed text raises InvalidArgumentError naming the line."""
    try:
        if fmt == "json":
            return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
        return yaml.load(text, Loader=_DecimalLoader)
    except json.JSONDecodeError as exc:
        raise InvalidArgumentError.for_field(
            "document", f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InvalidArgumentError.for_field("document", f"{where}{exc.problem}") from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise InvalidArgumentError.for_field("document", str(exc)) from exc


def validate_policy_tree(tree: Any) -> None:
    """Check ``tree`` against the schema; every violation is reported, sorted by path."""
    violations = sorted(
        set(_non_finite(tree, ()))
        | {v for e in _validator().iter_errors(tree) for v in _explain(e)},
        key=lambda v: (v.field, v.description),
    )
    if violations:
        summary = "; ".join(f"{v.field}: {v.description}" for v in violations[:5])
        raise InvalidArgumentError(f"invalid policy: {summary}", violations)


def field_path(parts: Iterable[str | int]) -> str:
    """``("sleeves", 1, "name")`` → ``sleeves[1].name``; the root is ``policy``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "policy"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a policy can hold")


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader with exact decimals, dates kept as text and duplicate keys refused."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node))
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation as exc:  # .inf / .nan spellings
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a finite number", node.start_mark
        ) from exc


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_DecimalLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _non_finite(tree: Any, path: tuple[str | int, ...]) -> Iterator[FieldViolation]:
    if isinstance(tree, Decimal) and not tree.is_finite():
        yield FieldViolation(field_path(path), "must be a finite number")
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield from _non_finite(value, (*path, str(key)))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _non_finite(value, (*path, index))


def _as_decimal(instance: Any) -> Decimal | None:
    if isinstance(instance, bool):
        return None
    if isinstance(instance, int | Decimal):
        return Decimal(instance)
    if isinstance(instance, str):
        try:
            value = Decimal(instance)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


def _bound(keyword: str, fails: Any) -> Any:
    """A range keyword that also applies to decimal strings, the canonical form's spelling."""

    def check(validator: Any, limit: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        value = _as_decimal(instance)
        if value is not None and fails(value, Decimal(limit)):
            yield ValidationError(f"{keyword} {limit}")

    return check


_Validator = validators.extend(
    Draft202012Validator,
    validators={
        "minimum": _bound("minimum", lambda v, lim: v < lim),
        "maximum": _bound("maximum", lambda v, lim: v > lim),
        "exclusiveMinimum": _bound("exclusiveMinimum", lambda v, lim: v <= lim),
        "exclusiveMaximum": _bound("exclusiveMaximum", lambda v, lim: v >= lim),
    },
)


@cache
def _validator() -> Any:
    return _Validator(_schema())


_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
}
_BOUND_WORDS = {
    "minimum": "≥",
    "maximum": "≤",
    "exclusiveMinimum": ">",
    "exclusiveMaximum": "<",
}


def _explain(error: ValidationError) -> Iterator[FieldViolation]:
    path = tuple(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield FieldViolation(field_path((*path, name)), "is required")
    elif kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        for name in sorted(set(instance) - known):
            yield FieldViolation(field_path((*path, str(name))), "is not a known field")
    else:
        yield FieldViolation(field_path(path), _describe(error))


def _describe(error: ValidationError) -> str:
    kind, value = error.validator, error.validator_value
    if kind in _BOUND_WORDS:
        return f"must be {_BOUND_WORDS[str(kind)]} {value}"
    if kind == "type":
        if isinstance(value, list) and set(value) == {"string", "number"}:
            return 'must be a decimal number such as "12.5"'
        return f"must be {_TYPE_WORDS.get(str(value), str(value))}"
    if kind == "pattern":
        if "[0-9]{4}" in str(value):
            return "must be a date written YYYY-MM-DD"
        return 'must be a decimal number such as "12.5"'
    if kind == "enum":
        return "must be one of: " + ", ".join(str(v) for v in value)
    if kind == "const":
        return f"must be {value}"
    if kind == "minItems":
        return f"must have at least {value} item{'s' if value != 1 else ''}"
    if kind == "maxItems":
        return f"must have at most {value} items"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"must be at least {value} characters"
    if kind == "maxLength":
        return f"must be at most {value} characters"
    if kind == "minProperties":
        names = ", ".join(sorted(error.schema.get("properties", {})))
        return f"must set at least one of: {names}"
    return str(error.message)
