"""Data-quality alerts (acknowledge, resolve) and lifting a portfolio's advice freeze."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from tradingassistant.marketdata.v1 import marketdata_pb2
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo, time_or_none
from edge.api.errors import ExpectedError, expected
from edge.api.portfolios import Portfolio, PortfolioResult


@strawberry.enum
class AlertStatus(enum.Enum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESOLVED = "RESOLVED"


@strawberry.enum
class Severity(enum.Enum):
    INFO = "INFO"
    WARNING = "WARNING"
    CRITICAL = "CRITICAL"


def _status_to_pb(value: AlertStatus) -> Any:
    return marketdata_pb2.AlertStatus.Value(f"ALERT_STATUS_{value.value}")


@strawberry.type(description="One data-quality rule failing for one listing.")
class Alert:
    id: strawberry.ID
    rule: str = strawberry.field(description="stale, missing, jump, scale_mismatch, …")
    listing_id: strawberry.ID
    severity: Severity | None
    status: AlertStatus | None
    message: str
    details: JSON = strawberry.field(description="The rule's figures.")
    freeze: bool = strawberry.field(description="The rule freezes advice while it fails.")
    auto_unfreeze: bool
    opened_at: datetime | None
    last_seen_at: datetime | None
    occurrences: int
    acknowledged_at: datetime | None
    acknowledged_by: str
    resolved_at: datetime | None
    resolved_by: str
    resolution_note: str
    frozen_portfolio_ids: list[strawberry.ID]

    @classmethod
    def from_pb(cls, value: marketdata_pb2.Alert) -> Alert:
        severity = marketdata_pb2.Severity.Name(value.severity).removeprefix("SEVERITY_")
        status = marketdata_pb2.AlertStatus.Name(value.status).removeprefix("ALERT_STATUS_")
        return cls(
            id=strawberry.ID(value.alert_id),
            rule=value.rule,
            listing_id=strawberry.ID(value.listing_id),
            severity=Severity.__members__.get(severity),
            status=AlertStatus.__members__.get(status),
            message=value.message,
            details=cast(JSON, dict(sorted(value.details.items()))),
            freeze=value.freeze,
            auto_unfreeze=value.auto_unfreeze,
            opened_at=time_or_none(value.opened_at),
            last_seen_at=time_or_none(value.last_seen_at),
            occurrences=value.occurrences,
            acknowledged_at=time_or_none(value.acknowledged_at),
            acknowledged_by=value.acknowledged_by,
            resolved_at=time_or_none(value.resolved_at),
            resolved_by=value.resolved_by,
            resolution_note=value.resolution_note,
            frozen_portfolio_ids=[strawberry.ID(p) for p in value.frozen_portfolio_ids],
        )


@strawberry.type
class AlertList:
    items: list[Alert]


@strawberry.input
class UnfreezePortfolioInput:
    portfolio_id: strawberry.ID
    reason: str = strawberry.field(description="Why advice may resume; required and audited.")
    references: list[str] | None = strawberry.field(
        default=None, description="Lift only these freeze reasons (alert ids); empty: all."
    )


AlertListResult = Annotated[AlertList | ExpectedError, strawberry.union("AlertListResult")]
AlertResult = Annotated[Alert | ExpectedError, strawberry.union("AlertResult")]


@strawberry.type
class AlertQuery:
    @strawberry.field(description="Alerts, newest first; no statuses means the active ones.")
    async def alerts(
        self,
        info: EdgeInfo,
        listing_ids: list[strawberry.ID] | None = None,
        statuses: list[AlertStatus] | None = None,
        limit: int = 200,
    ) -> AlertListResult:
        async def call() -> AlertList:
            request = marketdata_pb2.ListAlertsRequest(
                listing_ids=[str(i) for i in listing_ids or []],
                statuses=[_status_to_pb(s) for s in statuses or []],
                limit=limit,
            )
            response = await info.context.marketdata.ListAlerts(request)
            return AlertList(items=[Alert.from_pb(a) for a in response.alerts])

        return await expected(call)


@strawberry.type
class AlertMutation:
    @strawberry.mutation(description="Someone is looking at it: open → acknowledged.")
    async def acknowledge_alert(self, info: EdgeInfo, id: strawberry.ID) -> AlertResult:
        async def call() -> Alert:
            request = marketdata_pb2.AcknowledgeAlertRequest(alert_id=str(id))
            response = await info.context.marketdata.AcknowledgeAlert(request)
            return Alert.from_pb(response.alert)

        return await expected(call)

    @strawberry.mutation(description="The data is good now (say why); lifts a freeze only by rule.")
    async def resolve_alert(self, info: EdgeInfo, id: strawberry.ID, note: str) -> AlertResult:
        async def call() -> Alert:
            request = marketdata_pb2.ResolveAlertRequest(alert_id=str(id), note=note)
            response = await info.context.marketdata.ResolveAlert(request)
            return Alert.from_pb(response.alert)

        return await expected(call)

    @strawberry.mutation(description="Lift a portfolio's advice freeze, with a reason (audited).")
    async def unfreeze_portfolio(
        self, info: EdgeInfo, input: UnfreezePortfolioInput
    ) -> PortfolioResult:
        async def call() -> Portfolio:
            request = registry_pb2.UnfreezePortfolioRequest(
                portfolio_id=str(input.portfolio_id),
                reason=input.reason,
                references=list(input.references or []),
            )
            response = await info.context.registry.UnfreezePortfolio(request)
            return Portfolio.from_pb(response.portfolio)

        return await expected(call)
