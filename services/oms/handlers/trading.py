"""A portfolio's trading state: kill switch, limits, dry-run broker, and the two-step switch
to live (password, then the risk summary), with the automatic fall back to dry-run."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.oms import audit
from services.oms import state_repository as states
from services.oms.domain.guardrails import cooldown_until, unhealthy_guardrails
from services.oms.domain.trading import (
    DRY_RUN_BROKERS,
    LIVE_BROKER,
    GuardrailLimits,
    TradingMode,
    TradingState,
    TradingStatus,
    risk_summary,
)
from services.oms.handlers import OmsDeps, actor
from taplatform.auth.principal import current_principal
from taplatform.canonical import canonical_json, sha256_hex
from taplatform.errors import (
    ConcurrencyError,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)


@dataclass(frozen=True)
class StateView:
    state: TradingState
    unhealthy: list[str]
    cooldown_until: datetime | None


async def recent_rejects(
    connection: AsyncConnection, state: TradingState, now: datetime
) -> list[datetime]:
    """Rejects that can still count towards a cooldown lock."""
    span = timedelta(seconds=state.limits.cooldown_window_s + state.limits.cooldown_s)
    return await states.reject_times(connection, state.portfolio_id, now - span)


async def _view(connection: AsyncConnection, state: TradingState, now: datetime) -> StateView:
    rejects = await recent_rejects(connection, state, now)
    until = cooldown_until(rejects, state.limits)
    return StateView(
        state, unhealthy_guardrails(state, now, rejects), until if until and until > now else None
    )


async def get_state(deps: OmsDeps, portfolio_id: str) -> StateView:
    async with deps.engine.connect() as connection:
        state = await states.load_state(connection, portfolio_id, deps.clock.now())
        return await _view(connection, state, deps.clock.now())


Change = Callable[[TradingState], TradingState | None]


async def _change(
    deps: OmsDeps, portfolio_id: str, event_type: str, change: Change, **extra: Any
) -> StateView:
    """Apply ``change`` under the state lock; None from it means nothing to do (no event)."""
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        before = await states.load_state(connection, portfolio_id, now, lock=True)
        after = change(before)
        if after is not None:
            await states.save_state(connection, after, now)
            await audit.record_state_change(
                connection, event_type, before, after, actor(), now, **extra
            )
        return await _view(connection, after or before, now)


async def set_kill_switch(
    deps: OmsDeps, portfolio_id: str, engaged: bool, reason: str
) -> StateView:
    """Engage: HALTED whatever else holds. Release: trading resumes ACTIVE (a daily-loss
    halt is lifted by the same deliberate act)."""

    def change(state: TradingState) -> TradingState | None:
        if engaged:
            if state.kill_switch:
                return None
            return state.evolve(kill_switch=True, kill_switch_reason=reason)
        if not state.kill_switch and state.status is TradingStatus.ACTIVE:
            return None
        return state.evolve(kill_switch=False, kill_switch_reason="", status=TradingStatus.ACTIVE)

    event = "KillSwitchEngaged" if engaged else "KillSwitchReleased"
    return await _change(deps, portfolio_id, event, change, reason=reason)


async def update_limits(
    deps: OmsDeps, portfolio_id: str, version: int, limits: GuardrailLimits
) -> StateView:
    def change(state: TradingState) -> TradingState | None:
        if state.version != version:
            raise ConcurrencyError(
                f"trading state of {portfolio_id} is at version {state.version}, not {version}"
            )
        return state.evolve(limits=limits)

    return await _change(deps, portfolio_id, "GuardrailLimitsUpdated", change)


async def set_dry_run_broker(deps: OmsDeps, portfolio_id: str, broker: str) -> StateView:
    if broker not in DRY_RUN_BROKERS:
        raise InvalidArgumentError.for_field(
            "broker", f"must be one of {', '.join(DRY_RUN_BROKERS)}"
        )

    def change(state: TradingState) -> TradingState | None:
        return None if state.dry_run_broker == broker else state.evolve(dry_run_broker=broker)

    return await _change(deps, portfolio_id, "DryRunBrokerChanged", change)


async def switch_to_dry_run(deps: OmsDeps, portfolio_id: str) -> StateView:
    return await fall_back_to_dry_run(deps, portfolio_id, "USER_REQUEST")


async def fall_back_to_dry_run(deps: OmsDeps, portfolio_id: str, reason: str) -> StateView:
    """Leave live mode (a user's choice, or an unhealthy live adapter)."""

    def change(state: TradingState) -> TradingState | None:
        return None if state.mode is TradingMode.DRY_RUN else state.evolve(mode=TradingMode.DRY_RUN)

    return await _change(deps, portfolio_id, "TradingModeChanged", change, reason=reason)


@dataclass(frozen=True)
class LiveRequest:
    confirmation_id: uuid.UUID
    summary_json: str
    summary_sha256: str
    expires_at: datetime


async def request_live(deps: OmsDeps, portfolio_id: str, password: str) -> LiveRequest:
    """Step one: the password again, and healthy guardrails; answers the risk summary."""
    if not password:
        raise InvalidArgumentError.for_field("password", "is required to go live")
    principal = current_principal.get()
    if principal is None:
        raise UnauthenticatedError("going live needs a signed-in user")
    deps.broker(LIVE_BROKER)
    now = deps.clock.now()
    if not await deps.passwords.verify(principal, password):
        async with deps.engine.begin() as connection:
            await audit.record_event(
                connection,
                "LiveModeRefused",
                f"{portfolio_id}:{deps.new_id()}",
                portfolio_id,
                principal.user_id,
                now,
                reason="PASSWORD_INCORRECT",
                step="request",
            )
        raise PermissionDeniedError("the password is not correct", reason="PASSWORD_INCORRECT")
    view = await get_state(deps, portfolio_id)
    _require_healthy(view)
    base = await deps.listings.base_currency(portfolio_id)
    summary = risk_summary(view.state, LIVE_BROKER, base)
    summary_json = canonical_json(summary)
    digest = sha256_hex(summary)
    request = LiveRequest(deps.new_id(), summary_json, digest, now + deps.live_confirmation_ttl)
    async with deps.engine.begin() as connection:
        await states.add_confirmation(
            connection,
            request.confirmation_id,
            portfolio_id,
            principal.user_id,
            summary,
            digest,
            request.expires_at,
            now,
        )
        await audit.record_event(
            connection,
            "LiveModeRequested",
            str(request.confirmation_id),
            portfolio_id,
            principal.user_id,
            now,
            confirmation_id=str(request.confirmation_id),
            risk_summary=summary,
            risk_summary_sha256=digest,
        )
    return request


def _require_healthy(view: StateView) -> None:
    if view.unhealthy:
        raise FailedPreconditionError(
            "going live is refused while guardrails are unhealthy: " + ", ".join(view.unhealthy),
            reason="GUARDRAIL_UNHEALTHY",
            metadata={"unhealthy": ",".join(view.unhealthy)},
        )


async def confirm_live(
    deps: OmsDeps, portfolio_id: str, confirmation_id: uuid.UUID, digest: str
) -> StateView:
    """Step two: the risk summary the user saw, unchanged since, and a reachable live broker."""
    principal = current_principal.get()
    if principal is None:
        raise UnauthenticatedError("going live needs a signed-in user")
    if not await deps.broker(LIVE_BROKER).healthy():
        raise FailedPreconditionError(
            "the live broker is unreachable", reason="LIVE_ADAPTER_UNHEALTHY"
        )
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        state = await states.load_state(connection, portfolio_id, now, lock=True)
        row = await states.take_confirmation(connection, confirmation_id, portfolio_id)
        _check_confirmation(row, principal.user_id, digest, state, now)
        _require_healthy(await _view(connection, state, now))
        after = state.evolve(mode=TradingMode.LIVE)
        await states.use_confirmation(connection, confirmation_id, now)
        await states.save_state(connection, after, now)
        await audit.record_state_change(
            connection,
            "TradingModeChanged",
            state,
            after,
            principal.user_id,
            now,
            reason="TWO_STEP_CONFIRMATION",
            confirmation_id=str(confirmation_id),
        )
        return await _view(connection, after, now)


def _check_confirmation(
    row: Any, user_id: str, digest: str, state: TradingState, now: datetime
) -> None:
    if row is None or row.actor_user_id != user_id:
        raise NotFoundError("no such live-mode confirmation", reason="CONFIRMATION_NOT_FOUND")
    problems = (
        (row.used_at is not None, "CONFIRMATION_USED", "this confirmation was used already"),
        (
            row.expires_at <= now,
            "CONFIRMATION_EXPIRED",
            "this confirmation expired; request a new one",
        ),
        (
            row.risk_summary_sha256 != digest,
            "RISK_SUMMARY_MISMATCH",
            "the risk summary confirmed is not the one shown",
        ),
        (
            row.risk_summary.get("state_version") != state.version,
            "RISK_SUMMARY_STALE",
            "the trading state changed since the risk summary was shown; request a new one",
        ),
    )
    for failed, reason, message in problems:
        if failed:
            raise FailedPreconditionError(message, reason=reason)


async def check_live_adapters(deps: OmsDeps) -> list[str]:
    """Job: every live portfolio falls back to dry-run while the live broker is unhealthy."""
    adapter = deps.brokers.get(LIVE_BROKER)
    async with deps.engine.connect() as connection:
        live = await states.live_portfolios(connection)
    if not live or (adapter is not None and await adapter.healthy()):
        return []
    for portfolio_id in live:
        await fall_back_to_dry_run(deps, portfolio_id, "LIVE_ADAPTER_UNHEALTHY")
    return live
