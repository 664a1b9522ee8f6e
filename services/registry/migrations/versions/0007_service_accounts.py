"""Service accounts: a 'service' user role that holds API tokens and has no password.

Revision ID: registry_0007
Revises: registry_0006
"""

from alembic import op

revision = "registry_0007"
down_revision = "registry_0006"
branch_labels = None
depends_on = None

S = "registry"


def upgrade() -> None:
    # 0003 declared the role check inline, so PostgreSQL named it users_role_check.
    op.drop_constraint("users_role_check", "users", schema=S, type_="check")
    op.create_check_constraint(
        "users_role_check", "users", "role IN ('admin', 'user', 'service')", schema=S
    )
    op.alter_column("users", "password_hash", nullable=True, schema=S)
    # A service account can never sign in: it has no password; every person has one.
    op.create_check_constraint(
        "users_password_by_role",
        "users",
        "(role = 'service') = (password_hash IS NULL)",
        schema=S,
    )


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
