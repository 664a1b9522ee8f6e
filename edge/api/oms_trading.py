"""A portfolio's trading state: mode and broker, kill switch, guardrail limits, going live.

Going live takes two steps: ``requestLiveMode`` with the password answers a risk
summary and its SHA-256; ``confirmLiveMode`` sends that hash back, so what is
confirmed is exactly what the user was shown.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Annotated, TypeVar

import strawberry
from tradingassistant.oms.v1 import oms_pb2

from edge.api.convert import EdgeInfo, Money, money_or_none, time_or_none
from edge.api.engine_recommendations import enum_name
from edge.api.errors import ExpectedError, FieldError, ValidationError
from edge.api.oms_orders import base_currency, money_pb
from edge.api.oms_types import oms_expected

LIVE_ADAPTER_UNHEALTHY = "LIVE_ADAPTER_UNHEALTHY"
E = TypeVar("E", bound=enum.Enum)


@strawberry.enum(description="DRY_RUN: paper or manual broker; LIVE: the live broker.")
class TradingMode(enum.Enum):
    DRY_RUN = "DRY_RUN"
    LIVE = "LIVE"


@strawberry.enum(description="REDUCING: only sells; HALTED: no new orders or amends.")
class TradingStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    REDUCING = "REDUCING"
    HALTED = "HALTED"


@strawberry.enum(description="What the daily loss limit does when hit.")
class LossAction(enum.Enum):
    REDUCING = "REDUCING"
    HALTED = "HALTED"


@strawberry.enum(description="Orders outside the market session: refused, or queued until open.")
class SessionPolicy(enum.Enum):
    REFUSE = "REFUSE"
    QUEUE = "QUEUE"


def _member(kind: type[E], pb_enum: object, value: int, prefix: str) -> E | None:
    """The GraphQL enum member of a protobuf enum value; None for UNSPECIFIED."""
    return kind.__members__.get(enum_name(pb_enum, value, prefix))


@strawberry.type(description="Pre-trade guardrails; amounts in the portfolio's base currency.")
class GuardrailLimits:
    max_order_notional: Money | None = strawberry.field(description="Null: no limit.")
    max_daily_loss: Money | None = strawberry.field(description="Null: no limit.")
    loss_action: LossAction | None
    session_policy: SessionPolicy | None
    cooldown_rejects: int = strawberry.field(description="0 turns the cooldown off.")
    cooldown_window_s: int
    cooldown_s: int

    @classmethod
    def from_pb(cls, value: oms_pb2.GuardrailLimits) -> GuardrailLimits:
        return cls(
            max_order_notional=money_or_none(value.max_order_notional),
            max_daily_loss=money_or_none(value.max_daily_loss),
            loss_action=_member(LossAction, oms_pb2.LossAction, value.loss_action, "LOSS_ACTION_"),
            session_policy=_member(
                SessionPolicy, oms_pb2.SessionPolicy, value.session_policy, "SESSION_POLICY_"
            ),
            cooldown_rejects=value.cooldown_rejects,
            cooldown_window_s=value.cooldown_window_s,
            cooldown_s=value.cooldown_s,
        )


@strawberry.type(description="How a portfolio trades now, and whether its guardrails are healthy.")
class TradingState:
    portfolio_id: strawberry.ID
    mode: TradingMode | None
    status: TradingStatus | None
    broker: str = strawberry.field(description="Where new orders go: paper, manual or live.")
    dry_run_broker: str = strawberry.field(description="paper or manual.")
    kill_switch: bool
    kill_switch_reason: str
    limits: GuardrailLimits
    unhealthy: list[str] = strawberry.field(description="Unhealthy guardrails as reason codes.")
    live_adapter_healthy: bool = strawberry.field(
        description="False while the OMS reports LIVE_ADAPTER_UNHEALTHY."
    )
    cooldown_until: datetime | None
    version: int

    @classmethod
    def from_pb(cls, value: oms_pb2.TradingState) -> TradingState:
        mode = _member(TradingMode, oms_pb2.TradingMode, value.mode, "TRADING_MODE_")
        return cls(
            portfolio_id=strawberry.ID(value.portfolio_id),
            mode=mode,
            status=_member(TradingStatus, oms_pb2.TradingStatus, value.status, "TRADING_STATUS_"),
            broker="live" if mode is TradingMode.LIVE else value.dry_run_broker,
            dry_run_broker=value.dry_run_broker,
            kill_switch=value.kill_switch,
            kill_switch_reason=value.kill_switch_reason,
            limits=GuardrailLimits.from_pb(value.limits),
            unhealthy=list(value.unhealthy),
            live_adapter_healthy=LIVE_ADAPTER_UNHEALTHY not in value.unhealthy,
            cooldown_until=time_or_none(value.cooldown_until),
            version=value.version,
        )


@strawberry.type(description="Step one of going live: confirm this summary by its hash.")
class LiveModeRequested:
    confirmation_id: strawberry.ID
    risk_summary_json: str = strawberry.field(description="Limits, broker and status, as JSON.")
    risk_summary_sha256: str
    expires_at: datetime | None


@strawberry.input
class GuardrailLimitsInput:
    portfolio_id: strawberry.ID
    version: int = strawberry.field(description="The trading state's version you read.")
    max_order_notional: Decimal | None = strawberry.field(default=None, description="Null: none.")
    max_daily_loss: Decimal | None = strawberry.field(default=None, description="Null: none.")
    loss_action: LossAction = LossAction.HALTED
    session_policy: SessionPolicy = SessionPolicy.REFUSE
    cooldown_rejects: int = 0
    cooldown_window_s: int = 0
    cooldown_s: int = 0


TradingStateResult = Annotated[TradingState | ExpectedError, strawberry.union("TradingStateResult")]
LiveModeRequestedResult = Annotated[
    LiveModeRequested | ExpectedError, strawberry.union("LiveModeRequestedResult")
]


async def _state(info: EdgeInfo, method: str, request: object) -> TradingState:
    response = await getattr(info.context.oms, method)(request)
    return TradingState.from_pb(response.state)


def _limits_pb(input: GuardrailLimitsInput, currency: str) -> oms_pb2.GuardrailLimits:
    return oms_pb2.GuardrailLimits(
        max_order_notional=money_pb(input.max_order_notional, currency),
        max_daily_loss=money_pb(input.max_daily_loss, currency),
        loss_action=getattr(oms_pb2, f"LOSS_ACTION_{input.loss_action.value}"),
        session_policy=getattr(oms_pb2, f"SESSION_POLICY_{input.session_policy.value}"),
        cooldown_rejects=input.cooldown_rejects,
        cooldown_window_s=input.cooldown_window_s,
        cooldown_s=input.cooldown_s,
    )


@strawberry.type
class TradingQuery:
    @strawberry.field(description="Mode, broker, status, kill switch, limits and guardrail health.")
    async def trading_state(
        self, info: EdgeInfo, portfolio_id: strawberry.ID
    ) -> TradingStateResult:
        request = oms_pb2.GetTradingStateRequest(portfolio_id=str(portfolio_id))
        return await oms_expected(lambda: _state(info, "GetTradingState", request))


@strawberry.type
class TradingMutation:
    @strawberry.mutation(
        description="Engage (halt new orders) or release the kill switch; audited."
    )
    async def set_kill_switch(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, engaged: bool, reason: str
    ) -> TradingStateResult:
        if not reason.strip():
            # The audit trail must say why trading stopped or restarted.
            problem = FieldError(field="reason", message="is required")
            return ValidationError(message="reason: is required", field_errors=[problem])
        request = oms_pb2.SetKillSwitchRequest(
            portfolio_id=str(portfolio_id), engaged=engaged, reason=reason.strip()
        )
        return await oms_expected(lambda: _state(info, "SetKillSwitch", request))

    @strawberry.mutation(description="Replace the guardrail limits (optimistic: send the version).")
    async def update_guardrail_limits(
        self, info: EdgeInfo, input: GuardrailLimitsInput
    ) -> TradingStateResult:
        async def call() -> TradingState:
            pid = str(input.portfolio_id)
            request = oms_pb2.UpdateGuardrailLimitsRequest(
                portfolio_id=pid,
                version=input.version,
                limits=_limits_pb(input, await base_currency(info, pid)),
            )
            return await _state(info, "UpdateGuardrailLimits", request)

        return await oms_expected(call)

    @strawberry.mutation(description="Where dry-run orders go: paper or manual.")
    async def set_dry_run_broker(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, broker: str
    ) -> TradingStateResult:
        request = oms_pb2.SetDryRunBrokerRequest(portfolio_id=str(portfolio_id), broker=broker)
        return await oms_expected(lambda: _state(info, "SetDryRunBroker", request))

    @strawberry.mutation(
        description="Step one of going live: your password; answers the risk summary."
    )
    async def request_live_mode(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, password: str
    ) -> LiveModeRequestedResult:
        async def call() -> LiveModeRequested:
            request = oms_pb2.RequestLiveModeRequest(
                portfolio_id=str(portfolio_id), password=password
            )
            r = await info.context.oms.RequestLiveMode(request)
            return LiveModeRequested(
                confirmation_id=strawberry.ID(r.confirmation_id),
                risk_summary_json=r.risk_summary_json,
                risk_summary_sha256=r.risk_summary_sha256,
                expires_at=time_or_none(r.expires_at),
            )

        return await oms_expected(call)

    @strawberry.mutation(
        description="Step two: confirm the risk summary you were shown, by its hash."
    )
    async def confirm_live_mode(
        self,
        info: EdgeInfo,
        portfolio_id: strawberry.ID,
        confirmation_id: strawberry.ID,
        risk_summary_sha256: str,
    ) -> TradingStateResult:
        request = oms_pb2.ConfirmLiveModeRequest(
            portfolio_id=str(portfolio_id),
            confirmation_id=str(confirmation_id),
            risk_summary_sha256=risk_summary_sha256,
        )
        return await oms_expected(lambda: _state(info, "ConfirmLiveMode", request))

    @strawberry.mutation(description="Back to the dry-run broker; allowed at any time.")
    async def switch_to_dry_run(
        self, info: EdgeInfo, portfolio_id: strawberry.ID
    ) -> TradingStateResult:
        request = oms_pb2.SwitchToDryRunRequest(portfolio_id=str(portfolio_id))
        return await oms_expected(lambda: _state(info, "SwitchToDryRun", request))
