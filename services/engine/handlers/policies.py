"""Policy versions: validate and store (append-only), list, get, diff, approve (audited)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.engine import repository as repo
from services.engine import store
from services.engine.domain.policy import Policy
from services.engine.domain.policy_diff import PolicyChange, diff_policies
from services.engine.domain.policy_document import DocumentFormat, policy_schema
from services.engine.domain.policy_rules import build_policy, load_policy
from services.engine.handlers import EngineDeps, actor, parse_id
from services.engine.handlers.audit import record
from taplatform.errors import FailedPreconditionError, InvalidArgumentError, NotFoundError

MAX_DOCUMENT_CHARS = 200_000


@dataclass(frozen=True)
class PolicyVersionView:
    """A stored version (``record`` None when only validated) and its approval state."""

    record: repo.PolicyVersionRecord | None
    policy: Policy
    status: str  # "draft", "approved" or "superseded"
    approval: repo.ApprovalRecord | None  # this version's newest approval


@lru_cache(maxsize=256)
def policy_from_canonical(text: str) -> Policy:
    """The Policy of a stored canonical form (validated once per process and text)."""
    return build_policy(json.loads(text))


def schema_json() -> str:
    """The published policy schema as JSON text."""
    return json.dumps(policy_schema(), indent=2, sort_keys=True)


def _view(
    found: repo.PolicyVersionRecord, approvals: list[repo.ApprovalRecord]
) -> PolicyVersionView:
    own = [a for a in approvals if a.policy_version_id == found.policy_version_id]
    if approvals and approvals[0].policy_version_id == found.policy_version_id:
        status = "approved"
    else:
        status = "superseded" if own else "draft"
    return PolicyVersionView(
        found, policy_from_canonical(found.canonical_json), status, own[0] if own else None
    )


def _audit_state(found: repo.PolicyVersionRecord | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "policy_version_id": str(found.policy_version_id),
        "version": found.version,
        "policy_hash": found.policy_hash,
        "name": found.name,
    }


async def create_policy_version(
    deps: EngineDeps, portfolio_id: str, document: str, fmt: DocumentFormat, validate_only: bool
) -> tuple[PolicyVersionView, bool]:
    """Validate ``document``; store it as the next version unless an equal one exists."""
    if not document.strip():
        raise InvalidArgumentError.for_field("document", "is required")
    if len(document) > MAX_DOCUMENT_CHARS:
        raise InvalidArgumentError.for_field(
            "document", f"must be at most {MAX_DOCUMENT_CHARS} characters"
        )
    policy = load_policy(document, fmt)
    if validate_only:
        return PolicyVersionView(None, policy, "draft", None), False
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        await repo.lock_portfolio(connection, portfolio_id)
        existing = await repo.policy_version(connection, portfolio_id, policy_hash=policy.hash)
        if existing is not None:
            return _view(existing, await repo.approvals(connection, portfolio_id)), False
        created = repo.PolicyVersionRecord(
            policy_version_id=deps.new_id(),
            portfolio_id=portfolio_id,
            version=await repo.next_number(
                connection, store.policy_versions, "version", portfolio_id
            ),
            policy_hash=policy.hash,
            name=policy.name,
            canonical_json=policy.canonical_json(),
            source_text=document,
            source_format=fmt,
            created_at=now,
            created_by=actor(),
        )
        await repo.insert_policy_version(connection, created)
        await record(
            connection,
            "PolicyVersionCreated",
            str(created.policy_version_id),
            portfolio_id=portfolio_id,
            actor_user_id=created.created_by,
            before=None,
            after=_audit_state(created),
            at=now,
        )
        return _view(created, await repo.approvals(connection, portfolio_id)), True


async def list_policy_versions(
    deps: EngineDeps, portfolio_id: str
) -> tuple[list[PolicyVersionView], list[repo.ApprovalRecord]]:
    """Every version, newest first, and every approval, newest first."""
    async with deps.engine.connect() as connection:
        versions = await repo.policy_versions(connection, portfolio_id)
        approvals = await repo.approvals(connection, portfolio_id)
    return [_view(v, approvals) for v in versions], approvals


async def _load(
    connection: AsyncConnection, portfolio_id: str, policy_version_id: str, field: str
) -> repo.PolicyVersionRecord:
    ident = parse_id(policy_version_id, field, "policy version")
    found = await repo.policy_version(connection, portfolio_id, policy_version_id=ident)
    if found is None:
        raise NotFoundError(f"policy version {policy_version_id} not found")
    return found


async def get_policy_version(
    deps: EngineDeps, portfolio_id: str, policy_version_id: str
) -> PolicyVersionView:
    """One version; with no id, the approved one."""
    async with deps.engine.connect() as connection:
        approvals = await repo.approvals(connection, portfolio_id)
        if policy_version_id:
            found = await _load(connection, portfolio_id, policy_version_id, "policy_version_id")
        elif approvals:
            found = await _load(
                connection, portfolio_id, str(approvals[0].policy_version_id), "policy_version_id"
            )
        else:
            raise NotFoundError(f"portfolio {portfolio_id} has no approved policy")
    return _view(found, approvals)


async def diff_policy_versions(
    deps: EngineDeps, portfolio_id: str, from_id: str, to_id: str
) -> tuple[str, str, list[PolicyChange]]:
    """(from hash, to hash, changes) between two versions' canonical forms."""
    async with deps.engine.connect() as connection:
        before = await _load(connection, portfolio_id, from_id, "from_policy_version_id")
        after = await _load(connection, portfolio_id, to_id, "to_policy_version_id")
    changes = diff_policies(json.loads(before.canonical_json), json.loads(after.canonical_json))
    return before.policy_hash, after.policy_hash, changes


