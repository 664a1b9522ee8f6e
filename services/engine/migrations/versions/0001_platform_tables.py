"""Platform tables of the engine schema: outbox, inbox, idempotency keys.

Revision ID: engine_0001
Revises:
"""

from taplatform.migrations import create_platform_tables_v1

revision = "engine_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables_v1("engine")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
