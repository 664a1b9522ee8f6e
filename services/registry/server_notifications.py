"""Notification RPCs of the RegistryService: the caller's own feed, protobuf in and out."""

from __future__ import annotations

from typing import Any

from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry import convert as cv
from services.registry.domain.notifications import Notification, Severity
from services.registry.handlers.notifications import NotificationHandlers
from services.registry.uow import caller

Context = Any

SEVERITY_OUT = {
    Severity.INFO: pb.NOTIFICATION_SEVERITY_INFO,
    Severity.WARNING: pb.NOTIFICATION_SEVERITY_WARNING,
    Severity.CRITICAL: pb.NOTIFICATION_SEVERITY_CRITICAL,
}


def notification_out(value: Notification) -> pb.Notification:
    return pb.Notification(
        notification_id=value.notification_id,
        severity=SEVERITY_OUT[value.severity],
        kind=value.kind,
        title=value.title,
        body=value.body,
        portfolio_id=value.portfolio_id or "",
        link=value.link,
        source_event_id=value.source_event_id,
        source_event_type=value.source_event_type,
        source_service=value.source_service,
        occurred_at=cv.timestamp_out(value.occurred_at),
        created_at=cv.timestamp_out(value.created_at),
        read_at=cv.timestamp_out(value.read_at),
    )


class NotificationRpcs:
    """Mixed into the servicer, which sets ``_notifications``."""

    _notifications: NotificationHandlers

    async def ListNotifications(
        self, request: pb.ListNotificationsRequest, context: Context
    ) -> Any:
        found, token = await self._notifications.list_notifications(
            caller(), request.unread_only, cv.page_in(request.page)
        )
        return pb.ListNotificationsResponse(
            notifications=[notification_out(n) for n in found], page_info=cv.page_info_out(token)
        )

    async def GetNotification(self, request: pb.GetNotificationRequest, context: Context) -> Any:
        found = await self._notifications.get(caller(), request.notification_id)
        return pb.GetNotificationResponse(notification=notification_out(found))

    async def MarkNotificationsRead(
        self, request: pb.MarkNotificationsReadRequest, context: Context
    ) -> Any:
        up_to = cv.timestamp_in(request.up_to) if request.HasField("up_to") else None
        marked = await self._notifications.mark_read(
            caller(), list(request.notification_ids), up_to
        )
        return pb.MarkNotificationsReadResponse(
            marked=marked.marked, unread_count=marked.unread_count
        )

    async def GetUnreadNotificationCount(
        self, request: pb.GetUnreadNotificationCountRequest, context: Context
    ) -> Any:
        unread, critical = await self._notifications.unread_count(caller())
        return pb.GetUnreadNotificationCountResponse(
            unread_count=unread, unread_critical_count=critical
        )
