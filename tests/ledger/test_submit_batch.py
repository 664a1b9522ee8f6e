"""SubmitBatch through the service layer against real PostgreSQL: snapshots, identity, rules."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from services.ledger import store
from services.ledger.directory import FakePortfolioDirectory
from services.ledger.domain.model import EntryKind
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.reads import list_cash, list_holdings, verify_portfolio
from services.ledger.handlers.submit import submit_batch
from taplatform.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
)
from tests.ledger.builders import batch, buy, cash, contribution, sell, split, withdrawal


async def _cash(deps: LedgerDeps, portfolio: str) -> dict[str, Decimal]:
    return {c.currency: c.balance for c in await list_cash(deps, portfolio)}


async def _holdings(deps: LedgerDeps, portfolio: str) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        h.listing_id: (h.quantity, h.average_cost)
        for h in await list_holdings(deps, portfolio, include_closed=True)
    }


async def test_contribution_buy_and_sell_update_the_snapshots_in_one_batch(
    deps: LedgerDeps, portfolio: str
) -> None:
    result = await submit_batch(
        deps,
        batch(
            portfolio,
            contribution("1000.00"),
            buy("VOD.L", "10", "50.00", fees="5.00"),
            sell("VOD.L", "4", "60.00", fees="1.00"),
        ),
    )
    assert result.created
    assert [p.sequence for p in result.batch.entries] == [1, 2, 3]
    # 1000 - (500 + 5) + (240 - 1)
    assert await _cash(deps, portfolio) == {"GBP": Decimal("734.00")}
    # Average cost includes fees (505 / 10); the sell leaves it unchanged.
    assert await _holdings(deps, portfolio) == {"VOD.L": (Decimal(6), Decimal("50.5"))}
    assert (await verify_portfolio(deps, portfolio)).consistent


async def test_buy_in_pence_records_listing_amount_and_fx_rate(
    deps: LedgerDeps, portfolio: str
) -> None:
    await submit_batch(deps, batch(portfolio, contribution("100")))
    result = await submit_batch(
        deps,
        batch(portfolio, buy("VOD.L", "100", "72.5", price_currency="GBX", fx_rate="0.01")),
    )
    posted = result.batch.entries[0]
    assert posted.listing_amount == Decimal("7250.0")
    assert posted.base_amount == Decimal("72.500")
    assert posted.cash_change == Decimal("-72.500")
    assert await _holdings(deps, portfolio) == {"VOD.L": (Decimal(100), Decimal("0.725"))}


async def test_split_multiplies_quantity_and_divides_average_cost(
    deps: LedgerDeps, portfolio: str
) -> None:
    await submit_batch(
        deps, batch(portfolio, contribution("1000"), buy("AAPL", "3", "100"), split("AAPL", "2"))
    )
    assert await _holdings(deps, portfolio) == {"AAPL": (Decimal(6), Decimal(50))}


async def test_resubmitting_the_same_batch_answers_exists_with_the_first_result(
    deps: LedgerDeps, portfolio: str, clock
) -> None:
    request = batch(portfolio, contribution("250.00"), buy("VOD.L", "1", "10"))
    first = await submit_batch(deps, request)
    clock.advance(__import__("datetime").timedelta(minutes=5))
    again = await submit_batch(deps, request)
    assert not again.created
    assert again.batch == first.batch
    assert await _cash(deps, portfolio) == {"GBP": Decimal("240.00")}


async def test_same_batch_id_with_a_different_amount_is_refused_naming_the_field(
    deps: LedgerDeps, portfolio: str
) -> None:
    request = batch(portfolio, contribution("250.00"))
    await submit_batch(deps, request)
    changed = replace(request.entries[0], amount=Decimal("251.00"))
    with pytest.raises(AlreadyExistsError) as refused:
        await submit_batch(deps, replace(request, entries=(changed,)))
    assert refused.value.reason == "EXISTS_WITH_DIFFERENT_AMOUNT"
    assert "entries[0].amount" in refused.value.message
    assert await _cash(deps, portfolio) == {"GBP": Decimal("250.00")}


async def test_same_batch_id_with_more_entries_is_refused(deps: LedgerDeps, portfolio: str) -> None:
    request = batch(portfolio, contribution("1"))
    await submit_batch(deps, request)
    longer = batch(portfolio, contribution("1", entry_id=str(request.entries[0].entry_id)))
    longer = replace(longer, batch_id=request.batch_id, entries=(*longer.entries, *longer.entries))
    with pytest.raises(AlreadyExistsError) as refused:
        await submit_batch(deps, longer)
    assert refused.value.reason == "EXISTS_WITH_DIFFERENT_ENTRIES"


async def test_entry_id_reused_in_another_batch_is_refused(
    deps: LedgerDeps, portfolio: str
) -> None:
    entry_id = str(uuid.uuid4())
    await submit_batch(deps, batch(portfolio, contribution("5", entry_id=entry_id)))
    with pytest.raises(AlreadyExistsError) as same_content:
        await submit_batch(deps, batch(portfolio, contribution("5", entry_id=entry_id)))
    assert same_content.value.reason == "EXISTS_WITH_DIFFERENT_BATCH_ID"
    with pytest.raises(AlreadyExistsError) as other_kind:
        await submit_batch(deps, batch(portfolio, withdrawal("5", entry_id=entry_id)))
    assert other_kind.value.reason == "EXISTS_WITH_DIFFERENT_KIND"
    assert other_kind.value.metadata["field"] == "entries[0].entry_id"


async def test_withdrawal_beyond_cash_is_refused_and_nothing_changes(
    deps: LedgerDeps, portfolio: str
) -> None:
    await submit_batch(deps, batch(portfolio, contribution("100")))
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, contribution("10"), withdrawal("120")))
    assert refused.value.reason == "INSUFFICIENT_CASH"
    assert "entries[1]" in refused.value.message
    assert await _cash(deps, portfolio) == {"GBP": Decimal(100)}


async def test_sell_of_more_than_held_is_refused(deps: LedgerDeps, portfolio: str) -> None:
    await submit_batch(deps, batch(portfolio, contribution("100"), buy("VOD.L", "2", "10")))
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, sell("VOD.L", "3", "10")))
    assert refused.value.reason == "INSUFFICIENT_QUANTITY"


async def test_buy_of_a_listing_outside_the_portfolio_is_refused(
    deps: LedgerDeps, portfolio: str
) -> None:
    with pytest.raises(FailedPreconditionError) as refused:
        await submit_batch(deps, batch(portfolio, contribution("100"), buy("MSFT", "1", "1")))
    assert refused.value.reason == "LISTING_NOT_IN_PORTFOLIO"
    assert await _cash(deps, portfolio) == {}


async def test_entry_dated_in_the_future_is_refused(deps: LedgerDeps, portfolio: str) -> None:
    # The fake clock says 2026-01-05.
    with pytest.raises(InvalidArgumentError) as refused:
        await submit_batch(deps, batch(portfolio, contribution("1", entry_date="2026-01-06")))
    assert refused.value.violations[0].field == "entries[0].entry_date"
    await submit_batch(deps, batch(portfolio, contribution("1", entry_date="2026-01-05")))


async def test_cash_in_another_currency_than_the_base_is_refused(
    deps: LedgerDeps, portfolio: str
) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        await submit_batch(deps, batch(portfolio, contribution("1", amount_currency="VND")))
    assert refused.value.violations[0].field == "entries[0].amount.currency_code"


async def test_foreign_price_needs_an_fx_rate(deps: LedgerDeps, portfolio: str) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        await submit_batch(
            deps,
            batch(portfolio, contribution("100"), buy("AAPL", "1", "10", price_currency="USD")),
        )
    assert refused.value.violations[0].field == "entries[1].fx_rate"


async def test_negative_cash_is_allowed_when_the_account_allows_it(
    deps: LedgerDeps, portfolio: str
) -> None:
    from services.ledger.handlers.accounts import update_account

    await update_account(deps, portfolio, version=0, allow_negative_cash=True, allow_short=True)
    await submit_batch(deps, batch(portfolio, withdrawal("10"), sell("VOD.L", "1", "5")))
    assert await _cash(deps, portfolio) == {"GBP": Decimal(-5)}
    assert await _holdings(deps, portfolio) == {"VOD.L": (Decimal(-1), Decimal(0))}
    assert (await verify_portfolio(deps, portfolio)).consistent


async def test_unknown_portfolio_is_not_found(deps: LedgerDeps) -> None:
    with pytest.raises(NotFoundError):
        await submit_batch(deps, batch(str(uuid.uuid4()), contribution("1")))


async def test_base_currency_is_asked_of_the_registry_once(
    deps: LedgerDeps, directory: FakePortfolioDirectory
) -> None:
    portfolio = str(uuid.uuid4())
    directory.add(portfolio, "VND")
    await submit_batch(deps, batch(portfolio, contribution("1000000")))
    await submit_batch(deps, batch(portfolio, cash(EntryKind.INTEREST, "5")))
    assert directory.calls == [f"get_portfolio {portfolio}"]
    assert await _cash(deps, portfolio) == {"VND": Decimal(1000005)}


async def test_batch_posted_event_carries_the_audit_fields(
    deps: LedgerDeps, portfolio: str, ledger_engine
) -> None:
    result = await submit_batch(deps, batch(portfolio, contribution("10.00")))
    outbox = store.platform.outbox
    async with ledger_engine.connect() as connection:
        rows = (
            await connection.execute(
                select(outbox.c.event_type, outbox.c.payload).where(
                    outbox.c.aggregate_id == portfolio
                )
            )
        ).all()
    assert [r.event_type for r in rows] == ["BatchPosted"]
    payload = rows[0].payload
    assert payload["batch_id"] == str(result.batch.batch_id)
    assert payload["actor_user_id"] is None
    assert payload["portfolio_id"] == portfolio
    assert payload["before"] == {"cash": {"GBP": None}, "holdings": {}}
    assert payload["after"] == {"cash": {"GBP": {"balance": "10"}}, "holdings": {}}
