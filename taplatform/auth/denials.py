"""Denied portfolio access, audited: an ``AccessDenied`` event in the denying service's outbox.

The event takes the ordinary path of every audit event: outbox → relay →
``ta:events:<service>`` → the registry's audit consumer, which stores it
append-only. Its payload has the audit shape (``actor_user_id``,
``portfolio_id``, ``before``/``after``) plus the method and reason code.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.clock import Clock, SystemClock
from taplatform.events import Event
from taplatform.outbox import add_event

ACCESS_DENIED = "AccessDenied"


@dataclass(frozen=True)
class AccessDenial:
    """One refused attempt by a signed-in user to act on a portfolio."""

    actor_user_id: str
    portfolio_id: str
    # Full gRPC method, e.g. "/tradingassistant.ledger.v1.LedgerService/ListHoldings".
    method: str
    # The refusal's reason code: PERMISSION_DENIED or NOT_FOUND.
    reason: str
    token_id: str = ""


class DenialRecorder(Protocol):
    """Where a service writes down the portfolio accesses it refused."""

    async def record(self, denial: AccessDenial) -> None:
        """Persist ``denial``; raising is allowed (the caller still denies)."""
        ...


def denial_event(denial: AccessDenial, *, service: str, event_id: uuid.UUID, clock: Clock) -> Event:
    """The audit event for ``denial`` as ``service`` writes it."""
    return Event(
        event_id=event_id,
        event_type=ACCESS_DENIED,
        aggregate_type="portfolio",
        aggregate_id=denial.portfolio_id,
        payload={
            "actor_user_id": denial.actor_user_id,
            "portfolio_id": denial.portfolio_id,
            "method": denial.method,
            "reason": denial.reason,
            "service": service,
            "token_id": denial.token_id,
            "before": None,
            "after": None,
        },
        occurred_at=clock.now(),
    )


class OutboxDenialRecorder:
    """Writes each denial to the service's own outbox in a transaction of its own.

    A denial changes no other state, so the event is the whole transaction.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        *,
        service: str,
        clock: Clock | None = None,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._service = service
        self._clock = clock or SystemClock()
        self._new_id = new_id

    async def record(self, denial: AccessDenial) -> None:
        event = denial_event(
            denial, service=self._service, event_id=self._new_id(), clock=self._clock
        )
        async with self._engine.begin() as connection:
            await add_event(connection, self._outbox, event)
