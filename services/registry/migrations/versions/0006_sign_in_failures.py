"""Failed sign-ins per email, for throttling repeated guesses.

Revision ID: registry_0006
Revises: registry_0005
"""

import sqlalchemy as sa
from alembic import op

revision = "registry_0006"
down_revision = "registry_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        schema="registry",
    )
    op.create_index(
        "sign_in_failures_email_time", "sign_in_failures", ["email", "failed_at"], schema="registry"
    )


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
