"""Price points, ECB FX rates, ingestion task runs and data-quality alerts.

Revision ID: marketdata_0003
Revises: marketdata_0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "marketdata_0003"
down_revision = "marketdata_0002"
branch_labels = None
depends_on = None

SCHEMA = "marketdata"


def _ts(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "task_runs",
        sa.Column("task_run_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("request_id", sa.Text, unique=True),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("listing_ids", ARRAY(sa.Text), nullable=False),
        _ts("started_at"),
        _ts("finished_at", nullable=True),
        *(
            sa.Column(n, sa.BigInteger, nullable=False, server_default="0")
            for n in ("fetched", "inserted", "updated", "unchanged", "rejected")
        ),
        sa.Column("error_summary", sa.Text, nullable=False, server_default=""),
        sa.Column("actor_user_id", sa.Text),
        schema=SCHEMA,
    )
    op.create_index("task_runs_started", "task_runs", ["started_at"], schema=SCHEMA)
    op.create_table(
        "price_points",
        sa.Column("listing_id", sa.Text, nullable=False),
        _ts("observed_at"),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("price", sa.Numeric, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("scale", sa.Numeric, nullable=False),
        sa.Column("open", sa.Numeric),
        sa.Column("high", sa.Numeric),
        sa.Column("low", sa.Numeric),
        sa.Column("volume", sa.Numeric),
        sa.Column("task_run_id", UUID(as_uuid=True)),
        _ts("ingested_at"),
        sa.PrimaryKeyConstraint("listing_id", "observed_at", "kind", "source"),
        sa.CheckConstraint("price > 0", name="price_points_price_positive"),
        sa.CheckConstraint("kind IN ('intraday', 'eod')", name="price_points_kind"),
        schema=SCHEMA,
    )
    op.create_index(
        "price_points_latest", "price_points", ["listing_id", "kind", "observed_at"], schema=SCHEMA
    )
    op.create_table(
        "fx_rates",
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("base_currency", sa.Text, nullable=False),
        sa.Column("quote_currency", sa.Text, nullable=False),
        sa.Column("rate", sa.Numeric, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("task_run_id", UUID(as_uuid=True)),
        _ts("ingested_at"),
        sa.PrimaryKeyConstraint("as_of", "base_currency", "quote_currency"),
        sa.CheckConstraint("rate > 0", name="fx_rates_rate_positive"),
        schema=SCHEMA,
    )
    op.create_table(
        "alerts",
        sa.Column("alert_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("listing_id", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("details", JSONB, nullable=False),
        sa.Column("freeze", sa.Boolean, nullable=False),
        sa.Column("auto_unfreeze", sa.Boolean, nullable=False),
        _ts("opened_at"),
        _ts("last_seen_at"),
        sa.Column("occurrences", sa.BigInteger, nullable=False),
        _ts("acknowledged_at", nullable=True),
        sa.Column("acknowledged_by", sa.Text),
        _ts("resolved_at", nullable=True),
        sa.Column("resolved_by", sa.Text),
        sa.Column("resolution_note", sa.Text),
        sa.Column("frozen_portfolio_ids", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.CheckConstraint("status IN ('open', 'acknowledged', 'resolved')", name="alerts_status"),
        schema=SCHEMA,
    )
    # One active alert per (rule, listing): the deduplication rule, enforced.
    op.create_index(
        "alerts_one_active",
        "alerts",
        ["rule", "listing_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status <> 'resolved'"),
    )
    op.create_index("alerts_listing", "alerts", ["listing_id", "opened_at"], schema=SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
