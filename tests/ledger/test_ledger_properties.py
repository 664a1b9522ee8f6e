"""Hypothesis stateful test of the ledger's service layer against the real database.

Random sequences of batches (every entry kind), reversals, duplicate
resubmits and conflicting resubmits. After every step: the snapshots equal the
replay of the entries, nothing is below zero unless the account allows it,
and every duplicate was answered ``exists`` with the first result.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from services.ledger.directory import FakePortfolioDirectory
from services.ledger.domain.model import BatchRequest, EntryKind, PostedBatch
from services.ledger.domain.validation import EntryDraft
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.accounts import update_account
from services.ledger.handlers.reads import list_cash, list_holdings, verify_portfolio
from services.ledger.handlers.submit import submit_batch
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.errors import AlreadyExistsError, DomainError
from taplatform.testing import FakeClock
from tests.ledger import builders as b

LISTINGS = ("L1", "L2")
# What the rules may answer to a well-formed batch; anything else is a bug.
RULE_REASONS = {
    "INSUFFICIENT_CASH",
    "INSUFFICIENT_QUANTITY",
    "ALREADY_REVERSED",
    "REVERSAL_OF_REVERSAL",
}

amounts = st.decimals(min_value="0.01", max_value="500", places=2)
quantities = st.decimals(min_value="0.5", max_value="20", places=1)
ratios = st.sampled_from(["2", "3", "0.5"])


@st.composite
def entry_drafts(draw: st.DrawFn, posted_ids: list[str]) -> EntryDraft:
    choices = ["cash", "buy", "sell", "split"] + (["reversal"] * 2 if posted_ids else [])
    kind = draw(st.sampled_from(choices))
    if kind == "cash":
        cash_kind = draw(
            st.sampled_from(
                [
                    EntryKind.CONTRIBUTION,
                    EntryKind.CONTRIBUTION,
                    EntryKind.WITHDRAWAL,
                    EntryKind.FEE,
                    EntryKind.INTEREST,
                    EntryKind.DIVIDEND,
                ]
            )
        )
        return b.cash(cash_kind, str(draw(amounts)))
    if kind in ("buy", "sell"):
        builder = b.buy if kind == "buy" else b.sell
        return builder(
            draw(st.sampled_from(LISTINGS)),
            str(draw(quantities)),
            str(draw(amounts)),
            fees=str(draw(st.sampled_from(["0", "1.50"]))),
        )
    if kind == "split":
        return b.split(draw(st.sampled_from(LISTINGS)), draw(ratios))
    return b.reversal(draw(st.sampled_from(posted_ids)))


class LedgerMachine(RuleBasedStateMachine):
    # One event loop and engine for the whole run: asyncpg connections belong to a loop.
    loop: ClassVar[asyncio.AbstractEventLoop]
    deps: ClassVar[LedgerDeps]
    directory: ClassVar[FakePortfolioDirectory]

    def __init__(self) -> None:
        super().__init__()
        self.portfolio = str(uuid.uuid4())
        self.directory.add(self.portfolio, "GBP", set(LISTINGS))
        self.posted: list[tuple[BatchRequest, PostedBatch]] = []
        self.entry_ids: list[str] = []
        self.allow_negative_cash = False
        self.allow_short = False

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    @initialize(negative_cash=st.booleans(), short=st.booleans())
    def configure(self, negative_cash: bool, short: bool) -> None:
        self.allow_negative_cash, self.allow_short = negative_cash, short
        self.run(
            update_account(
                self.deps,
                self.portfolio,
                version=0,
                allow_negative_cash=negative_cash,
                allow_short=short,
            )
        )

    def _state(self) -> tuple[Any, Any]:
        cash = self.run(list_cash(self.deps, self.portfolio))
        holdings = self.run(list_holdings(self.deps, self.portfolio, include_closed=True))
        return cash, holdings

    def _submit(self, request: BatchRequest) -> None:
        before = self._state()
        try:
            result = self.run(submit_batch(self.deps, request))
        except DomainError as refused:
            assert refused.reason in RULE_REASONS, refused
            assert self._state() == before, "a refused batch changed nothing"
            return
        assert result.created
        self.posted.append((request, result.batch))
        self.entry_ids += [str(p.entry.entry_id) for p in result.batch.entries]

    @rule(data=st.data())
    def submit_a_batch(self, data: st.DataObject) -> None:
        drafts = data.draw(st.lists(entry_drafts(self.entry_ids), min_size=1, max_size=4))
        unique = {d.reverses_entry_id or d.entry_id: d for d in drafts}
        self._submit(b.batch(self.portfolio, *unique.values()))

    @precondition(lambda self: bool(self.entry_ids))
    @rule(data=st.data())
    def reverse_an_entry(self, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(self.entry_ids))
        self._submit(b.batch(self.portfolio, b.reversal(target)))

    @precondition(lambda self: bool(self.posted))
    @rule(data=st.data())
    def resubmit_a_posted_batch(self, data: st.DataObject) -> None:
        request, first = data.draw(st.sampled_from(self.posted))
        again = self.run(submit_batch(self.deps, request))
        assert not again.created
        assert again.batch == first

    @precondition(lambda self: bool(self.posted))
    @rule(data=st.data())
    def resubmit_a_posted_batch_with_other_content(self, data: st.DataObject) -> None:
        request, _ = data.draw(st.sampled_from(self.posted))
        entry = request.entries[0]
        if entry.amount is not None:
            changed, reason = replace(entry, amount=entry.amount + 1), "AMOUNT"
        elif entry.quantity is not None:
            changed, reason = replace(entry, quantity=entry.quantity + 1), "QUANTITY"
        elif entry.split_ratio is not None:
            changed, reason = replace(entry, split_ratio=entry.split_ratio + 1), "SPLIT_RATIO"
        else:
            changed, reason = replace(entry, memo="changed"), "MEMO"
        conflicting = replace(request, entries=(changed, *request.entries[1:]))
        try:
            self.run(submit_batch(self.deps, conflicting))
        except AlreadyExistsError as refused:
            assert refused.reason == f"EXISTS_WITH_DIFFERENT_{reason}"
        else:
            raise AssertionError("a conflicting resubmit was accepted")

    @invariant()
    def snapshots_equal_the_replay_and_stay_within_limits(self) -> None:
        verification = self.run(verify_portfolio(self.deps, self.portfolio))
        assert verification.consistent, verification.differences
        cash, holdings = self._state()
        if not self.allow_negative_cash:
            assert all(c.balance >= 0 for c in cash), cash
        if not self.allow_short:
            assert all(h.quantity >= Decimal(0) for h in holdings), holdings


def test_random_histories_keep_snapshots_equal_to_the_replay(
    migrated_database_url: str, redis_url: str
) -> None:
    loop = asyncio.new_event_loop()
    engine = service_engine(
        service("ledger"), ServiceSettings(database_url=migrated_database_url, redis_url=redis_url)
    )
    LedgerMachine.loop = loop
    LedgerMachine.directory = FakePortfolioDirectory()
    LedgerMachine.deps = LedgerDeps(engine, LedgerMachine.directory, FakeClock())
    try:
        run_state_machine_as_test(
            LedgerMachine,
            settings=settings(
                max_examples=30,
                stateful_step_count=15,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
