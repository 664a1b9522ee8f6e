"""TigerBeetle-style identity of batches and entries: same id and content is ``exists``.

The content of an entry is what the client gave (after defaults), never what
the ledger derived, so a resubmit compares like with like. A batch's content
is its portfolio and its entries in order. A difference is named by its path
(``entries[1].amount``) and reported as ``EXISTS_WITH_DIFFERENT_AMOUNT``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from services.ledger.domain.model import Entry
from taplatform.canonical import canonical_json, sha256_hex
from taplatform.errors import AlreadyExistsError


def entry_content(entry: Entry) -> dict[str, Any]:
    """The canonical, JSON-able content of an entry (Decimals normalised, dates ISO)."""
    raw: dict[str, Any] = {
        "entry_id": str(entry.entry_id),
        "kind": entry.kind.value,
        "entry_date": entry.entry_date.isoformat(),
        "amount": entry.amount,
        "currency": entry.currency,
        "listing_id": entry.listing_id,
        "quantity": entry.quantity,
        "price": entry.price,
        "price_currency": entry.price_currency,
        "fx_rate": entry.fx_rate,
        "fees": entry.fees,
        "settlement_date": entry.settlement_date.isoformat() if entry.settlement_date else None,
        "split_ratio": entry.split_ratio,
        "reverses_entry_id": str(entry.reverses_entry_id) if entry.reverses_entry_id else None,
        "memo": entry.memo,
    }
    parsed: dict[str, Any] = json.loads(canonical_json(raw))
    return parsed


def batch_content(portfolio_id: str, entries: Sequence[Entry]) -> dict[str, Any]:
    """The canonical content of a batch."""
    return {"portfolio_id": portfolio_id, "entries": [entry_content(e) for e in entries]}


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical content (stored with the batch for a quick comparison)."""
    return sha256_hex(content)


def differing_paths(first: Any, second: Any, path: str = "") -> list[str]:
    """Paths where two JSON-like values differ, in a stable order."""
    if isinstance(first, dict) and isinstance(second, dict):
        found: list[str] = []
        for name in sorted(set(first) | set(second)):
            child = f"{path}.{name}" if path else name
            found += differing_paths(first.get(name), second.get(name), child)
        return found
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        found = []
        for index, (a, b) in enumerate(zip(first, second, strict=True)):
            found += differing_paths(a, b, f"{path}[{index}]")
        return found
    return [] if first == second else [path or "content"]


def exists_with_difference(
    what: str, stored: dict[str, Any], given: dict[str, Any]
) -> AlreadyExistsError | None:
    """None when ``given`` equals ``stored``; else the refusal naming the first difference.

    ``what`` names the id, e.g. ``batch 1f0c…`` or ``entry 9ab2…``.
    """
    paths = differing_paths(stored, given)
    if not paths:
        return None
    leaf = paths[0].rsplit(".", 1)[-1].split("[", 1)[0]
    return AlreadyExistsError(
        f"{what} already exists with a different " + ", ".join(paths),
        reason=f"EXISTS_WITH_DIFFERENT_{leaf.upper()}",
        metadata={"fields": ",".join(paths)},
    )
