"""docs/audit-catalogue.md against the code: each OMS action writes exactly one event of its
catalogued type, and the OMS writes no event type the catalogue does not list."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from services.oms.domain.commands import ManualFill
from services.oms.domain.retry import DeadLetterStatus
from services.oms.domain.trading import GuardrailLimits, LossAction
from services.oms.handlers import OmsDeps, changes, dead_letters, orders, trading
from services.oms.ports import FakeValuation
from taplatform.errors import DomainError
from taplatform.testing import FakeClock
from tests.oms.broker_double import BrokerDouble
from tests.oms.conftest import LIMITS, PASSWORD, outbox_events
from tests.oms.test_orders import command
from tests.support import ROOT

pytestmark = pytest.mark.usefixtures("as_owner")
# Written by the shared auth gate (taplatform/auth), exercised in tests/auth.
# Checked exactly once in other tests: AccessDenied in tests/auth, RecommendationReported
# in tests/oms/test_recommendation_execution.py, RecommendationReportRefused in
# tests/oms/test_orders.py.
EXERCISED_ELSEWHERE = {"AccessDenied", "RecommendationReported", "RecommendationReportRefused"}
NOT_YET_EXERCISED: set[str] = set()


def catalogue() -> set[str]:
    text = (ROOT / "docs" / "audit-catalogue.md").read_text()
    table = text.split("<!-- oms-catalogue:start -->")[1].split("<!-- oms-catalogue:end -->")[0]
    return set(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))


class Audit:
    """Runs one action at a time and checks the events it added."""

    def __init__(self, deps: OmsDeps, portfolio: str) -> None:
        self.deps, self.portfolio = deps, portfolio
        self.seen: set[str] = set()

    async def _types(self) -> list[str]:
        return [e.event_type for e in await outbox_events(self.deps.engine, self.portfolio)]

    async def expect(
        self, action: Callable[[], Awaitable[Any]], *types: str, fails: bool = False
    ) -> Any:
        before = len(await self._types())
        result = None
        if fails:
            with pytest.raises(DomainError):
                await action()
        else:
            result = await action()
        added = Counter((await self._types())[before:])
        for event_type in types:
            assert added[event_type] == 1, (event_type, added)
        self.seen |= set(added)
        return result


async def test_each_catalogued_oms_action_writes_exactly_one_event(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str, clock: FakeClock
) -> None:
    deps = live_deps
    valuation = FakeValuation(default=Decimal(10_000))
    deps.valuation = valuation
    audit = Audit(deps, portfolio)
    await audit.expect(
        lambda: trading.set_dry_run_broker(deps, portfolio, "manual"), "DryRunBrokerChanged"
    )
    created = await audit.expect(
        lambda: orders.create_order(deps, command(portfolio, quantity="10")),
        "OrderCreated",
        "OrderSubmitting",
        "OrderSubmitted",
    )
    order = await audit.expect(
        lambda: changes.amend_order(
            deps, portfolio, created.order.order_id, created.order.version, Decimal(8), None
        ),
        "OrderAmended",
    )

    def fill(key: str, quantity: str) -> Callable[[], Awaitable[Any]]:
        entered = ManualFill(
            key, Decimal(quantity), Decimal(100), "GBP", Decimal(1), "GBP", clock.now()
        )
        return lambda: changes.record_manual_fill(deps, portfolio, order.order_id, entered)

    await audit.expect(fill("a", "3"), "OrderPartiallyFilled", "FillBooked")
    await audit.expect(fill("b", "5"), "OrderFilled", "FillBooked")
    other = await orders.create_order(deps, command(portfolio, quantity="1"))
    await audit.expect(
        lambda: changes.cancel_order(deps, portfolio, other.order.order_id), "OrderCancelled"
    )

    await audit.expect(
        lambda: trading.set_kill_switch(deps, portfolio, True, "test"), "KillSwitchEngaged"
    )
    await audit.expect(
        lambda: orders.create_order(deps, command(portfolio)), "OrderDenied", fails=True
    )
    await audit.expect(
        lambda: trading.set_kill_switch(deps, portfolio, False, "ok"), "KillSwitchReleased"
    )

    loss = GuardrailLimits(
        max_order_notional=Decimal(10_000),
        max_daily_loss=Decimal(100),
        loss_action=LossAction.HALTED,
        cooldown_rejects=0,
    )
    version = (await trading.get_state(deps, portfolio)).state.version
    await audit.expect(
        lambda: trading.update_limits(deps, portfolio, version, loss), "GuardrailLimitsUpdated"
    )
    # The day's start is the first valuation of the day; a 200 loss against it breaches 100.
    await orders.create_order(deps, command(portfolio, quantity="1"))
    valuation.default = Decimal(9_800)
    await audit.expect(
        lambda: orders.create_order(deps, command(portfolio)),
        "TradingStatusChanged",
        "OrderDenied",
        fails=True,
    )
    await trading.set_kill_switch(deps, portfolio, False, "resume")
    valuation.default = Decimal(10_000)
    version = (await trading.get_state(deps, portfolio)).state.version
    await trading.update_limits(deps, portfolio, version, replace(LIMITS, cooldown_rejects=0))

    await audit.expect(
        lambda: trading.request_live(deps, portfolio, "wrong"), "LiveModeRefused", fails=True
    )
    asked = await audit.expect(
        lambda: trading.request_live(deps, portfolio, PASSWORD), "LiveModeRequested"
    )
    await audit.expect(
        lambda: trading.confirm_live(deps, portfolio, asked.confirmation_id, asked.summary_sha256),
        "TradingModeChanged",
    )

    double.outcome = "rejected"
    await audit.expect(lambda: orders.create_order(deps, command(portfolio)), "OrderRejected")
    double.outcome = "expired"
    await audit.expect(
        lambda: orders.create_order(deps, command(portfolio)), "OrderSubmitted", "OrderExpired"
    )
    double.outcome = None

    double.scripted = ["reset_before"] * 3
    stuck = await audit.expect(
        lambda: orders.create_order(deps, command(portfolio)), "DeadLetterParked"
    )

    async def retry() -> int:
        clock.advance(timedelta(minutes=1))
        return await dead_letters.retry_due(deps, portfolio_id=portfolio)

    await audit.expect(retry, "DeadLetterRetryFailed")
    await audit.expect(retry, "DeadLetterRetryFailed", "DeadLettered")
    [letter] = await dead_letters.list_dead_letters(deps, portfolio, [])
    assert letter.order_id == stuck.order.order_id
    await audit.expect(
        lambda: dead_letters.replay(deps, portfolio, letter.dead_letter_id),
        "DeadLetterReplayed",
        "DeadLetterResolved",
    )
    double.scripted = ["reset_before"]
    await orders.create_order(deps, command(portfolio))
    [parked] = await dead_letters.list_dead_letters(deps, portfolio, [DeadLetterStatus.RETRYING])
    await audit.expect(
        lambda: dead_letters.abandon(deps, portfolio, parked.dead_letter_id, "give up"),
        "DeadLetterAbandoned",
        "OrderCancelled",
    )
    double.healthy = False
    double.scripted = ["reset_before"]
    await audit.expect(
        lambda: orders.create_order(deps, command(portfolio)),
        "DeadLetterParked",
        "TradingModeChanged",
    )

    written = set(await audit._types())
    documented = catalogue()
    assert written <= documented, written - documented
    expected = documented - EXERCISED_ELSEWHERE - NOT_YET_EXERCISED
    assert audit.seen == expected, expected ^ audit.seen
