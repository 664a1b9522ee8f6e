"""Rule settings and ingestion schedules over gRPC, with the real registry deciding who may act:
field-named validation errors, version conflicts, tenancy, and the scheduled tick."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.marketdata import jobs
from tests.marketdata.conftest import Stack
from tests.marketdata.provider_server import ProviderServer, data_reply
from tests.registry.harness import Caller, bearer
from tests.registry.universe import dec, listing, portfolio

QUOTE = "/q/l/"


async def call(stack: Stack, caller: Caller, method: str, request: Any) -> Any:
    stub = getattr(stack.marketdata, method)
    return await stub(request, metadata=bearer(caller.token), timeout=20)


async def refused(stack: Stack, caller: Caller, method: str, request: Any) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(stack, caller, method, request)
    return caught.value


def details(error: grpc.aio.AioRpcError) -> tuple[dict[str, str], list[str]]:
    """The ErrorInfo metadata and the BadRequest field paths of a refusal."""
    status = rpc_status.from_call(error)
    assert status is not None
    metadata: dict[str, str] = {}
    fields: list[str] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            metadata = dict(info.metadata)
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields += [v.field for v in bad.field_violations]
    return metadata, fields


def jump(threshold: str) -> list[md.RuleOverride]:
    return [md.RuleOverride(rule="jump", settings={"threshold": threshold})]


async def test_bad_settings_name_the_field_change_nothing_and_stale_versions_abort(
    stack: Stack,
) -> None:
    owned = await portfolio(stack.user)
    scope = md.RuleScope(portfolio_id=owned.portfolio_id)
    bad = await refused(
        stack,
        stack.user,
        "UpdateRuleSettings",
        md.UpdateRuleSettingsRequest(scope=scope, rules=jump("0")),
    )
    assert bad.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "rules.jump.threshold: must be > 0" in (bad.details() or "")
    assert details(bad)[1] == ["rules.jump.threshold"]
    read = await call(stack, stack.user, "GetRuleSettings", md.GetRuleSettingsRequest(scope=scope))
    assert (read.settings.version, list(read.settings.overrides)) == (0, [])

    saved = await call(
        stack,
        stack.user,
        "UpdateRuleSettings",
        md.UpdateRuleSettingsRequest(scope=scope, rules=jump("0.4")),
    )
    assert saved.settings.version == 1
    [rule] = [r for r in saved.settings.effective if r.rule == "jump"]
    [threshold] = [p for p in rule.parameters if p.name == "threshold"]
    assert (threshold.value, threshold.default_value, threshold.source, threshold.source_id) == (
        "0.4",
        "0.2",
        md.SETTING_SOURCE_PORTFOLIO,
        owned.portfolio_id,
    )
    stale = await refused(
        stack,
        stack.user,
        "UpdateRuleSettings",
        md.UpdateRuleSettingsRequest(scope=scope, expected_version=0, rules=jump("0.3")),
    )
    assert stale.code() is grpc.StatusCode.ABORTED
    assert details(stale)[0]["current_version"] == "1"


async def test_only_owners_reach_a_portfolio_and_only_admins_change_a_listing(
    stack: Stack,
) -> None:
    owned = await portfolio(stack.user)
    other = await stack.registry.new_user()
    theirs = md.RuleScope(portfolio_id=owned.portfolio_id)
    denied = await refused(stack, other, "GetRuleSettings", md.GetRuleSettingsRequest(scope=theirs))
    assert denied.code() is grpc.StatusCode.PERMISSION_DENIED
    schedule = await refused(
        stack,
        other,
        "GetIngestionSchedule",
        md.GetIngestionScheduleRequest(portfolio_id=owned.portfolio_id),
    )
    assert schedule.code() is grpc.StatusCode.PERMISSION_DENIED

    made = await listing(stack.user, price_scale=dec("0.01"))
    scope = md.RuleScope(listing_id=made.listing_id)
    change = md.UpdateRuleSettingsRequest(scope=scope, rules=jump("0.5"))
    not_admin = await refused(stack, stack.user, "UpdateRuleSettings", change)
    assert not_admin.code() is grpc.StatusCode.PERMISSION_DENIED
    admin = await stack.registry.ensure_admin()
    await call(stack, admin, "UpdateRuleSettings", change)
    read = await call(stack, other, "GetRuleSettings", md.GetRuleSettingsRequest(scope=scope))
    assert [(o.rule, dict(o.settings)) for o in read.settings.overrides] == [
        ("jump", {"threshold": "0.5"})
    ]
    missing = await refused(
        stack,
        other,
        "GetRuleSettings",
        md.GetRuleSettingsRequest(scope=md.RuleScope(listing_id=str(uuid.uuid4()))),
    )
    assert missing.code() is grpc.StatusCode.NOT_FOUND


async def test_an_out_of_range_interval_names_the_field_and_keeps_the_schedule(
    stack: Stack,
) -> None:
    owned = await portfolio(stack.user)
    request = md.UpdateIngestionScheduleRequest(
        portfolio_id=owned.portfolio_id, intraday_every_min=300, eod_enabled=True
    )
    bad = await refused(stack, stack.user, "UpdateIngestionSchedule", request)
    assert bad.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "intraday_every_min: must be between 5 and 240" in (bad.details() or "")
    assert details(bad)[1] == ["intraday_every_min"]
    read = await call(
        stack,
        stack.user,
        "GetIngestionSchedule",
        md.GetIngestionScheduleRequest(portfolio_id=owned.portfolio_id),
    )
    assert (read.schedule.version, read.schedule.intraday_every_min) == (0, 15)
    assert read.schedule.intraday_enabled and read.schedule.eod_enabled


def slot_job_id(moment: datetime) -> str:
    return f"cron:refresh_intraday_prices:{int(moment.timestamp() * 1000)}"


async def test_the_intraday_tick_fetches_by_the_stored_schedule_once_per_job_id(
    stack: Stack, server: ProviderServer
) -> None:
    owned = await portfolio(stack.user)
    gbx = await listing(stack.user, price_scale=dec("0.01"))
    await stack.user(
        "AddConstituent",
        pb.AddConstituentRequest(
            portfolio_id=owned.portfolio_id, listing_id=gbx.listing_id, monitored=True
        ),
    )
    await call(
        stack,
        stack.user,
        "UpdateIngestionSchedule",
        md.UpdateIngestionScheduleRequest(
            portfolio_id=owned.portfolio_id,
            intraday_enabled=True,
            intraday_every_min=60,
            eod_enabled=True,
            fx_enabled=True,
        ),
    )
    server.script(QUOTE, data_reply("stooq_vod_uk_q.csv"), data_reply("stooq_vod_uk_q.csv"))
    # Wednesday: XLON opened 08:00 UTC; 14:45 is off the hourly grid, 15:00 is on it.
    stack.clock.set(datetime(2025, 3, 5, 15, 0, 40, tzinfo=UTC))
    off_grid = slot_job_id(datetime(2025, 3, 5, 14, 45, tzinfo=UTC))
    on_grid = slot_job_id(datetime(2025, 3, 5, 15, 0, tzinfo=UTC))

    def ctx(job_id: str) -> dict[str, Any]:
        return {
            "job_id": job_id,
            "marketdata": stack.marketdata,
            "marketdata_token": stack.user.token,
        }

    skipped = await jobs.refresh_intraday_prices(ctx(off_grid))
    first = await jobs.refresh_intraday_prices(ctx(on_grid))
    again = await jobs.refresh_intraday_prices(ctx(on_grid))
    assert first == again and server.count(QUOTE) == 1
    runs = await stack.call("ListTaskRuns", md.ListTaskRunsRequest(task="prices_intraday"))
    by_id = {r.task_run_id: r for r in runs.task_runs}  # type: ignore[attr-defined]
    assert list(by_id[skipped].listing_ids) == []
    assert (list(by_id[first].listing_ids), by_id[first].inserted) == ([gbx.listing_id], 1)


def test_the_cron_slot_is_read_from_the_arq_job_id() -> None:
    slot = jobs.cron_slot("cron:refresh_intraday_prices:1741186800000")
    assert slot is not None and slot.ToDatetime(tzinfo=UTC) == datetime(2025, 3, 5, 15, tzinfo=UTC)
    assert jobs.cron_slot("manual-refresh-1") is None
