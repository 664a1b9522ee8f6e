"""Notifications: events on the streams become rows once each, seen only by their recipients."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import redis.asyncio as aioredis
from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1.types_pb2 import PageRequest
from tradingassistant.registry.v1 import registry_pb2 as pb

from taplatform.events import Event, stream_name
from tests.registry.harness import Caller, Registry
from tests.registry.test_audit import relay
from tests.registry.test_identity import eventually, refused
from tests.registry.universe import listing, portfolio

SOURCE_ROWS = "SELECT count(*) FROM registry.notifications WHERE source_event_id = :id"


def oms_event(event_type: str, portfolio_id: str, **extra: Any) -> Event:
    payload = {"actor_user_id": None, "portfolio_id": portfolio_id, "before": None, **extra}
    return Event(uuid.uuid4(), event_type, "portfolio", portfolio_id, payload, _at())


def _at() -> datetime:
    return datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


async def publish(redis: aioredis.Redis, service: str, event: Event) -> None:
    """What a service's relay does: the event onto ``ta:events:<service>``."""
    await redis.xadd(stream_name(service), event.to_stream_fields())


async def drained(redis: aioredis.Redis, group: str, service: str) -> bool:
    """Whether ``group`` has read and acknowledged everything on the service's stream."""
    stream = stream_name(service)
    last = await redis.xrevrange(stream, count=1)
    for info in await redis.xinfo_groups(stream):
        if info["name"].decode() == group:
            return bool(last) and info["last-delivered-id"] == last[0][0] and info["pending"] == 0
    return False


async def wait_drained(registry: Registry, redis: aioredis.Redis, service: str) -> None:
    group = registry.settings.notification_consumer_group
    assert await eventually(lambda: drained(redis, group, service), True), service


async def feed(caller: Caller, unread_only: bool = False) -> list[pb.Notification]:
    found, token = [], ""
    while True:
        page = await caller(
            "ListNotifications",
            pb.ListNotificationsRequest(
                unread_only=unread_only, page=PageRequest(page_size=2, page_token=token)
            ),
        )
        found += page.notifications
        token = page.page_info.next_page_token
        if not token:
            return found


async def unread(caller: Caller) -> tuple[int, int]:
    reply = await caller("GetUnreadNotificationCount", pb.GetUnreadNotificationCountRequest())
    return reply.unread_count, reply.unread_critical_count


