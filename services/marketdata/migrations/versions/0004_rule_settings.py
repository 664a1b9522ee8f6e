"""Stored data-quality rule settings (per listing and per portfolio) and ingestion schedules.

Both are append-only version tables: the newest version of a scope is the
one in force, every older one stays as history (who changed what, when).
The primary key (scope, version) makes the optimistic version check atomic:
two writers of the same next version cannot both insert it.

Revision ID: marketdata_0004
Revises: marketdata_0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from taplatform.migrations import make_append_only

revision = "marketdata_0004"
down_revision = "marketdata_0003"
branch_labels = None
depends_on = None

SCHEMA = "marketdata"
ROLE = "ta_marketdata"


def upgrade() -> None:
    op.create_table(
        "rule_settings_versions",
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("scope_id", sa.Text, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("rules", JSONB, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "scope_id", "version"),
        sa.CheckConstraint("scope IN ('listing', 'portfolio')", name="rule_settings_scope"),
        sa.CheckConstraint("version > 0", name="rule_settings_version_positive"),
        schema=SCHEMA,
    )
    op.create_table(
        "ingestion_schedule_versions",
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("intraday_enabled", sa.Boolean, nullable=False),
        sa.Column("intraday_every_min", sa.Integer, nullable=False),
        sa.Column("eod_enabled", sa.Boolean, nullable=False),
        sa.Column("fx_enabled", sa.Boolean, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("portfolio_id", "version"),
        sa.CheckConstraint(
            "intraday_every_min BETWEEN 5 AND 240 AND intraday_every_min % 5 = 0",
            name="ingestion_schedule_every_min",
        ),
        sa.CheckConstraint("version > 0", name="ingestion_schedule_version_positive"),
        schema=SCHEMA,
    )
    make_append_only(SCHEMA, "rule_settings_versions", ROLE)
    make_append_only(SCHEMA, "ingestion_schedule_versions", ROLE)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
