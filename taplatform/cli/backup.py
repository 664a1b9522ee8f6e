"""``tradingassistant backup --out DIR``: one pg_dump of every service schema, and a manifest.

All schemas go into one custom-format dump, so they come from one snapshot:
a fill in ``oms`` and its entry in ``ledger`` are either both in the backup or
neither. ``manifest.json`` records when and from what the backup was made
(app version, server version, each schema's Alembic revision) and every
file's size and SHA-256, which restore checks before it touches anything.
The folder and files are private to the user (password hashes, key vault).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import asyncpg
from sqlalchemy.exc import SQLAlchemyError

from taplatform.catalog import SERVICES
from taplatform.cli.pgtools import find_pg_tools, libpq_target, run_tool, server_version
from taplatform.db import create_engine
from taplatform.migrations import current_revision

MANIFEST = "manifest.json"
DUMP_FILE = "tradingassistant.dump"
FORMAT = "tradingassistant-backup/1"


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead; the message names the reason."""


@dataclass(frozen=True)
class BackupFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` holds."""

    format: str
    created_at: str
    app_version: str
    server_version: str
    pg_dump_version: str
    revisions: dict[str, str]
    files: list[BackupFile]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``, or a :class:`BackupError` saying what is wrong with it."""
        path = folder / MANIFEST
        try:
            data: dict[str, Any] = json.loads(path.read_text())
            if data.get("format") != FORMAT:
                raise BackupError(f"{path}: format {data.get('format')!r} is not {FORMAT!r}")
            data["files"] = [BackupFile(**f) for f in data["files"]]
            return cls(**data)
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise BackupError(f"{path}: not a readable backup manifest ({error})") from None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def app_version() -> str:
    try:
        return importlib.metadata.version("tradingassistant")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


async def schema_revisions(database_url: str) -> dict[str, str | None]:
    """Each service schema's applied Alembic revision (None: not migrated)."""
    engine = create_engine(database_url, application_name="ta-backup", pool_size=1)
    try:
        return {spec.schema: await current_revision(engine, spec) for spec in SERVICES}
    finally:
        await engine.dispose()


async def create_backup(database_url: str, out: Path) -> Manifest:
    """Dump every service schema into ``out`` and write the manifest (module doc)."""
    if (out / MANIFEST).exists() or (out / DUMP_FILE).exists():
        raise BackupError(f"{out} already holds a backup; choose a new folder")
    revisions = await schema_revisions(database_url)
    missing = [schema for schema, revision in revisions.items() if revision is None]
    if missing:
        raise BackupError("not migrated: " + ", ".join(missing) + " (run tradingassistant migrate)")
    major, version_text = await server_version(database_url)
    tools = find_pg_tools(major)
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True, mode=0o700)
    dump = out / DUMP_FILE
    target, env = libpq_target(database_url)
    command = [tools.pg_dump, "--format=custom", f"--file={dump}", "--no-password"]
    command += [f"--schema={spec.schema}" for spec in SERVICES]
    await asyncio.to_thread(run_tool, [*command, f"--dbname={target}"], env, "pg_dump")
    dump.chmod(0o600)
    manifest = Manifest(
        format=FORMAT,
        created_at=datetime.now(UTC).isoformat(),
        app_version=app_version(),
        server_version=version_text,
        pg_dump_version=tools.version,
        revisions={k: str(v) for k, v in revisions.items()},
        files=[BackupFile(DUMP_FILE, sha256_file(dump), dump.stat().st_size)],
    )
    (out / MANIFEST).write_text(manifest.to_json())
    (out / MANIFEST).chmod(0o600)
    return manifest


def run_backup(database_url: str, out: Path, stream: TextIO) -> int:
    """The ``backup`` command: prints what it wrote; exit 1 with one line on failure."""
    try:
        manifest = asyncio.run(create_backup(database_url, out))
    except (BackupError, RuntimeError, OSError, asyncpg.PostgresError, SQLAlchemyError) as error:
        print(f"backup failed: {error}", file=stream)
        return 1
    for f in manifest.files:
        print(f"wrote {out / f.name} ({f.size} bytes, sha256 {f.sha256})", file=stream)
    revisions = ", ".join(f"{k} {v}" for k, v in sorted(manifest.revisions.items()))
    print(f"wrote {out / MANIFEST} (revisions: {revisions})", file=stream)
    return 0
