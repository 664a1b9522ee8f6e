"""Recommendation reports: the engine is told once every order of a recommendation is terminal.

Revision ID: oms_0004
Revises: oms_0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "oms_0004"
down_revision = "oms_0003"
branch_labels = None
depends_on = None

S = "oms"


def upgrade() -> None:
    op.create_table(
        "recommendation_reports",
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("recommendation_id", sa.Text, nullable=False),
        sa.Column("line_ids", JSONB, nullable=False),
        sa.Column(
            "status",
            sa.Text,
            sa.CheckConstraint(
                "status IN ('pending', 'reported', 'refused')", "recommendation_reports_status"
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("portfolio_id", "recommendation_id"),
        schema=S,
    )
    # The retry job reads only what is still pending.
    op.create_index(
        "recommendation_reports_pending",
        "recommendation_reports",
        ["updated_at"],
        schema=S,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
