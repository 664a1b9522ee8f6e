"""Retention of the oms schema: nothing but the platform tables (outbox, inbox, keys).

Orders, their events, fills and bookings are the book of record of what was
sent to a broker (order events and fills are append-only for the role); the
dead-letter queue is the record of what failed and how it was resolved.
"""

from __future__ import annotations

from taplatform.retention import Rule

RULES: tuple[Rule, ...] = ()
PROTECTED_TABLES = frozenset(
    {"orders", "order_events", "fills", "fill_bookings", "dead_letters", "trading_states"}
)
