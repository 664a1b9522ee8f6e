"""Tables of the ledger schema; only this service reads or writes them.

``batches`` and ``entries`` are append-only (the service role has no UPDATE or
DELETE on them); ``accounts`` and the two snapshot tables change in the same
transaction as the entries they reflect. Migration ``ledger_0003`` creates them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import UUID

from taplatform.tables import platform_tables

SCHEMA = "ledger"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)

accounts = Table(
    "accounts",
    metadata,
    Column("portfolio_id", Text, primary_key=True),
    Column("base_currency", Text, nullable=False),
    Column("allow_negative_cash", Boolean, nullable=False),
    Column("allow_short", Boolean, nullable=False),
    Column("last_entry_sequence", BigInteger, nullable=False),
    Column("last_batch_sequence", BigInteger, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

batches = Table(
    "batches",
    metadata,
    Column("batch_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("actor_user_id", Text),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("portfolio_id", "sequence"),
)

entries = Table(
    "entries",
    metadata,
    Column("entry_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("batch_id", UUID(as_uuid=True), ForeignKey("batches.batch_id"), nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("position", Integer, nullable=False),
    # What the client gave (after defaults): the entry's identity for resubmits.
    Column("kind", Text, nullable=False),
    Column("entry_date", Date, nullable=False),
    Column("amount", Numeric),
    Column("currency", Text),
    Column("listing_id", Text),
    Column("quantity", Numeric),
    Column("price", Numeric),
    Column("price_currency", Text),
    Column("fx_rate", Numeric),
    Column("fees", Numeric),
    Column("settlement_date", Date),
    Column("split_ratio", Numeric),
    Column("reverses_entry_id", UUID(as_uuid=True), unique=True),
    Column("memo", Text, nullable=False),
    # What the ledger derived when posting (kept for reads; replay recomputes it).
    Column("cash_change", Numeric),
    Column("cash_currency", Text),
    Column("listing_amount", Numeric),
    Column("base_amount", Numeric),
    Column("affects_listing_id", Text),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("portfolio_id", "sequence"),
)

holding_snapshots = Table(
    "holding_snapshots",
    metadata,
    Column("portfolio_id", Text, nullable=False),
    Column("listing_id", Text, nullable=False),
    Column("quantity", Numeric, nullable=False),
    Column("average_cost", Numeric, nullable=False),
    Column("last_entry_id", UUID(as_uuid=True), nullable=False),
    Column("last_sequence", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("portfolio_id", "listing_id"),
)

cash_snapshots = Table(
    "cash_snapshots",
    metadata,
    Column("portfolio_id", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("balance", Numeric, nullable=False),
    Column("last_entry_id", UUID(as_uuid=True), nullable=False),
    Column("last_sequence", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("portfolio_id", "currency"),
)
