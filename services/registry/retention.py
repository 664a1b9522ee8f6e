"""Retention of the registry schema: read notifications, once old; never the audit log.

A deleted notification cannot come back: its source event is claimed in the
registry inbox, and the platform's inbox rule keeps that claim until the
event has left every Redis stream (see :mod:`taplatform.retention_platform`).
The rule is optional: it is skipped where the ``notifications`` table
(migration registry_0008) does not exist yet.
"""

from __future__ import annotations

from taplatform.retention import DeleteRule

RULES = (
    DeleteRule(
        name="notifications",
        table="notifications",
        condition="read_at IS NOT NULL AND read_at < :cutoff",
        period="notifications",
        optional=True,
    ),
)
# The audit log is append-only (the role cannot delete it either); identity and
# the universe are live configuration, not history.
PROTECTED_TABLES = frozenset(
    {
        "audit_events",
        "users",
        "portfolios",
        "instruments",
        "listings",
        "sleeves",
        "constituents",
        "api_tokens",
    }
)
