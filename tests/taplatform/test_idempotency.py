"""Idempotency keys: replay returns the first answer, a different body is refused by name."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.db import create_engine
from taplatform.errors import AlreadyExistsError, InvalidArgumentError
from taplatform.idempotency import IdempotencyStore, differing_fields
from taplatform.testing import FakeClock
from tests.support import DatabaseFactory

REQUEST = {"portfolio_id": "p-1", "amount": "100.00", "currency": "GBP"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(engine: AsyncEngine, clock: FakeClock) -> IdempotencyStore:
    return await IdempotencyStore.create(
        engine, schema="ledger", ttl=timedelta(hours=1), clock=clock
    )


async def _submit(
    engine: AsyncEngine, store: IdempotencyStore, key: str, request: dict[str, str]
) -> tuple[bool, bytes | None]:
    """What a write RPC does: claim, do the work, store the answer, in one transaction."""
    async with engine.begin() as connection:
        claim = await store.begin(connection, "SubmitBatch", key, request)
        if not claim.is_new:
            return False, claim.response
        answer = f"batch for {request['amount']}".encode()
        await store.complete(connection, "SubmitBatch", key, answer)
        return True, answer


async def test_replay_with_same_body_returns_the_first_answer(
    engine: AsyncEngine, store: IdempotencyStore
) -> None:
    key = str(uuid.uuid4())
    first = await _submit(engine, store, key, REQUEST)
    again = await _submit(engine, store, key, dict(REQUEST))
    assert first == (True, b"batch for 100.00")
    assert again == (False, b"batch for 100.00")


async def test_same_key_with_different_amount_names_the_difference(
    engine: AsyncEngine, store: IdempotencyStore
) -> None:
    key = str(uuid.uuid4())
    await _submit(engine, store, key, REQUEST)
    with pytest.raises(AlreadyExistsError) as raised:
        await _submit(engine, store, key, {**REQUEST, "amount": "100.01"})
    assert raised.value.reason == "EXISTS_WITH_DIFFERENT_AMOUNT"
    assert "amount" in raised.value.message
    assert raised.value.metadata == {"fields": "amount"}


async def test_scopes_do_not_share_keys(engine: AsyncEngine, store: IdempotencyStore) -> None:
    key = str(uuid.uuid4())
    async with engine.begin() as connection:
        assert (await store.begin(connection, "A", key, REQUEST)).is_new
        assert (await store.begin(connection, "B", key, {"other": "body"})).is_new


async def test_concurrent_identical_submits_apply_once(
    engine: AsyncEngine, store: IdempotencyStore
) -> None:
    key = str(uuid.uuid4())
    results = await asyncio.gather(*(_submit(engine, store, key, REQUEST) for _ in range(8)))
    assert sorted(new for new, _ in results) == [False] * 7 + [True]
    assert {answer for _, answer in results} == {b"batch for 100.00"}


async def test_rolled_back_claim_leaves_the_key_free(
    engine: AsyncEngine, store: IdempotencyStore
) -> None:
    key = str(uuid.uuid4())
    with pytest.raises(ZeroDivisionError):
        async with engine.begin() as connection:
            await store.begin(connection, "SubmitBatch", key, REQUEST)
            _ = 1 / 0
    assert (await _submit(engine, store, key, {**REQUEST, "amount": "5"}))[0] is True


async def test_expired_key_counts_as_new(
    engine: AsyncEngine, store: IdempotencyStore, clock: FakeClock
) -> None:
    key = str(uuid.uuid4())
    await _submit(engine, store, key, REQUEST)
    clock.advance(timedelta(hours=2))
    assert await _submit(engine, store, key, {**REQUEST, "amount": "7.00"}) == (
        True,
        b"batch for 7.00",
    )


@pytest.mark.parametrize("key", ["", "   ", "k" * 201])
async def test_bad_key_is_rejected_naming_the_field(
    engine: AsyncEngine, store: IdempotencyStore, key: str
) -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        await _submit(engine, store, key, REQUEST)
    assert raised.value.violations[0].field == "idempotency_key"


async def test_create_fails_on_a_schema_never_migrated(new_database: DatabaseFactory) -> None:
    engine = create_engine(await new_database(), application_name="t", pool_size=1)
    try:
        with pytest.raises(RuntimeError, match=r"ledger\.idempotency_keys"):
            await IdempotencyStore.create(engine, schema="ledger")
    finally:
        await engine.dispose()


def test_differing_fields_walks_nested_lists_and_maps() -> None:
    first = {"entries": [{"amount": "1"}, {"amount": "2"}], "note": "x"}
    second = {"entries": [{"amount": "1"}, {"amount": "3"}], "note": "x", "extra": "y"}
    assert differing_fields(first, second) == ["entries[1].amount", "extra"]
