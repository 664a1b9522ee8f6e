"""Policy versions through the service layer: validate, store once, diff, approve (audited)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.domain.policy_rules import load_policy
from services.engine.handlers import EngineDeps
from services.engine.handlers import policies as ph
from taplatform.errors import FailedPreconditionError, InvalidArgumentError, NotFoundError
from tests.engine.conftest import ACTOR
from tests.engine.world import POLICY_JSON, POLICY_YAML, policy_yaml


def new_portfolio() -> str:
    return f"pf-{uuid.uuid4().hex[:10]}"


async def events(db: AsyncEngine, portfolio_id: str) -> list[Any]:
    async with db.connect() as connection:
        rows = await connection.execute(
            sa.text(
                "SELECT event_type, payload FROM engine.outbox WHERE aggregate_id = :p ORDER BY id"
            ),
            {"p": portfolio_id},
        )
        return [(r.event_type, r.payload) for r in rows]


async def test_a_document_becomes_version_1_and_its_respelling_is_the_same_version(
    deps: EngineDeps,
) -> None:
    pid = new_portfolio()
    first, created = await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", False)
    again, created_again = await ph.create_policy_version(deps, pid, POLICY_JSON, "json", False)
    assert created and not created_again
    assert first.record is not None and again.record is not None
    assert (first.record.version, first.status) == (1, "draft")
    assert again.record.policy_version_id == first.record.policy_version_id
    assert first.record.policy_hash == load_policy(POLICY_YAML, "yaml").hash
    assert first.record.source_text == POLICY_YAML and first.record.created_by == ACTOR
    changed, _ = await ph.create_policy_version(
        deps, pid, policy_yaml(**{"sells: when_outside_band": "sells: never"}), "yaml", False
    )
    assert changed.record is not None and changed.record.version == 2


async def test_validate_only_and_a_bad_document_store_nothing(
    deps: EngineDeps, engine_db: AsyncEngine
) -> None:
    pid = new_portfolio()
    checked, created = await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", True)
    assert checked.record is None and not created
    assert checked.policy.hash == load_policy(POLICY_YAML, "yaml").hash
    bad = policy_yaml(**{"target_weight_pct: 40": "target_weight_pct: 140"})
    with pytest.raises(InvalidArgumentError) as caught:
        await ph.create_policy_version(deps, pid, bad, "yaml", False)
    assert "sleeves[1].target_weight_pct" in [v.field for v in caught.value.violations]
    with pytest.raises(InvalidArgumentError) as empty:
        await ph.create_policy_version(deps, pid, "  ", "yaml", False)
    assert [v.field for v in empty.value.violations] == ["document"]
    versions, approvals = await ph.list_policy_versions(deps, pid)
    assert versions == [] and approvals == []
    assert await events(engine_db, pid) == []


async def test_approval_needs_the_reviewed_hash_and_supersedes_the_previous_version(
    deps: EngineDeps, engine_db: AsyncEngine
) -> None:
    pid = new_portfolio()
    v1, _ = await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", False)
    v2, _ = await ph.create_policy_version(
        deps, pid, policy_yaml(**{"cash_buffer: 50": "cash_buffer: 75"}), "yaml", False
    )
    assert v1.record is not None and v2.record is not None
    id1, id2 = str(v1.record.policy_version_id), str(v2.record.policy_version_id)
    with pytest.raises(NotFoundError):
        await ph.get_policy_version(deps, pid, "")
    with pytest.raises(FailedPreconditionError) as caught:
        await ph.approve_policy_version(deps, pid, id1, v2.record.policy_hash)
    assert caught.value.reason == "POLICY_HASH_MISMATCH"
    _, first, created = await ph.approve_policy_version(deps, pid, id1, v1.record.policy_hash)
    _, repeat, created_again = await ph.approve_policy_version(
        deps, pid, id1, v1.record.policy_hash
    )
    assert created and not created_again and repeat.approval_id == first.approval_id
    view, second, _ = await ph.approve_policy_version(deps, pid, id2, v2.record.policy_hash)
    assert (view.status, second.sequence) == ("approved", 2)
    versions, approvals = await ph.list_policy_versions(deps, pid)
    assert [(v.record.version, v.status) for v in versions if v.record] == [
        (2, "approved"),
        (1, "superseded"),
    ]
    assert [a.sequence for a in approvals] == [2, 1]
    current = await ph.get_policy_version(deps, pid, "")
    assert current.record is not None and str(current.record.policy_version_id) == id2
    approved = [p for t, p in await events(engine_db, pid) if t == "PolicyVersionApproved"]
    assert [(p["before"], p["after"]["version"], p["actor_user_id"]) for p in approved] == [
        (None, 1, ACTOR),
        (
            {
                "policy_version_id": id1,
                "version": 1,
                "policy_hash": v1.record.policy_hash,
                "name": "Core 60/40",
            },
            2,
            ACTOR,
        ),
    ]


async def test_diff_names_each_changed_field_by_sleeve_name(deps: EngineDeps) -> None:
    pid = new_portfolio()
    v1, _ = await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", False)
    tilted = policy_yaml(
        **{
            "target_weight_pct: 60": "target_weight_pct: 70",
            "target_weight_pct: 40": "target_weight_pct: 30",
        }
    )
    v2, _ = await ph.create_policy_version(deps, pid, tilted, "yaml", False)
    assert v1.record is not None and v2.record is not None
    before, after, changes = await ph.diff_policy_versions(
        deps, pid, str(v1.record.policy_version_id), str(v2.record.policy_version_id)
    )
    assert (before, after) == (v1.record.policy_hash, v2.record.policy_hash)
    assert [(c.path, c.kind.value, c.before, c.after) for c in changes] == [
        ("sleeves[bonds].target_weight_pct", "changed", '"40"', '"30"'),
        ("sleeves[equities].target_weight_pct", "changed", '"60"', '"70"'),
    ]


async def test_another_portfolios_version_is_not_found(deps: EngineDeps) -> None:
    pid, other = new_portfolio(), new_portfolio()
    v1, _ = await ph.create_policy_version(deps, pid, POLICY_YAML, "yaml", False)
    assert v1.record is not None
    with pytest.raises(NotFoundError):
        await ph.get_policy_version(deps, other, str(v1.record.policy_version_id))
    with pytest.raises(NotFoundError):
        await ph.approve_policy_version(
            deps, other, str(v1.record.policy_version_id), v1.record.policy_hash
        )


@pytest.mark.parametrize("table", ["policy_versions", "policy_approvals", "recommendations"])
async def test_the_service_role_cannot_rewrite_append_only_tables(
    engine_db: AsyncEngine, table: str
) -> None:
    with pytest.raises(DBAPIError, match="permission denied"):
        async with engine_db.begin() as connection:
            await connection.execute(sa.text(f"UPDATE engine.{table} SET portfolio_id = 'x'"))
    with pytest.raises(DBAPIError, match="permission denied"):
        async with engine_db.begin() as connection:
            await connection.execute(sa.text(f"DELETE FROM engine.{table}"))
