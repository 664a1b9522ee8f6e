"""The OMS through GraphQL, on the real registry, marketdata, ledger, engine and OMS servers:
placing an approved recommendation (paper fills, ledger booked, recommendation executed),
guardrail denials as typed results, limits, the two-step switch to live, manual fills,
tenancy, and the ``orderUpdates`` subscription after a cancel.

Outside parties are faked: the market data provider (a local HTTP server), the exchange
calendar (always open) and the live broker (a local HTTP double).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import redis.asyncio as aioredis
from pydantic import SecretStr

from edge.app import create_app
from services.oms.bootstrap import bootstrap as oms_bootstrap
from services.oms.sessions import FixedSessions
from services.oms.settings import OmsSettings
from taplatform.config import EdgeSettings
from taplatform.grpc.server import SERVING, ServiceHost
from tests.edge.conftest import WebSocketSession, graphql_client, lifespan_running
from tests.edge.graphql_client import GraphQLClient
from tests.edge.market_stack import BearerClient, relay_outboxes
from tests.engine.stack import Stack, running_stack
from tests.oms.broker_double import BrokerDouble
from tests.oms.test_recommendation_execution import Advice, approved_recommendation
from tests.registry.harness import PASSWORD, Caller
from tests.support import DatabaseFactory, wait_for_health

ERRORS = """__typename ... on Error { message }
  ... on ValidationError { fieldErrors { field message } } ... on FailedPrecondition { reason }"""
DENIED = "... on OrderDenied { reason denial }"
ORDER = "id state side quantity filledQuantity broker lineId version listing { ticker }"
PLACE = f"""mutation($p: ID!, $r: ID!) {{ placeRecommendationOrders(portfolioId: $p,
  recommendationId: $r) {{ {ERRORS} ... on RecommendationPlacement {{ placedCount deniedCount
  placements {{ lineId created order {{ {ORDER} }} denied {{ reason denial message }} }} }} }} }}"""
ORDERS = f"""query($p: ID!, $s: [OrderState!]) {{ orders(portfolioId: $p, states: $s) {{
  {ERRORS} ... on OrderPage {{ items {{ {ORDER} }} }} }} }}"""
DETAIL = f"""query($p: ID!, $o: ID!) {{ order(portfolioId: $p, orderId: $o) {{ {ERRORS}
  ... on OrderDetail {{ order {{ {ORDER} }} fills {{ quantity booked price {{ amount currency }}
  fees {{ amount }} }} events {{ sequence eventType fromState toState }} }} }} }}"""
STATE_FIELDS = """mode status broker dryRunBroker killSwitch killSwitchReason unhealthy
  liveAdapterHealthy version limits { maxOrderNotional { amount currency } maxDailyLoss { amount }
  lossAction sessionPolicy cooldownRejects }"""
STATE = f"""query($p: ID!) {{ tradingState(portfolioId: $p) {{ {ERRORS}
  ... on TradingState {{ {STATE_FIELDS} }} }} }}"""
KILL = f"""mutation($p: ID!, $on: Boolean!, $why: String!) {{ setKillSwitch(portfolioId: $p,
  engaged: $on, reason: $why) {{ {ERRORS} ... on TradingState {{ {STATE_FIELDS} }} }} }}"""
LIMITS = f"""mutation($input: GuardrailLimitsInput!) {{
  updateGuardrailLimits(input: $input) {{ {ERRORS} ... on StaleVersion {{ currentVersion }}
  ... on TradingState {{ {STATE_FIELDS} }} }} }}"""
CREATE = f"""mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ERRORS} {DENIED}
  ... on OrderPlaced {{ created order {{ {ORDER} }} }} }} }}"""
CANCEL = f"""mutation($p: ID!, $o: ID!) {{ cancelOrder(portfolioId: $p, orderId: $o) {{
  {ERRORS} {DENIED} ... on Order {{ {ORDER} }} }} }}"""
BROKER = f"""mutation($p: ID!, $b: String!) {{ setDryRunBroker(portfolioId: $p, broker: $b) {{
  {ERRORS} ... on TradingState {{ {STATE_FIELDS} }} }} }}"""
FILL = f"""mutation($input: RecordManualFillInput!) {{ recordManualFill(input: $input) {{
  {ERRORS} {DENIED} ... on ManualFillRecorded {{ order {{ {ORDER} }}
  fill {{ booked quantity }} }} }} }}"""
REQUEST_LIVE = f"""mutation($p: ID!, $pw: String!) {{ requestLiveMode(portfolioId: $p,
  password: $pw) {{ {ERRORS} ... on LiveModeRequested {{ confirmationId riskSummaryJson
  riskSummarySha256 }} }} }}"""
CONFIRM_LIVE = f"""mutation($p: ID!, $c: ID!, $h: String!) {{ confirmLiveMode(portfolioId: $p,
  confirmationId: $c, riskSummarySha256: $h) {{ {ERRORS} ... on TradingState {{ {STATE_FIELDS} }}
  }} }}"""
TO_DRY_RUN = f"""mutation($p: ID!) {{ switchToDryRun(portfolioId: $p) {{ {ERRORS}
  ... on TradingState {{ {STATE_FIELDS} }} }} }}"""
DEAD_LETTERS = f"""query($p: ID!) {{ deadLetters(portfolioId: $p) {{ {ERRORS}
  ... on DeadLetterList {{ items {{ id status }} }} }} }}"""
DEAD_LETTER = f"""query($p: ID!, $d: ID!) {{ deadLetter(portfolioId: $p, id: $d) {{ {ERRORS}
  ... on DeadLetter {{ id status operation orderId attempts lastError contextJson }} }} }}"""
HANDLED = "... on DeadLetterHandled { deadLetter { id status } order { id state deadLettered } }"
REPLAY = f"""mutation($p: ID!, $d: ID!) {{ replayDeadLetter(portfolioId: $p, id: $d) {{
  {ERRORS} {HANDLED} }} }}"""
ABANDON = f"""mutation($p: ID!, $d: ID!, $why: String!) {{ abandonDeadLetter(portfolioId: $p,
  id: $d, reason: $why) {{ {ERRORS} {HANDLED} }} }}"""
RECOMMENDATION = """query($p: ID!, $r: ID!) { recommendation(portfolioId: $p, id: $r) {
  __typename ... on Recommendation { status executedLineIds } } }"""
HOLDINGS = """query($p: ID!) { ledger(portfolioId: $p) { __typename
  ... on LedgerBook { holdings { listingId quantity } } } }"""
UPDATES = f"subscription($p: ID!) {{ orderUpdates(portfolioId: $p) {{ {ORDER} }} }}"


@dataclass
class OmsStack:
    stack: Stack
    broker: BrokerDouble
    edge_settings: EdgeSettings

    @asynccontextmanager
    async def client(self, user: Caller) -> AsyncIterator[GraphQLClient]:
        async with graphql_client(create_app(self.edge_settings)) as client:
            client.http.headers["authorization"] = f"Bearer {user.token}"
            yield BearerClient(client.http)


@pytest.fixture(scope="module")
async def oms(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[OmsStack]:
    """The engine's stack plus the real OMS (paper, manual and a live double) and the edge."""
    async with (
        running_stack(new_database, redis_url) as stack,
        BrokerDouble() as broker,
        AsyncExitStack() as exits,
    ):
        # Background work (none here) would act with an admin's token.
        admin = await stack.registry.ensure_admin()
        addresses = {f"{name}_addr": addr for name, addr in stack.addresses.items()}
        settings = OmsSettings.model_validate(
            addresses
            | {
                "database_url": stack.registry.database_url,
                "redis_url": redis_url,
                "rpc_timeout_s": 30,
                "oms_service_token": SecretStr(admin.token),
                "oms_paper_seed": 5,
                "oms_live_broker_url": broker.url,
            }
        )
        # The stack's clock is Friday evening; the exchange calendar is the faked outsider.
        app = oms_bootstrap(settings, clock=stack.clock, sessions=FixedSessions(True))
        host = await exits.enter_async_context(
            ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
        )
        oms_addr = f"127.0.0.1:{host.port}"
        assert await wait_for_health(oms_addr, SERVING) == SERVING
        edge = EdgeSettings.model_validate(
            addresses | {"oms_addr": oms_addr, "redis_url": redis_url, "web_dist_dir": None}
        )
        yield OmsStack(stack, broker, edge)


