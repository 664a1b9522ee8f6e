"""The ta_marketdata role the marketdata service acts as, with grants on its schema only.

Revision ID: marketdata_0002
Revises: marketdata_0001
"""

from taplatform.migrations import create_service_role_v1

revision = "marketdata_0002"
down_revision = "marketdata_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_service_role_v1("marketdata", "ta_marketdata")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
