"""Through gRPC with the real registry, marketdata, ledger and engine (one database, port 0).

The must-show: a price quoted in pounds for a pence listing raises marketdata's
scale-mismatch alert, which freezes the portfolio in the registry; the
engine's next run is BLOCKED with that alert id as its reasons, and Replay
reproduces it byte for byte.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as rpb

from services.engine import jobs
from tests.engine.stack import EOD_PATH as EOD
from tests.engine.stack import Stack, priced_portfolio, running_stack
from tests.engine.world import POLICY_YAML, policy_yaml
from tests.marketdata.provider_server import Reply
from tests.registry.harness import Caller
from tests.registry.universe import portfolio
from tests.support import DatabaseFactory


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


@dataclass
class Owned:
    user: Caller
    portfolio_id: str
    gbx: rpb.Listing  # equities, monitored, priced by the local Stooq
    gilt: rpb.Listing  # bonds, priced by a CSV import


async def owned_portfolio(stack: Stack, document: str = POLICY_YAML) -> Owned:
    """A 60/40 GBP portfolio with prices, holdings, cash and an approved policy."""
    priced = await priced_portfolio(stack)
    user, pid = priced.user, priced.portfolio_id
    created = await stack.call(
        stack.engine,
        "CreatePolicyVersion",
        epb.CreatePolicyVersionRequest(portfolio_id=pid, document=document),
        user.token,
    )
    version = created.policy_version
    await stack.call(
        stack.engine,
        "ApprovePolicyVersion",
        epb.ApprovePolicyVersionRequest(
            portfolio_id=pid,
            policy_version_id=version.policy_version_id,
            policy_hash=version.policy_hash,
        ),
        user.token,
    )
    return Owned(user, pid, priced.gbx, priced.gilt)


async def start_run(stack: Stack, owned: Owned) -> epb.Run:
    reply = await stack.call(
        stack.engine,
        "StartRun",
        epb.StartRunRequest(portfolio_id=owned.portfolio_id, request_id=f"run-{uuid.uuid4()}"),
        owned.user.token,
    )
    return reply.run  # type: ignore[no-any-return]


async def replay(stack: Stack, owned: Owned, run: epb.Run) -> epb.ReplayRunResponse:
    return await stack.call(  # type: ignore[no-any-return]
        stack.engine,
        "ReplayRun",
        epb.ReplayRunRequest(portfolio_id=owned.portfolio_id, run_id=run.run_id),
        owned.user.token,
    )


async def test_a_frozen_portfolios_run_is_blocked_with_the_alert_ids_as_reasons(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    advice = await start_run(stack, owned)
    # Equities: 5,000 x 73.10 GBX = 3,655.00 of 10,005.00 governed (36.5 %, target 60 ± 5).
    assert advice.status == epb.RUN_STATUS_ADVICE and advice.line_count >= 1
    got = await stack.call(
        stack.engine,
        "GetRecommendation",
        epb.GetRecommendationRequest(
            portfolio_id=owned.portfolio_id, recommendation_id=advice.run_id
        ),
        owned.user.token,
    )
    lines = got.recommendation.lines
    assert lines[0].line_id == f"{advice.run_id}:1"
    assert {x.listing_id for x in lines} <= {owned.gbx.listing_id, owned.gilt.listing_id}
    assert (await replay(stack, owned, advice)).identical

    # Stooq now quotes the pence listing in pounds: 0.731 instead of ~73.
    stack.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    stack.provider.script(EOD, Reply(200, b"Date,Close\n2025-03-10,0.731\n", "text/csv"))
    await stack.call(
        stack.marketdata,
        "RefreshPrices",
        md.RefreshPricesRequest(request_id=f"r-{uuid.uuid4()}", kind=md.PRICE_KIND_EOD),
        owned.user.token,
    )
    alerts = await stack.call(
        stack.marketdata,
        "ListAlerts",
        md.ListAlertsRequest(listing_ids=[owned.gbx.listing_id]),
        owned.user.token,
    )
    [alert] = alerts.alerts
    assert (alert.rule, list(alert.frozen_portfolio_ids)) == (
        "scale_mismatch",
        [owned.portfolio_id],
    )

    blocked = await start_run(stack, owned)
    assert (blocked.status, blocked.line_count) == (epb.RUN_STATUS_BLOCKED, 0)
    assert [(r.code, r.subject) for r in blocked.blocked_reasons] == [
        ("PORTFOLIO_FROZEN", alert.alert_id),
        ("PRICE_DQ_FAILING", owned.gbx.listing_id),
    ]
    assert alert.alert_id in blocked.blocked_reasons[1].detail
    recommendation = (
        await stack.call(
            stack.engine,
            "GetRecommendation",
            epb.GetRecommendationRequest(
                portfolio_id=owned.portfolio_id, recommendation_id=blocked.run_id
            ),
            owned.user.token,
        )
    ).recommendation
    assert recommendation.status == epb.RECOMMENDATION_STATUS_BLOCKED
    assert list(recommendation.lines) == [] and recommendation.rationale
    inputs = await stack.call(
        stack.engine,
        "GetRunInput",
        epb.GetRunInputRequest(portfolio_id=owned.portfolio_id, run_id=blocked.run_id),
        owned.user.token,
    )
    snapshot = json.loads(inputs.canonical_json)
    assert snapshot["portfolio"]["frozen"] is True
    assert [r["reference"] for r in snapshot["portfolio"]["freeze_reasons"]] == [alert.alert_id]
    [quote] = [q for q in snapshot["prices"] if q["listing_id"] == owned.gbx.listing_id]
    assert (quote["price"], quote["dq_state"], quote["alert_ids"]) == (
        "0.731",
        "failing",
        [alert.alert_id],
    )
    again = await replay(stack, owned, blocked)
    assert (again.identical, again.snapshot_hash_verified, again.policy_hash_verified) == (
        True,
        True,
        True,
    )
    assert again.replayed_recommendation_hash == blocked.recommendation_hash


async def test_another_user_reaches_no_run_of_the_owner(stack: Stack) -> None:
    owned = await owned_portfolio(stack)
    run = await start_run(stack, owned)
    bob = await stack.registry.new_user()
    bobs = (await portfolio(bob)).portfolio_id
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await stack.call(
            stack.engine,
            "GetRun",
            epb.GetRunRequest(portfolio_id=owned.portfolio_id, run_id=run.run_id),
            bob.token,
        )
    assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stack.call(
            stack.engine,
            "GetRecommendation",
            epb.GetRecommendationRequest(portfolio_id=bobs, recommendation_id=run.run_id),
            bob.token,
        )
    assert hidden.value.code() is grpc.StatusCode.NOT_FOUND


async def test_approve_execute_and_the_scheduled_job_through_grpc(stack: Stack) -> None:
    owned = await owned_portfolio(stack, policy_yaml(**{"run_day: 1": "run_day: 7"}))
    run = await start_run(stack, owned)
    approved = await stack.call(
        stack.engine,
        "ApproveRecommendation",
        epb.ApproveRecommendationRequest(
            portfolio_id=owned.portfolio_id,
            recommendation_id=run.run_id,
            recommendation_hash=run.recommendation_hash,
        ),
        owned.user.token,
    )
    assert approved.recommendation.status == epb.RECOMMENDATION_STATUS_APPROVED
    executed = await stack.call(
        stack.engine,
        "MarkRecommendationExecuted",
        epb.MarkRecommendationExecutedRequest(
            portfolio_id=owned.portfolio_id,
            recommendation_id=run.run_id,
            line_ids=[f"{run.run_id}:1"],
        ),
        owned.user.token,
    )
    assert executed.recommendation.status == epb.RECOMMENDATION_STATUS_EXECUTED

    # The next day, the worker's job with the owner's token, run twice (arq: at least once).
    stack.clock.advance(timedelta(days=1))
    ctx = {"engine": stack.engine, "engine_token": owned.user.token}
    assert await jobs.run_due_portfolios(ctx) == {"started": 1}
    assert await jobs.run_due_portfolios(ctx) == {"already_ran": 1}
    runs = await stack.call(
        stack.engine,
        "ListRuns",
        epb.ListRunsRequest(portfolio_id=owned.portfolio_id),
        owned.user.token,
    )
    assert [(r.trigger, r.cadence_period) for r in runs.runs] == [
        (epb.RUN_TRIGGER_SCHEDULED, "2025-03"),  # run day 7: due since yesterday
        (epb.RUN_TRIGGER_ON_DEMAND, ""),
    ]


def test_the_cron_spec_runs_due_portfolios_daily_after_the_eod_refresh() -> None:
    [job] = jobs.cron_jobs()
    assert (job.name, job.hour, job.minute) == ("cron:run_due_portfolios", {18}, {0})
