"""Tables of the registry schema; only this service reads or writes them.

Migrations ``0003``… create them; these Core definitions are what the code
queries. Ids are UUIDs handled as strings; amounts are NUMERIC (Decimal).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from taplatform.tables import platform_tables

SCHEMA = "registry"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)


def _id(name: str, *args: object, **kwargs: object) -> Column:  # type: ignore[type-arg]
    return Column(name, UUID(as_uuid=False), *args, **kwargs)  # type: ignore[arg-type]


def _at(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _seq() -> Column:  # type: ignore[type-arg]
    # Creation order for keyset paging: timestamps can tie, an identity cannot.
    return Column("seq", BigInteger, Identity(always=True), nullable=False, unique=True)


users = Table(
    "users",
    metadata,
    _id("user_id", primary_key=True),
    Column("email", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    # NULL exactly for service accounts, which never sign in (migration 0007).
    Column("password_hash", Text),
    _at("created_at"),
    _seq(),
)

sessions = Table(
    "sessions",
    metadata,
    _id("session_id", primary_key=True),
    _id("user_id", ForeignKey("users.user_id"), nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    _at("created_at"),
    _at("idle_expires_at"),
    _at("absolute_expires_at"),
    _at("last_seen_at"),
    _at("revoked_at", nullable=True),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    _id("token_id", primary_key=True),
    _id("user_id", ForeignKey("users.user_id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    _at("created_at"),
    _at("expires_at"),
    _at("revoked_at", nullable=True),
    _at("last_used_at", nullable=True),
    _seq(),
)

portfolios = Table(
    "portfolios",
    metadata,
    _id("portfolio_id", primary_key=True),
    _id("owner_user_id", ForeignKey("users.user_id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("base_currency", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("freeze_reasons", JSONB, nullable=False),
    Column("archived", Boolean, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    _seq(),
)

instruments = Table(
    "instruments",
    metadata,
    _id("instrument_id", primary_key=True),
    Column("isin", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("asset_class", Text, nullable=False),
    _id("created_by_user_id", ForeignKey("users.user_id"), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("archived", Boolean, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    _seq(),
)

listings = Table(
    "listings",
    metadata,
    _id("listing_id", primary_key=True),
    _id("instrument_id", ForeignKey("instruments.instrument_id"), nullable=False),
    Column("venue_mic", Text, nullable=False),
    Column("ticker", Text, nullable=False),
    Column("quote_currency", Text, nullable=False),
    Column("price_scale", Numeric, nullable=False),
    Column("lot_size", Numeric, nullable=False),
    Column("tick_size", Numeric, nullable=False),
    Column("calendar", Text, nullable=False),
    _id("created_by_user_id", ForeignKey("users.user_id"), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("archived", Boolean, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    _seq(),
)

sleeves = Table(
    "sleeves",
    metadata,
    _id("sleeve_id", primary_key=True),
    _id("portfolio_id", ForeignKey("portfolios.portfolio_id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("target_weight_pct", Numeric, nullable=False),
    Column("drift_band_abs_pct", Numeric),
    Column("drift_band_rel_pct", Numeric),
    Column("version", BigInteger, nullable=False),
    Column("archived", Boolean, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    _seq(),
)

constituents = Table(
    "constituents",
    metadata,
    _id("portfolio_id", ForeignKey("portfolios.portfolio_id"), nullable=False),
    _id("listing_id", ForeignKey("listings.listing_id"), nullable=False),
    _id("sleeve_id", ForeignKey("sleeves.sleeve_id")),
    Column("monitored", Boolean, nullable=False),
    Column("version", BigInteger, nullable=False),
    _at("created_at"),
    _at("updated_at"),
    _seq(),
    PrimaryKeyConstraint("portfolio_id", "listing_id"),
)

# Recent failed sign-ins per email (throttling); cleared by a success, pruned as they age.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("email", Text, nullable=False),
    _at("failed_at"),
)

# Append-only: the service role has no UPDATE/DELETE/TRUNCATE here (migration 0005).
audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("service", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("aggregate_type", Text, nullable=False),
    Column("aggregate_id", Text, nullable=False),
    Column("portfolio_id", Text),
    Column("actor_user_id", Text),
    _at("occurred_at"),
    _at("recorded_at"),
    Column("before", JSONB),
    Column("after", JSONB),
    Column("payload", JSONB, nullable=False),
)

# One row per recipient of a catalogued event (migration 0008); only ``read_at`` ever changes.
notifications = Table(
    "notifications",
    metadata,
    _id("notification_id", primary_key=True),
    _seq(),
    _id("recipient_user_id", ForeignKey("users.user_id"), nullable=False),
    Column("severity", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    _id("portfolio_id", ForeignKey("portfolios.portfolio_id")),
    Column("link", Text, nullable=False),
    _id("source_event_id", nullable=False),
    Column("source_event_type", Text, nullable=False),
    Column("source_service", Text, nullable=False),
    _at("occurred_at"),
    _at("created_at"),
    _at("read_at", nullable=True),
)