def vars_(advice: Advice) -> dict[str, str]:
    return {"p": advice.portfolio_id, "r": advice.recommendation.recommendation_id}


async def test_placing_an_approved_recommendation_fills_books_and_executes_it(
    oms: OmsStack,
) -> None:
    advice = await approved_recommendation(oms.stack)
    async with oms.client(advice.user) as client:
        before = (await client.data(HOLDINGS, {"p": advice.portfolio_id}))["ledger"]["holdings"]
        placed = (await client.data(PLACE, vars_(advice)))["placeRecommendationOrders"]
        again = (await client.data(PLACE, vars_(advice)))["placeRecommendationOrders"]
        filled = await client.data(ORDERS, {"p": advice.portfolio_id, "s": ["FILLED"]})
        open_ = await client.data(ORDERS, {"p": advice.portfolio_id, "s": ["SUBMITTED"]})
        first = placed["placements"][0]["order"]
        detail = (await client.data(DETAIL, {"p": advice.portfolio_id, "o": first["id"]}))["order"]
        rec = (await client.data(RECOMMENDATION, vars_(advice)))["recommendation"]
        after = (await client.data(HOLDINGS, {"p": advice.portfolio_id}))["ledger"]["holdings"]

    lines = [line.line_id for line in advice.recommendation.lines]
    assert placed["__typename"] == "RecommendationPlacement", placed
    assert (placed["placedCount"], placed["deniedCount"]) == (len(lines), 0)
    assert [p["lineId"] for p in placed["placements"]] == lines
    assert {p["order"]["state"] for p in placed["placements"]} == {"FILLED"}
    assert all(p["created"] and p["order"]["broker"] == "paper" for p in placed["placements"])
    # Placing again answers the same orders; nothing new is created.
    assert [p["order"]["id"] for p in again["placements"]] == [
        p["order"]["id"] for p in placed["placements"]
    ]
    assert not any(p["created"] for p in again["placements"])
    assert {o["lineId"] for o in filled["orders"]["items"]} == set(lines)
    assert open_["orders"]["items"] == []

    assert detail["order"]["filledQuantity"] == detail["order"]["quantity"]
    assert detail["fills"] and all(f["booked"] for f in detail["fills"])
    steps = [e["eventType"] for e in detail["events"]]
    assert steps[0] == "OrderCreated" and steps[-1] == "OrderFilled", steps
    assert [e["sequence"] for e in detail["events"]] == sorted(
        e["sequence"] for e in detail["events"]
    )

    assert rec["status"] == "EXECUTED" and sorted(rec["executedLineIds"]) == sorted(lines)
    listing = advice.recommendation.lines[0].listing_id
    quantity = {h["listingId"]: h["quantity"] for h in before}
    bought = {h["listingId"]: h["quantity"] for h in after}
    assert Decimal(bought[listing]) > Decimal(quantity.get(listing, "0"))


