"""The append-only audit log of every service's events.

Revision ID: registry_0005
Revises: registry_0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from taplatform.migrations import make_append_only

revision = "registry_0005"
down_revision = "registry_0004"
branch_labels = None
depends_on = None

S = "registry"


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        # Unique: the consumer stores each event once however often it is delivered.
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("service", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("aggregate_type", sa.Text, nullable=False),
        sa.Column("aggregate_id", sa.Text, nullable=False),
        sa.Column("portfolio_id", sa.Text),
        sa.Column("actor_user_id", sa.Text),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB),
        sa.Column("payload", JSONB, nullable=False),
        schema=S,
    )
    op.execute(
        f"CREATE INDEX audit_events_portfolio ON {S}.audit_events "
        "(portfolio_id, occurred_at DESC, seq DESC)"
    )
    make_append_only(S, "audit_events", "ta_registry")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
