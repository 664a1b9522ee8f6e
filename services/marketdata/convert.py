"""Protobuf <-> domain for the marketdata API, nothing else."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1 import types_pb2
from tradingassistant.marketdata.v1 import marketdata_pb2 as pb

from services.marketdata.domain.alerts import AlertStatus
from services.marketdata.domain.closes import CloseKey, ClosesPage, ClosesRange
from services.marketdata.domain.csv_import import RowRejection
from services.marketdata.domain.prices import PriceKind, PricePoint
from services.marketdata.domain.rule_resolution import EffectiveSetting, Source
from services.marketdata.domain.rule_settings import Scope
from services.marketdata.domain.rules import Severity
from services.marketdata.domain.schedule import IngestionSchedule, StoredSchedule
from services.marketdata.domain.task_runs import RunStatus, TaskRun
from services.marketdata.domain.units import FX_BASE, EurRates
from services.marketdata.handlers import AlertView, FxPage, FxRange
from services.marketdata.rule_settings import RuleSettingsView
from taplatform.errors import InvalidArgumentError

KIND_OUT = {PriceKind.INTRADAY: pb.PRICE_KIND_INTRADAY, PriceKind.EOD: pb.PRICE_KIND_EOD}
KIND_IN = {v: k for k, v in KIND_OUT.items()}
STATUS_OUT = {
    RunStatus.RUNNING: pb.TASK_RUN_STATUS_RUNNING,
    RunStatus.SUCCEEDED: pb.TASK_RUN_STATUS_SUCCEEDED,
    RunStatus.PARTIAL: pb.TASK_RUN_STATUS_PARTIAL,
    RunStatus.FAILED: pb.TASK_RUN_STATUS_FAILED,
}
ALERT_OUT = {
    AlertStatus.OPEN: pb.ALERT_STATUS_OPEN,
    AlertStatus.ACKNOWLEDGED: pb.ALERT_STATUS_ACKNOWLEDGED,
    AlertStatus.RESOLVED: pb.ALERT_STATUS_RESOLVED,
}
ALERT_IN = {v: k for k, v in ALERT_OUT.items()}
SEVERITY_OUT = {
    Severity.INFO: pb.SEVERITY_INFO,
    Severity.WARNING: pb.SEVERITY_WARNING,
    Severity.CRITICAL: pb.SEVERITY_CRITICAL,
}


def kind_in(value: int) -> PriceKind | None:
    """None for UNSPECIFIED (callers pick their default)."""
    return KIND_IN.get(value)  # type: ignore[call-overload, no-any-return]


def decimal_out(value: Decimal | None) -> types_pb2.Decimal | None:
    return None if value is None else types_pb2.Decimal(value=format(value, "f"))


def timestamp_out(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value.astimezone(UTC))
    return stamp


def timestamp_in(stamp: Timestamp, present: bool) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if present else None


def point_out(point: PricePoint) -> pb.PricePoint:
    return pb.PricePoint(
        listing_id=point.listing_id,
        observed_at=timestamp_out(point.observed_at),
        kind=KIND_OUT[point.kind],
        source=point.source,
        price=types_pb2.Money(currency_code=point.currency, amount=decimal_out(point.price)),
        price_scale=decimal_out(point.scale),
        open=decimal_out(point.open),
        high=decimal_out(point.high),
        low=decimal_out(point.low),
        volume=decimal_out(point.volume),
    )


def run_out(run: TaskRun) -> pb.TaskRun:
    counts = run.counts
    return pb.TaskRun(
        task_run_id=run.task_run_id,
        task=run.task,
        trigger=run.trigger,
        source=run.source,
        status=STATUS_OUT[run.status],
        started_at=timestamp_out(run.started_at),
        finished_at=timestamp_out(run.finished_at),
        fetched=counts.fetched,
        inserted=counts.inserted,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
        error_summary=run.error_summary,
        listing_ids=list(run.listing_ids),
        request_id=run.request_id or "",
    )


def alert_out(view: AlertView) -> pb.Alert:
    alert = view.alert
    return pb.Alert(
        alert_id=alert.alert_id,
        rule=alert.rule,
        listing_id=alert.listing_id,
        severity=SEVERITY_OUT[alert.severity],
        status=ALERT_OUT[alert.status],
        message=alert.message,
        details=dict(alert.details),
        freeze=alert.freeze,
        auto_unfreeze=alert.auto_unfreeze,
        opened_at=timestamp_out(alert.opened_at),
        last_seen_at=timestamp_out(alert.last_seen_at),
        occurrences=alert.occurrences,
        acknowledged_at=timestamp_out(alert.acknowledged_at),
        acknowledged_by=alert.acknowledged_by or "",
        resolved_at=timestamp_out(alert.resolved_at),
        resolved_by=alert.resolved_by or "",
        resolution_note=alert.resolution_note or "",
        frozen_portfolio_ids=list(view.frozen_portfolio_ids),
    )


def rejection_out(rejection: RowRejection) -> pb.CsvRowRejection:
    return pb.CsvRowRejection(row=rejection.row, field=rejection.field, reason=rejection.reason)


def fx_out(day: EurRates, source: str = "ecb") -> list[pb.FxRate]:
    return [
        pb.FxRate(
            base_currency=FX_BASE,
            quote_currency=currency,
            rate=decimal_out(rate),
            as_of=day.as_of.isoformat(),
            source=source,
        )
        for currency, rate in sorted(day.rates.items())
    ]


def fx_range_in(request: pb.ListFxRatesRequest) -> FxRange:
    return FxRange(
        start=day_in(request.start_date, "start_date"),
        end=day_in(request.end_date, "end_date"),
        currencies=tuple(c.strip().upper() for c in request.quote_currencies),
        page_size=request.page_size,
        after=page_token_in(request.page_token),
    )


def fx_page_out(page: FxPage) -> pb.ListFxRatesResponse:
    return pb.ListFxRatesResponse(
        days=[pb.FxRatesDay(as_of=d.as_of.isoformat(), rates=fx_out(d)) for d in page.days],
        next_page_token=page.next_after.isoformat() if page.next_after else "",
    )


def day_in(value: str, field: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidArgumentError.for_field(field, f"{value!r} is not YYYY-MM-DD") from None


def page_token_in(value: str) -> date | None:
    # The token is the last day of the previous page; clients pass it back untouched.
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidArgumentError.for_field(
            "page_token", "is not a next_page_token from a previous page"
        ) from None


def closes_range_in(request: pb.ListDailyClosesRequest) -> ClosesRange:
    return ClosesRange(
        listing_ids=tuple(request.listing_ids),
        start=day_in(request.start_date, "start_date"),
        end=day_in(request.end_date, "end_date"),
        page_size=request.page_size,
        after=close_token_in(request.page_token),
    )


def closes_page_out(page: ClosesPage) -> pb.ListDailyClosesResponse:
    reply = pb.ListDailyClosesResponse(
        next_page_token=close_token_out(page.next_after) if page.next_after else ""
    )
    # Built in place: a list of messages passed to the constructor is copied item by
    # item, which took about three times as long for a page of 5,000.
    add = reply.closes.add
    for c in page.closes:
        item = add(listing_id=c.listing_id, date=c.session.isoformat(), source=c.source)
        item.close.value = format(c.price, "f")
    return reply


def close_token_out(key: CloseKey) -> str:
    # Opaque to clients: the key of the page's last close, which the next page starts past.
    body = json.dumps([key.listing_id, key.observed_at.isoformat(), key.source])
    return base64.urlsafe_b64encode(body.encode()).decode()


def close_token_in(value: str) -> CloseKey | None:
    if not value:
        return None
    try:
        listing_id, observed_at, source = json.loads(base64.urlsafe_b64decode(value.encode()))
        moment = datetime.fromisoformat(observed_at)
        if not (isinstance(listing_id, str) and isinstance(source, str) and moment.tzinfo):
            raise ValueError(value)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidArgumentError.for_field(
            "page_token", "is not a next_page_token from a previous page"
        ) from None
    return CloseKey(listing_id, moment, source)


SOURCE_OUT = {
    Source.DEFAULT: pb.SETTING_SOURCE_DEFAULT,
    Source.PORTFOLIO: pb.SETTING_SOURCE_PORTFOLIO,
    Source.LISTING: pb.SETTING_SOURCE_LISTING,
}


def scope_in(scope: pb.RuleScope) -> tuple[Scope, str]:
    """The scope a request names; INVALID_ARGUMENT when it names none."""
    target = scope.WhichOneof("target")
    if target == "listing_id":
        return Scope.LISTING, scope.listing_id
    if target == "portfolio_id":
        return Scope.PORTFOLIO, scope.portfolio_id
    raise InvalidArgumentError.for_field("scope", "name a listing_id or a portfolio_id")


def scope_out(scope: Scope, scope_id: str) -> pb.RuleScope:
    if scope is Scope.LISTING:
        return pb.RuleScope(listing_id=scope_id)
    return pb.RuleScope(portfolio_id=scope_id)


def overrides_in(rules: list[pb.RuleOverride]) -> dict[str, dict[str, str]]:
    """Overrides by rule; a rule named twice is refused, naming it."""
    found: dict[str, dict[str, str]] = {}
    for index, item in enumerate(rules):
        if item.rule in found:
            raise InvalidArgumentError.for_field(f"rules[{index}].rule", "named twice")
        found[item.rule] = dict(item.settings)
    return found


def _setting_out(setting: EffectiveSetting) -> pb.EffectiveSetting:
    return pb.EffectiveSetting(
        name=setting.name,
        value=setting.value,
        default_value=setting.default,
        source=SOURCE_OUT[setting.source],
        source_id=setting.source_id,
        description=setting.description,
    )


def rule_settings_out(view: RuleSettingsView) -> pb.RuleSettings:
    stored = view.stored
    return pb.RuleSettings(
        scope=scope_out(stored.scope, stored.scope_id),
        version=stored.version,
        changed_by=stored.changed_by or "",
        changed_at=timestamp_out(stored.changed_at),
        overrides=[
            pb.RuleOverride(rule=rule, settings=dict(values))
            for rule, values in sorted(stored.overrides.items())
        ],
        effective=[
            pb.EffectiveRule(
                rule=rule.rule,
                description=rule.description,
                policy=[_setting_out(s) for s in rule.policy],
                parameters=[_setting_out(s) for s in rule.parameters],
            )
            for rule in view.effective
        ],
    )


def schedule_in(request: pb.UpdateIngestionScheduleRequest) -> IngestionSchedule:
    return IngestionSchedule(
        intraday_enabled=request.intraday_enabled,
        intraday_every_min=request.intraday_every_min,
        eod_enabled=request.eod_enabled,
        fx_enabled=request.fx_enabled,
    )


def schedule_out(stored: StoredSchedule) -> pb.IngestionSchedule:
    schedule = stored.schedule
    return pb.IngestionSchedule(
        portfolio_id=stored.portfolio_id,
        version=stored.version,
        intraday_enabled=schedule.intraday_enabled,
        intraday_every_min=schedule.intraday_every_min,
        eod_enabled=schedule.eod_enabled,
        fx_enabled=schedule.fx_enabled,
        changed_by=stored.changed_by or "",
        changed_at=timestamp_out(stored.changed_at),
    )
