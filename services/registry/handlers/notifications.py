"""The caller's notifications: list, fetch one, count unread, mark read.

Every query is scoped to the caller's user id, so another user's
notification is indistinguishable from one that does not exist (NOT_FOUND).
Reading is not audited: it changes nothing but the reader's own badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.registry import notification_store as store
from services.registry.domain.fields import parse_id
from services.registry.domain.notifications import Notification, mark_ids
from services.registry.paging import Page
from services.registry.uow import Database
from taplatform.auth.principal import Principal
from taplatform.errors import InvalidArgumentError, NotFoundError


@dataclass(frozen=True)
class Marked:
    """How many were unread before the call, and how many unread remain."""

    marked: int
    unread_count: int


class NotificationHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def list_notifications(
        self, principal: Principal, unread_only: bool, page: Page
    ) -> tuple[list[Notification], str]:
        """The caller's notifications, newest first."""
        async with self._db.engine.connect() as connection:
            return await store.page_of(connection, principal.user_id, unread_only, page)

    async def get(self, principal: Principal, notification_id: str) -> Notification:
        """One of the caller's notifications; NOT_FOUND for anyone else's."""
        ident = parse_id(notification_id)
        found = None
        if ident is not None:
            async with self._db.engine.connect() as connection:
                found = await store.one(connection, principal.user_id, ident)
        if found is None:
            raise NotFoundError(
                f"notification_id: no notification {notification_id}",
                metadata={"notification_id": notification_id},
            )
        return found

    async def unread_count(self, principal: Principal) -> tuple[int, int]:
        """(unread, unread critical) of the caller."""
        async with self._db.engine.connect() as connection:
            return await store.unread_counts(connection, principal.user_id)

    async def mark_read(
        self, principal: Principal, ids: list[str], up_to: datetime | None
    ) -> Marked:
        """Mark ``ids`` (all the caller's, else nothing changes) or everything up to ``up_to``."""
        if bool(ids) == (up_to is not None):
            raise InvalidArgumentError.for_field(
                "notification_ids", "send either notification ids or up_to, not both or neither"
            )
        wanted = mark_ids(ids)
        user_id = principal.user_id
        async with self._db.transaction() as tx:
            if wanted:
                mine = await store.owned_ids(tx.connection, user_id, wanted)
                missing = [i for i in wanted if i not in mine]
                if missing:
                    index = next(i for i, raw in enumerate(ids) if parse_id(raw) == missing[0])
                    raise NotFoundError(
                        f"notification_ids[{index}]: no notification {missing[0]}",
                        metadata={"notification_id": missing[0]},
                    )
            marked = await store.mark_read(tx.connection, user_id, tx.now, ids=wanted, up_to=up_to)
            unread, _ = await store.unread_counts(tx.connection, user_id)
        return Marked(marked, unread)
