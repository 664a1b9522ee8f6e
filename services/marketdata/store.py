"""Tables of the marketdata schema; only this service reads or writes them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from taplatform.tables import platform_tables

SCHEMA = "marketdata"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)


def _ts(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


task_runs = Table(
    "task_runs",
    metadata,
    Column("task_run_id", UUID(as_uuid=True), primary_key=True),
    Column("request_id", Text, unique=True),
    Column("task", Text, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("listing_ids", ARRAY(Text), nullable=False),
    _ts("started_at"),
    _ts("finished_at", nullable=True),
    *(
        Column(n, BigInteger, nullable=False, server_default="0")
        for n in ("fetched", "inserted", "updated", "unchanged", "rejected")
    ),
    Column("error_summary", Text, nullable=False, server_default=""),
    Column("actor_user_id", Text),
)

# Numeric without precision: PostgreSQL keeps every digit the source quoted.
price_points = Table(
    "price_points",
    metadata,
    Column("listing_id", Text, nullable=False),
    _ts("observed_at"),
    Column("kind", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("price", Numeric(asdecimal=True), nullable=False),
    Column("currency", Text, nullable=False),
    Column("scale", Numeric(asdecimal=True), nullable=False),
    Column("open", Numeric(asdecimal=True)),
    Column("high", Numeric(asdecimal=True)),
    Column("low", Numeric(asdecimal=True)),
    Column("volume", Numeric(asdecimal=True)),
    Column("task_run_id", UUID(as_uuid=True)),
    _ts("ingested_at"),
    PrimaryKeyConstraint("listing_id", "observed_at", "kind", "source"),
)

fx_rates = Table(
    "fx_rates",
    metadata,
    Column("as_of", Date, nullable=False),
    Column("base_currency", Text, nullable=False),
    Column("quote_currency", Text, nullable=False),
    Column("rate", Numeric(asdecimal=True), nullable=False),
    Column("source", Text, nullable=False),
    Column("task_run_id", UUID(as_uuid=True)),
    _ts("ingested_at"),
    PrimaryKeyConstraint("as_of", "base_currency", "quote_currency"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("alert_id", UUID(as_uuid=True), primary_key=True),
    Column("rule", Text, nullable=False),
    Column("listing_id", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("details", JSONB, nullable=False),
    Column("freeze", Boolean, nullable=False),
    Column("auto_unfreeze", Boolean, nullable=False),
    _ts("opened_at"),
    _ts("last_seen_at"),
    Column("occurrences", BigInteger, nullable=False),
    _ts("acknowledged_at", nullable=True),
    Column("acknowledged_by", Text),
    _ts("resolved_at", nullable=True),
    Column("resolved_by", Text),
    Column("resolution_note", Text),
    Column("frozen_portfolio_ids", ARRAY(Text), nullable=False, server_default="{}"),
)

# Append-only versions (migration 0004): the newest version of a scope is in force.
rule_settings_versions = Table(
    "rule_settings_versions",
    metadata,
    Column("scope", Text, nullable=False),
    Column("scope_id", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("rules", JSONB, nullable=False),
    Column("changed_by", Text, nullable=False),
    _ts("changed_at"),
    PrimaryKeyConstraint("scope", "scope_id", "version"),
)

ingestion_schedule_versions = Table(
    "ingestion_schedule_versions",
    metadata,
    Column("portfolio_id", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("intraday_enabled", Boolean, nullable=False),
    Column("intraday_every_min", Integer, nullable=False),
    Column("eod_enabled", Boolean, nullable=False),
    Column("fx_enabled", Boolean, nullable=False),
    Column("changed_by", Text, nullable=False),
    _ts("changed_at"),
    PrimaryKeyConstraint("portfolio_id", "version"),
)
