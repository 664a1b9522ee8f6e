"""EOD closes of many listings by date range (ListDailyCloses): the same points
ListPricePoints lists per listing, in (listing, date, source) order, paged with
tokens, and bad requests refused naming the field."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import grpc
import pytest
from tradingassistant.marketdata.v1 import marketdata_pb2 as md

from services.marketdata import repository as repo
from services.marketdata.domain.closes import ClosesRange, DailyClose
from services.marketdata.domain.prices import PriceKind, PricePoint, eod_timestamp
from taplatform.errors import InvalidArgumentError
from tests.marketdata.conftest import Harness, Stack
from tests.registry.universe import dec, listing

D, PENCE = Decimal, Decimal("0.01")
FIRST, LAST = date(2025, 1, 6), date(2025, 1, 10)


def eod(listing_id: str, day: date, price: str, source: str = "stooq") -> PricePoint:
    return PricePoint(listing_id, eod_timestamp(day), PriceKind.EOD, source, D(price), "GBX", PENCE)


async def store(harness: Harness, points: list[PricePoint]) -> None:
    async with harness.engine.begin() as connection:
        await repo.upsert_points(connection, points, None, datetime(2025, 3, 7, tzinfo=UTC))


async def seeded(harness: Harness) -> tuple[str, str, str]:
    """Three fresh listings: ``a`` with closes in and around the range, ``b`` closed by
    two sources on one day, ``empty`` with only points outside the range or intraday."""
    a, b, empty = sorted(str(uuid.uuid4()) for _ in range(3))
    days = [FIRST + timedelta(days=i) for i in range(-1, 6)]  # the 5th .. the 11th
    noon = datetime(2025, 1, 7, 12, 0, tzinfo=UTC)
    intraday = PricePoint(empty, noon, PriceKind.INTRADAY, "stooq", D(9), "GBX", PENCE)
    await store(
        harness,
        [
            *(eod(a, d, f"72.{d.day:02d}") for d in days),
            eod(b, date(2025, 1, 8), "101.5", "stooq"),
            eod(b, date(2025, 1, 8), "101.25", "csv"),
            eod(b, date(2025, 1, 9), "102"),
            eod(empty, date(2025, 1, 3), "9"),
            intraday,
        ],
    )
    return a, b, empty


def rows(closes: Sequence[DailyClose]) -> list[tuple[str, str, str, str]]:
    return [(c.listing_id, c.session.isoformat(), str(c.price), c.source) for c in closes]


async def test_a_range_lists_each_listings_eod_closes_by_listing_date_and_source(
    harness: Harness,
) -> None:
    a, b, empty = await seeded(harness)
    page = await harness.queries.daily_closes(ClosesRange((empty, b, a), FIRST, LAST))
    assert page.next_after is None
    # The 5th and the 11th are outside; b's 8th was closed by two sources, both listed.
    assert rows(page.closes) == [
        (a, "2025-01-06", "72.06", "stooq"),
        (a, "2025-01-07", "72.07", "stooq"),
        (a, "2025-01-08", "72.08", "stooq"),
        (a, "2025-01-09", "72.09", "stooq"),
        (a, "2025-01-10", "72.10", "stooq"),
        (b, "2025-01-08", "101.25", "csv"),
        (b, "2025-01-08", "101.5", "stooq"),
        (b, "2025-01-09", "102", "stooq"),
    ]
    one_day = await harness.queries.daily_closes(ClosesRange((a,), LAST, LAST))
    assert rows(one_day.closes) == [(a, "2025-01-10", "72.10", "stooq")]


async def test_the_closes_are_the_eod_points_list_price_points_answers_per_listing(
    harness: Harness,
) -> None:
    ids = await seeded(harness)
    page = await harness.queries.daily_closes(ClosesRange(ids, FIRST, LAST))
    start, end = eod_timestamp(FIRST), eod_timestamp(LAST + timedelta(days=1))
    listed = []
    for listing_id in ids:
        points = await harness.queries.price_points(listing_id, PriceKind.EOD, start, end, 0)
        listed += sorted((p.listing_id, p.session_date, p.price, p.source) for p in points)
    assert [(c.listing_id, c.session, c.price, c.source) for c in page.closes] == listed


async def test_pages_join_up_to_the_single_answer_across_listings(harness: Harness) -> None:
    ids = await seeded(harness)
    whole = await harness.queries.daily_closes(ClosesRange(ids, FIRST, LAST))
    paged, after, sizes = [], None, []
    while True:
        page = await harness.queries.daily_closes(
            ClosesRange(ids, FIRST, LAST, page_size=3, after=after)
        )
        paged += page.closes
        sizes.append(len(page.closes))
        if page.next_after is None:
            break
        assert page.next_after == page.closes[-1].key()
        after = page.next_after
    # 8 closes: a's 5, then b's 3 (the second page ends between b's two closes of the 8th).
    assert paged == whole.closes and sizes == [3, 3, 2]
    exact = await harness.queries.daily_closes(ClosesRange(ids, FIRST, LAST, page_size=8))
    assert exact.next_after is None and exact.closes == whole.closes


async def test_listings_without_closes_in_the_range_give_an_empty_last_page(
    harness: Harness,
) -> None:
    _, _, empty = await seeded(harness)
    unknown = str(uuid.uuid4())
    page = await harness.queries.daily_closes(ClosesRange((empty, unknown), FIRST, LAST))
    assert page.closes == [] and page.next_after is None


async def test_listing_ids_are_matched_in_canonical_form(harness: Harness) -> None:
    a, _, _ = await seeded(harness)
    page = await harness.queries.daily_closes(ClosesRange((a.upper(),), FIRST, FIRST))
    assert rows(page.closes) == [(a, "2025-01-06", "72.06", "stooq")]


GOOD = str(uuid.uuid4())


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        (ClosesRange((), FIRST, LAST), ["listing_ids"]),
        (ClosesRange(tuple(str(uuid.uuid4()) for _ in range(501)), FIRST, LAST), ["listing_ids"]),
        (ClosesRange((GOOD, "lst-1", "x"), FIRST, LAST), ["listing_ids[1]", "listing_ids[2]"]),
        (ClosesRange((GOOD, str(uuid.uuid4()), GOOD.upper()), FIRST, LAST), ["listing_ids[2]"]),
        (ClosesRange((GOOD,), None, LAST), ["start_date"]),
        (ClosesRange((GOOD,), FIRST, None), ["end_date"]),
        (ClosesRange((GOOD,), LAST, FIRST), ["end_date"]),
        (ClosesRange((GOOD,), FIRST, LAST, page_size=5001), ["page_size"]),
        (ClosesRange((GOOD,), FIRST, LAST, page_size=-1), ["page_size"]),
    ],
)
async def test_bad_requests_are_refused_naming_the_field(
    harness: Harness, request_: ClosesRange, fields: list[str]
) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        await harness.queries.daily_closes(request_)
    assert [v.field for v in refused.value.violations] == fields


async def test_500_listings_are_accepted(harness: Harness) -> None:
    ids = tuple(str(uuid.uuid4()) for _ in range(500))
    page = await harness.queries.daily_closes(ClosesRange(ids, FIRST, LAST))
    assert page.closes == []


async def test_list_daily_closes_through_grpc_pages_with_tokens(stack: Stack) -> None:
    user = stack.user
    gbx = await listing(user, price_scale=dec("0.01"))
    gilt = await listing(user, quote_currency="GBP", tick_size=dec("0.01"))
    silent = await listing(user)
    calls = stack.call

    async def csv(listing_id: str, unit: str, rows: str, source: str = "csv") -> None:
        request = md.ImportPricesCsvRequest(
            request_id=f"csv-{uuid.uuid4()}",
            content=f"date,close\n{rows}".encode(),
            listing=listing_id,
            currency=unit,
            source=source,
            confirm=True,
        )
        reply = await calls("ImportPricesCsv", request)
        assert not reply.rejections  # type: ignore[attr-defined]

    await csv(gbx.listing_id, "GBX", "2025-01-03,71\n2025-01-06,72.50\n2025-01-07,73\n")
    await csv(gilt.listing_id, "GBP", "2025-01-06,100.125\n2025-01-10,101\n2025-01-13,99\n")
    await csv(gilt.listing_id, "GBP", "2025-01-10,100.875\n", source="broker")
    ids = [silent.listing_id, gilt.listing_id, gbx.listing_id]
    request = md.ListDailyClosesRequest(
        listing_ids=ids, start_date="2025-01-06", end_date="2025-01-10", page_size=2
    )
    items, pages = [], 0
    while True:
        reply = await calls("ListDailyCloses", request)
        items += [(c.listing_id, c.date, c.close.value, c.source) for c in reply.closes]  # type: ignore[attr-defined]
        pages += 1
        if not reply.next_page_token:  # type: ignore[attr-defined]
            break
        request.page_token = reply.next_page_token  # type: ignore[attr-defined]
    first, second = sorted([gbx.listing_id, gilt.listing_id])
    expected = {
        gbx.listing_id: [("2025-01-06", "72.50", "csv"), ("2025-01-07", "73", "csv")],
        gilt.listing_id: [
            ("2025-01-06", "100.125", "csv"),
            ("2025-01-10", "100.875", "broker"),
            ("2025-01-10", "101", "csv"),
        ],
    }
    assert items == [(first, *c) for c in expected[first]] + [
        (second, *c) for c in expected[second]
    ]
    assert pages == 3  # 2 + 2 + 1


async def test_list_daily_closes_refuses_bad_requests_and_anonymous_callers(
    stack: Stack,
) -> None:
    good = str(uuid.uuid4())
    for bad, field in (
        (md.ListDailyClosesRequest(start_date="2025-01-06", end_date="2025-01-10"), "listing_ids"),
        (
            md.ListDailyClosesRequest(
                listing_ids=[good, "nope"], start_date="2025-01-06", end_date="2025-01-10"
            ),
            "listing_ids[1]",
        ),
        (
            md.ListDailyClosesRequest(
                listing_ids=[good], start_date="06/01/2025", end_date="2025-01-10"
            ),
            "start_date",
        ),
        (
            md.ListDailyClosesRequest(
                listing_ids=[good], start_date="2025-01-10", end_date="2025-01-06"
            ),
            "end_date",
        ),
        (
            md.ListDailyClosesRequest(
                listing_ids=[good],
                start_date="2025-01-06",
                end_date="2025-01-10",
                page_token="2025-01-08",
            ),
            "page_token",
        ),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stack.call("ListDailyCloses", bad)
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field in (refused.value.details() or "")

    anonymous = md.ListDailyClosesRequest(
        listing_ids=[good], start_date="2025-01-06", end_date="2025-01-10"
    )
    with pytest.raises(grpc.aio.AioRpcError) as unauthenticated:
        await stack.marketdata.ListDailyCloses(anonymous, timeout=20)
    assert unauthenticated.value.code() is grpc.StatusCode.UNAUTHENTICATED
