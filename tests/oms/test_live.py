"""Going live: a fresh portfolio is dry-run, the live broker is unreachable without the
two-step switch, the switch is refused while a guardrail is unhealthy, and an unhealthy
live broker makes trading fall back to dry-run."""

from __future__ import annotations

import json

import pytest

from services.oms.domain.model import OrderState
from services.oms.domain.trading import TradingMode
from services.oms.handlers import OmsDeps, orders, trading
from taplatform.errors import FailedPreconditionError, PermissionDeniedError
from tests.oms.broker_double import BrokerDouble
from tests.oms.conftest import LIMITS, PASSWORD, outbox_events
from tests.oms.conftest import go_live as _go_live
from tests.oms.test_orders import command

pytestmark = pytest.mark.usefixtures("as_owner")


async def test_a_fresh_portfolio_is_dry_run_and_never_reaches_the_live_broker(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    assert (await trading.get_state(live_deps, portfolio)).state.mode is TradingMode.DRY_RUN
    for _ in range(3):
        result = await orders.create_order(live_deps, command(portfolio))
        assert result.order.broker == "paper"
    assert double.calls == 0 and double.orders == {}


async def test_going_live_takes_the_password_then_the_unchanged_risk_summary(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    view = await trading.get_state(live_deps, portfolio)
    await trading.update_limits(live_deps, portfolio, view.state.version, LIMITS)
    with pytest.raises(PermissionDeniedError) as wrong:
        await trading.request_live(live_deps, portfolio, "not the password")
    assert wrong.value.reason == "PASSWORD_INCORRECT"
    asked = await trading.request_live(live_deps, portfolio, PASSWORD)
    summary = json.loads(asked.summary_json)
    assert (summary["live_broker"], summary["max_order_notional"]) == ("live", "10000")
    with pytest.raises(FailedPreconditionError) as mismatch:
        await trading.confirm_live(live_deps, portfolio, asked.confirmation_id, "0" * 64)
    assert mismatch.value.reason == "RISK_SUMMARY_MISMATCH"
    # Step one alone changed nothing: orders still go to paper.
    assert (await orders.create_order(live_deps, command(portfolio))).order.broker == "paper"
    view = await trading.confirm_live(
        live_deps, portfolio, asked.confirmation_id, asked.summary_sha256
    )
    assert view.state.mode is TradingMode.LIVE
    with pytest.raises(FailedPreconditionError) as reused:
        await trading.confirm_live(
            live_deps, portfolio, asked.confirmation_id, asked.summary_sha256
        )
    assert reused.value.reason == "CONFIRMATION_USED"
    live = await orders.create_order(live_deps, command(portfolio, quantity="4"))
    assert (live.order.broker, live.order.state) == ("live", OrderState.FILLED)
    assert list(double.orders) == [live.order.client_order_id]
    events = [e.event_type for e in await outbox_events(live_deps.engine, portfolio)]
    assert events.count("LiveModeRequested") == 1 and events.count("LiveModeRefused") == 1
    assert events.count("TradingModeChanged") == 1


async def test_going_live_is_refused_while_a_guardrail_is_unhealthy(
    live_deps: OmsDeps, portfolio: str
) -> None:
    with pytest.raises(FailedPreconditionError) as unset:
        await trading.request_live(live_deps, portfolio, PASSWORD)
    assert unset.value.reason == "GUARDRAIL_UNHEALTHY" and "LIMITS_NOT_SET" in unset.value.message
    view = await trading.get_state(live_deps, portfolio)
    await trading.update_limits(live_deps, portfolio, view.state.version, LIMITS)
    asked = await trading.request_live(live_deps, portfolio, PASSWORD)
    await trading.set_kill_switch(live_deps, portfolio, True, "stop")
    with pytest.raises(FailedPreconditionError) as halted:
        await trading.confirm_live(
            live_deps, portfolio, asked.confirmation_id, asked.summary_sha256
        )
    # The kill switch changed the state the summary described.
    assert halted.value.reason in ("RISK_SUMMARY_STALE", "GUARDRAIL_UNHEALTHY")
    assert (await trading.get_state(live_deps, portfolio)).state.mode is TradingMode.DRY_RUN


async def test_a_failed_call_to_an_unhealthy_live_broker_falls_back_to_dry_run(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    await _go_live(live_deps, portfolio)
    # A failed call alone is not enough: the health probe still answers.
    double.scripted = ["reset_before"]
    parked = await orders.create_order(live_deps, command(portfolio))
    assert parked.order.state is OrderState.PENDING_SUBMIT
    assert (await trading.get_state(live_deps, portfolio)).state.mode is TradingMode.LIVE
    # A failed call that the probe confirms is: trading falls back to dry-run.
    double.healthy = False
    double.scripted = ["reset_before"]
    await orders.create_order(live_deps, command(portfolio))
    assert (await trading.get_state(live_deps, portfolio)).state.mode is TradingMode.DRY_RUN
    assert (await orders.create_order(live_deps, command(portfolio))).order.broker == "paper"
    assert double.orders == {}


async def test_the_health_job_moves_every_live_portfolio_back_to_dry_run(
    live_deps: OmsDeps, double: BrokerDouble, portfolio: str
) -> None:
    await _go_live(live_deps, portfolio)
    assert portfolio not in await trading.check_live_adapters(live_deps)
    double.healthy = False
    assert portfolio in await trading.check_live_adapters(live_deps)
    assert (await trading.get_state(live_deps, portfolio)).state.mode is TradingMode.DRY_RUN
