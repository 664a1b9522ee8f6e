"""A recommendation executed through the OMS, with the real registry, marketdata, ledger and
engine in-process: when its last order fills the engine marks it executed, exactly once, and
an engine that was down at fill time gets the news from the background work."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import grpc
import pytest
from google.protobuf import timestamp_pb2
from pydantic import SecretStr
from tradingassistant.common.v1 import types_pb2
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.oms.v1 import oms_pb2, oms_pb2_grpc

from services.oms.bootstrap import bootstrap as oms_bootstrap
from services.oms.bootstrap import build_deps
from services.oms.handlers import OmsDeps, recommendations
from services.oms.sessions import FixedSessions
from services.oms.settings import OmsSettings
from taplatform.catalog import service
from taplatform.db import service_engine
from taplatform.grpc.server import SERVING, ServiceHost
from tests.engine.stack import FRIDAY_EVENING, Stack, priced_portfolio, running_stack
from tests.engine.world import POLICY_YAML
from tests.registry.harness import Caller, bearer
from tests.support import DatabaseFactory, wait_for_health

# The stack's clock is Friday evening, after the London close: the exchange calendar
# is the one outside system replaced here.
OPEN_MARKET: dict[str, Any] = {"sessions": FixedSessions(True)}


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


@dataclass
class Advice:
    user: Caller
    portfolio_id: str
    recommendation: epb.Recommendation


@dataclass
class Oms:
    stub: oms_pb2_grpc.OmsServiceStub
    # The worker's view: handler-level background work, with the service token.
    job_deps: OmsDeps


async def approved_recommendation(stack: Stack, *, approve: bool = True) -> Advice:
    """Approved policy → StartRun → ApproveRecommendation, for a fresh priced portfolio."""
    priced = await priced_portfolio(stack)
    user, pid = priced.user, priced.portfolio_id
    version = (
        await stack.call(
            stack.engine,
            "CreatePolicyVersion",
            epb.CreatePolicyVersionRequest(portfolio_id=pid, document=POLICY_YAML),
            user.token,
        )
    ).policy_version
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
    run = (
        await stack.call(
            stack.engine,
            "StartRun",
            epb.StartRunRequest(portfolio_id=pid, request_id=f"run-{uuid.uuid4()}"),
            user.token,
        )
    ).run
    assert run.status == epb.RUN_STATUS_ADVICE and run.line_count >= 1
    if not approve:
        proposed = await stack.call(
            stack.engine,
            "GetRecommendation",
            epb.GetRecommendationRequest(portfolio_id=pid, recommendation_id=run.run_id),
            user.token,
        )
        return Advice(user, pid, proposed.recommendation)
    approved = await stack.call(
        stack.engine,
        "ApproveRecommendation",
        epb.ApproveRecommendationRequest(
            portfolio_id=pid,
            recommendation_id=run.run_id,
            recommendation_hash=run.recommendation_hash,
        ),
        user.token,
    )
    assert approved.recommendation.status == epb.RECOMMENDATION_STATUS_APPROVED
    return Advice(user, pid, approved.recommendation)


@asynccontextmanager
async def running_oms(stack: Stack, token: str, engine_addr: str) -> AsyncIterator[Oms]:
    """The real OMS on port 0 against the stack (registry-backed auth, the real ports)."""
    settings = OmsSettings(
        database_url=stack.registry.database_url,
        redis_url=stack.registry.settings.redis_url,
        registry_addr=stack.addresses["registry"],
        marketdata_addr=stack.addresses["marketdata"],
        ledger_addr=stack.addresses["ledger"],
        engine_addr=engine_addr,
        rpc_timeout_s=30,
        oms_service_token=SecretStr(token),
        oms_paper_seed=5,
    )
    async with AsyncExitStack() as exits:
        host = await exits.enter_async_context(
            ServiceHost(
                oms_bootstrap(settings, clock=stack.clock, **OPEN_MARKET),
                probe_interval_s=0.1,
                shutdown_grace_s=0,
            )
        )
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        engine = service_engine(service("oms"), settings)
        exits.push_async_callback(engine.dispose)
        wiring = build_deps(settings, engine, stack.clock, **OPEN_MARKET)
        for close in wiring.on_close:
            exits.push_async_callback(close)
        channel = await exits.enter_async_context(grpc.aio.insecure_channel(address))
        yield Oms(oms_pb2_grpc.OmsServiceStub(channel), wiring.deps)


async def place_every_line(oms: Oms, advice: Advice) -> oms_pb2.PlaceRecommendationOrdersResponse:
    """PlaceRecommendationOrders: one order per line (order_key = line id)."""
    return await oms.stub.PlaceRecommendationOrders(
        oms_pb2.PlaceRecommendationOrdersRequest(
            portfolio_id=advice.portfolio_id,
            recommendation_id=advice.recommendation.recommendation_id,
        ),
        metadata=bearer(advice.user.token),
        timeout=60,
    )


async def fill_every_line(oms: Oms, advice: Advice) -> list[str]:
    """Places every line with the paper broker, which fills them; returns the line ids."""
    reply = await place_every_line(oms, advice)
    assert [p.line_id for p in reply.placements] == [
        line.line_id for line in advice.recommendation.lines
    ]
    for placed in reply.placements:
        assert placed.denied_reason == "", placed
        assert placed.order.state == oms_pb2.ORDER_STATE_FILLED, placed.order
        assert placed.order.order_key == placed.line_id
    return sorted(line.line_id for line in advice.recommendation.lines)


def _order_of(advice: Advice, index: int, **changes: Any) -> oms_pb2.CreateOrderRequest:
    line = advice.recommendation.lines[index]
    fields: dict[str, Any] = {
        "order_key": line.line_id,
        "portfolio_id": advice.portfolio_id,
        "listing_id": line.listing_id,
        "side": oms_pb2.ORDER_SIDE_BUY
        if line.side == epb.ORDER_SIDE_BUY
        else oms_pb2.ORDER_SIDE_SELL,
        "quantity": line.quantity,
        "recommendation_id": advice.recommendation.recommendation_id,
        "line_id": line.line_id,
    }
    fields.update(changes)
    return oms_pb2.CreateOrderRequest(**fields)


async def engine_view(stack: Stack, advice: Advice) -> epb.Recommendation:
    reply = await stack.call(
        stack.engine,
        "GetRecommendation",
        epb.GetRecommendationRequest(
            portfolio_id=advice.portfolio_id,
            recommendation_id=advice.recommendation.recommendation_id,
        ),
        advice.user.token,
    )
    return reply.recommendation  # type: ignore[no-any-return]


async def event_count(stack: Stack, schema: str, event_type: str, portfolio_id: str) -> Any:
    return await stack.registry.scalar(
        f"SELECT count(*) FROM {schema}.outbox"
        " WHERE event_type = :t AND payload->>'portfolio_id' = :p",
        t=event_type,
        p=portfolio_id,
    )


async def report_row(stack: Stack, advice: Advice) -> Any:
    rows = await stack.registry.rows(
        "SELECT status, attempts, line_ids, last_error FROM oms.recommendation_reports"
        " WHERE portfolio_id = :p AND recommendation_id = :r",
        p=advice.portfolio_id,
        r=advice.recommendation.recommendation_id,
    )
    assert len(rows) == 1
    return rows[0]


async def assert_executed_once(stack: Stack, advice: Advice, line_ids: list[str]) -> None:
    view = await engine_view(stack, advice)
    assert view.status == epb.RECOMMENDATION_STATUS_EXECUTED
    assert sorted(view.executed_line_ids) == line_ids
    pid = advice.portfolio_id
    assert await event_count(stack, "engine", "RecommendationExecuted", pid) == 1
    assert await event_count(stack, "oms", "RecommendationReported", pid) == 1
    assert (await report_row(stack, advice)).status == "reported"


async def test_the_last_fill_marks_the_recommendation_executed_exactly_once(
    stack: Stack,
) -> None:
    advice = await approved_recommendation(stack)
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as oms:
        line_ids = await fill_every_line(oms, advice)
        await assert_executed_once(stack, advice, line_ids)

        # Repeats change nothing: the background sweep, a second report, the same orders again.
        assert await recommendations.report_pending(oms.job_deps) == 0
        await oms.job_deps.recommendations.orders_terminal(
            advice.portfolio_id, advice.recommendation.recommendation_id, line_ids
        )
        assert await fill_every_line(oms, advice) == line_ids
        await assert_executed_once(stack, advice, line_ids)


def _at(moment: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


async def manual_fill_every_order(oms: Oms, advice: Advice, placed: Any) -> list[str]:
    """The user enters at the broker's price the fill of every placed (manual) order."""
    lines = {line.line_id: line for line in advice.recommendation.lines}
    for item in placed.placements:
        order = item.order
        assert order.state == oms_pb2.ORDER_STATE_SUBMITTED, order
        await oms.stub.RecordManualFill(
            oms_pb2.RecordManualFillRequest(
                portfolio_id=advice.portfolio_id,
                order_id=order.order_id,
                fill_key=f"fill-{order.order_id}",
                quantity=order.quantity,
                price=lines[item.line_id].est_price,
                executed_at=_at(FRIDAY_EVENING),
            ),
            metadata=bearer(advice.user.token),
            timeout=60,
        )
    return sorted(item.line_id for item in placed.placements)


