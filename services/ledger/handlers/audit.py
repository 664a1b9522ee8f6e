"""Outbox events of the ledger, each with the audit fields: actor, portfolio, before and after."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.ledger import store
from services.ledger.domain.model import CashBalance, EntryKind, Holding, PostedBatch
from services.ledger.domain.posting import Posting
from taplatform.events import Event
from taplatform.outbox import add_event

# Event ids derive from what they describe, so a retried transaction cannot
# produce a second, different event for the same batch.
_EVENT_NAMESPACE = uuid.UUID("5f0d6a4e-4c1b-4a57-9a63-1e0c4c1b7a10")


def _event_id(kind: str, subject: uuid.UUID | str) -> uuid.UUID:
    return uuid.uuid5(_EVENT_NAMESPACE, f"{kind}:{subject}")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _cash(value: CashBalance | None) -> dict[str, str] | None:
    return None if value is None else {"balance": _number(value.balance)}


def _holding(value: Holding | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"quantity": _number(value.quantity), "average_cost": _number(value.average_cost)}


def snapshot_state(
    cash: Mapping[str, CashBalance | None], holdings: Mapping[str, Holding | None]
) -> dict[str, Any]:
    """Snapshots as audit data: ``{"cash": {GBP: …}, "holdings": {listing: …}}``."""
    return {
        "cash": {currency: _cash(cash[currency]) for currency in sorted(cash)},
        "holdings": {listing: _holding(holdings[listing]) for listing in sorted(holdings)},
    }


async def record_batch_posted(
    connection: AsyncConnection, batch: PostedBatch, posting: Posting
) -> None:
    """``BatchPosted`` for the batch, and ``EntryReversed`` for each reversal in it."""
    before = snapshot_state(posting.cash_before, posting.holdings_before)
    after = snapshot_state(posting.cash_after, posting.holdings_after)
    common = {"actor_user_id": batch.actor_user_id, "portfolio_id": batch.portfolio_id}
    entries = [
        {
            "entry_id": str(p.entry.entry_id),
            "kind": p.entry.kind.value,
            "sequence": p.sequence,
            "listing_id": p.affects_listing_id or p.entry.listing_id,
            "cash_change": None if p.cash_change is None else _number(p.cash_change),
        }
        for p in batch.entries
    ]
    payload = {
        **common,
        "batch_id": str(batch.batch_id),
        "batch_sequence": batch.sequence,
        "entries": entries,
        "before": before,
        "after": after,
    }
    await _add(connection, "BatchPosted", batch.batch_id, batch, payload)
    for posted in batch.entries:
        if posted.entry.kind is not EntryKind.REVERSAL:
            continue
        reversal = {
            **common,
            "batch_id": str(batch.batch_id),
            "entry_id": str(posted.entry.entry_id),
            "reversed_entry_id": str(posted.entry.reverses_entry_id),
            "before": before,
            "after": after,
        }
        await _add(connection, "EntryReversed", posted.entry.entry_id, batch, reversal)


async def _add(
    connection: AsyncConnection,
    event_type: str,
    subject: uuid.UUID,
    batch: PostedBatch,
    payload: dict[str, Any],
) -> None:
    await add_event(
        connection,
        store.platform.outbox,
        Event(
            event_id=_event_id(event_type, subject),
            event_type=event_type,
            aggregate_type="portfolio",
            aggregate_id=batch.portfolio_id,
            payload=payload,
            occurred_at=batch.posted_at,
        ),
    )


async def record_account_updated(
    connection: AsyncConnection,
    *,
    portfolio_id: str,
    actor_user_id: str | None,
    version: int,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    at: datetime,
) -> None:
    """``AccountUpdated``: the negative-cash / short flags changed."""
    await add_event(
        connection,
        store.platform.outbox,
        Event(
            event_id=_event_id("AccountUpdated", f"{portfolio_id}:{version}"),
            event_type="AccountUpdated",
            aggregate_type="portfolio",
            aggregate_id=portfolio_id,
            payload={
                "actor_user_id": actor_user_id,
                "portfolio_id": portfolio_id,
                "version": version,
                "before": before,
                "after": after,
            },
            occurred_at=at,
        ),
    )
