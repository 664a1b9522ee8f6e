"""pg_dump/pg_restore are chosen by the server's major version; URLs keep passwords off argv."""

from __future__ import annotations

from pathlib import Path

import pytest

from taplatform.cli.pgtools import PgToolsError, find_pg_tools, libpq_target


def fake_bin(root: Path, name: str, version: str) -> Path:
    folder = root / name
    folder.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        script = folder / tool
        script.write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) {version}'\n")
        script.chmod(0o755)
    return folder


def test_the_same_major_wins_else_the_oldest_newer_one_and_older_tools_never(
    tmp_path: Path,
) -> None:
    v14 = fake_bin(tmp_path, "v14", "14.9")
    v17 = fake_bin(tmp_path, "v17", "17.1")
    v16 = fake_bin(tmp_path, "v16", "16.2")
    v15 = fake_bin(tmp_path, "v15", "15.20 (Debian 15.20-0+deb12u1)")
    empty = tmp_path / "empty"
    empty.mkdir()

    assert find_pg_tools(15, [empty, v14, v17, v16, v15]).bin_dir == v15
    assert find_pg_tools(15, [v14, v17, v16]).bin_dir == v16
    assert find_pg_tools(16, [v15, v16]).version == "pg_dump (PostgreSQL) 16.2"
    with pytest.raises(PgToolsError, match="no pg_dump/pg_restore for PostgreSQL 15 or newer"):
        find_pg_tools(15, [v14, empty])


def test_the_password_travels_in_the_environment_not_the_command_line() -> None:
    target, env = libpq_target("postgresql://ta:s3cret@db.example:5432/trading")
    socket_target, socket_env = libpq_target("postgresql://postgres:@/trading?host=/tmp/pg")

    assert (target, env["PGPASSWORD"]) == ("postgresql://ta@db.example:5432/trading", "s3cret")
    assert socket_target == "postgresql://postgres@/trading?host=/tmp/pg"
    assert "PGPASSWORD" not in socket_env