async def test_an_engine_down_at_fill_time_hears_from_the_background_retry(
    stack: Stack, unreachable_addr: str
) -> None:
    advice = await approved_recommendation(stack)
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as up:
        await up.stub.SetDryRunBroker(
            oms_pb2.SetDryRunBrokerRequest(portfolio_id=advice.portfolio_id, broker="manual"),
            metadata=bearer(advice.user.token),
        )
        placed = await place_every_line(up, advice)
    async with running_oms(stack, advice.user.token, unreachable_addr) as down:
        line_ids = await manual_fill_every_order(down, advice, placed)
        row = await report_row(stack, advice)
        assert (row.status, list(row.line_ids)) == ("pending", line_ids)
        assert row.attempts >= 1 and "engine" in row.last_error
        # Still unreachable: the retry keeps it pending rather than dropping it.
        assert await recommendations.report_pending(down.job_deps) == 0
        assert (await report_row(stack, advice)).status == "pending"
    assert (await engine_view(stack, advice)).status == epb.RECOMMENDATION_STATUS_APPROVED

    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as up:
        # The worker's path: no caller, the service token.
        assert await recommendations.report_pending(up.job_deps) == 1
        assert await recommendations.report_pending(up.job_deps) == 0
    await assert_executed_once(stack, advice, line_ids)