async def test_an_engaged_kill_switch_denies_orders_with_a_typed_reason(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack)
    pid = advice.portfolio_id
    line = advice.recommendation.lines[0]
    order = {"portfolioId": pid, "listingId": line.listing_id, "side": "BUY", "quantity": "1"}
    async with oms.client(advice.user) as client:
        no_reason = (await client.data(KILL, {"p": pid, "on": True, "why": " "}))["setKillSwitch"]
        unchanged = (await client.data(STATE, {"p": pid}))["tradingState"]
        halted = (await client.data(KILL, {"p": pid, "on": True, "why": "desk review"}))[
            "setKillSwitch"
        ]
        created = (await client.data(CREATE, {"input": order}))["createOrder"]
        placed = (await client.data(PLACE, vars_(advice)))["placeRecommendationOrders"]
        listed = (await client.data(ORDERS, {"p": pid, "s": None}))["orders"]["items"]
        released = (await client.data(KILL, {"p": pid, "on": False, "why": "review done"}))[
            "setKillSwitch"
        ]

    assert no_reason["__typename"] == "ValidationError"
    assert no_reason["fieldErrors"] == [{"field": "reason", "message": "is required"}]
    assert (unchanged["killSwitch"], unchanged["status"]) == (False, "ACTIVE")
    assert (halted["killSwitch"], halted["status"]) == (True, "HALTED")
    assert halted["killSwitchReason"] == "desk review"
    assert created["__typename"] == "OrderDenied" and created["reason"] == "TRADING_HALTED"
    assert created["message"]
    assert placed["placedCount"] == 0 and placed["deniedCount"] == len(advice.recommendation.lines)
    assert {p["denied"]["reason"] for p in placed["placements"]} == {"TRADING_HALTED"}
    assert all(p["order"] is None for p in placed["placements"])
    assert listed == []
    assert (released["killSwitch"], released["status"]) == (False, "ACTIVE")


