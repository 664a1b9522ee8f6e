"""Notifications: one row per recipient of a catalogued service event, read or unread.

Revision ID: registry_0008
Revises: registry_0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "registry_0008"
down_revision = "registry_0007"
branch_labels = None
depends_on = None

S = "registry"


def upgrade() -> None:
    op.create_table(
        "notifications",
        # Derived from (source event, recipient): a redelivered event cannot add a second row.
        sa.Column("notification_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        sa.Column(
            "recipient_user_id",
            UUID(as_uuid=False),
            sa.ForeignKey(f"{S}.users.user_id"),
            nullable=False,
        ),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column(
            "portfolio_id", UUID(as_uuid=False), sa.ForeignKey(f"{S}.portfolios.portfolio_id")
        ),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("source_event_id", UUID(as_uuid=False), nullable=False),
        sa.Column("source_event_type", sa.Text, nullable=False),
        sa.Column("source_service", sa.Text, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "severity IN ('critical', 'warning', 'info')", name="notifications_severity"
        ),
        sa.UniqueConstraint(
            "source_event_id", "recipient_user_id", name="notifications_source_recipient"
        ),
        schema=S,
    )
    # The feed (newest first) and the unread badge, per recipient.
    op.execute(
        f"CREATE INDEX notifications_feed ON {S}.notifications (recipient_user_id, seq DESC)"
    )
    op.execute(
        f"CREATE INDEX notifications_unread ON {S}.notifications (recipient_user_id, seq) "
        "WHERE read_at IS NULL"
    )


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