async def test_placing_twice_answers_the_same_orders(stack: Stack) -> None:
    advice = await approved_recommendation(stack)
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as oms:
        first = await place_every_line(oms, advice)
        again = await place_every_line(oms, advice)
    assert {p.status for p in first.placements} == {oms_pb2.CREATE_STATUS_CREATED}
    assert {p.status for p in again.placements} == {oms_pb2.CREATE_STATUS_EXISTS}
    assert [p.order.order_id for p in again.placements] == [
        p.order.order_id for p in first.placements
    ]
    count = await stack.registry.scalar(
        "SELECT count(*) FROM oms.orders WHERE portfolio_id = :p", p=advice.portfolio_id
    )
    assert count == len(advice.recommendation.lines)


async def test_a_proposed_recommendation_is_not_placed(stack: Stack) -> None:
    advice = await approved_recommendation(stack, approve=False)
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as oms:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await place_every_line(oms, advice)
        with pytest.raises(grpc.aio.AioRpcError) as by_hand:
            await oms.stub.CreateOrder(_order_of(advice, 0), metadata=bearer(advice.user.token))
    for error in (refused.value, by_hand.value):
        assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "only an approved recommendation" in (error.details() or "")
    count = await stack.registry.scalar(
        "SELECT count(*) FROM oms.orders WHERE portfolio_id = :p", p=advice.portfolio_id
    )
    assert count == 0


async def test_an_order_naming_a_line_must_be_that_line(stack: Stack) -> None:
    advice = await approved_recommendation(stack)
    line = advice.recommendation.lines[0]
    bigger = types_pb2.Decimal(value=str(int(line.quantity.value) + 1))
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as oms:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await oms.stub.CreateOrder(
                _order_of(advice, 0, quantity=bigger), metadata=bearer(advice.user.token)
            )
        with pytest.raises(grpc.aio.AioRpcError) as unknown:
            await oms.stub.CreateOrder(
                _order_of(advice, 0, order_key="x:99", line_id="x:99"),
                metadata=bearer(advice.user.token),
            )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "quantity: must be the line's quantity" in (refused.value.details() or "")
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "line_id" in (unknown.value.details() or "")
    count = await stack.registry.scalar(
        "SELECT count(*) FROM oms.orders WHERE portfolio_id = :p", p=advice.portfolio_id
    )
    assert count == 0


async def test_a_halted_portfolio_gets_each_line_refused_with_its_reason(stack: Stack) -> None:
    advice = await approved_recommendation(stack)
    async with running_oms(stack, advice.user.token, stack.addresses["engine"]) as oms:
        await oms.stub.SetKillSwitch(
            oms_pb2.SetKillSwitchRequest(
                portfolio_id=advice.portfolio_id, engaged=True, reason="broker outage"
            ),
            metadata=bearer(advice.user.token),
        )
        reply = await place_every_line(oms, advice)
    assert len(reply.placements) == len(advice.recommendation.lines)
    for placed in reply.placements:
        assert placed.denied_reason == "TRADING_HALTED"
        assert placed.denied_message
        assert not placed.HasField("order")
    assert await event_count(stack, "oms", "OrderDenied", advice.portfolio_id) == len(
        advice.recommendation.lines
    )
