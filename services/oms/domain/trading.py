"""A portfolio's trading state: mode, status, kill switch, dry-run broker and guardrail limits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from services.oms.domain.model import decimal_text


class TradingMode(enum.Enum):
    DRY_RUN = "dry_run"
    LIVE = "live"


class TradingStatus(enum.Enum):
    ACTIVE = "active"
    # Only orders that reduce exposure (sells) go through.
    REDUCING = "reducing"
    # New orders and amends refused; cancels allowed.
    HALTED = "halted"


class LossAction(enum.Enum):
    REDUCING = "reducing"
    HALTED = "halted"


class SessionPolicy(enum.Enum):
    REFUSE = "refuse"
    QUEUE = "queue"


DRY_RUN_BROKERS = ("paper", "manual")
LIVE_BROKER = "live"


@dataclass(frozen=True)
class GuardrailLimits:
    """Per-portfolio limits; ``None`` or zero switches a limit off. Amounts in base currency."""

    max_order_notional: Decimal | None = None
    max_daily_loss: Decimal | None = None
    loss_action: LossAction = LossAction.HALTED
    session_policy: SessionPolicy = SessionPolicy.REFUSE
    cooldown_rejects: int = 3
    cooldown_window_s: int = 300
    cooldown_s: int = 600

    def as_dict(self) -> dict[str, Any]:
        """Audit form (canonical JSON-able)."""
        return {
            "max_order_notional": _text(self.max_order_notional),
            "max_daily_loss": _text(self.max_daily_loss),
            "loss_action": self.loss_action.value,
            "session_policy": self.session_policy.value,
            "cooldown_rejects": self.cooldown_rejects,
            "cooldown_window_s": self.cooldown_window_s,
            "cooldown_s": self.cooldown_s,
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


@dataclass(frozen=True)
class TradingState:
    """A fresh portfolio is dry-run, active, paper, with default limits."""

    portfolio_id: str
    mode: TradingMode = TradingMode.DRY_RUN
    status: TradingStatus = TradingStatus.ACTIVE
    kill_switch: bool = False
    kill_switch_reason: str = ""
    dry_run_broker: str = "paper"
    limits: GuardrailLimits = field(default_factory=GuardrailLimits)
    # The portfolio's value at the start of ``day_start_date`` (daily-loss base).
    day_start_value: Decimal | None = None
    day_start_date: str | None = None
    version: int = 0

    @property
    def effective_status(self) -> TradingStatus:
        """The kill switch halts whatever the status says."""
        return TradingStatus.HALTED if self.kill_switch else self.status

    @property
    def broker(self) -> str:
        """Where a new order goes: the live adapter only in live mode."""
        return LIVE_BROKER if self.mode is TradingMode.LIVE else self.dry_run_broker

    def evolve(self, **changes: Any) -> TradingState:
        return replace(self, version=self.version + 1, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Audit form (canonical JSON-able)."""
        return {
            "mode": self.mode.value,
            "status": self.status.value,
            "kill_switch": self.kill_switch,
            "kill_switch_reason": self.kill_switch_reason,
            "dry_run_broker": self.dry_run_broker,
            "limits": self.limits.as_dict(),
        }


def risk_summary(state: TradingState, live_broker: str, base_currency: str) -> dict[str, Any]:
    """What the user confirms when going live: where orders go and the limits that hold."""
    limits = state.limits
    return {
        "portfolio_id": state.portfolio_id,
        "mode_after": TradingMode.LIVE.value,
        "live_broker": live_broker,
        "base_currency": base_currency,
        "max_order_notional": _text(limits.max_order_notional),
        "max_daily_loss": _text(limits.max_daily_loss),
        "loss_action": limits.loss_action.value,
        "session_policy": limits.session_policy.value,
        "cooldown": {
            "rejects": limits.cooldown_rejects,
            "window_s": limits.cooldown_window_s,
            "cooldown_s": limits.cooldown_s,
        },
        "state_version": state.version,
        "warning": "orders will be sent to a real broker and may execute with real money",
    }
