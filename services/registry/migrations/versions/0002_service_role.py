"""The ta_registry role the registry service acts as, with grants on its schema only.

Revision ID: registry_0002
Revises: registry_0001
"""

from taplatform.migrations import create_service_role_v1

revision = "registry_0002"
down_revision = "registry_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_service_role_v1("registry", "ta_registry")


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
