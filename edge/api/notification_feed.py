"""The stored notification feed: list, unread count, mark read, and new ones live.

The registry keeps the rows and decides who sees what; the edge only asks as
the caller. The ``notificationFeed`` subscription follows the registry's
stream for ``NotificationCreated`` events addressed to the subscriber and
fetches each notification with the subscriber's own credentials.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import grpc
import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.alerts import Severity
from edge.api.convert import EdgeInfo, time_or_none, timestamp
from edge.api.errors import ExpectedError, expected
from edge.api.notifications import NotificationsUnavailableError, subscriber
from edge.api.reference import page_request
from edge.context import EdgeContext
from edge.rpc import ServiceCallError
from taplatform.events import stream_name

# The registry's announcement of a new notification (payload: recipient_user_id, notification_id).
NOTIFICATION_CREATED = "NotificationCreated"
STREAMS = (stream_name("registry"),)


@strawberry.type(
    name="UserNotification",
    description="Something you should know (an alert, a freeze, a blocked run, a halt), kept "
    "until read; `link` is the app route of what it is about.",
)
class UserNotification:
    id: strawberry.ID
    severity: Severity | None
    kind: str = strawberry.field(description="dq_alert, portfolio_frozen, run_blocked, …")
    title: str
    body: str
    portfolio_id: strawberry.ID | None
    link: str
    source_event_id: strawberry.ID
    source_event_type: str
    source_service: str
    occurred_at: datetime | None
    created_at: datetime | None
    read_at: datetime | None

    @strawberry.field(description="Whether it has been marked read.")
    def read(self) -> bool:
        return self.read_at is not None

    @classmethod
    def from_pb(cls, value: registry_pb2.Notification) -> UserNotification:
        name = registry_pb2.NotificationSeverity.Name(value.severity)
        return cls(
            id=strawberry.ID(value.notification_id),
            severity=Severity.__members__.get(name.removeprefix("NOTIFICATION_SEVERITY_")),
            kind=value.kind,
            title=value.title,
            body=value.body,
            portfolio_id=strawberry.ID(value.portfolio_id) if value.portfolio_id else None,
            link=value.link,
            source_event_id=strawberry.ID(value.source_event_id),
            source_event_type=value.source_event_type,
            source_service=value.source_service,
            occurred_at=time_or_none(value.occurred_at),
            created_at=time_or_none(value.created_at),
            read_at=time_or_none(value.read_at),
        )


@strawberry.type
class UserNotificationPage:
    items: list[UserNotification]
    next_page_token: str | None


@strawberry.type(description="How many of your notifications are unread.")
class UnreadNotificationCount:
    unread: int
    critical: int = strawberry.field(description="Unread ones of CRITICAL severity.")


@strawberry.type(description="Notifications marked read by this call, and how many stay unread.")
class NotificationsMarked:
    marked: int
    unread: int


UserNotificationPageResult = Annotated[
    UserNotificationPage | ExpectedError, strawberry.union("UserNotificationPageResult")
]
UnreadNotificationCountResult = Annotated[
    UnreadNotificationCount | ExpectedError, strawberry.union("UnreadNotificationCountResult")
]
MarkNotificationsReadResult = Annotated[
    NotificationsMarked | ExpectedError, strawberry.union("MarkNotificationsReadResult")
]


@strawberry.type
class NotificationFeedQuery:
    @strawberry.field(description="Your notifications, newest first.")
    async def notifications(
        self,
        info: EdgeInfo,
        unread_only: bool = False,
        first: int = 50,
        after: str | None = None,
    ) -> UserNotificationPageResult:
        async def call() -> UserNotificationPage:
            request = registry_pb2.ListNotificationsRequest(
                unread_only=unread_only, page=page_request(first, after)
            )
            response = await info.context.registry.ListNotifications(request)
            return UserNotificationPage(
                items=[UserNotification.from_pb(n) for n in response.notifications],
                next_page_token=response.page_info.next_page_token or None,
            )

        return await expected(call)

    @strawberry.field(description="How many of your notifications are unread.")
    async def unread_notification_count(self, info: EdgeInfo) -> UnreadNotificationCountResult:
        async def call() -> UnreadNotificationCount:
            request = registry_pb2.GetUnreadNotificationCountRequest()
            response = await info.context.registry.GetUnreadNotificationCount(request)
            return UnreadNotificationCount(
                unread=response.unread_count, critical=response.unread_critical_count
            )

        return await expected(call)


@strawberry.type
class NotificationFeedMutation:
    @strawberry.mutation(
        description="Mark notifications read: `ids`, or every one created up to `upTo` (send "
        "the newest `createdAt` you have shown, so nothing unseen is marked). Idempotent."
    )
    async def mark_notifications_read(
        self,
        info: EdgeInfo,
        ids: list[strawberry.ID] | None = None,
        up_to: datetime | None = None,
    ) -> MarkNotificationsReadResult:
        async def call() -> NotificationsMarked:
            request = registry_pb2.MarkNotificationsReadRequest(
                notification_ids=[str(i) for i in ids or []],
                up_to=timestamp(up_to) if up_to is not None else None,
            )
            response = await info.context.registry.MarkNotificationsRead(request)
            return NotificationsMarked(marked=response.marked, unread=response.unread_count)

        return await expected(call)


async def subscriber_id(context: EdgeContext) -> str:
    """The signed-in subscriber's user id."""
    return str((await subscriber(context)).user_id)


@strawberry.type
class NotificationFeedSubscription:
    @strawberry.subscription(description="Your new notifications as they are created.")
    async def notification_feed(self, info: EdgeInfo) -> AsyncGenerator[UserNotification, None]:
        context = info.context
        if context.events is None:
            raise NotificationsUnavailableError("the edge has no event stream (TA_REDIS_URL)")
        # The cursor first: nothing announced while the subscriber is identified is lost.
        cursor = await context.events.follow(STREAMS)
        me = await subscriber_id(context)
        async for event in cursor.events():
            if event.event_type != NOTIFICATION_CREATED:
                continue
            if event.payload.get("recipient_user_id") != me:
                continue
            request = registry_pb2.GetNotificationRequest(
                notification_id=str(event.payload.get("notification_id", ""))
            )
            try:
                found = await context.registry.GetNotification(request)
            except ServiceCallError as error:
                if error.code is grpc.StatusCode.NOT_FOUND:
                    continue  # removed (retention) before we fetched it
                raise
            yield UserNotification.from_pb(found.notification)