async def test_limits_are_validated_versioned_and_enforced(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack)
    pid = advice.portfolio_id
    line = advice.recommendation.lines[0]
    async with oms.client(advice.user) as client:
        state = (await client.data(STATE, {"p": pid}))["tradingState"]
        limits = {"portfolioId": pid, "version": state["version"]}
        bad = await client.data(LIMITS, {"input": limits | {"maxOrderNotional": "-5"}})
        saved = await client.data(LIMITS, {"input": limits | {"maxOrderNotional": "50.00"}})
        stale = await client.data(LIMITS, {"input": limits | {"maxOrderNotional": "60.00"}})
        order = {"portfolioId": pid, "listingId": line.listing_id, "side": "BUY"}
        big = await client.data(CREATE, {"input": order | {"quantity": "100000"}})

    assert bad["updateGuardrailLimits"]["__typename"] == "ValidationError"
    fields = [f["field"] for f in bad["updateGuardrailLimits"]["fieldErrors"]]
    assert fields == ["maxOrderNotional"]
    now = saved["updateGuardrailLimits"]
    assert now["limits"]["maxOrderNotional"] == {"amount": "50.00", "currency": "GBP"}
    assert now["version"] == state["version"] + 1
    assert stale["updateGuardrailLimits"]["__typename"] == "StaleVersion"
    denied = big["createOrder"]
    assert (denied["__typename"], denied["reason"]) == ("OrderDenied", "NOTIONAL_EXCEEDS_MAX")


async def test_going_live_takes_the_password_then_the_risk_summary_hash(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack)
    pid = advice.portfolio_id
    async with oms.client(advice.user) as client:
        state = (await client.data(STATE, {"p": pid}))["tradingState"]
        limits = {"portfolioId": pid, "version": state["version"]}
        limits |= {"maxOrderNotional": "10000", "maxDailyLoss": "500"}
        await client.data(LIMITS, {"input": limits})
        wrong = await client.data(REQUEST_LIVE, {"p": pid, "pw": "not my password"})
        asked = (await client.data(REQUEST_LIVE, {"p": pid, "pw": PASSWORD}))["requestLiveMode"]
        c = asked["confirmationId"]
        tampered = await client.data(CONFIRM_LIVE, {"p": pid, "c": c, "h": "0" * 64})
        still = (await client.data(STATE, {"p": pid}))["tradingState"]
        live = await client.data(CONFIRM_LIVE, {"p": pid, "c": c, "h": asked["riskSummarySha256"]})
        back = (await client.data(TO_DRY_RUN, {"p": pid}))["switchToDryRun"]

    assert wrong["requestLiveMode"]["__typename"] == "PermissionDenied"
    assert asked["__typename"] == "LiveModeRequested" and "10000" in asked["riskSummaryJson"]
    assert tampered["confirmLiveMode"]["__typename"] != "TradingState"
    assert still["mode"] == "DRY_RUN"
    assert (live["confirmLiveMode"]["mode"], live["confirmLiveMode"]["broker"]) == ("LIVE", "live")
    assert live["confirmLiveMode"]["liveAdapterHealthy"] is True
    assert (back["mode"], back["broker"]) == ("DRY_RUN", "paper")


