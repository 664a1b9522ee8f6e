"""Users, sessions and API tokens.

Revision ID: registry_0003
Revises: registry_0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "registry_0003"
down_revision = "registry_0002"
branch_labels = None
depends_on = None

S = "registry"


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("email", sa.Text, nullable=False, unique=True),
        sa.Column("role", sa.Text, sa.CheckConstraint("role IN ('admin', 'user')"), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        _at("created_at"),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        sa.CheckConstraint("email = lower(email)", name="users_email_lower"),
        schema=S,
    )
    op.create_table(
        "sessions",
        sa.Column("session_id", UUID(as_uuid=False), primary_key=True),
        sa.Column(
            "user_id", UUID(as_uuid=False), sa.ForeignKey(f"{S}.users.user_id"), nullable=False
        ),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        _at("created_at"),
        _at("idle_expires_at"),
        _at("absolute_expires_at"),
        _at("last_seen_at"),
        _at("revoked_at", nullable=True),
        schema=S,
    )
    op.create_index("sessions_user", "sessions", ["user_id"], schema=S)
    op.create_table(
        "api_tokens",
        sa.Column("token_id", UUID(as_uuid=False), primary_key=True),
        sa.Column(
            "user_id", UUID(as_uuid=False), sa.ForeignKey(f"{S}.users.user_id"), nullable=False
        ),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        _at("created_at"),
        _at("expires_at"),
        _at("revoked_at", nullable=True),
        _at("last_used_at", nullable=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        schema=S,
    )
    op.create_index("api_tokens_user", "api_tokens", ["user_id", "seq"], schema=S)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
