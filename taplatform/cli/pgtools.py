"""PostgreSQL client programs for backup and restore: found to match the server, run with libpq.

``pg_dump`` must be at least as new as the server and ``pg_restore`` must read
what it wrote, so the tools are chosen by the server's major version: the
same major first (the embedded pgserver's own binaries, or a distribution's
``/usr/lib/postgresql/<major>/bin``), else the oldest newer one, from the
pgserver package, the distribution folders and ``PATH`` in that order.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg


class PgToolsError(RuntimeError):
    """No usable client programs, or one of them failed (the message says which and why)."""


@dataclass(frozen=True)
class PgTools:
    """A matching ``pg_dump`` and ``pg_restore`` of one PostgreSQL major version."""

    bin_dir: Path
    major: int
    version: str

    @property
    def pg_dump(self) -> str:
        return str(self.bin_dir / "pg_dump")

    @property
    def pg_restore(self) -> str:
        return str(self.bin_dir / "pg_restore")


def candidate_dirs() -> list[Path]:
    """Folders that may hold the client programs, most specific first."""
    found: list[Path] = []
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        found.append(Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin")
    distribution = Path("/usr/lib/postgresql")
    if distribution.is_dir():
        found += sorted(distribution.glob("*/bin"), reverse=True)
    found += [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    return found


def _tools_in(folder: Path) -> PgTools | None:
    if not all(os.access(folder / name, os.X_OK) for name in ("pg_dump", "pg_restore")):
        return None
    try:
        printed = subprocess.run(
            [str(folder / "pg_dump"), "--version"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", printed)
    return PgTools(folder, int(match.group(1)), printed) if match else None


def find_pg_tools(server_major: int, dirs: list[Path] | None = None) -> PgTools:
    """The client programs for a server of ``server_major`` (module doc), or a clear error."""
    searched = dirs if dirs is not None else candidate_dirs()
    usable = [t for t in (_tools_in(d) for d in dict.fromkeys(searched)) if t is not None]
    for tools in usable:
        if tools.major == server_major:
            return tools
    newer = sorted((t for t in usable if t.major > server_major), key=lambda t: t.major)
    if newer:
        return newer[0]
    looked = ", ".join(str(d) for d in dict.fromkeys(searched)) or "nowhere"
    raise PgToolsError(
        f"no pg_dump/pg_restore for PostgreSQL {server_major} or newer (looked in {looked})"
    )


def libpq_target(database_url: str) -> tuple[str, dict[str, str]]:
    """``database_url`` as a libpq URI without its password, and the environment carrying it.

    The password goes in ``PGPASSWORD`` so it never shows in the process list.
    """
    parts = urlsplit(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if parts.password:
        env["PGPASSWORD"] = parts.password
    netloc = parts.netloc.rpartition("@")[2]
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(parts._replace(scheme="postgresql", netloc=netloc)), env


async def server_version(database_url: str) -> tuple[int, str]:
    """The server's major version and its full version string."""
    target, env = libpq_target(database_url)
    connection = await asyncpg.connect(target, password=env.get("PGPASSWORD"))
    try:
        number = int(await connection.fetchval("SHOW server_version_num"))
        text = str(await connection.fetchval("SELECT version()"))
    finally:
        await connection.close()
    return number // 10000, text


def run_tool(command: list[str], env: dict[str, str], what: str) -> str:
    """Run a client program; its stderr becomes the error when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip() or f"exit {result.returncode}"
        raise PgToolsError(f"{what} failed: {detail}")
    return result.stdout