async def manual_order(client: GraphQLClient, advice: Advice) -> dict[str, Any]:
    """A 10-unit buy of the first line's listing, sent to the manual broker (stays open)."""
    pid = advice.portfolio_id
    switched = (await client.data(BROKER, {"p": pid, "b": "manual"}))["setDryRunBroker"]
    assert switched["dryRunBroker"] == "manual", switched
    line = advice.recommendation.lines[0]
    order = {"portfolioId": pid, "listingId": line.listing_id, "side": "BUY", "quantity": "10"}
    made = (await client.data(CREATE, {"input": order}))["createOrder"]
    assert made["__typename"] == "OrderPlaced" and made["order"]["state"] == "SUBMITTED", made
    return made["order"]  # type: ignore[no-any-return]


async def test_a_manual_fill_is_recorded_booked_and_refused_when_too_large(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack, approve=False)
    pid = advice.portfolio_id
    async with oms.client(advice.user) as client:
        order = await manual_order(client, advice)
        # Before the stack's clock (Friday evening): a fill in the future is refused.
        unit = advice.recommendation.lines[0].est_price.currency_code
        fill = {"portfolioId": pid, "orderId": order["id"], "priceCurrency": unit}
        fill |= {"executedAt": "2025-03-07T19:00:00+00:00"}
        too_many = await client.data(
            FILL, {"input": fill | {"fillKey": str(uuid.uuid4()), "quantity": "11", "price": "73"}}
        )
        done = await client.data(
            FILL, {"input": fill | {"fillKey": str(uuid.uuid4()), "quantity": "10", "price": "73"}}
        )

    refused = too_many["recordManualFill"]
    assert refused["__typename"] in {"ValidationError", "FailedPrecondition"}, refused
    assert "quantity" in str(refused), refused
    recorded = done["recordManualFill"]
    assert recorded["__typename"] == "ManualFillRecorded", (too_many, recorded)
    assert recorded["order"]["state"] == "FILLED", recorded
    assert recorded["fill"] == {"booked": True, "quantity": "10"}


async def test_another_user_sees_and_changes_nothing_of_a_portfolio(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack)
    pid = advice.portfolio_id
    stranger = await oms.stack.registry.new_user()
    async with oms.client(advice.user) as owner:
        placed = (await owner.data(PLACE, vars_(advice)))["placeRecommendationOrders"]
    order_id = placed["placements"][0]["order"]["id"]
    async with oms.client(stranger) as client:
        answers = [
            (await client.data(ORDERS, {"p": pid, "s": None}))["orders"],
            (await client.data(DETAIL, {"p": pid, "o": order_id}))["order"],
            (await client.data(STATE, {"p": pid}))["tradingState"],
            (await client.data(DEAD_LETTERS, {"p": pid}))["deadLetters"],
            (await client.data(KILL, {"p": pid, "on": True, "why": "x"}))["setKillSwitch"],
            (await client.data(CANCEL, {"p": pid, "o": order_id}))["cancelOrder"],
            (await client.data(PLACE, vars_(advice)))["placeRecommendationOrders"],
        ]
    assert {a["__typename"] for a in answers} <= {"NotFound", "PermissionDenied"}, answers
    async with oms.client(advice.user) as owner:
        state = (await owner.data(STATE, {"p": pid}))["tradingState"]
    assert state["killSwitch"] is False


