"""Reading runs: a page of a portfolio's runs (newest first) and Replay."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

from services.engine import repository as repo
from services.engine.domain.calculate import calculate
from services.engine.domain.policy import Policy
from services.engine.domain.snapshot_codec import snapshot_from_json
from services.engine.handlers import EngineDeps
from services.engine.handlers.policies import policy_from_canonical
from services.engine.handlers.runs import get_run, sha256_text
from taplatform.errors import InvalidArgumentError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class RunPage:
    runs: list[repo.RunRecord]
    next_page_token: str


def _encode(run: repo.RunRecord) -> str:
    return base64.urlsafe_b64encode(f"{run.created_at.isoformat()}|{run.run_id}".encode()).decode()


def _decode(token: str) -> tuple[datetime, uuid.UUID] | None:
    if not token:
        return None
    try:
        at, _, ident = base64.urlsafe_b64decode(token.encode()).decode().partition("|")
        return datetime.fromisoformat(at), uuid.UUID(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgumentError.for_field(
            "page.page_token", "is not a token from a previous page"
        ) from None


async def list_runs(deps: EngineDeps, portfolio_id: str, size: int, token: str) -> RunPage:
    """One page of the portfolio's runs, newest first."""
    if size < 0:
        raise InvalidArgumentError.for_field("page.page_size", "must not be negative")
    limit = min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    async with deps.engine.connect() as connection:
        found = await repo.list_runs(connection, portfolio_id, limit + 1, _decode(token))
    more = len(found) > limit
    found = found[:limit]
    return RunPage(found, _encode(found[-1]) if more else "")


@dataclass(frozen=True)
class ReplayResult:
    identical: bool
    stored_hash: str
    replayed_hash: str
    snapshot_verified: bool
    policy_verified: bool
    snapshot_hash: str
    policy_hash: str | None
    first_difference: int  # -1 when identical


def first_difference(left: str, right: str) -> int:
    """The index of the first differing character, or -1 when equal."""
    if left == right:
        return -1
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            return index
    return min(len(left), len(right))


async def replay_run(deps: EngineDeps, portfolio_id: str, run_id: str) -> ReplayResult:
    """Recalculate a stored run from its stored snapshot and policy version; compare bytes."""
    run = await get_run(deps, portfolio_id, run_id)
    async with deps.engine.connect() as connection:
        snapshot_text = await repo.snapshot_json(connection, run.snapshot_hash)
        stored = await repo.recommendation_json(connection, run.run_id)
        version = None
        if run.policy_version_id is not None:
            version = await repo.policy_version(
                connection, portfolio_id, policy_version_id=run.policy_version_id
            )
    assert snapshot_text is not None and (version is not None or run.policy_version_id is None)
    snapshot = snapshot_from_json(snapshot_text)
    reread = snapshot.canonical_json()
    policy: Policy | None = None
    if version is not None:
        policy = policy_from_canonical(version.canonical_json)
    replayed = calculate(snapshot, policy).canonical_json()
    return ReplayResult(
        identical=replayed == stored,
        stored_hash=run.recommendation_hash,
        replayed_hash=sha256_text(replayed),
        snapshot_verified=reread == snapshot_text and sha256_text(reread) == run.snapshot_hash,
        policy_verified=(policy.hash if policy else None) == run.policy_hash,
        snapshot_hash=run.snapshot_hash,
        policy_hash=run.policy_hash,
        first_difference=first_difference(stored, replayed),
    )
