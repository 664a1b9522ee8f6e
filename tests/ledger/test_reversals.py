"""Corrections are reversing entries; the entries table itself cannot be changed."""

from __future__ import annotations

import uuid
from decimal import Decimal

import asyncpg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.ledger import store
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.reads import list_cash, list_holdings, verify_portfolio
from services.ledger.handlers.submit import submit_batch
from taplatform.errors import FailedPreconditionError, NotFoundError
from tests.ledger.builders import batch, buy, contribution, reversal, sell, split, withdrawal


async def _position(deps: LedgerDeps, portfolio: str) -> tuple[Decimal, dict[str, tuple]]:
    cash = {c.currency: c.balance for c in await list_cash(deps, portfolio)}
    holdings = {
        h.listing_id: (h.quantity, h.average_cost)
        for h in await list_holdings(deps, portfolio, include_closed=True)
    }
    return cash.get("GBP", Decimal(0)), holdings


async def test_reversing_a_contribution_takes_the_cash_back(
    deps: LedgerDeps, portfolio: str
) -> None:
    first = await submit_batch(deps, batch(portfolio, contribution("100"), contribution("50")))
    target = first.batch.entries[1].entry.entry_id
    result = await submit_batch(deps, batch(portfolio, reversal(target)))
    assert result.batch.entries[0].cash_change == Decimal(-50)
    assert (await _position(deps, portfolio))[0] == Decimal(100)
    assert (await verify_portfolio(deps, portfolio)).consistent


async def test_reversing_an_earlier_buy_rebuilds_the_holding_as_if_it_never_happened(
    deps: LedgerDeps, portfolio: str
) -> None:
    posted = await submit_batch(
        deps,
        batch(
            portfolio,
            contribution("10000"),
            buy("VOD.L", "10", "100"),
            buy("VOD.L", "10", "10"),
            sell("VOD.L", "5", "50"),
            split("VOD.L", "2"),
        ),
    )
    expensive = posted.batch.entries[1].entry.entry_id
    await submit_batch(deps, batch(portfolio, reversal(expensive)))
    cash, holdings = await _position(deps, portfolio)
    # Without the expensive buy: 10 @ 10, sell 5, split 2 -> 10 units @ 5.
    assert holdings == {"VOD.L": (Decimal(10), Decimal(5))}
    assert cash == Decimal(10000) - 100 + 250
    assert (await verify_portfolio(deps, portfolio)).consistent


async def test_a_reversal_may_undo_an_entry_earlier_in_the_same_batch(
    deps: LedgerDeps, portfolio: str
) -> None:
    wrong = contribution("999")
    await submit_batch(deps, batch(portfolio, contribution("1"), wrong, reversal(wrong.entry_id)))
    assert (await _position(deps, portfolio))[0] == Decimal(1)
    assert (await verify_portfolio(deps, portfolio)).consistent


async def test_double_reversal_is_refused(deps: LedgerDeps, portfolio: str) -> None:
    first = await submit_batch(deps, batch(portfolio, contribution("100")))
    target = first.batch.entries[0].entry.entry_id
    await submit_batch(deps, batch(portfolio, contribution("100"), reversal(target)))
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, reversal(target)))
    assert refused.value.reason == "ALREADY_REVERSED"


async def test_reversal_of_a_reversal_is_refused(deps: LedgerDeps, portfolio: str) -> None:
    first = await submit_batch(deps, batch(portfolio, contribution("100")))
    undo = await submit_batch(
        deps, batch(portfolio, reversal(first.batch.entries[0].entry.entry_id))
    )
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, reversal(undo.batch.entries[0].entry.entry_id)))
    assert refused.value.reason == "REVERSAL_OF_REVERSAL"


async def test_reversing_another_portfolios_entry_is_not_found(
    deps: LedgerDeps, portfolio: str, directory
) -> None:
    other = str(uuid.uuid4())
    directory.add(other, "GBP")
    theirs = await submit_batch(deps, batch(other, contribution("100")))
    with pytest.raises(NotFoundError) as refused:
        await submit_batch(deps, batch(portfolio, reversal(theirs.batch.entries[0].entry.entry_id)))
    assert refused.value.reason == "REVERSED_ENTRY_NOT_FOUND"


async def test_reversal_that_would_make_cash_negative_is_refused(
    deps: LedgerDeps, portfolio: str
) -> None:
    first = await submit_batch(deps, batch(portfolio, contribution("100")))
    await submit_batch(deps, batch(portfolio, withdrawal("60")))
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, reversal(first.batch.entries[0].entry.entry_id)))
    assert refused.value.reason == "INSUFFICIENT_CASH"


async def test_entry_reversed_event_names_both_entries(
    deps: LedgerDeps, portfolio: str, ledger_engine: AsyncEngine
) -> None:
    first = await submit_batch(deps, batch(portfolio, contribution("100")))
    target = first.batch.entries[0].entry.entry_id
    undo = await submit_batch(deps, batch(portfolio, reversal(target)))
    outbox = store.platform.outbox
    async with ledger_engine.connect() as connection:
        rows = (
            await connection.execute(
                select(outbox.c.payload).where(
                    outbox.c.aggregate_id == portfolio, outbox.c.event_type == "EntryReversed"
                )
            )
        ).all()
    assert len(rows) == 1
    payload = rows[0].payload
    assert payload["reversed_entry_id"] == str(target)
    assert payload["entry_id"] == str(undo.batch.entries[0].entry.entry_id)
    assert payload["before"]["cash"]["GBP"] == {"balance": "100"}
    assert payload["after"]["cash"]["GBP"] == {"balance": "0"}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger.entries SET amount = 1 WHERE portfolio_id = :p",
        "DELETE FROM ledger.entries WHERE portfolio_id = :p",
        "UPDATE ledger.batches SET entry_count = 0 WHERE portfolio_id = :p",
        "DELETE FROM ledger.batches WHERE portfolio_id = :p",
    ],
)
async def test_the_ledger_role_cannot_update_or_delete_entries_or_batches(
    deps: LedgerDeps, portfolio: str, ledger_engine: AsyncEngine, statement: str
) -> None:
    await submit_batch(deps, batch(portfolio, contribution("100")))
    with pytest.raises(DBAPIError) as denied:
        async with ledger_engine.begin() as connection:
            await connection.execute(text(statement), {"p": portfolio})
    assert isinstance(denied.value.orig.__cause__, asyncpg.InsufficientPrivilegeError)
    assert (await verify_portfolio(deps, portfolio)).entries_replayed == 1
