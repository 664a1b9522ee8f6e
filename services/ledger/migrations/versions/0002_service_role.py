"""The ta_ledger role the ledger service acts as, with grants on its schema only.

Revision ID: ledger_0002
Revises: ledger_0001
"""

from taplatform.migrations import create_service_role_v1

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_service_role_v1("ledger", "ta_ledger")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
