"""The dashboard's own data: a portfolio's value over time, sleeve weights and period returns.

Runs, alerts, the freeze, sleeves and service health have their own queries
(engine_runs, alerts, portfolios, schema.systemStatus); this module adds only
the engine's GetPerformance.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from tradingassistant.engine.v1 import engine_pb2

from edge.api.convert import EdgeInfo, Money, date_or_none, decimal_or_none, money_or_none
from edge.api.errors import ExpectedError, expected


@strawberry.enum(description="Standard periods ending at the as-of day's close.")
class PerformancePeriod(enum.Enum):
    ONE_MONTH = "ONE_MONTH"
    THREE_MONTHS = "THREE_MONTHS"
    YEAR_TO_DATE = "YEAR_TO_DATE"
    ONE_YEAR = "ONE_YEAR"
    SINCE_START = "SINCE_START"


@strawberry.type(description="The portfolio at one day's close, in its base currency.")
class ValuationPoint:
    date: date
    value: Decimal
    net_contributions: Decimal = strawberry.field(
        description="Contributions minus withdrawals up to and including this day."
    )


@strawberry.type(description="Returns over one period; unavailable before the first entry.")
class PeriodReturn:
    period: PerformancePeriod | None
    start_date: date | None = strawberry.field(description="The close the period starts from.")
    end_date: date | None
    available: bool
    start_value: Money | None
    end_value: Money | None
    net_flows: Money | None = strawberry.field(description="Contributions minus withdrawals.")
    twr_pct: Decimal | None = strawberry.field(
        description="Time-weighted return, cumulative over the period, in percent."
    )
    mwr_pct: Decimal | None = strawberry.field(
        description="Money-weighted return in percent: XIRR (annualised) for a year or more, "
        "the period's own rate for shorter periods."
    )
    mwr_annualised: bool
    note: str

    @classmethod
    def from_pb(cls, value: engine_pb2.PeriodReturn) -> PeriodReturn:
        name = engine_pb2.PerformancePeriod.Name(value.period).removeprefix("PERFORMANCE_PERIOD_")
        return cls(
            period=PerformancePeriod.__members__.get(name),
            start_date=date_or_none(value.start_date),
            end_date=date_or_none(value.end_date),
            available=value.available,
            start_value=money_or_none(value.start_value),
            end_value=money_or_none(value.end_value),
            net_flows=money_or_none(value.net_flows),
            twr_pct=decimal_or_none(value.twr_pct),
            mwr_pct=decimal_or_none(value.mwr_pct),
            mwr_annualised=value.mwr_annualised,
            note=value.note,
        )


@strawberry.type(description="A sleeve's weight on each valuation day, with its policy target.")
class SleeveWeightSeries:
    sleeve: str
    target_pct: Decimal | None = strawberry.field(description="None without an approved policy.")
    band_pp: Decimal | None = strawberry.field(description="Half-width of the drift band.")
    weight_pct: list[Decimal] = strawberry.field(
        description="Percent of the whole value (cash included), one per point, same order."
    )


@strawberry.type(description="Value over time and returns, rebuilt from the ledger and prices.")
class Performance:
    portfolio_id: strawberry.ID
    base_currency: str
    as_of: date
    first_entry_date: date | None
    points: list[ValuationPoint] = strawberry.field(description="Daily, oldest first.")
    periods: list[PeriodReturn]
    sleeves: list[SleeveWeightSeries]
    notes: list[str] = strawberry.field(
        description="What was estimated: carried-forward closes, trade prices standing in."
    )

    @classmethod
    def from_pb(cls, portfolio_id: str, value: engine_pb2.GetPerformanceResponse) -> Performance:
        return cls(
            portfolio_id=strawberry.ID(portfolio_id),
            base_currency=value.base_currency,
            as_of=date.fromisoformat(value.as_of),
            first_entry_date=date_or_none(value.first_entry_date),
            points=[
                ValuationPoint(
                    date=date.fromisoformat(p.date),
                    value=Decimal(p.value.amount.value),
                    net_contributions=Decimal(p.net_contributions.amount.value),
                )
                for p in value.points
            ],
            periods=[PeriodReturn.from_pb(p) for p in value.periods],
            sleeves=[
                SleeveWeightSeries(
                    sleeve=s.sleeve,
                    target_pct=decimal_or_none(s.target_pct),
                    band_pp=decimal_or_none(s.band_pp),
                    weight_pct=[Decimal(w.value) for w in s.weight_pct],
                )
                for s in value.sleeves
            ],
            notes=list(value.notes),
        )


PerformanceResult = Annotated[Performance | ExpectedError, strawberry.union("PerformanceResult")]


@strawberry.type
class DashboardQuery:
    @strawberry.field(description="A portfolio's value over time and TWR / XIRR by period.")
    async def performance(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, as_of: date | None = None
    ) -> PerformanceResult:
        async def call() -> Performance:
            request = engine_pb2.GetPerformanceRequest(
                portfolio_id=str(portfolio_id), as_of=as_of.isoformat() if as_of else ""
            )
            response = await info.context.engine.GetPerformance(request)
            return Performance.from_pb(str(portfolio_id), response)

        return await expected(call)
