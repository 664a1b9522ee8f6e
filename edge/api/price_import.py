"""CSV price import: a preview that names every rejected row, then a confirm that writes."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tradingassistant.marketdata.v1 import marketdata_pb2

from edge.api.convert import EdgeInfo
from edge.api.errors import ExpectedError, expected
from edge.api.prices import PricePoint, TaskRun
from edge.api.reference import request_id


@strawberry.type(description="A row that will not be (or was not) imported, and why.")
class CsvRowRejection:
    row: int = strawberry.field(description="1-based; the header is row 1.")
    field: str
    reason: str


@strawberry.type(description="What a CSV holds; `taskRun` is set only once it was confirmed.")
class CsvImport:
    rows: int
    accepted: int
    rejections: list[CsvRowRejection]
    preview: list[PricePoint] = strawberry.field(description="The first accepted points.")
    task_run: TaskRun | None
    confirmed: bool


@strawberry.input
class ImportPricesCsvInput:
    content: str = strawberry.field(description="The file's text (UTF-8).")
    listing: str | None = strawberry.field(
        default=None, description="Listing id or ticker, for files without a listing column."
    )
    currency: str | None = strawberry.field(
        default=None, description="Quote unit (GBX, GBP…), for files without a currency column."
    )
    source: str | None = None
    confirm: bool = strawberry.field(
        default=False, description="False: validate only, nothing is written."
    )
    request_id: str | None = strawberry.field(
        default=None, description="Client-generated: a retried confirm imports once."
    )


CsvImportResult = Annotated[CsvImport | ExpectedError, strawberry.union("CsvImportResult")]


@strawberry.type
class PriceImportMutation:
    @strawberry.mutation(description="Validate a price CSV row by row; write it only on confirm.")
    async def import_prices_csv(
        self, info: EdgeInfo, input: ImportPricesCsvInput
    ) -> CsvImportResult:
        async def call() -> CsvImport:
            request = marketdata_pb2.ImportPricesCsvRequest(
                request_id=request_id(input.request_id),
                content=input.content.encode("utf-8"),
                listing=input.listing or "",
                currency=input.currency or "",
                source=input.source or "",
                confirm=input.confirm,
            )
            response = await info.context.marketdata.ImportPricesCsv(request)
            return CsvImport(
                rows=response.rows,
                accepted=response.accepted,
                rejections=[
                    CsvRowRejection(row=r.row, field=r.field, reason=r.reason)
                    for r in response.rejections
                ],
                preview=[PricePoint.from_pb(p) for p in response.preview],
                task_run=TaskRun.from_pb(response.task_run)
                if response.HasField("task_run")
                else None,
                confirmed=input.confirm,
            )

        return await expected(call)
