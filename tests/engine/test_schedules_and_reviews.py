"""Scheduled runs once per cadence period, and the review lifecycle of a recommendation."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.handlers import EngineDeps, runs
from services.engine.handlers import recommendations as rh
from services.engine.handlers.schedules import ScheduleOutcome, run_due_schedules
from taplatform.errors import FailedPreconditionError, InvalidArgumentError
from taplatform.testing import FakeClock
from tests.engine.conftest import ACTOR
from tests.engine.test_policy_versions import events
from tests.engine.test_runs import approve, count_runs
from tests.engine.world import World, policy_yaml


def outcomes(results: list, portfolio_id: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(r.outcome.value, r.period) for r in results if r.portfolio_id == portfolio_id]


async def test_a_scheduled_run_happens_once_per_period_from_its_run_day_on(
    deps: EngineDeps, world: World, clock: FakeClock, engine_db: AsyncEngine
) -> None:
    pid, _ = world.portfolio()
    idle, _ = world.portfolio()  # no approved policy: never scheduled
    await approve(deps, pid, policy_yaml(**{"run_day: 1": "run_day: 10"}))
    clock.set(datetime(2025, 7, 9, 18, 0, tzinfo=UTC))
    assert outcomes(await run_due_schedules(deps), pid) == [("not_due", "2025-07")]
    assert outcomes(await run_due_schedules(deps), idle) == [("no_approved_policy", "")]
    clock.set(datetime(2025, 7, 10, 18, 0, tzinfo=UTC))
    # Two workers (or arq running the job twice) at once: one run.
    first, second = await asyncio.gather(run_due_schedules(deps), run_due_schedules(deps))
    both = sorted(outcomes(first, pid) + outcomes(second, pid))
    assert both == [("already_ran", "2025-07"), ("started", "2025-07")]
    clock.set(datetime(2025, 7, 28, 18, 0, tzinfo=UTC))
    [later] = [r for r in await run_due_schedules(deps) if r.portfolio_id == pid]
    assert later.outcome is ScheduleOutcome.ALREADY_RAN and later.run is not None
    assert (later.run.trigger, later.run.cadence_period) == ("scheduled", "2025-07")
    assert await count_runs(engine_db, pid) == 1
    clock.set(datetime(2025, 8, 10, 18, 0, tzinfo=UTC))
    assert outcomes(await run_due_schedules(deps), pid) == [("started", "2025-08")]
    assert await count_runs(engine_db, pid) == 2


async def test_a_quarterly_policy_runs_in_the_quarters_first_month(
    deps: EngineDeps, world: World, clock: FakeClock
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid, policy_yaml(**{"frequency: monthly": "frequency: quarterly"}))
    clock.set(datetime(2025, 8, 1, 18, 0, tzinfo=UTC))
    assert outcomes(await run_due_schedules(deps), pid) == [("started", "2025-Q3")]
    clock.set(datetime(2025, 9, 1, 18, 0, tzinfo=UTC))
    assert outcomes(await run_due_schedules(deps), pid) == [("already_ran", "2025-Q3")]


async def test_approve_then_execute_and_every_change_is_audited(
    deps: EngineDeps, world: World, engine_db: AsyncEngine
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid)
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    rid = str(run.run_id)
    with pytest.raises(FailedPreconditionError) as mismatch:
        await rh.approve_recommendation(deps, pid, rid, "0" * 64, "")
    assert mismatch.value.reason == "RECOMMENDATION_HASH_MISMATCH"
    with pytest.raises(FailedPreconditionError) as early:
        await rh.mark_executed(deps, pid, rid, [f"{rid}:1"])
    assert early.value.reason == "RECOMMENDATION_PROPOSED"
    approved = await rh.approve_recommendation(deps, pid, rid, run.recommendation_hash, " ok ")
    assert (approved.run.status, approved.run.decided_by, approved.run.decision_note) == (
        "approved",
        ACTOR,
        "ok",
    )
    with pytest.raises(FailedPreconditionError):
        await rh.ignore_recommendation(deps, pid, rid, "")
    with pytest.raises(InvalidArgumentError) as unknown:
        await rh.mark_executed(deps, pid, rid, [f"{rid}:1", f"{rid}:9"])
    assert [v.field for v in unknown.value.violations] == ["line_ids[1]"]
    done = await rh.mark_executed(deps, pid, rid, [f"{rid}:2", f"{rid}:1"])
    again = await rh.mark_executed(deps, pid, rid, [f"{rid}:1"])
    assert done.run.status == again.run.status == "executed"
    assert again.run.executed_line_ids == [f"{rid}:1", f"{rid}:2"]
    assert again.run.status_version == 2
    changes = [
        (t, p["before"]["status"], p["after"]["status"])
        for t, p in await events(engine_db, pid)
        if t.startswith("Recommendation")
    ]
    assert changes == [
        ("RecommendationApproved", "proposed", "approved"),
        ("RecommendationExecuted", "approved", "executed"),
    ]


async def test_a_blocked_recommendation_cannot_be_approved_or_ignored(
    deps: EngineDeps, world: World
) -> None:
    pid, _ = world.portfolio()
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run  # no policy: blocked
    rid = str(run.run_id)
    with pytest.raises(FailedPreconditionError) as caught:
        await rh.approve_recommendation(deps, pid, rid, run.recommendation_hash, "")
    assert caught.value.reason == "RECOMMENDATION_BLOCKED"
    with pytest.raises(FailedPreconditionError):
        await rh.ignore_recommendation(deps, pid, rid, "")
    ignored_pid, _ = world.portfolio()
    await approve(deps, ignored_pid)
    advice = (await runs.start_run(deps, ignored_pid, f"req-{uuid.uuid4()}")).run
    view = await rh.ignore_recommendation(deps, ignored_pid, str(advice.run_id), "not now")
    assert (view.run.status, view.run.decision_note) == ("ignored", "not now")


def wave_policy(reference_listing_id: str) -> str:
    return policy_yaml() + (
        "reserve: {amount: 3000}\n"
        "wave_triggers:\n"
        "  - sleeve: equities\n"
        f"    reference_listing_id: {reference_listing_id}\n"
        "    trailing_days: 365\n"
        "    levels: [{drawdown_pct: 10, release_pct: 25}, {drawdown_pct: 20, release_pct: 35}]\n"
        "    rearm_at_drawdown_pct: 3\n"
    )


async def test_a_wave_fires_once_the_approved_run_carries_it_into_the_next_snapshot(
    deps: EngineDeps, world: World
) -> None:
    pid, listings = world.portfolio(cash="5000")
    eq = listings["equities"]
    # VWRL peaked at 11,000 GBX last winter; at 9,850 it is 10.45 % down: level 10 fires.
    world.market.history[eq] = [(datetime(2025, 1, 15, tzinfo=UTC), Decimal("11000"))]
    await approve(deps, pid, wave_policy(eq))
    first = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    view = await rh.get_recommendation(deps, pid, str(first.run_id))
    tree = json.loads(view.canonical_json)
    assert [r["rule"] for r in tree["rules"] if r["rule"].startswith("wave")] == ["wave_fired"]
    assert tree["wave_state_after"] == [{"sleeve": "equities", "drawdown_pct": "10"}]
    # Not approved yet: the next run sees no fired wave and would fire it again.
    unapproved = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    _, text = await runs.get_run_input(deps, pid, str(unapproved.run_id))
    assert json.loads(text)["wave_state"] == []
    await rh.approve_recommendation(deps, pid, str(first.run_id), first.recommendation_hash, "")
    after = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    _, text = await runs.get_run_input(deps, pid, str(after.run_id))
    assert json.loads(text)["wave_state"] == [{"sleeve": "equities", "drawdown_pct": "10"}]
    later = json.loads((await rh.get_recommendation(deps, pid, str(after.run_id))).canonical_json)
    assert [r["rule"] for r in later["rules"] if r["rule"].startswith("wave")] == [
        "wave_already_fired"
    ]
