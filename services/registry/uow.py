"""The registry's unit of work: one transaction, its clock reading, and events in its outbox."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.store import platform
from taplatform.auth.denials import AccessDenial, denial_event
from taplatform.auth.principal import Principal, current_method, current_principal
from taplatform.clock import Clock
from taplatform.errors import PermissionDeniedError, UnauthenticatedError
from taplatform.events import Event
from taplatform.idempotency import IdempotencyStore
from taplatform.logging import get_logger
from taplatform.outbox import add_event

log = get_logger(__name__)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Tx:
    """One open transaction: every write and its events commit together or not at all."""

    connection: AsyncConnection
    now: datetime
    db: Database

    async def emit(
        self, event_type: str, aggregate_type: str, aggregate_id: str, payload: dict[str, Any]
    ) -> None:
        """Write an event to the registry outbox in this transaction."""
        event = Event(
            event_id=uuid.UUID(self.db.new_id()),
            event_type=event_type,
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            payload=payload,
            occurred_at=self.now,
        )
        await add_event(self.connection, platform.outbox, event)


class Database:
    """The registry's engine, clock, id source and idempotency keys."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        idempotency: IdempotencyStore,
        ids: Callable[[], str] = new_id,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.idempotency = idempotency
        self.new_id = ids

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A transaction; a PermissionDeniedError leaving it is audited after the rollback."""
        try:
            async with self.engine.begin() as connection:
                yield Tx(connection, self.clock.now(), self)
        except PermissionDeniedError as denied:
            await self._audit_denial(denied)
            raise

    async def _audit_denial(self, denied: PermissionDeniedError) -> None:
        # Portfolio refusals normally stop at the tenancy gate, which audits them; what
        # reaches here is refused by a handler (e.g. changing another user's instrument).
        principal = current_principal.get()
        denial = AccessDenial(
            actor_user_id=principal.user_id if principal else "",
            portfolio_id=denied.metadata.get("portfolio_id", ""),
            method=current_method.get() or "",
            reason=denied.reason,
            token_id=principal.token_id if principal else "",
        )
        log.warning("access.denied", user_id=denial.actor_user_id, reason=denied.message)
        event = denial_event(
            denial, service="registry", event_id=uuid.UUID(self.new_id()), clock=self.clock
        )
        async with self.engine.begin() as connection:
            await add_event(connection, platform.outbox, event)


def caller() -> Principal:
    """The authenticated caller of this RPC (set by the auth interceptor)."""
    principal = current_principal.get()
    if principal is None:
        raise UnauthenticatedError("authentication required: send authorization: Bearer <token>")
    return principal


def require_admin(principal: Principal) -> Principal:
    """``principal`` if an admin; call it inside a transaction so a refusal is audited."""
    if not principal.is_admin:
        raise PermissionDeniedError("only an admin may do this", reason="ADMIN_REQUIRED")
    return principal
