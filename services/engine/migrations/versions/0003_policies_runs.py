"""Policies (append-only versions and approvals), snapshots, runs and recommendations.

Revision ID: engine_0003
Revises: engine_0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from taplatform.migrations import make_append_only

revision = "engine_0003"
down_revision = "engine_0002"
branch_labels = None
depends_on = None

S = "engine"
ROLE = "ta_engine"


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("policy_version_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("policy_hash", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("canonical_json", sa.Text, nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("source_format", sa.Text, nullable=False),
        _at("created_at"),
        sa.Column("created_by", sa.Text),
        sa.UniqueConstraint("portfolio_id", "version"),
        sa.UniqueConstraint("portfolio_id", "policy_hash"),
        schema=S,
    )
    op.create_table(
        "policy_approvals",
        sa.Column("approval_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column(
            "policy_version_id",
            UUID(as_uuid=True),
            sa.ForeignKey(f"{S}.policy_versions.policy_version_id"),
            nullable=False,
        ),
        sa.Column("policy_hash", sa.Text, nullable=False),
        _at("approved_at"),
        sa.Column("approved_by", sa.Text),
        sa.UniqueConstraint("portfolio_id", "sequence"),
        schema=S,
    )
    op.create_table(
        "snapshots",
        sa.Column("snapshot_hash", sa.Text, primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("canonical_json", sa.Text, nullable=False),
        _at("created_at"),
        schema=S,
    )
    _create_runs()
    op.create_table(
        "recommendations",
        sa.Column(
            "run_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.runs.run_id"), primary_key=True
        ),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("recommendation_hash", sa.Text, nullable=False),
        sa.Column("snapshot_hash", sa.Text, nullable=False),
        sa.Column("policy_hash", sa.Text),
        sa.Column("canonical_json", sa.Text, nullable=False),
        _at("created_at"),
        schema=S,
    )
    for table in ("policy_versions", "policy_approvals", "snapshots", "recommendations"):
        make_append_only(S, table, ROLE)


def _create_runs() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("request_id", sa.Text, nullable=False, unique=True),
        sa.Column("cadence_period", sa.Text),
        sa.Column("policy_version_id", UUID(as_uuid=True)),
        sa.Column("policy_hash", sa.Text),
        sa.Column(
            "snapshot_hash",
            sa.Text,
            sa.ForeignKey(f"{S}.snapshots.snapshot_hash"),
            nullable=False,
        ),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("line_count", sa.Integer, nullable=False),
        sa.Column("recommendation_hash", sa.Text, nullable=False),
        sa.Column("blocked_reasons", ARRAY(sa.Text), nullable=False),
        _at("as_of"),
        _at("created_at"),
        sa.Column("actor_user_id", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("status_version", sa.BigInteger, nullable=False),
        _at("decided_at", nullable=True),
        sa.Column("decided_by", sa.Text),
        sa.Column("decision_note", sa.Text),
        _at("executed_at", nullable=True),
        sa.Column("executed_line_ids", ARRAY(sa.Text), nullable=False),
        sa.CheckConstraint("trigger IN ('on_demand', 'scheduled')", name="runs_trigger"),
        sa.CheckConstraint("outcome IN ('advice', 'blocked')", name="runs_outcome"),
        sa.CheckConstraint(
            "status IN ('proposed', 'approved', 'ignored', 'executed', 'blocked')",
            name="runs_status",
        ),
        schema=S,
    )
    # One scheduled run per (portfolio, cadence period), whatever races the workers run.
    op.create_index(
        "runs_scheduled_period",
        "runs",
        ["portfolio_id", "cadence_period"],
        unique=True,
        schema=S,
        postgresql_where=sa.text("trigger = 'scheduled'"),
    )
    op.create_index("runs_portfolio_created", "runs", ["portfolio_id", "created_at"], schema=S)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
