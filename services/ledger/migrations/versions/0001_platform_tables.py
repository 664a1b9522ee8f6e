"""Platform tables of the ledger schema: outbox, inbox, idempotency keys.

Revision ID: ledger_0001
Revises:
"""

from taplatform.migrations import create_platform_tables_v1

revision = "ledger_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables_v1("ledger")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
