"""Retention of the engine schema: nothing but the platform tables (outbox, inbox, keys).

Policies, approvals, run input snapshots and recommendations are append-only
(the role has no DELETE on them). Runs are kept too, BLOCKED ones included:
each names a snapshot, and a snapshot may be shared by runs with and without
advice (it is keyed by its hash), so no run or snapshot is provably unreferenced.
"""

from __future__ import annotations

from taplatform.retention import Rule

RULES: tuple[Rule, ...] = ()
PROTECTED_TABLES = frozenset(
    {"policy_versions", "policy_approvals", "snapshots", "runs", "recommendations"}
)
