"""Create-once: a client ``request_id`` replays the first result instead of creating twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from services.registry.domain.audit import to_json_types
from services.registry.uow import Tx
from taplatform.auth.principal import Principal

T = TypeVar("T")


async def create_once(
    tx: Tx,
    principal: Principal,
    operation: str,
    request_id: str | None,
    request: Mapping[str, Any],
    create: Callable[[], Awaitable[str]],
    load: Callable[[str], Awaitable[T]],
) -> T:
    """Run ``create`` (returning the new id) once per ``request_id``; a replay loads that id.

    Keys are scoped per user, so one user's request id never replays another's result.
    The same id with a different request is ALREADY_EXISTS naming the differing field.
    """
    if request_id is None:
        return await load(await create())
    scope = f"{operation}:{principal.user_id}"
    request = to_json_types(dict(request))
    claim = await tx.db.idempotency.begin(tx.connection, scope, request_id, request)
    if not claim.is_new:
        assert claim.response is not None
        return await load(claim.response.decode())
    created = await create()
    await tx.db.idempotency.complete(tx.connection, scope, request_id, created.encode())
    return await load(created)
