"""Reviewing a recommendation: read it, approve or ignore it, and mark it executed (for the OMS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.engine import repository as repo
from services.engine.domain.review import ReviewStatus, check_transition
from services.engine.handlers import EngineDeps, actor, parse_id
from services.engine.handlers.audit import record
from taplatform.errors import FailedPreconditionError, InvalidArgumentError, NotFoundError

MAX_NOTE_CHARS = 2000


@dataclass(frozen=True)
class RecommendationView:
    run: repo.RunRecord
    canonical_json: str


def line_ids(run: repo.RunRecord) -> list[str]:
    """The recommendation's line ids: ``<recommendation_id>:<n>``, n from 1 in line order."""
    return [f"{run.run_id}:{n}" for n in range(1, run.line_count + 1)]


async def get_recommendation(
    deps: EngineDeps, portfolio_id: str, recommendation_id: str
) -> RecommendationView:
    """The stored recommendation of a run, with its review status."""
    ident = parse_id(recommendation_id, "recommendation_id", "recommendation")
    async with deps.engine.connect() as connection:
        found = await repo.run(connection, portfolio_id, ident)
        if found is None:
            raise NotFoundError(f"recommendation {recommendation_id} not found")
        return RecommendationView(found, await repo.recommendation_json(connection, ident))


def _note(note: str) -> str:
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidArgumentError.for_field("note", f"must be at most {MAX_NOTE_CHARS} characters")
    return note.strip()


def _state(run: repo.RunRecord) -> dict[str, Any]:
    return {
        "recommendation_id": str(run.run_id),
        "status": run.status,
        "recommendation_hash": run.recommendation_hash,
        "executed_line_ids": list(run.executed_line_ids),
    }


async def _move(
    deps: EngineDeps,
    portfolio_id: str,
    recommendation_id: str,
    target: ReviewStatus,
    *,
    reviewed_hash: str | None = None,
    note: str = "",
    executed: list[str] | None = None,
) -> RecommendationView:
    ident = parse_id(recommendation_id, "recommendation_id", "recommendation")
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        found = await repo.run(connection, portfolio_id, ident, lock=True)
        if found is None:
            raise NotFoundError(f"recommendation {recommendation_id} not found")
        if reviewed_hash is not None and reviewed_hash != found.recommendation_hash:
            raise FailedPreconditionError(
                f"recommendation {recommendation_id} has hash {found.recommendation_hash}, "
                f"not the {reviewed_hash} you reviewed",
                reason="RECOMMENDATION_HASH_MISMATCH",
            )
        if check_transition(ReviewStatus(found.status), target):
            changes: dict[str, Any] = {"status": target.value}
            if target is ReviewStatus.EXECUTED:
                changes |= {"executed_at": now, "executed_line_ids": sorted(executed or [])}
            else:
                changes |= {"decided_at": now, "decided_by": actor(), "decision_note": note}
            await repo.update_status(connection, ident, **changes)
            after = await repo.run(connection, portfolio_id, ident)
            assert after is not None
            await record(
                connection,
                f"Recommendation{target.value.capitalize()}",
                str(ident),
                portfolio_id=portfolio_id,
                actor_user_id=actor(),
                before=_state(found),
                after=_state(after),
                at=now,
                note=note,
            )
            found = after
        return RecommendationView(found, await repo.recommendation_json(connection, ident))


async def approve_recommendation(
    deps: EngineDeps, portfolio_id: str, recommendation_id: str, reviewed_hash: str, note: str
) -> RecommendationView:
    """proposed → approved, if ``reviewed_hash`` is the stored recommendation's hash."""
    if not reviewed_hash:
        raise InvalidArgumentError.for_field(
            "recommendation_hash", "is required: the hash you reviewed"
        )
    return await _move(
        deps,
        portfolio_id,
        recommendation_id,
        ReviewStatus.APPROVED,
        reviewed_hash=reviewed_hash,
        note=_note(note),
    )


async def ignore_recommendation(
    deps: EngineDeps, portfolio_id: str, recommendation_id: str, note: str
) -> RecommendationView:
    """proposed → ignored."""
    return await _move(
        deps, portfolio_id, recommendation_id, ReviewStatus.IGNORED, note=_note(note)
    )


async def mark_executed(
    deps: EngineDeps, portfolio_id: str, recommendation_id: str, executed: list[str]
) -> RecommendationView:
    """approved → executed, naming the lines that had orders; a repeat changes nothing."""
    view = await get_recommendation(deps, portfolio_id, recommendation_id)
    known = set(line_ids(view.run))
    if not executed:
        raise InvalidArgumentError.for_field("line_ids", "name at least one line")
    for index, line_id in enumerate(executed):
        if line_id not in known:
            raise InvalidArgumentError.for_field(
                f"line_ids[{index}]", f"{line_id} is not a line of {recommendation_id}"
            )
    return await _move(
        deps, portfolio_id, recommendation_id, ReviewStatus.EXECUTED, executed=executed
    )