async def _subscriber_reading(redis_url: str) -> bool:
    """True once a connection of this Redis database waits in XREAD: the subscriber, whose
    cursor is placed and audience loaded (the audit consumers use XREADGROUP)."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        db = client.connection_pool.connection_kwargs.get("db", 0)
        listed = await client.client_list()
    finally:
        await client.aclose()
    readers = [c for c in listed if c.get("cmd") == "xread" and str(c.get("db")) == str(db)]
    return bool(readers)


async def wait_until_reading(redis_url: str, deadline_s: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while not await _subscriber_reading(redis_url):
        assert loop.time() < until, "the subscription never started reading"
        await asyncio.sleep(0.02)


async def test_the_order_updates_subscription_yields_the_order_after_a_cancel(
    oms: OmsStack, redis_url: str
) -> None:
    advice = await approved_recommendation(oms.stack, approve=False)
    pid = advice.portfolio_id
    database_url = oms.stack.registry.database_url
    app = create_app(oms.edge_settings)
    async with lifespan_running(app), oms.client(advice.user) as client:
        order = await manual_order(client, advice)
        await relay_outboxes(database_url, redis_url, "oms")
        async with WebSocketSession(app, "/graphql", ["graphql-transport-ws"]) as ws:
            init = {"authorization": f"Bearer {advice.user.token}"}
            await ws.send_json({"type": "connection_init", "payload": init})
            assert (await ws.receive_json())["type"] == "connection_ack"
            payload = {"query": UPDATES, "variables": {"p": pid}}
            await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
            await wait_until_reading(redis_url)
            cancelled = (await client.data(CANCEL, {"p": pid, "o": order["id"]}))["cancelOrder"]
            await relay_outboxes(database_url, redis_url, "oms")
            message = await ws.receive_json()
            await ws.send_json({"id": "1", "type": "complete"})

    assert cancelled["state"] == "CANCELLED", cancelled
    update = message["payload"]["data"]["orderUpdates"]
    assert (update["id"], update["state"]) == (order["id"], "CANCELLED")


async def test_a_stranger_cannot_subscribe_to_a_portfolios_orders(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack, approve=False)
    stranger = await oms.stack.registry.new_user()
    app = create_app(oms.edge_settings)
    async with (
        lifespan_running(app),
        WebSocketSession(app, "/graphql", ["graphql-transport-ws"]) as ws,
    ):
        init = {"authorization": f"Bearer {stranger.token}"}
        await ws.send_json({"type": "connection_init", "payload": init})
        assert (await ws.receive_json())["type"] == "connection_ack"
        payload = {"query": UPDATES, "variables": {"p": advice.portfolio_id}}
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        message = await ws.receive_json()

    # Refused like a missing portfolio, before any event is read.
    assert message["payload"]["data"] is None, message
    (error,) = message["payload"]["errors"]
    assert error["extensions"] == {"code": "NOT_FOUND"} and "not found" in error["message"]


async def test_a_failed_live_submit_is_dead_lettered_inspected_and_replayed(oms: OmsStack) -> None:
    advice = await approved_recommendation(oms.stack, approve=False)
    pid = advice.portfolio_id
    line = advice.recommendation.lines[0]
    order = {"portfolioId": pid, "listingId": line.listing_id, "side": "BUY", "quantity": "1"}
    async with oms.client(advice.user) as client:
        state = (await client.data(STATE, {"p": pid}))["tradingState"]
        limits = {"portfolioId": pid, "version": state["version"]}
        limits |= {"maxOrderNotional": "10000", "maxDailyLoss": "500"}
        await client.data(LIMITS, {"input": limits})
        asked = (await client.data(REQUEST_LIVE, {"p": pid, "pw": PASSWORD}))["requestLiveMode"]
        confirm = {"p": pid, "c": asked["confirmationId"], "h": asked["riskSummarySha256"]}
        assert (await client.data(CONFIRM_LIVE, confirm))["confirmLiveMode"]["mode"] == "LIVE"
        # The live broker drops the connection before it reads the order.
        oms.broker.scripted = ["reset_before"]
        made = (await client.data(CREATE, {"input": order}))["createOrder"]
        letters = (await client.data(DEAD_LETTERS, {"p": pid}))["deadLetters"]["items"]
        (letter,) = letters
        inspected = (await client.data(DEAD_LETTER, {"p": pid, "d": letter["id"]}))["deadLetter"]
        unexplained = await client.data(ABANDON, {"p": pid, "d": letter["id"], "why": ""})
        replayed = (await client.data(REPLAY, {"p": pid, "d": letter["id"]}))["replayDeadLetter"]
        await client.data(TO_DRY_RUN, {"p": pid})

    assert made["order"]["broker"] == "live" and made["order"]["state"] == "PENDING_SUBMIT", made
    assert letter["status"] == "RETRYING"
    assert (inspected["operation"], inspected["orderId"]) == ("submit", made["order"]["id"])
    assert inspected["attempts"] == 1 and inspected["lastError"]
    assert made["order"]["id"] in inspected["contextJson"]
    assert unexplained["abandonDeadLetter"]["__typename"] == "ValidationError"
    assert replayed["__typename"] == "DeadLetterHandled", replayed
    assert replayed["deadLetter"]["status"] == "RESOLVED"
    assert replayed["order"]["deadLettered"] is False
