"""Tables of the engine schema; only this service reads or writes them.

``policy_versions``, ``policy_approvals``, ``snapshots`` and
``recommendations`` are append-only (the service role has no UPDATE or
DELETE on them). ``runs`` carries the one mutable thing, the
recommendation's review status. Migration ``engine_0003`` creates them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from taplatform.tables import platform_tables

SCHEMA = "engine"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)


def _at(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


policy_versions = Table(
    "policy_versions",
    metadata,
    Column("policy_version_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("policy_hash", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("canonical_json", Text, nullable=False),
    Column("source_text", Text, nullable=False),
    Column("source_format", Text, nullable=False),
    _at("created_at"),
    Column("created_by", Text),
    UniqueConstraint("portfolio_id", "version"),
    UniqueConstraint("portfolio_id", "policy_hash"),
)

policy_approvals = Table(
    "policy_approvals",
    metadata,
    Column("approval_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column(
        "policy_version_id",
        UUID(as_uuid=True),
        ForeignKey("policy_versions.policy_version_id"),
        nullable=False,
    ),
    Column("policy_hash", Text, nullable=False),
    _at("approved_at"),
    Column("approved_by", Text),
    UniqueConstraint("portfolio_id", "sequence"),
)

# Keyed by hash: equal inputs are stored once, whichever run gathered them.
snapshots = Table(
    "snapshots",
    metadata,
    Column("snapshot_hash", Text, primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("canonical_json", Text, nullable=False),
    _at("created_at"),
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", UUID(as_uuid=True), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("request_id", Text, nullable=False, unique=True),
    # Scheduled runs only; unique per portfolio (a partial index in the migration).
    Column("cadence_period", Text),
    Column("policy_version_id", UUID(as_uuid=True)),
    Column("policy_hash", Text),
    Column("snapshot_hash", Text, ForeignKey("snapshots.snapshot_hash"), nullable=False),
    Column("outcome", Text, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("recommendation_hash", Text, nullable=False),
    Column("blocked_reasons", ARRAY(Text), nullable=False),
    _at("as_of"),
    _at("created_at"),
    Column("actor_user_id", Text),
    # The review status: proposed → approved | ignored → executed; "blocked" stays.
    Column("status", Text, nullable=False),
    Column("status_version", BigInteger, nullable=False),
    _at("decided_at", nullable=True),
    Column("decided_by", Text),
    Column("decision_note", Text),
    _at("executed_at", nullable=True),
    Column("executed_line_ids", ARRAY(Text), nullable=False),
)

recommendations = Table(
    "recommendations",
    metadata,
    Column("run_id", UUID(as_uuid=True), ForeignKey("runs.run_id"), primary_key=True),
    Column("portfolio_id", Text, nullable=False),
    Column("recommendation_hash", Text, nullable=False),
    Column("snapshot_hash", Text, nullable=False),
    Column("policy_hash", Text),
    # The canonical bytes exactly as computed; Replay compares against them.
    Column("canonical_json", Text, nullable=False),
    _at("created_at"),
)