async def approve_policy_version(
    deps: EngineDeps, portfolio_id: str, policy_version_id: str, policy_hash: str
) -> tuple[PolicyVersionView, repo.ApprovalRecord, bool]:
    """Make the version the approved one, if ``policy_hash`` is the one the approver reviewed."""
    if not policy_hash:
        raise InvalidArgumentError.for_field("policy_hash", "is required: the hash you reviewed")
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        await repo.lock_portfolio(connection, portfolio_id)
        found = await _load(connection, portfolio_id, policy_version_id, "policy_version_id")
        if found.policy_hash != policy_hash:
            raise FailedPreconditionError(
                f"policy version {policy_version_id} has hash {found.policy_hash}, "
                f"not the {policy_hash} you reviewed",
                reason="POLICY_HASH_MISMATCH",
            )
        current = await repo.current_approval(connection, portfolio_id)
        if current is not None and current.policy_version_id == found.policy_version_id:
            return _view(found, await repo.approvals(connection, portfolio_id)), current, False
        previous = None
        if current is not None:
            previous = await repo.policy_version(
                connection, portfolio_id, policy_version_id=current.policy_version_id
            )
        approval = repo.ApprovalRecord(
            approval_id=deps.new_id(),
            portfolio_id=portfolio_id,
            sequence=await repo.next_number(
                connection, store.policy_approvals, "sequence", portfolio_id
            ),
            policy_version_id=found.policy_version_id,
            policy_hash=found.policy_hash,
            approved_at=now,
            approved_by=actor(),
        )
        await repo.insert_approval(connection, approval)
        await record(
            connection,
            "PolicyVersionApproved",
            str(approval.approval_id),
            portfolio_id=portfolio_id,
            actor_user_id=approval.approved_by,
            before=_audit_state(previous),
            after=_audit_state(found),
            at=now,
            approval_sequence=approval.sequence,
        )
        return _view(found, await repo.approvals(connection, portfolio_id)), approval, True


async def approved_policy(
    connection: AsyncConnection, portfolio_id: str
) -> tuple[repo.PolicyVersionRecord, Policy] | None:
    """The approved version and its Policy, or None when no version is approved."""
    current = await repo.current_approval(connection, portfolio_id)
    if current is None:
        return None
    found = await repo.policy_version(
        connection, portfolio_id, policy_version_id=current.policy_version_id
    )
    assert found is not None, "an approval names a stored version"
    return found, policy_from_canonical(found.canonical_json)
