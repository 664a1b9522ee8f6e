"""``tradingassistant restore --from DIR --database-url URL``: into an empty database, verified.

In order, stopping at the first problem with nothing changed:

1. the manifest is read and every file's size and SHA-256 checked (a
   corrupted or missing file is named);
2. every schema revision in it must be one this code knows (restore with the
   version that made a newer backup);
3. the target must be empty (no schema or table but an empty ``public``);
4. the service roles ``ta_<svc>`` are created where missing (they are
   cluster-wide, so a new server lacks them) and granted to the restoring user;
5. ``pg_restore --no-owner --single-transaction``: objects belong to the
   restoring user, the dump's grants (with the append-only revocations) are
   kept as they were; default privileges are re-declared for the restoring
   user instead of the original owner, who may not exist here;
6. migrations run (nothing to do unless the backup is older than this code);
7. the ledger's VerifyPortfolio RPC replays every portfolio
   (:mod:`taplatform.cli.restore_verify`); any difference fails the restore.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import TextIO

import asyncpg
import grpc
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from taplatform.catalog import SERVICES
from taplatform.cli.backup import BackupError, Manifest, schema_revisions, sha256_file
from taplatform.cli.pgtools import (
    PgToolsError,
    find_pg_tools,
    libpq_target,
    run_tool,
    server_version,
)
from taplatform.cli.restore_verify import PortfolioCheck, verify_ledger
from taplatform.migrations import migrate_all, migrations_dir

_CONTENTS = """
SELECT n.nspname AS schema, count(c.oid) AS relations
FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'
GROUP BY n.nspname ORDER BY n.nspname
"""


def check_files(folder: Path, manifest: Manifest) -> None:
    """Every file is there with its size and checksum; else the first bad one is named."""
    for f in manifest.files:
        path = folder / f.name
        if not path.is_file():
            raise BackupError(f"{path}: missing")
        if path.stat().st_size != f.size or sha256_file(path) != f.sha256:
            raise BackupError(f"{path}: checksum mismatch, the file is corrupted or was changed")


def check_revisions_known(manifest: Manifest) -> None:
    """Refuse a backup whose schemas are newer than this code's migrations."""
    for spec in SERVICES:
        revision = manifest.revisions.get(spec.schema)
        if revision is None:
            raise BackupError(f"manifest has no revision for schema {spec.schema}")
        config = Config()
        config.set_main_option("script_location", str(migrations_dir(spec)))
        try:
            known = ScriptDirectory.from_config(config).get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise BackupError(
                f"schema {spec.schema} is at {revision}, unknown to this version: "
                "restore with the version that made the backup"
            )


async def _connect(database_url: str) -> asyncpg.Connection:
    target, env = libpq_target(database_url)
    return await asyncpg.connect(target, password=env.get("PGPASSWORD"))


async def check_empty(database_url: str) -> None:
    """Refuse a target that holds anything, naming what it found."""
    connection = await _connect(database_url)
    try:
        rows = await connection.fetch(_CONTENTS)
    finally:
        await connection.close()
    found = [
        f"schema {r['schema']} ({r['relations']} relation(s))"
        for r in rows
        if r["schema"] != "public" or r["relations"]
    ]
    if found:
        raise BackupError("the target database is not empty: " + ", ".join(found))


async def prepare_roles(database_url: str) -> None:
    """Create the service roles where missing and let the restoring user act as them."""
    connection = await _connect(database_url)
    try:
        for spec in SERVICES:
            # Same statement as the migrations' role helper; a concurrent creator is fine.
            await connection.execute(
                f"""DO $$ BEGIN CREATE ROLE "{spec.db_role}" NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"""
            )
            await connection.execute(f'GRANT "{spec.db_role}" TO CURRENT_USER')
    finally:
        await connection.close()


async def restore_default_privileges(database_url: str) -> None:
    """Tables later migrations create get the service role's grants, as after migrating."""
    connection = await _connect(database_url)
    try:
        for spec in SERVICES:
            s, role = spec.schema, spec.db_role
            await connection.execute(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{s}" '
                f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"'
            )
            await connection.execute(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{s}" '
                f'GRANT USAGE, SELECT ON SEQUENCES TO "{role}"'
            )
    finally:
        await connection.close()


def pg_restore(tools_bin: str, dump: Path, database_url: str) -> None:
    """Restore ``dump`` in one transaction, without the original owner's default privileges."""
    target, env = libpq_target(database_url)
    listing = run_tool([tools_bin, "--list", str(dump)], env, "pg_restore --list")
    kept = [line for line in listing.splitlines() if " DEFAULT ACL " not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as use_list:
        use_list.write("\n".join(kept) + "\n")
        use_list.flush()
        command = [tools_bin, "--no-owner", "--single-transaction", "--exit-on-error"]
        command += ["--no-password", f"--use-list={use_list.name}", f"--dbname={target}"]
        run_tool([*command, str(dump)], env, "pg_restore")


async def restore_backup(folder: Path, database_url: str) -> tuple[Manifest, list[PortfolioCheck]]:
    """Steps 1-7 of the module doc; returns the manifest and every portfolio's verification."""
    manifest = Manifest.read(folder)
    check_files(folder, manifest)
    check_revisions_known(manifest)
    await check_empty(database_url)
    major, _ = await server_version(database_url)
    tools = find_pg_tools(major)
    await prepare_roles(database_url)
    for f in manifest.files:
        await asyncio.to_thread(pg_restore, tools.pg_restore, folder / f.name, database_url)
    await restore_default_privileges(database_url)
    restored = await schema_revisions(database_url)
    if restored != manifest.revisions:
        raise BackupError(f"restored revisions {restored} differ from the manifest's")
    await migrate_all(database_url)
    try:
        return manifest, await verify_ledger(database_url)
    except grpc.RpcError as error:
        raise BackupError(f"restored, but the ledger verification could not run: {error}") from None


def run_restore(folder: Path, database_url: str, stream: TextIO) -> int:
    """The ``restore`` command: prints the verification report; exit 0 only if all is consistent."""
    try:
        manifest, checks = asyncio.run(restore_backup(folder, database_url))
    except (BackupError, PgToolsError, OSError, asyncpg.PostgresError, SQLAlchemyError) as error:
        print(f"restore refused: {error}", file=stream)
        return 1
    print(f"restored backup of {manifest.created_at} (app {manifest.app_version})", file=stream)
    differences = sum(len(c.differences) for c in checks)
    for check in checks:
        state = "consistent" if not check.differences else f"{len(check.differences)} difference(s)"
        print(
            f"  {check.portfolio_id}: {state} ({check.entries_replayed} entries replayed)",
            file=stream,
        )
        for line in check.differences:
            print(f"    {line}", file=stream)
    print(f"verification: {len(checks)} portfolio(s), {differences} difference(s)", file=stream)
    return 0 if differences == 0 else 1
