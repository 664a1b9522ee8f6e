"""The MarketDataService servicer: convert, call a handler, convert back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradingassistant.marketdata.v1 import marketdata_pb2 as pb
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata import convert as cv
from services.marketdata.domain.alerts import SYSTEM_ACTOR
from services.marketdata.domain.csv_import import CsvFileOptions
from services.marketdata.domain.prices import PriceKind
from services.marketdata.handlers import AlertActions, MarketDataQueries
from services.marketdata.rule_settings import RuleSettingsHandlers
from services.marketdata.runs import TaskRunner
from services.marketdata.schedules import ScheduleHandlers
from taplatform.auth.principal import current_principal

Context = Any  # grpc.aio.ServicerContext; its stubs are generic
PREVIEW_POINTS = 20


@dataclass(frozen=True)
class SettingsHandlers:
    rules: RuleSettingsHandlers
    schedules: ScheduleHandlers


def actor() -> str:
    principal = current_principal.get()
    return principal.user_id if principal is not None else SYSTEM_ACTOR


class MarketDataServiceServicer(marketdata_pb2_grpc.MarketDataServiceServicer):
    """Price and FX ingestion and the data-quality gate."""

    def __init__(
        self,
        runner: TaskRunner,
        queries: MarketDataQueries,
        alerts: AlertActions,
        settings: SettingsHandlers,
    ) -> None:
        self._runner = runner
        self._queries = queries
        self._alerts = alerts
        self._rules = settings.rules
        self._schedules = settings.schedules

    async def RefreshPrices(self, request: pb.RefreshPricesRequest, context: Context) -> Any:
        run = await self._runner.refresh_prices(
            request.request_id,
            list(request.listing_ids),
            cv.kind_in(request.kind) or PriceKind.EOD,
            request.trigger or "manual",
            actor(),
            cv.timestamp_in(request.as_of, request.HasField("as_of")),
        )
        return pb.RefreshPricesResponse(task_run_id=run.task_run_id, task_run=cv.run_out(run))

    async def RefreshFxRates(self, request: pb.RefreshFxRatesRequest, context: Context) -> Any:
        run = await self._runner.refresh_fx(
            request.request_id, request.history, request.trigger or "manual", actor()
        )
        return pb.RefreshFxRatesResponse(task_run=cv.run_out(run))

    async def GetLatestPrices(self, request: pb.GetLatestPricesRequest, context: Context) -> Any:
        points = await self._queries.latest_prices(
            list(request.listing_ids), cv.kind_in(request.kind)
        )
        return pb.GetLatestPricesResponse(prices=[cv.point_out(p) for p in points])

    async def ListPricePoints(self, request: pb.ListPricePointsRequest, context: Context) -> Any:
        points = await self._queries.price_points(
            request.listing_id,
            cv.kind_in(request.kind),
            cv.timestamp_in(request.start_time, request.HasField("start_time")),
            cv.timestamp_in(request.end_time, request.HasField("end_time")),
            request.limit,
        )
        return pb.ListPricePointsResponse(points=[cv.point_out(p) for p in points])

    async def GetFxRates(self, request: pb.GetFxRatesRequest, context: Context) -> Any:
        day = await self._queries.fx_rates(cv.day_in(request.as_of, "as_of"))
        return pb.GetFxRatesResponse(rates=cv.fx_out(day) if day else [])

    async def ListFxRates(self, request: pb.ListFxRatesRequest, context: Context) -> Any:
        page = await self._queries.fx_days(cv.fx_range_in(request))
        return cv.fx_page_out(page)

    async def ListDailyCloses(self, request: pb.ListDailyClosesRequest, context: Context) -> Any:
        page = await self._queries.daily_closes(cv.closes_range_in(request))
        return cv.closes_page_out(page)

    async def ImportPricesCsv(self, request: pb.ImportPricesCsvRequest, context: Context) -> Any:
        options = CsvFileOptions(
            source=request.source or "csv",
            listing=request.listing or None,
            currency=request.currency.upper() or None,
        )
        run = None
        if request.confirm:
            parsed, run = await self._runner.import_csv(
                request.request_id, request.content, options, actor()
            )
        else:
            parsed = await self._runner.preview_csv(request.content, options)
        return pb.ImportPricesCsvResponse(
            rows=parsed.rows,
            accepted=len(parsed.accepted),
            rejections=[cv.rejection_out(r) for r in parsed.rejected],
            preview=[cv.point_out(p) for p in parsed.accepted[:PREVIEW_POINTS]],
            task_run=cv.run_out(run) if run else None,
        )

    async def ListTaskRuns(self, request: pb.ListTaskRunsRequest, context: Context) -> Any:
        found = await self._queries.task_runs(request.limit, request.task)
        return pb.ListTaskRunsResponse(task_runs=[cv.run_out(r) for r in found])

    async def ListAlerts(self, request: pb.ListAlertsRequest, context: Context) -> Any:
        statuses = [cv.ALERT_IN[s] for s in request.statuses if s in cv.ALERT_IN]
        found = await self._queries.alerts(list(request.listing_ids), statuses, request.limit)
        return pb.ListAlertsResponse(alerts=[cv.alert_out(a) for a in found])

    async def AcknowledgeAlert(self, request: pb.AcknowledgeAlertRequest, context: Context) -> Any:
        view = await self._alerts.acknowledge(request.alert_id, actor())
        return pb.AcknowledgeAlertResponse(alert=cv.alert_out(view))

    async def ResolveAlert(self, request: pb.ResolveAlertRequest, context: Context) -> Any:
        view = await self._alerts.resolve(request.alert_id, actor(), request.note)
        return pb.ResolveAlertResponse(alert=cv.alert_out(view))

    async def GetRuleSettings(self, request: pb.GetRuleSettingsRequest, context: Context) -> Any:
        view = await self._rules.get(*cv.scope_in(request.scope))
        return pb.GetRuleSettingsResponse(settings=cv.rule_settings_out(view))

    async def UpdateRuleSettings(
        self, request: pb.UpdateRuleSettingsRequest, context: Context
    ) -> Any:
        scope, scope_id = cv.scope_in(request.scope)
        view = await self._rules.update(
            scope,
            scope_id,
            request.expected_version,
            cv.overrides_in(list(request.rules)),
            actor(),
        )
        return pb.UpdateRuleSettingsResponse(settings=cv.rule_settings_out(view))

    async def GetIngestionSchedule(
        self, request: pb.GetIngestionScheduleRequest, context: Context
    ) -> Any:
        stored = await self._schedules.get(request.portfolio_id)
        return pb.GetIngestionScheduleResponse(schedule=cv.schedule_out(stored))

    async def UpdateIngestionSchedule(
        self, request: pb.UpdateIngestionScheduleRequest, context: Context
    ) -> Any:
        stored = await self._schedules.update(
            request.portfolio_id, request.expected_version, cv.schedule_in(request), actor()
        )
        return pb.UpdateIngestionScheduleResponse(schedule=cv.schedule_out(stored))
