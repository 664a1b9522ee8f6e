"""Field-by-field differences between two policies' canonical trees, for review before approval."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from taplatform.canonical import canonical_json

# Lists of mappings are matched by the first of these keys they all have, so a
# reordered or inserted sleeve shows as itself rather than as shifted indexes.
_LIST_KEYS = ("name", "id", "sleeve", "drawdown_pct")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class PolicyChange:
    """One difference; values are canonical JSON text, ``None`` when absent."""

    path: str
    kind: ChangeKind
    before: str | None
    after: str | None


def diff_policies(before: dict[str, Any], after: dict[str, Any]) -> list[PolicyChange]:
    """Changes from ``before`` to ``after`` (canonical trees), sorted by path."""
    changes: list[PolicyChange] = []
    _diff(before, after, "", changes)
    return sorted(changes, key=lambda c: c.path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list_key(before: list[Any], after: list[Any]) -> str | None:
    """The key every item of both lists has, unique within each list; None if there is none."""
    items = before + after
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in _LIST_KEYS:
        if all(_unique(side, key) for side in (before, after)):
            return key
    return None


def _unique(items: list[dict[str, Any]], key: str) -> bool:
    values = [item.get(key) for item in items]
    return None not in values and len(set(map(str, values))) == len(values)


def _diff(before: Any, after: Any, path: str, out: list[PolicyChange]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        _diff_items(before, after, lambda key: _join(path, key), out)
        return
    if isinstance(before, list) and isinstance(after, list):
        key = _list_key(before, after)
        if key is not None:
            old = {str(item[key]): item for item in before}
            new = {str(item[key]): item for item in after}
            _diff_items(old, new, lambda k: f"{path}[{k}]", out)
            return
        if len(before) == len(after):
            for index, (a, b) in enumerate(zip(before, after, strict=True)):
                _diff(a, b, f"{path}[{index}]", out)
            return
    if before != after:
        out.append(PolicyChange(path or "policy", ChangeKind.CHANGED, _text(before), _text(after)))


def _diff_items(
    before: dict[str, Any],
    after: dict[str, Any],
    child_path: Callable[[str], str],
    out: list[PolicyChange],
) -> None:
    for key in sorted(set(before) | set(after)):
        child = child_path(str(key))
        if key not in after:
            out.append(PolicyChange(child, ChangeKind.REMOVED, _text(before[key]), None))
        elif key not in before:
            out.append(PolicyChange(child, ChangeKind.ADDED, None, _text(after[key])))
        else:
            _diff(before[key], after[key], child, out)


def _text(value: Any) -> str:
    return canonical_json(value)
