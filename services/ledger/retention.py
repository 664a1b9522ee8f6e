"""Retention of the ledger schema: nothing but the platform tables (outbox, inbox, keys).

The ledger is the book of record: batches and entries are append-only (the
role has no DELETE on them) and the snapshots are derived from all of them.
"""

from __future__ import annotations

from taplatform.retention import Rule

RULES: tuple[Rule, ...] = ()
PROTECTED_TABLES = frozenset(
    {"accounts", "batches", "entries", "holding_snapshots", "cash_snapshots"}
)
