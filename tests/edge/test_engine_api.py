"""The engine through GraphQL against the real registry, marketdata, ledger and engine: policy
validation with paths, versions, diff and approval by hash; runs, recommendations, review."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tradingassistant.marketdata.v1 import marketdata_pb2 as md

from tests.edge.engine_stack import Owned, edge_for, owned_portfolio
from tests.edge.graphql_client import GraphQLClient
from tests.engine.stack import EOD_PATH as EOD
from tests.engine.stack import Stack, running_stack
from tests.engine.world import POLICY_YAML, policy_yaml
from tests.marketdata.provider_server import Reply
from tests.support import DatabaseFactory

ERRORS = """__typename ... on Error { message }
  ... on ValidationError { fieldErrors { field message } }
  ... on FailedPrecondition { reason }"""
VALIDATE = f"""query($pid: ID!, $doc: String!) {{
  validatePolicy(portfolioId: $pid, document: $doc) {{ {ERRORS}
    ... on PolicyCheck {{ name policyHash canonicalJson }} }} }}"""
CREATE = f"""mutation($input: CreatePolicyVersionInput!) {{ createPolicyVersion(input: $input) {{
  {ERRORS} ... on PolicyVersionCreated {{ created
    policyVersion {{ id version policyHash status }} }} }} }}"""
VERSIONS = f"""query($pid: ID!) {{ policyVersions(portfolioId: $pid) {{ {ERRORS}
  ... on PolicyVersionList {{ items {{ id version status policyHash sourceText approvedAt }}
    approvals {{ sequence policyVersionId policyHash }} }} }} }}"""
APPROVED = f"""query($pid: ID!) {{ policyVersion(portfolioId: $pid) {{ {ERRORS}
  ... on PolicyVersion {{ id version status }} }} }}"""
DIFF = f"""query($pid: ID!, $a: ID!, $b: ID!) {{
  policyDiff(portfolioId: $pid, fromId: $a, toId: $b) {{ {ERRORS}
    ... on PolicyDiff {{ fromPolicyHash toPolicyHash
    changes {{ path kind beforeJson afterJson }} }} }} }}"""
APPROVE = f"""mutation($input: ApprovePolicyVersionInput!) {{ approvePolicyVersion(input: $input) {{
  {ERRORS} ... on PolicyVersionApproved {{ created policyVersion {{ id status }}
    approval {{ sequence policyHash }} }} }} }}"""
RUN_FIELDS = """id status snapshotHash policyHash policyVersionId trigger lineCount
  recommendationHash recommendationStatus blockedReasons { code subject detail }"""
START = f"""mutation($input: StartRunInput!) {{ startRun(input: $input) {{ {ERRORS}
  ... on RunStarted {{ created run {{ {RUN_FIELDS} }} }} }} }}"""
RUNS = f"""query($pid: ID!) {{ runs(portfolioId: $pid, first: 10) {{ {ERRORS}
  ... on RunPage {{ nextPageToken items {{ {RUN_FIELDS} }} }} }} }}"""
RECOMMENDATION = f"""query($pid: ID!, $id: ID!) {{ recommendation(portfolioId: $pid, id: $id) {{
  {ERRORS} ... on Recommendation {{ id status outcome snapshotHash policyHash recommendationHash
    baseCurrency rationale decidedBy decisionNote version
    lines {{ id ticker side quantity sleeve purpose listing {{ id ticker quoteCurrency }}
      estPrice {{ amount currency }} estValue {{ amount currency }} estFee {{ amount }} }}
    sleeves {{ sleeve targetPct bandPp beforePct afterPct driftBeforePp driftAfterPp }}
    rules {{ rule subject outcome inputs {{ name value }} }}
    dropped {{ code listingId detail }} checks {{ name passed detail }}
    totals {{ cashBefore {{ amount }} buys {{ amount }} cashAfter {{ amount }} }}
    blockedReasons {{ code subject detail }} }} }} }}"""
DECIDE = f"""{{ {ERRORS} ... on Recommendation {{ status decisionNote version }} }}"""
APPROVE_REC = f"""mutation($input: ApproveRecommendationInput!) {{
  approveRecommendation(input: $input) {DECIDE} }}"""
IGNORE_REC = f"""mutation($input: IgnoreRecommendationInput!) {{
  ignoreRecommendation(input: $input) {DECIDE} }}"""
REPLAY_AND_INPUT = f"""query($pid: ID!, $id: ID!) {{
  runReplay(portfolioId: $pid, runId: $id) {{ {ERRORS} ... on RunReplay {{ identical
    snapshotHashVerified policyHashVerified storedRecommendationHash firstDifferenceOffset }} }}
  runInput(portfolioId: $pid, runId: $id) {{ {ERRORS} ... on RunInput {{ snapshotHash }} }} }}"""


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


async def create(client: GraphQLClient, pid: str, document: str) -> Any:
    input = {"portfolioId": pid, "document": document}
    return (await client.data(CREATE, {"input": input}))["createPolicyVersion"]


async def approve(client: GraphQLClient, pid: str, version_id: str, policy_hash: str) -> Any:
    input = {"portfolioId": pid, "policyVersionId": version_id, "policyHash": policy_hash}
    return (await client.data(APPROVE, {"input": input}))["approvePolicyVersion"]


async def start(client: GraphQLClient, pid: str, request_id: str | None = None) -> Any:
    input = {"portfolioId": pid, "requestId": request_id or str(uuid.uuid4())}
    return (await client.data(START, {"input": input}))["startRun"]


async def recommendation(client: GraphQLClient, pid: str, id: str) -> Any:
    return (await client.data(RECOMMENDATION, {"pid": pid, "id": id}))["recommendation"]


async def approved_policy(client: GraphQLClient, owned: Owned) -> Any:
    made = (await create(client, owned.portfolio_id, POLICY_YAML))["policyVersion"]
    result = await approve(client, owned.portfolio_id, made["id"], made["policyHash"])
    assert result["__typename"] == "PolicyVersionApproved", result
    return made


async def test_a_policy_with_a_bad_field_is_refused_naming_its_path_and_nothing_is_stored(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    bad = policy_yaml(**{"target_weight_pct: 40": "target_weight_pct: 140"})
    async with edge_for(stack, owned.user) as client:
        checked = await client.data(VALIDATE, {"pid": owned.portfolio_id, "doc": bad})
        refused = await create(client, owned.portfolio_id, bad)
        versions = (await client.data(VERSIONS, {"pid": owned.portfolio_id}))["policyVersions"]
        good = await client.data(VALIDATE, {"pid": owned.portfolio_id, "doc": POLICY_YAML})

    for result in (checked["validatePolicy"], refused):
        assert result["__typename"] == "ValidationError", result
        fields = [f["field"] for f in result["fieldErrors"]]
        # Sleeves are written bonds second: index 1.
        assert "sleeves[1].target_weight_pct" in fields, fields
        assert all(f["message"] for f in result["fieldErrors"])
    assert versions == {"__typename": "PolicyVersionList", "items": [], "approvals": []}
    check = good["validatePolicy"]
    assert check["__typename"] == "PolicyCheck" and check["name"] == "Core 60/40"
    assert len(check["policyHash"]) == 64 and '"sleeves"' in check["canonicalJson"]


async def test_versions_are_listed_diffed_and_approved_only_with_the_reviewed_hash(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    pid = owned.portfolio_id
    tilted = policy_yaml(
        **{
            "target_weight_pct: 60": "target_weight_pct: 70",
            "target_weight_pct: 40": "target_weight_pct: 30",
        }
    )
    async with edge_for(stack, owned.user) as client:
        first = await create(client, pid, POLICY_YAML)
        again = await create(client, pid, POLICY_YAML)
        second = await create(client, pid, tilted)
        v1, v2 = first["policyVersion"], second["policyVersion"]
        diff = (await client.data(DIFF, {"pid": pid, "a": v1["id"], "b": v2["id"]}))["policyDiff"]
        wrong = await approve(client, pid, v1["id"], v2["policyHash"])
        approved_v1 = await approve(client, pid, v1["id"], v1["policyHash"])
        approved_v2 = await approve(client, pid, v2["id"], v2["policyHash"])
        listed = (await client.data(VERSIONS, {"pid": pid}))["policyVersions"]
        in_force = (await client.data(APPROVED, {"pid": pid}))["policyVersion"]

    assert (first["created"], again["created"], second["created"]) == (True, False, True)
    assert again["policyVersion"]["id"] == v1["id"]
    assert (v1["version"], v1["status"], v2["version"]) == (1, "DRAFT", 2)
    assert diff["fromPolicyHash"] == v1["policyHash"] and diff["toPolicyHash"] == v2["policyHash"]
    assert [(c["path"], c["kind"], c["beforeJson"], c["afterJson"]) for c in diff["changes"]] == [
        ("sleeves[bonds].target_weight_pct", "CHANGED", '"40"', '"30"'),
        ("sleeves[equities].target_weight_pct", "CHANGED", '"60"', '"70"'),
    ]
    assert (wrong["__typename"], wrong["reason"]) == ("FailedPrecondition", "POLICY_HASH_MISMATCH")
    assert approved_v1["created"] and approved_v1["policyVersion"]["status"] == "APPROVED"
    assert approved_v2["approval"] == {"sequence": 2, "policyHash": v2["policyHash"]}
    assert [(v["version"], v["status"]) for v in listed["items"]] == [
        (2, "APPROVED"),
        (1, "SUPERSEDED"),
    ]
    assert listed["items"][1]["sourceText"] == POLICY_YAML and listed["items"][1]["approvedAt"]
    assert [a["policyVersionId"] for a in listed["approvals"]] == [v2["id"], v1["id"]]
    assert in_force == {
        "__typename": "PolicyVersion",
        "id": v2["id"],
        "version": 2,
        "status": "APPROVED",
    }


async def test_a_run_recommends_lines_with_weights_and_rules_and_is_approved_by_its_hash(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    pid = owned.portfolio_id
    request_id = str(uuid.uuid4())
    async with edge_for(stack, owned.user) as client:
        policy = await approved_policy(client, owned)
        started = await start(client, pid, request_id)
        retried = await start(client, pid, request_id)
        run = started["run"]
        got = await recommendation(client, pid, run["id"])
        listed = (await client.data(RUNS, {"pid": pid}))["runs"]
        checks = await client.data(REPLAY_AND_INPUT, {"pid": pid, "id": run["id"]})
        base = {"portfolioId": pid, "recommendationId": run["id"]}
        stale = await client.data(APPROVE_REC, {"input": base | {"recommendationHash": "0" * 64}})
        hashed = base | {"recommendationHash": got["recommendationHash"], "note": "looks right"}
        approved = (await client.data(APPROVE_REC, {"input": hashed}))["approveRecommendation"]
        repeated = (await client.data(APPROVE_REC, {"input": hashed}))["approveRecommendation"]
        ignored = (await client.data(IGNORE_REC, {"input": base}))["ignoreRecommendation"]

    assert started["created"] and not retried["created"] and retried["run"]["id"] == run["id"]
    assert (run["status"], run["trigger"], run["recommendationStatus"]) == (
        "ADVICE",
        "ON_DEMAND",
        "PROPOSED",
    )
    assert run["policyHash"] == policy["policyHash"] and run["policyVersionId"] == policy["id"]
    assert got["__typename"] == "Recommendation" and got["status"] == "PROPOSED"
    assert (got["snapshotHash"], got["policyHash"], got["recommendationHash"]) == (
        run["snapshotHash"],
        run["policyHash"],
        run["recommendationHash"],
    )
    assert len(got["lines"]) == run["lineCount"] == 2
    # 3,350.00 to spend (3,400 cash less the 50 buffer): equities (36.5 % against 60 ± 5) get
    # their deficit, 2,357.00: 3,219 x 73.1 GBX = 2,353.09 (fee 1.50 + 0.1 % = 3.86); bonds
    # (30.1 % against 40 ± 5) get the rest: 9 x 100.50 = 904.50 (fee 1.50 + 0.90 = 2.41).
    lines = {line["sleeve"]: line for line in got["lines"]}
    equity, bond = lines["equities"], lines["bonds"]
    assert [line["id"] for line in got["lines"]] == [f"{run['id']}:1", f"{run['id']}:2"]
    assert (equity["side"], equity["quantity"], equity["purpose"]) == ("BUY", "3219", "rebalance")
    assert equity["estPrice"] == {"amount": "73.1", "currency": "GBX"}
    assert equity["estValue"] == {"amount": "2353.09", "currency": "GBP"}
    assert equity["estFee"] == {"amount": "3.86"}
    assert (bond["quantity"], bond["estValue"]["amount"], bond["estFee"]["amount"]) == (
        "9",
        "904.5",
        "2.41",
    )
    assert equity["listing"]["id"] == owned.equity_listing_id
    assert equity["listing"]["ticker"] == equity["ticker"]
    assert [s["sleeve"] for s in got["sleeves"]] == ["bonds", "equities"]
    equities = got["sleeves"][1]
    assert (equities["targetPct"], equities["bandPp"], equities["beforePct"]) == (
        "60",
        "5",
        "36.477",
    )
    assert (equities["afterPct"], equities["driftAfterPp"]) == ("59.9985", "-0.0015")
    assert got["rules"] and all(r["rule"] and r["outcome"] for r in got["rules"])
    assert any(r["inputs"] for r in got["rules"])
    assert got["checks"] and all(c["passed"] for c in got["checks"])
    assert got["totals"]["buys"]["amount"] == "3257.59"  # 2,353.09 + 904.50
    assert got["rationale"][0].startswith("Holdings are worth 6670.00 GBP")
    assert got["blockedReasons"] == []
    assert [r["id"] for r in listed["items"]] == [run["id"]]
    replay, run_input = checks["runReplay"], checks["runInput"]
    assert replay["identical"] and replay["snapshotHashVerified"] and replay["policyHashVerified"]
    assert replay["firstDifferenceOffset"] == -1
    assert run_input["snapshotHash"] == run["snapshotHash"]
    assert stale["approveRecommendation"]["__typename"] == "FailedPrecondition", stale
    assert approved == {
        "__typename": "Recommendation",
        "status": "APPROVED",
        "decisionNote": "looks right",
        "version": 1,
    }
    assert repeated["status"] == "APPROVED" and repeated["version"] == 1
    assert (ignored["__typename"], ignored["reason"]) == (
        "FailedPrecondition",
        "RECOMMENDATION_APPROVED",
    )


async def test_with_no_approved_policy_a_run_is_blocked_and_there_is_nothing_to_approve(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    pid = owned.portfolio_id
    async with edge_for(stack, owned.user) as client:
        run = (await start(client, pid))["run"]
        got = await recommendation(client, pid, run["id"])
        input = {
            "portfolioId": pid,
            "recommendationId": run["id"],
            "recommendationHash": got["recommendationHash"],
        }
        refused = (await client.data(APPROVE_REC, {"input": input}))["approveRecommendation"]
        none = (await client.data(APPROVED, {"pid": pid}))["policyVersion"]

    assert (run["status"], run["lineCount"], run["policyHash"]) == ("BLOCKED", 0, "")
    assert [r["code"] for r in run["blockedReasons"]] == ["NO_APPROVED_POLICY"]
    assert (got["status"], got["outcome"], got["lines"], got["totals"]) == (
        "BLOCKED",
        "BLOCKED",
        [],
        None,
    )
    assert got["rationale"]
    assert (refused["__typename"], refused["reason"]) == (
        "FailedPrecondition",
        "RECOMMENDATION_BLOCKED",
    )
    assert none["__typename"] == "NotFound"


async def test_a_frozen_portfolios_run_is_blocked_with_the_alert_ids_as_reasons(
    stack: Stack,
) -> None:
    owned = await owned_portfolio(stack)
    pid = owned.portfolio_id
    # Stooq quotes the pence listing in pounds: a scale-mismatch alert freezes the portfolio.
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
        md.ListAlertsRequest(listing_ids=[owned.equity_listing_id]),
        owned.user.token,
    )
    [alert] = alerts.alerts
    async with edge_for(stack, owned.user) as client:
        await approved_policy(client, owned)
        run = (await start(client, pid))["run"]
        got = await recommendation(client, pid, run["id"])

    expected = [("PORTFOLIO_FROZEN", alert.alert_id), ("PRICE_DQ_FAILING", owned.equity_listing_id)]
    assert [(r["code"], r["subject"]) for r in run["blockedReasons"]] == expected
    assert [(r["code"], r["subject"]) for r in got["blockedReasons"]] == expected
    assert alert.alert_id in got["blockedReasons"][1]["detail"]
    assert (run["status"], got["lines"]) == ("BLOCKED", [])


async def test_another_users_portfolio_is_refused_by_the_engine(stack: Stack) -> None:
    owned = await owned_portfolio(stack)
    stranger = await stack.registry.new_user()
    async with edge_for(stack, stranger) as client:
        versions = (await client.data(VERSIONS, {"pid": owned.portfolio_id}))["policyVersions"]
        started = await start(client, owned.portfolio_id)

    assert versions["__typename"] in {"PermissionDenied", "NotFound"}, versions
    assert started["__typename"] in {"PermissionDenied", "NotFound"}, started