async def test_a_redelivered_event_makes_one_notification_and_one_announcement(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    pid = (await portfolio(alice)).portfolio_id
    engaged = oms_event("KillSwitchEngaged", pid, reason="market chaos", version=2)
    await publish(redis_client, "oms", engaged)
    await publish(redis_client, "oms", engaged)  # at-least-once: the same event again
    await wait_drained(registry, redis_client, "oms")

    assert await registry.scalar(SOURCE_ROWS, id=engaged.event_id) == 1
    [made] = await feed(alice)
    assert (made.severity, made.kind, made.title) == (
        pb.NOTIFICATION_SEVERITY_CRITICAL,
        "kill_switch",
        "Kill switch engaged: trading halted",
    )
    assert (made.body, made.portfolio_id, made.link) == (
        "market chaos",
        pid,
        f"/portfolios/{pid}/trading",
    )
    assert (made.source_event_id, made.source_service) == (str(engaged.event_id), "oms")
    assert not made.HasField("read_at")
    announcements = await registry.rows(
        "SELECT payload FROM registry.outbox WHERE event_type = 'NotificationCreated' "
        "AND aggregate_id = :id",
        id=made.notification_id,
    )
    assert [r.payload["recipient_user_id"] for r in announcements] == [alice.user.user_id]
    assert announcements[0].payload["severity"] == "critical"
    assert await unread(alice) == (1, 1)


async def test_only_the_recipient_sees_reads_or_marks_a_notification(
    registry: Registry, alice: Caller, bob: Caller, redis_client: aioredis.Redis
) -> None:
    pid = (await portfolio(alice)).portfolio_id
    reason = pb.FreezeReason(source="manual", reference="holiday", detail="away until May")
    await alice("FreezePortfolio", pb.FreezePortfolioRequest(portfolio_id=pid, reason=reason))
    await relay(registry, redis_client)
    await wait_drained(registry, redis_client, "registry")

    [made] = await feed(alice)
    assert (made.kind, made.body, made.link) == (
        "portfolio_frozen",
        "away until May",
        f"/portfolios/{pid}",
    )
    assert await feed(bob) == [] and await unread(bob) == (0, 0)
    lookup = pb.GetNotificationRequest(notification_id=made.notification_id)
    assert (await refused(bob("GetNotification", lookup))).code() == grpc.StatusCode.NOT_FOUND
    theirs = pb.MarkNotificationsReadRequest(notification_ids=[made.notification_id])
    denied = await refused(bob("MarkNotificationsRead", theirs))
    assert denied.code() == grpc.StatusCode.NOT_FOUND
    assert "notification_ids[0]" in (denied.details() or "")
    assert await unread(alice) == (1, 0)

    first = await alice("MarkNotificationsRead", theirs)
    read_at = (await alice("GetNotification", lookup)).notification.read_at
    registry.clock.advance(timedelta(minutes=5))
    again = await alice("MarkNotificationsRead", theirs)

    assert (first.marked, first.unread_count) == (1, 0)
    assert (again.marked, again.unread_count) == (0, 0)
    assert (await alice("GetNotification", lookup)).notification.read_at == read_at
    assert await feed(alice, unread_only=True) == []


async def test_a_listing_alert_reaches_every_holder_and_the_admins_and_nobody_else(
    registry: Registry, alice: Caller, bob: Caller, redis_client: aioredis.Redis
) -> None:
    carol = await registry.new_user()
    held = (await listing(alice)).listing_id
    for owner in (alice, bob):
        pid = (await portfolio(owner)).portfolio_id
        await owner("AddConstituent", pb.AddConstituentRequest(portfolio_id=pid, listing_id=held))
    await portfolio(carol)
    after = {"rule": "scale", "severity": "critical", "freeze": True, "message": "GBX vs GBP"}
    alert = Event(uuid.uuid4(), "AlertOpened", "alert", "a-1", _alert(held, after), _at())
    quiet = {**after, "severity": "warning", "freeze": False}
    noise = Event(uuid.uuid4(), "AlertOpened", "alert", "a-2", _alert(held, quiet), _at())
    await publish(redis_client, "marketdata", alert)
    await publish(redis_client, "marketdata", noise)
    await wait_drained(registry, redis_client, "marketdata")

    admins = {
        r.user_id
        for r in await registry.rows(
            "SELECT user_id::text FROM registry.users WHERE role = 'admin'"
        )
    }
    recipients = await registry.rows(
        "SELECT recipient_user_id::text AS user_id, portfolio_id FROM registry.notifications "
        "WHERE source_event_id = :id",
        id=alert.event_id,
    )
    assert {r.user_id for r in recipients} == {alice.user.user_id, bob.user.user_id} | admins
    assert {r.portfolio_id for r in recipients} == {None}
    assert await registry.scalar(SOURCE_ROWS, id=noise.event_id) == 0
    assert await feed(carol) == []
    [seen] = await feed(bob)
    assert (seen.severity, seen.link) == (
        pb.NOTIFICATION_SEVERITY_CRITICAL,
        f"/listings/{held}/prices",
    )


def _alert(listing_id: str, after: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_user_id": "system:marketdata",
        "portfolio_id": None,
        "before": None,
        "after": {**after, "listing_id": listing_id},
        "listing_id": listing_id,
    }


async def test_the_audit_log_keeps_the_source_event_but_not_the_announcement(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    pid = (await portfolio(alice)).portfolio_id
    reason = pb.FreezeReason(source="manual", reference="r", detail="check")
    await alice("FreezePortfolio", pb.FreezePortfolioRequest(portfolio_id=pid, reason=reason))
    await relay(registry, redis_client)
    await wait_drained(registry, redis_client, "registry")
    [made] = await feed(alice)
    assert await relay(registry, redis_client) >= 1  # the NotificationCreated announcement
    group = registry.settings.audit_consumer_group
    assert await eventually(lambda: drained(redis_client, group, "registry"), True)

    audited = await registry.rows(
        "SELECT event_type FROM registry.audit_events WHERE portfolio_id = :pid "
        "OR aggregate_id = :nid",
        pid=pid,
        nid=made.notification_id,
    )
    assert "PortfolioFrozen" in {r.event_type for r in audited}
    assert "NotificationCreated" not in {r.event_type for r in audited}


async def test_the_feed_pages_newest_first_and_marks_everything_up_to_a_time(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    pid = (await portfolio(alice)).portfolio_id
    made = []
    for step, kind in enumerate(("KillSwitchEngaged", "KillSwitchReleased", "KillSwitchEngaged")):
        registry.clock.advance(timedelta(minutes=1))
        await publish(redis_client, "oms", oms_event(kind, pid, reason=f"step {step}"))
        await wait_drained(registry, redis_client, "oms")
        made.append(registry.clock.now())

    listed = await feed(alice)
    assert [n.body for n in listed] == ["step 2", "step 1", "step 0"]
    up_to = Timestamp()
    up_to.FromDatetime(made[1])
    marked = await alice("MarkNotificationsRead", pb.MarkNotificationsReadRequest(up_to=up_to))

    assert (marked.marked, marked.unread_count) == (2, 1)
    assert [n.body for n in await feed(alice, unread_only=True)] == ["step 2"]
    assert await unread(alice) == (1, 1)


async def test_bad_mark_requests_are_refused_naming_the_field_and_change_nothing(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    pid = (await portfolio(alice)).portfolio_id
    await publish(redis_client, "oms", oms_event("KillSwitchEngaged", pid, reason="x"))
    await wait_drained(registry, redis_client, "oms")
    [made] = await feed(alice)
    stamp = Timestamp()
    stamp.FromDatetime(registry.clock.now())
    requests = {
        "neither": pb.MarkNotificationsReadRequest(),
        "both": pb.MarkNotificationsReadRequest(
            notification_ids=[made.notification_id], up_to=stamp
        ),
        "malformed": pb.MarkNotificationsReadRequest(
            notification_ids=[made.notification_id, "not-an-id"]
        ),
    }
    for name, request in requests.items():
        error = await refused(alice("MarkNotificationsRead", request))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, name
        assert "notification_ids" in (error.details() or ""), name
    assert "notification_ids[1]" in (error.details() or "")
    assert await unread(alice) == (1, 1)
    bad_page = pb.ListNotificationsRequest(page=PageRequest(page_token="garbage"))
    assert (await refused(alice("ListNotifications", bad_page))).code() == (
        grpc.StatusCode.INVALID_ARGUMENT
    )
