"""Notifications: what a user is told about an event, its deterministic id, read or unread.

A notification is made from one service event for one recipient. Its id is
derived from the pair, so however often the event is delivered, the
recipient gets one row; the ``NotificationCreated`` event that announces it
has an id derived from the notification's, for the same reason.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from taplatform.errors import InvalidArgumentError

NOTIFICATION_CREATED = "NotificationCreated"
# Fixed forever: changing it would give a redelivered event a second notification.
NAMESPACE = uuid.UUID("6f1d8a52-2a47-4c5e-9d43-1c0b7c8e5a10")
MAX_TITLE = 200
MAX_BODY = 2000
MAX_MARK_IDS = 500


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Audience(enum.StrEnum):
    """Who receives a notification."""

    # The owner of ``Draft.portfolio_id``.
    PORTFOLIO_OWNER = "portfolio_owner"
    # Owners of live portfolios with ``Draft.listing_id`` among their constituents, and admins.
    LISTING_HOLDERS = "listing_holders"


@dataclass(frozen=True)
class Draft:
    """What the catalogue says about one event, before it is addressed to anyone."""

    severity: Severity
    kind: str
    title: str
    body: str
    link: str
    audience: Audience
    portfolio_id: str | None = None
    listing_id: str | None = None


@dataclass(frozen=True)
class Source:
    """The event a notification was made from."""

    service: str
    event_id: uuid.UUID
    event_type: str
    occurred_at: datetime


@dataclass(frozen=True)
class Notification:
    notification_id: str
    recipient_user_id: str
    severity: Severity
    kind: str
    title: str
    body: str
    portfolio_id: str | None
    link: str
    source_event_id: str
    source_event_type: str
    source_service: str
    occurred_at: datetime
    created_at: datetime
    read_at: datetime | None = None


def notification_id(source_event_id: uuid.UUID, recipient_user_id: str) -> str:
    """The id of ``recipient_user_id``'s notification about the event ``source_event_id``."""
    return str(uuid.uuid5(NAMESPACE, f"{source_event_id}:{recipient_user_id}"))


def created_event_id(notification: Notification) -> uuid.UUID:
    """The id of the ``NotificationCreated`` event announcing ``notification``."""
    return uuid.uuid5(NAMESPACE, f"{NOTIFICATION_CREATED}:{notification.notification_id}")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def address(
    draft: Draft, source: Source, recipients: Iterable[str], now: datetime
) -> list[Notification]:
    """One notification per distinct recipient, in recipient order (stable output)."""
    return [
        Notification(
            notification_id=notification_id(source.event_id, user_id),
            recipient_user_id=user_id,
            severity=draft.severity,
            kind=draft.kind,
            title=_clip(draft.title, MAX_TITLE),
            body=_clip(draft.body, MAX_BODY),
            portfolio_id=draft.portfolio_id,
            link=draft.link,
            source_event_id=str(source.event_id),
            source_event_type=source.event_type,
            source_service=source.service,
            occurred_at=source.occurred_at,
            created_at=now,
        )
        for user_id in sorted(set(recipients))
    ]


def created_payload(notification: Notification) -> dict[str, Any]:
    """The ``NotificationCreated`` payload: enough for the edge to route and fetch it.

    ``portfolio_id`` and ``actor_user_id`` are null on purpose: the recipient is the
    only audience, and the edge's raw ``notifications`` relay admits by those fields.
    """
    return {
        "actor_user_id": None,
        "portfolio_id": None,
        "before": None,
        "after": None,
        "recipient_user_id": notification.recipient_user_id,
        "notification_id": notification.notification_id,
        "severity": notification.severity.value,
    }


def mark_ids(ids: Iterable[str]) -> list[str]:
    """Validated, de-duplicated ids to mark read (INVALID_ARGUMENT naming the bad one)."""
    wanted: list[str] = []
    for index, raw in enumerate(ids):
        try:
            value = str(uuid.UUID(raw.strip()))
        except ValueError:
            raise InvalidArgumentError.for_field(
                f"notification_ids[{index}]", f"{raw!r} is not a notification id"
            ) from None
        if value not in wanted:
            wanted.append(value)
    if len(wanted) > MAX_MARK_IDS:
        raise InvalidArgumentError.for_field(
            "notification_ids", f"at most {MAX_MARK_IDS} ids per call"
        )
    return wanted
