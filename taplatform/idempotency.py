"""Idempotency keys for write RPCs a client may retry.

Within the write's own transaction a handler calls :meth:`IdempotencyStore.begin`
with the client's key and the request as plain data:

* a new key is recorded and the handler proceeds, then stores its response
  with :meth:`IdempotencyStore.complete` (same transaction);
* the same key with the same request returns the first response (a replay);
* the same key with a different request raises
  :class:`~taplatform.errors.AlreadyExistsError` whose reason names the first
  differing field (``EXISTS_WITH_DIFFERENT_AMOUNT``) and whose message lists all.

Two concurrent first submits are serialised by the primary key: the second
waits for the first transaction and then sees its committed response. Keys
expire after ``ttl``; an expired key counts as new.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import MetaData, Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from taplatform.canonical import canonical_json, sha256_hex
from taplatform.clock import Clock, SystemClock
from taplatform.errors import AlreadyExistsError, InvalidArgumentError
from taplatform.tables import platform_tables

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Claim:
    """The outcome of :meth:`IdempotencyStore.begin`."""

    is_new: bool
    response: bytes | None = None


class IdempotencyStore:
    """The ``idempotency_keys`` table of one service schema."""

    def __init__(self, table: Table, ttl: timedelta, clock: Clock) -> None:
        self._table = table
        self._ttl = ttl
        self._clock = clock
        # Built once so SQLAlchemy compiles it once: claim a new key, or take
        # over an expired one; RETURNING yields a row only when we got it.
        statement = insert(table)
        columns = ("request_hash", "request", "response", "created_at", "expires_at")
        self._claim = statement.on_conflict_do_update(
            index_elements=[table.c.scope, table.c.key],
            set_={name: statement.excluded[name] for name in columns},
            where=table.c.expires_at <= bindparam("claim_now"),
        ).returning(table.c.key)

    @classmethod
    async def create(
        cls,
        engine: AsyncEngine,
        *,
        schema: str,
        ttl: timedelta = timedelta(days=30),
        clock: Clock | None = None,
    ) -> IdempotencyStore:
        """Bind to ``<schema>.idempotency_keys``, failing now if it was never migrated."""
        table = platform_tables(MetaData(schema=schema)).idempotency_keys
        async with engine.connect() as connection:
            found = await connection.run_sync(
                lambda sync: sync.dialect.has_table(sync, "idempotency_keys", schema=schema)
            )
        if not found:
            raise RuntimeError(
                f"{schema}.idempotency_keys is missing: run `tradingassistant migrate`"
            )
        return cls(table, ttl, clock or SystemClock())

    async def begin(
        self, connection: AsyncConnection, scope: str, key: str, request: Mapping[str, Any]
    ) -> Claim:
        """Claim ``key`` in ``scope`` for ``request``, or replay / refuse (see module doc)."""
        _check_key(key)
        table = self._table
        now = self._clock.now()
        request_hash = sha256_hex(dict(request))
        values = {
            "scope": scope,
            "key": key,
            "request_hash": request_hash,
            "request": dict(request),
            "response": None,
            "created_at": now,
            "expires_at": now + self._ttl,
            "claim_now": now,
        }
        if (await connection.execute(self._claim, values)).first() is not None:
            return Claim(is_new=True)
        row = (
            await connection.execute(
                select(table.c.request_hash, table.c.request, table.c.response).where(
                    table.c.scope == scope, table.c.key == key
                )
            )
        ).one()
        if row.request_hash != request_hash:
            raise _difference_error(key, row.request, dict(request))
        return Claim(is_new=False, response=row.response)

    async def complete(
        self, connection: AsyncConnection, scope: str, key: str, response: bytes
    ) -> None:
        """Store the response of a claimed key, in the same transaction as the write."""
        await connection.execute(
            update(self._table)
            .where(self._table.c.scope == scope, self._table.c.key == key)
            .values(response=response)
        )


def _check_key(key: str) -> None:
    if not key or not key.strip():
        raise InvalidArgumentError.for_field("idempotency_key", "must not be empty")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidArgumentError.for_field(
            "idempotency_key", f"must be at most {MAX_KEY_LENGTH} characters"
        )


def differing_fields(first: Any, second: Any, path: str = "") -> list[str]:
    """Paths where two JSON-like values differ, e.g. ``["amount", "entries[1].price"]``."""
    if isinstance(first, dict) and isinstance(second, dict):
        found: list[str] = []
        for name in sorted(set(first) | set(second)):
            child = f"{path}.{name}" if path else name
            found += differing_fields(first.get(name), second.get(name), child)
        return found
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        found = []
        for index, (a, b) in enumerate(zip(first, second, strict=True)):
            found += differing_fields(a, b, f"{path}[{index}]")
        return found
    return [] if first == second else [path or "request"]


def _difference_error(key: str, stored: Any, given: Any) -> AlreadyExistsError:
    # The stored request went through JSON; compare like with like.
    fields = differing_fields(stored, json.loads(canonical_json(given))) or ["request"]
    leaf = fields[0].rsplit(".", 1)[-1].split("[", 1)[0]
    return AlreadyExistsError(
        f"idempotency key {key!r} was already used with a different " + ", ".join(fields),
        reason=f"EXISTS_WITH_DIFFERENT_{leaf.upper()}",
        metadata={"fields": ",".join(fields)},
    )
