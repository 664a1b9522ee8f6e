"""Alembic per service: each service owns one schema with its own version table.

A service's ``migrations/env.py`` is one call to :func:`run_env`. Migrating
takes a PostgreSQL advisory lock per schema, so replicas starting together
(or the migrate Job racing a service) apply each revision exactly once; the
whole upgrade is one transaction (PostgreSQL DDL is transactional).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import SERVICES, ServiceSpec
from taplatform.config import MigrateSettings, load_settings
from taplatform.logging import configure_logging, get_logger

log = get_logger(__name__)

# Alembic keeps its migration context in module globals, so two upgrades in one
# process must not interleave; across processes the advisory lock serialises.
_ALEMBIC_IN_PROCESS = asyncio.Lock()


def migrations_dir(spec: ServiceSpec) -> Path:
    """The Alembic script folder of a service (``services/<name>/migrations``)."""
    found = importlib.util.find_spec(f"services.{spec.name}")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError(f"service package services.{spec.name} not found")
    return Path(next(iter(found.submodule_search_locations))) / "migrations"


def _alembic_config(spec: ServiceSpec, connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir(spec)))
    config.attributes["connection"] = connection
    config.attributes["schema"] = spec.schema
    return config


def _lock_id(schema: str) -> int:
    digest = hashlib.sha256(f"tradingassistant.migrate.{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def migrate_service(engine: AsyncEngine, spec: ServiceSpec) -> None:
    """Create the service's schema if needed and upgrade it to head, once, under a lock."""
    async with _ALEMBIC_IN_PROCESS, engine.begin() as connection:
        await connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(spec.schema)}
        )
        await connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{spec.schema}"'))
        await connection.run_sync(lambda sync: command.upgrade(_alembic_config(spec, sync), "head"))


def head_revision(spec: ServiceSpec) -> str:
    """The newest revision in a service's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir(spec)))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:
        raise RuntimeError(f"{spec.name} has no migrations")
    return head


async def current_revision(engine: AsyncEngine, spec: ServiceSpec) -> str | None:
    """The applied revision of a service's schema, or None if never migrated."""
    async with engine.connect() as connection:
        exists = await connection.scalar(
            sa.text("SELECT to_regclass(:t)"), {"t": f"{spec.schema}.alembic_version"}
        )
        if exists is None:
            return None
        value = await connection.scalar(
            sa.text(f'SELECT version_num FROM "{spec.schema}".alembic_version')
        )
        return None if value is None else str(value)


def run_env() -> None:
    """The body of every service's ``migrations/env.py``."""
    config = context.config
    schema: str = config.attributes["schema"]
    context.configure(
        connection=config.attributes["connection"],
        version_table_schema=schema,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def migrate_all(database_url: str) -> None:
    """Migrate every service's schema in turn."""
    from taplatform.db import create_engine

    engine = create_engine(database_url, application_name="ta-migrate", pool_size=1)
    try:
        for spec in SERVICES:
            await migrate_service(engine, spec)
            log.info(
                "migrate.done", schema=spec.schema, revision=await current_revision(engine, spec)
            )
    finally:
        await engine.dispose()


def run_migrate() -> None:
    """``tradingassistant migrate``: exits non-zero with a clear line on failure."""
    settings = load_settings(MigrateSettings)
    configure_logging("migrate", settings.log_level, settings.log_format)
    try:
        asyncio.run(migrate_all(settings.database_url))
    except (OSError, sa.exc.SQLAlchemyError) as error:
        log.error("migrate.failed", error=f"{type(error).__name__}: {error}")
        sys.exit(1)


def create_platform_tables_v1(schema: str) -> None:
    """Create the outbox, inbox and idempotency tables (revision 0001 of every service).

    Frozen: a later change to these tables is a new helper and a new revision,
    never an edit here, so that history replays the same way forever.
    """
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("aggregate_type", sa.Text, nullable=False),
        sa.Column("aggregate_id", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        schema=schema,
    )
    op.create_index(
        "outbox_unpublished",
        "outbox",
        ["id"],
        schema=schema,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
        schema=schema,
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column("request", JSONB, nullable=False),
        sa.Column("response", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key"),
        schema=schema,
    )
    op.create_index("idempotency_keys_expiry", "idempotency_keys", ["expires_at"], schema=schema)


def create_service_role_v1(schema: str, role: str) -> None:
    """Create the service's role and grant it use of its schema (revision 0002 of every service).

    The service connects acting as ``role``: it can read and write the rows of
    its own tables and nothing else (no DDL, no other schema). Tables created
    later by the migrator get the same grants by default; append-only tables
    take UPDATE/DELETE back with :func:`make_append_only`. Frozen like
    :func:`create_platform_tables_v1`.
    """
    # Roles are cluster-wide: a concurrent migration of another database may
    # create it first, which is fine.
    op.execute(
        f"""
        DO $$
        BEGIN
            CREATE ROLE "{role}" NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        """
    )
    op.execute(f'GRANT "{role}" TO CURRENT_USER')
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
    op.execute(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'
    )
    op.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"'
    )
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
        f'GRANT USAGE, SELECT ON SEQUENCES TO "{role}"'
    )


def make_append_only(schema: str, table: str, role: str) -> None:
    """Take UPDATE, DELETE and TRUNCATE on ``schema.table`` away from the service role."""
    op.execute(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}"."{table}" FROM "{role}"')
