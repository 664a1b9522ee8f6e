"""Prices and ingestion runs: a listing's series, the newest prices, task runs, manual refresh."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from tradingassistant.marketdata.v1 import marketdata_pb2

from edge.api.convert import EdgeInfo, Money, decimal_or_none, money_or_none, time_or_none
from edge.api.convert import timestamp as timestamp_pb
from edge.api.errors import ExpectedError, expected
from edge.api.reference import request_id

MAX_POINTS = 5000


@strawberry.enum(description="End-of-day bars or intraday quotes.")
class PriceKind(enum.Enum):
    EOD = "EOD"
    INTRADAY = "INTRADAY"


def price_kind_from_pb(value: int) -> PriceKind | None:
    name = marketdata_pb2.PriceKind.Name(value).removeprefix("PRICE_KIND_")
    return PriceKind.__members__.get(name)


def price_kind_to_pb(value: PriceKind | None) -> Any:
    if value is None:
        return marketdata_pb2.PRICE_KIND_UNSPECIFIED
    return marketdata_pb2.PriceKind.Value(f"PRICE_KIND_{value.value}")


@strawberry.type(description="A price exactly as quoted, with the listing's scale.")
class PricePoint:
    listing_id: strawberry.ID
    observed_at: datetime | None = strawberry.field(description="EOD: 00:00 UTC of the session.")
    kind: PriceKind | None
    source: str
    price: Money | None
    price_scale: Decimal | None = strawberry.field(description="GBX: 0.01.")
    open: Decimal | None
    high: Decimal | None
    low: Decimal | None
    volume: Decimal | None

    @classmethod
    def from_pb(cls, value: marketdata_pb2.PricePoint) -> PricePoint:
        return cls(
            listing_id=strawberry.ID(value.listing_id),
            observed_at=time_or_none(value.observed_at),
            kind=price_kind_from_pb(value.kind),
            source=value.source,
            price=money_or_none(value.price),
            price_scale=decimal_or_none(value.price_scale),
            open=decimal_or_none(value.open),
            high=decimal_or_none(value.high),
            low=decimal_or_none(value.low),
            volume=decimal_or_none(value.volume),
        )


@strawberry.enum
class TaskRunStatus(enum.Enum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"


@strawberry.type(description="One recorded refresh or import, with what it did.")
class TaskRun:
    id: strawberry.ID
    task: str = strawberry.field(description="prices_eod, prices_intraday, fx or csv_import.")
    trigger: str
    source: str
    status: TaskRunStatus | None
    started_at: datetime | None
    finished_at: datetime | None
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    error_summary: str
    listing_ids: list[strawberry.ID]
    request_id: str

    @classmethod
    def from_pb(cls, value: marketdata_pb2.TaskRun) -> TaskRun:
        status = marketdata_pb2.TaskRunStatus.Name(value.status).removeprefix("TASK_RUN_STATUS_")
        return cls(
            id=strawberry.ID(value.task_run_id),
            task=value.task,
            trigger=value.trigger,
            source=value.source,
            status=TaskRunStatus.__members__.get(status),
            started_at=time_or_none(value.started_at),
            finished_at=time_or_none(value.finished_at),
            fetched=value.fetched,
            inserted=value.inserted,
            updated=value.updated,
            unchanged=value.unchanged,
            rejected=value.rejected,
            error_summary=value.error_summary,
            listing_ids=[strawberry.ID(i) for i in value.listing_ids],
            request_id=value.request_id,
        )


@strawberry.type
class PriceSeries:
    listing_id: strawberry.ID
    points: list[PricePoint] = strawberry.field(description="Oldest first, ready to chart.")


@strawberry.type
class TaskRunList:
    items: list[TaskRun]


@strawberry.input
class RefreshPricesInput:
    request_id: str | None = strawberry.field(
        default=None, description="Client-generated: a retried refresh runs once."
    )
    listing_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Empty: every monitored listing."
    )
    kind: PriceKind = PriceKind.EOD


PriceSeriesResult = Annotated[PriceSeries | ExpectedError, strawberry.union("PriceSeriesResult")]
TaskRunListResult = Annotated[TaskRunList | ExpectedError, strawberry.union("TaskRunListResult")]
TaskRunResult = Annotated[TaskRun | ExpectedError, strawberry.union("TaskRunResult")]


@strawberry.type
class PriceQuery:
    @strawberry.field(description="A listing's prices between two times, oldest first.")
    async def price_series(
        self,
        info: EdgeInfo,
        listing_id: strawberry.ID,
        kind: PriceKind | None = PriceKind.EOD,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 500,
    ) -> PriceSeriesResult:
        async def call() -> PriceSeries:
            request = marketdata_pb2.ListPricePointsRequest(
                listing_id=str(listing_id),
                kind=price_kind_to_pb(kind),
                limit=max(1, min(limit, MAX_POINTS)),
            )
            if start is not None:
                request.start_time.CopyFrom(timestamp_pb(start))
            if end is not None:
                request.end_time.CopyFrom(timestamp_pb(end))
            response = await info.context.marketdata.ListPricePoints(request)
            # The service answers newest first (so a limit keeps the recent end).
            points = [PricePoint.from_pb(p) for p in reversed(response.points)]
            return PriceSeries(listing_id=listing_id, points=points)

        return await expected(call)

    @strawberry.field(description="Recent ingestion task runs, newest first.")
    async def task_runs(
        self, info: EdgeInfo, limit: int = 50, task: str | None = None
    ) -> TaskRunListResult:
        async def call() -> TaskRunList:
            request = marketdata_pb2.ListTaskRunsRequest(limit=limit, task=task or "")
            response = await info.context.marketdata.ListTaskRuns(request)
            return TaskRunList(items=[TaskRun.from_pb(r) for r in response.task_runs])

        return await expected(call)


@strawberry.type
class PriceMutation:
    @strawberry.mutation(description="Fetch prices from the configured provider now.")
    async def refresh_prices(self, info: EdgeInfo, input: RefreshPricesInput) -> TaskRunResult:
        async def call() -> TaskRun:
            request = marketdata_pb2.RefreshPricesRequest(
                request_id=request_id(input.request_id),
                listing_ids=[str(i) for i in input.listing_ids or []],
                kind=price_kind_to_pb(input.kind),
                trigger="manual",
            )
            response = await info.context.marketdata.RefreshPrices(request)
            return TaskRun.from_pb(response.task_run)

        return await expected(call)
