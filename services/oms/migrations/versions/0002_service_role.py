"""The ta_oms role the oms service acts as, with grants on its schema only.

Revision ID: oms_0002
Revises: oms_0001
"""

from taplatform.migrations import create_service_role_v1

revision = "oms_0002"
down_revision = "oms_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_service_role_v1("oms", "ta_oms")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
