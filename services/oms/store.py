"""Tables of the oms schema; only this service reads or writes them.

``order_events`` and ``fills`` are append-only (the role has no UPDATE or
DELETE on them). Migrations ``oms_0003`` and ``oms_0004`` create these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from taplatform.tables import platform_tables

SCHEMA = "oms"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)


def _at(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


orders = Table(
    "orders",
    metadata,
    Column("order_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("order_key", Text, nullable=False),
    # The create request as canonical data: a reused key is compared with it.
    Column("request", JSONB, nullable=False),
    Column("request_hash", Text, nullable=False),
    Column("listing_id", Text, nullable=False),
    Column("side", Text, nullable=False),
    Column("quantity", Numeric, nullable=False),
    Column("limit_price", Numeric),
    Column("price_currency", Text, nullable=False),
    Column("base_currency", Text, nullable=False),
    Column("base_per_quote", Numeric, nullable=False),
    Column("broker", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("filled_quantity", Numeric, nullable=False),
    Column("reason", Text),
    Column("broker_order_id", Text),
    Column("recommendation_id", Text),
    Column("line_id", Text),
    Column("actor_user_id", Text),
    Column("version", BigInteger, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    UniqueConstraint("portfolio_id", "order_key"),
)

order_events = Table(
    "order_events",
    metadata,
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("from_state", Text),
    Column("to_state", Text, nullable=False),
    Column("actor_user_id", Text),
    Column("detail", JSONB, nullable=False),
    _at("occurred_at"),
    PrimaryKeyConstraint("order_id", "sequence"),
)

fills = Table(
    "fills",
    metadata,
    Column("fill_id", UUID(as_uuid=True), primary_key=True),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("portfolio_id", Text, nullable=False),
    Column("quantity", Numeric, nullable=False),
    Column("price", Numeric, nullable=False),
    Column("price_currency", Text, nullable=False),
    Column("fees", Numeric, nullable=False),
    Column("fees_currency", Text, nullable=False),
    Column("fx_rate", Numeric),
    Column("source", Text, nullable=False),
    _at("executed_at"),
    _at("recorded_at"),
)

# A fill's booking in the ledger: written once the ledger has the entry.
fill_bookings = Table(
    "fill_bookings",
    metadata,
    Column("fill_id", UUID(as_uuid=True), primary_key=True),
    Column("batch_id", UUID(as_uuid=True), nullable=False),
    Column("entry_id", UUID(as_uuid=True), nullable=False),
    _at("booked_at"),
)

# "Every order of this recommendation is terminal", until the engine has it: a call
# that failed stays ``pending`` and the background work retries it.
recommendation_reports = Table(
    "recommendation_reports",
    metadata,
    Column("portfolio_id", Text, nullable=False),
    Column("recommendation_id", Text, nullable=False),
    Column("line_ids", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    PrimaryKeyConstraint("portfolio_id", "recommendation_id"),
)

trading_states = Table(
    "trading_states",
    metadata,
    Column("portfolio_id", Text, primary_key=True),
    Column("mode", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("kill_switch", Boolean, nullable=False),
    Column("kill_switch_reason", Text, nullable=False),
    Column("dry_run_broker", Text, nullable=False),
    Column("max_order_notional", Numeric),
    Column("max_daily_loss", Numeric),
    Column("loss_action", Text, nullable=False),
    Column("session_policy", Text, nullable=False),
    Column("cooldown_rejects", Integer, nullable=False),
    Column("cooldown_window_s", Integer, nullable=False),
    Column("cooldown_s", Integer, nullable=False),
    Column("day_start_value", Numeric),
    Column("day_start_date", Text),
    Column("version", BigInteger, nullable=False),
    _at("updated_at"),
)

live_confirmations = Table(
    "live_confirmations",
    metadata,
    Column("confirmation_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("actor_user_id", Text, nullable=False),
    Column("risk_summary", JSONB, nullable=False),
    Column("risk_summary_sha256", Text, nullable=False),
    _at("expires_at"),
    _at("used_at", nullable=True),
    _at("created_at"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("order_key", Text),
    _at("occurred_at"),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("dead_letter_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("operation", Text, nullable=False),
    Column("broker", Text, nullable=False),
    Column("client_order_id", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    _at("next_attempt_at", nullable=True),
    # The call as first made (order, broker request, actor): enough to replay it.
    Column("context", JSONB, nullable=False),
    _at("created_at"),
    _at("updated_at"),
)
