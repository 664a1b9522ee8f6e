"""Runs: gather the inputs, calculate, store snapshot + recommendation + run atomically, once.

Idempotency: an on-demand run is keyed by the client's ``request_id``; a
scheduled run by (portfolio, cadence period), enforced by a unique index. The
inputs are gathered before the transaction (they come over gRPC); when two
attempts race, the loser's insert fails on that key and it returns the
winner's run, so a retried request or a job run twice stores one run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from services.engine import repository as repo
from services.engine.domain.calculate import calculate
from services.engine.domain.policy import Policy
from services.engine.domain.recommendation import Outcome, Recommendation
from services.engine.domain.review import ReviewStatus
from services.engine.domain.snapshot import FiredWave, RunInputSnapshot
from services.engine.domain.snapshot_codec import snapshot_from_json
from services.engine.gather import gather_snapshot
from services.engine.handlers import EngineDeps, actor, parse_id
from services.engine.handlers.audit import record
from services.engine.handlers.policies import approved_policy
from taplatform.canonical import canonical_json
from taplatform.errors import AlreadyExistsError, InvalidArgumentError, NotFoundError
from taplatform.logging import get_logger

log = get_logger(__name__)

MAX_REQUEST_ID_CHARS = 200
ON_DEMAND = "on_demand"
SCHEDULED = "scheduled"


@dataclass(frozen=True)
class RunResult:
    run: repo.RunRecord
    created: bool  # False: the request (or period) named an earlier run


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check_request_id(request_id: str) -> None:
    if not request_id.strip():
        raise InvalidArgumentError.for_field("request_id", "is required: a client-generated id")
    if len(request_id) > MAX_REQUEST_ID_CHARS:
        raise InvalidArgumentError.for_field(
            "request_id", f"must be at most {MAX_REQUEST_ID_CHARS} characters"
        )


def scheduled_request_id(portfolio_id: str, period: str) -> str:
    return f"scheduled:{portfolio_id}:{period}"


async def start_run(deps: EngineDeps, portfolio_id: str, request_id: str) -> RunResult:
    """Run ``portfolio_id`` now, or return the run ``request_id`` started before."""
    check_request_id(request_id)
    async with deps.engine.connect() as connection:
        existing = await repo.run_by_request(connection, request_id)
    if existing is not None:
        return _earlier(existing, portfolio_id)
    return await execute_run(deps, portfolio_id, ON_DEMAND, request_id, None)


def _earlier(existing: repo.RunRecord, portfolio_id: str) -> RunResult:
    if existing.portfolio_id != portfolio_id:
        raise AlreadyExistsError(
            f"request_id {existing.request_id} started a run of another portfolio",
            reason="EXISTS_WITH_DIFFERENT_PORTFOLIO_ID",
            metadata={"fields": "portfolio_id"},
        )
    return RunResult(existing, False)


async def wave_state(connection: AsyncConnection, portfolio_id: str) -> tuple[FiredWave, ...]:
    """Wave levels fired by the newest accepted recommendation and not re-armed since."""
    text = await repo.last_accepted_recommendation(connection, portfolio_id)
    if text is None:
        return ()
    fired = json.loads(text)["wave_state_after"]
    return tuple(FiredWave(w["sleeve"], Decimal(w["drawdown_pct"])) for w in fired)


async def execute_run(
    deps: EngineDeps, portfolio_id: str, trigger: str, request_id: str, period: str | None
) -> RunResult:
    """Gather, calculate and store one run (see the module doc for idempotency)."""
    now = deps.clock.now()
    async with deps.engine.connect() as connection:
        approved = await approved_policy(connection, portfolio_id)
        fired = await wave_state(connection, portfolio_id)
    version, policy = approved if approved is not None else (None, None)
    started = time.perf_counter()
    gathered = await gather_snapshot(deps.sources, portfolio_id, now, policy, fired)
    gathered_at = time.perf_counter()
    # CPU-bound (~0.65 s at 10,000 listings): off the event loop, so health
    # checks and other RPCs keep being answered. Decimal contexts are local.
    snapshot_text, recommendation, text = await asyncio.to_thread(_compute, gathered, policy)
    calculated_at = time.perf_counter()
    run = _run_record(deps, portfolio_id, (trigger, request_id, period), recommendation, text)
    if version is not None:
        run = replace(run, policy_version_id=version.policy_version_id)
    try:
        async with deps.engine.begin() as connection:
            await repo.insert_snapshot(
                connection, run.snapshot_hash, portfolio_id, snapshot_text, now
            )
            await repo.insert_run(connection, run, text)
            await record(
                connection,
                "RunCompleted",
                str(run.run_id),
                portfolio_id=portfolio_id,
                actor_user_id=run.actor_user_id,
                before=None,
                after=run_audit_state(run),
                at=now,
            )
    except IntegrityError:
        # Lost a race on request_id or (portfolio, period): the winner's run stands.
        async with deps.engine.connect() as connection:
            existing = await repo.run_by_request(connection, request_id)
            if existing is None and period is not None:
                existing = await repo.scheduled_run(connection, portfolio_id, period)
        if existing is None:
            raise
        return _earlier(existing, portfolio_id)
    log.info(
        "engine.run_stored",
        run_id=str(run.run_id),
        portfolio_id=portfolio_id,
        outcome=run.outcome,
        listings=len(gathered.listings),
        gather_ms=round((gathered_at - started) * 1000, 1),
        calculate_ms=round((calculated_at - gathered_at) * 1000, 1),
        store_ms=round((time.perf_counter() - calculated_at) * 1000, 1),
    )
    return RunResult(run, True)


def _compute(gathered: RunInputSnapshot, policy: Policy | None) -> tuple[str, Recommendation, str]:
    snapshot_text = gathered.canonical_json()
    # Calculate from the stored form, not the gathered objects: "30.00" is stored
    # as "30", and Replay must see exactly what this run saw.
    recommendation = calculate(snapshot_from_json(snapshot_text), policy)
    return snapshot_text, recommendation, recommendation.canonical_json()


def _run_record(
    deps: EngineDeps,
    portfolio_id: str,
    key: tuple[str, str, str | None],
    recommendation: Recommendation,
    text: str,
) -> repo.RunRecord:
    trigger, request_id, period = key
    now = deps.clock.now()
    blocked = recommendation.outcome is Outcome.BLOCKED
    return repo.RunRecord(
        run_id=deps.new_id(),
        portfolio_id=portfolio_id,
        trigger=trigger,
        request_id=request_id,
        cadence_period=period,
        policy_version_id=None,
        policy_hash=recommendation.policy_hash,
        snapshot_hash=recommendation.snapshot_hash,
        outcome=recommendation.outcome.value,
        line_count=len(recommendation.lines),
        recommendation_hash=sha256_text(text),
        blocked_reasons=[
            canonical_json({"code": r.code, "subject": r.subject, "detail": r.detail})
            for r in recommendation.blocked_reasons
        ],
        as_of=now,
        created_at=now,
        actor_user_id=actor(),
        status=(ReviewStatus.BLOCKED if blocked else ReviewStatus.PROPOSED).value,
        status_version=0,
        decided_at=None,
        decided_by=None,
        decision_note=None,
        executed_at=None,
        executed_line_ids=[],
    )


def run_audit_state(run: repo.RunRecord) -> dict[str, object]:
    return {
        "run_id": str(run.run_id),
        "trigger": run.trigger,
        "cadence_period": run.cadence_period,
        "outcome": run.outcome,
        "status": run.status,
        "line_count": run.line_count,
        "snapshot_hash": run.snapshot_hash,
        "policy_hash": run.policy_hash,
        "recommendation_hash": run.recommendation_hash,
        "blocked_reasons": [json.loads(r) for r in run.blocked_reasons],
    }


async def get_run(deps: EngineDeps, portfolio_id: str, run_id: str) -> repo.RunRecord:
    """The run, looked up within ``portfolio_id``."""
    ident = parse_id(run_id, "run_id", "run")
    async with deps.engine.connect() as connection:
        found = await repo.run(connection, portfolio_id, ident)
    if found is None:
        raise NotFoundError(f"run {run_id} not found")
    return found


async def get_run_input(deps: EngineDeps, portfolio_id: str, run_id: str) -> tuple[str, str]:
    """(snapshot hash, canonical snapshot JSON) of a run."""
    found = await get_run(deps, portfolio_id, run_id)
    async with deps.engine.connect() as connection:
        text = await repo.snapshot_json(connection, found.snapshot_hash)
    assert text is not None, "a run is stored with its snapshot"
    return found.snapshot_hash, text
