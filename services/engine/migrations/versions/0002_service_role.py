"""The ta_engine role the engine service acts as, with grants on its schema only.

Revision ID: engine_0002
Revises: engine_0001
"""

from taplatform.migrations import create_service_role_v1

revision = "engine_0002"
down_revision = "engine_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_service_role_v1("engine", "ta_engine")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
