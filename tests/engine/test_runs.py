"""Runs through the service layer with fake sources: advice, blocking, idempotency, replay."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.domain.snapshot_codec import snapshot_from_json
from services.engine.handlers import EngineDeps, run_reads, runs
from services.engine.handlers import policies as ph
from services.engine.handlers.runs import sha256_text
from taplatform.errors import AlreadyExistsError, InvalidArgumentError, NotFoundError
from tests.engine.conftest import ACTOR
from tests.engine.test_policy_versions import events
from tests.engine.world import POLICY_YAML, World


async def approve(deps: EngineDeps, portfolio_id: str, document: str = POLICY_YAML) -> str:
    view, _ = await ph.create_policy_version(deps, portfolio_id, document, "yaml", False)
    assert view.record is not None
    await ph.approve_policy_version(
        deps, portfolio_id, str(view.record.policy_version_id), view.record.policy_hash
    )
    return view.record.policy_hash


async def count_runs(db: AsyncEngine, portfolio_id: str) -> int:
    async with db.connect() as connection:
        value = await connection.scalar(
            sa.text("SELECT count(*) FROM engine.runs WHERE portfolio_id = :p"),
            {"p": portfolio_id},
        )
    return int(value or 0)


def reasons(run: Any) -> list[tuple[str, str]]:
    return [(r["code"], r["subject"]) for r in map(json.loads, run.blocked_reasons)]


async def test_a_run_stores_its_snapshot_and_recommendation_with_both_hashes(
    deps: EngineDeps, world: World, engine_db: AsyncEngine
) -> None:
    pid, listings = world.portfolio()
    policy_hash = await approve(deps, pid)
    result = await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")
    run = result.run
    assert result.created and (run.outcome, run.status) == ("advice", "proposed")
    # The golden portfolio of test_golden: bonds get 23 x 30.00, equities 2 x 98.50.
    assert run.line_count == 2 and run.policy_hash == policy_hash
    digest, text = await runs.get_run_input(deps, pid, str(run.run_id))
    assert digest == run.snapshot_hash == sha256_text(text)
    snapshot = snapshot_from_json(text)
    assert snapshot.policy_hash == policy_hash and snapshot.as_of == deps.clock.now()
    assert {h.listing_id for h in snapshot.holdings} == set(listings.values())
    [(_, payload)] = [e for e in await events(engine_db, pid) if e[0] == "RunCompleted"]
    assert (payload["actor_user_id"], payload["before"]) == (ACTOR, None)
    assert payload["after"]["recommendation_hash"] == run.recommendation_hash


async def test_the_same_request_id_returns_the_first_run_and_stores_one(
    deps: EngineDeps, world: World, engine_db: AsyncEngine
) -> None:
    pid, _ = world.portfolio()
    other, _ = world.portfolio()
    await approve(deps, pid)
    request_id = f"req-{uuid.uuid4()}"
    first, second = await asyncio.gather(
        runs.start_run(deps, pid, request_id), runs.start_run(deps, pid, request_id)
    )
    again = await runs.start_run(deps, pid, request_id)
    assert first.run.run_id == second.run.run_id == again.run.run_id
    assert sorted([first.created, second.created, again.created]) == [False, False, True]
    assert await count_runs(engine_db, pid) == 1
    with pytest.raises(AlreadyExistsError) as caught:
        await runs.start_run(deps, other, request_id)
    assert caught.value.reason == "EXISTS_WITH_DIFFERENT_PORTFOLIO_ID"
    with pytest.raises(InvalidArgumentError):
        await runs.start_run(deps, pid, " ")


async def test_without_an_approved_policy_the_run_is_blocked(
    deps: EngineDeps, world: World
) -> None:
    pid, _ = world.portfolio()
    await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", False)  # a draft only
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    assert (run.outcome, run.status, run.line_count, run.policy_hash) == (
        "blocked",
        "blocked",
        0,
        None,
    )
    assert reasons(run) == [("NO_APPROVED_POLICY", pid)]


async def test_a_frozen_portfolio_is_blocked_with_the_alert_ids_as_reasons(
    deps: EngineDeps, world: World
) -> None:
    pid, listings = world.portfolio()
    await approve(deps, pid)
    world.freeze(pid, "alert-1")
    world.price(listings["equities"], "0.985", "alert-1")
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    assert run.outcome == "blocked" and run.line_count == 0
    assert reasons(run) == [
        ("PORTFOLIO_FROZEN", "alert-1"),
        ("PRICE_DQ_FAILING", listings["equities"]),
    ]


async def test_replay_reproduces_the_stored_bytes_and_notices_tampering(
    deps: EngineDeps, world: World, operator_db: AsyncEngine
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid)
    advice = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    world.freeze(pid, "alert-9")
    blocked = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    for run in (advice, blocked):
        result = await run_reads.replay_run(deps, pid, str(run.run_id))
        assert (result.identical, result.snapshot_verified, result.policy_verified) == (
            True,
            True,
            True,
        )
        assert result.replayed_hash == result.stored_hash == run.recommendation_hash
        assert result.first_difference == -1
    # The world quotes VGOV at "30.00", stored as "30": this holds only because the run
    # computes from the stored form. Now an operator edits the stored bytes: Replay says so.
    async with operator_db.begin() as connection:
        await connection.execute(
            sa.text(
                "UPDATE engine.recommendations SET canonical_json = "
                'replace(canonical_json, \'"quantity":"23"\', \'"quantity":"24"\') '
                "WHERE run_id = :r"
            ),
            {"r": advice.run_id},
        )
    tampered = await run_reads.replay_run(deps, pid, str(advice.run_id))
    assert not tampered.identical and tampered.first_difference > 0


async def test_runs_are_listed_newest_first_in_pages_and_scoped_by_portfolio(
    deps: EngineDeps, world: World, clock: Any
) -> None:
    pid, _ = world.portfolio()
    other, _ = world.portfolio()
    await approve(deps, pid)
    made = []
    for _ in range(3):
        made.append((await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run.run_id)
        clock.advance(timedelta(minutes=1))
    first = await run_reads.list_runs(deps, pid, 2, "")
    second = await run_reads.list_runs(deps, pid, 2, first.next_page_token)
    assert [r.run_id for r in first.runs + second.runs] == made[::-1]
    assert second.next_page_token == ""
    with pytest.raises(NotFoundError):
        await runs.get_run(deps, other, str(made[0]))
    with pytest.raises(InvalidArgumentError):
        await run_reads.list_runs(deps, pid, 2, "not-a-token")
