"""Protobuf for GetPerformance: the report's values as decimal strings, nothing else."""

from __future__ import annotations

from decimal import Decimal

from tradingassistant.common.v1.types_pb2 import Decimal as DecimalPb
from tradingassistant.common.v1.types_pb2 import Money
from tradingassistant.engine.v1 import engine_pb2 as pb

from services.engine.domain.numbers import plain
from services.engine.domain.performance_report import PerformanceReport, PeriodFigures
from services.engine.domain.returns import Period

PERIOD = {
    Period.ONE_MONTH: pb.PERFORMANCE_PERIOD_ONE_MONTH,
    Period.THREE_MONTHS: pb.PERFORMANCE_PERIOD_THREE_MONTHS,
    Period.YEAR_TO_DATE: pb.PERFORMANCE_PERIOD_YEAR_TO_DATE,
    Period.ONE_YEAR: pb.PERFORMANCE_PERIOD_ONE_YEAR,
    Period.SINCE_START: pb.PERFORMANCE_PERIOD_SINCE_START,
}


def _dec(value: Decimal | None) -> DecimalPb | None:
    return None if value is None else DecimalPb(value=plain(value))


def _money(value: Decimal, currency: str) -> Money:
    return Money(currency_code=currency, amount=DecimalPb(value=plain(value)))


def _period(p: PeriodFigures, ccy: str) -> pb.PeriodReturn:
    out = pb.PeriodReturn(
        period=PERIOD[p.period],
        start_date=p.start.isoformat(),
        end_date=p.end.isoformat(),
        available=p.available,
        mwr_annualised=p.xirr_annualised,
        note=p.note,
        twr_pct=_dec(p.twr_pct),
        mwr_pct=_dec(p.xirr_pct),
    )
    if p.available:
        out.start_value.CopyFrom(_money(p.start_value, ccy))
        out.end_value.CopyFrom(_money(p.end_value, ccy))
        out.net_flows.CopyFrom(_money(p.net_flows, ccy))
    return out


def performance_to_pb(report: PerformanceReport) -> pb.GetPerformanceResponse:
    ccy = report.base_currency
    return pb.GetPerformanceResponse(
        base_currency=ccy,
        as_of=report.as_of.isoformat(),
        first_entry_date=report.first_day.isoformat() if report.first_day else "",
        points=[
            pb.ValuationPoint(
                date=p.day.isoformat(),
                value=_money(p.value, ccy),
                net_contributions=_money(p.net_contributions, ccy),
            )
            for p in report.points
        ],
        periods=[_period(p, ccy) for p in report.periods],
        sleeves=[
            pb.SleeveWeightSeries(
                sleeve=s.name,
                target_pct=_dec(s.target.target_pct if s.target else None),
                band_pp=_dec(s.target.band_pp if s.target else None),
                weight_pct=[DecimalPb(value=plain(w)) for w in s.weights_pct],
            )
            for s in report.sleeves
        ],
        notes=list(report.notes),
    )
