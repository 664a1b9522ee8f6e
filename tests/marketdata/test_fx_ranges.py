"""ECB days by date range (ListFxRates): the day in force on the start, every later
publication up to the end, currency filter, paging, and bad requests refused by field."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import grpc
import pytest
from tradingassistant.marketdata.v1 import marketdata_pb2 as md

from services.marketdata import handlers
from services.marketdata.handlers import FxRange
from services.marketdata.providers.ecb import DAILY_PATH, HIST_90D_PATH
from taplatform.errors import InvalidArgumentError
from tests.marketdata.conftest import Harness, Stack
from tests.marketdata.provider_server import ProviderServer, Reply

# Weekdays of January 2025 from the 6th, except Wednesday the 15th (no publication);
# on Friday the 10th only JPY was published.
PUBLISHED = [
    date(2025, 1, 6) + timedelta(days=i)
    for i in range(26)
    if (date(2025, 1, 6) + timedelta(days=i)).weekday() < 5
    and date(2025, 1, 6) + timedelta(days=i) != date(2025, 1, 15)
]
JPY_ONLY = date(2025, 1, 10)


def gbp_on(day: date) -> str:
    return f"0.8{day.day:02d}"


def ecb_history(days: list[date] = PUBLISHED) -> bytes:
    cubes = []
    for day in reversed(days):
        rates = [("JPY", "160.5")]
        if day != JPY_ONLY:
            rates += [("USD", f"1.0{day.day:02d}"), ("GBP", gbp_on(day))]
        inner = "".join(f"<Cube currency='{c}' rate='{r}'/>" for c, r in rates)
        cubes.append(f"<Cube time='{day.isoformat()}'>{inner}</Cube>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'
        f"<Cube>{''.join(cubes)}</Cube></gesmes:Envelope>"
    ).encode()


def script_history(server: ProviderServer) -> None:
    # As the ECB serves them: the daily file holds the last day, the 90-day file all of them.
    server.script(DAILY_PATH, Reply(200, ecb_history(PUBLISHED[-1:]), "text/xml"))
    server.script(HIST_90D_PATH, Reply(200, ecb_history(), "text/xml"))


@pytest.fixture
async def loaded(harness: Harness) -> Harness:
    script_history(harness.server)
    run = await harness.runner.refresh_fx(f"fx-{uuid.uuid4()}", True, "manual", "u-1")
    # The session's database is shared: a second test's refresh finds the rows stored.
    assert run.counts.fetched == 3 * len(PUBLISHED) - 2 and not run.error_summary
    return harness


async def test_a_history_refresh_reads_the_90_day_file_and_a_daily_one_the_last_day(
    harness: Harness,
) -> None:
    script_history(harness.server)
    daily = await harness.runner.refresh_fx(f"fx-{uuid.uuid4()}", False, "manual", "u-1")
    assert (harness.server.count(DAILY_PATH), harness.server.count(HIST_90D_PATH)) == (1, 0)
    history = await harness.runner.refresh_fx(f"fx-{uuid.uuid4()}", True, "manual", "u-1")
    assert (harness.server.count(DAILY_PATH), harness.server.count(HIST_90D_PATH)) == (1, 1)
    # The last day's three rates came with the daily file; the history adds the rest.
    assert daily.counts.fetched == 3 and not daily.error_summary
    assert history.counts.fetched == 3 * len(PUBLISHED) - 2
    assert history.counts.unchanged >= 3


async def test_a_range_starts_at_the_day_in_force_and_runs_to_the_end(loaded: Harness) -> None:
    # The 11th is a Saturday: the day in force on it is Friday the 10th.
    page = await loaded.queries.fx_days(FxRange(date(2025, 1, 11), date(2025, 1, 16)))
    assert [d.as_of for d in page.days] == [
        date(2025, 1, 10),
        date(2025, 1, 13),
        date(2025, 1, 14),
        date(2025, 1, 16),
    ]
    assert page.next_after is None
    assert page.days[2].rates["GBP"] == Decimal(gbp_on(date(2025, 1, 14)))
    # Starting on a publication day does not reach back to the one before it.
    exact = await loaded.queries.fx_days(FxRange(date(2025, 1, 13), date(2025, 1, 13)))
    assert [d.as_of for d in exact.days] == [date(2025, 1, 13)]


async def test_a_currency_filter_keeps_only_those_rates_and_the_days_that_publish_them(
    loaded: Harness,
) -> None:
    page = await loaded.queries.fx_days(
        FxRange(date(2025, 1, 11), date(2025, 1, 14), ("USD", "GBP"))
    )
    # The 10th published JPY only: the day in force for GBP and USD on the 11th is the 9th.
    assert [d.as_of for d in page.days] == [date(2025, 1, 9), date(2025, 1, 13), date(2025, 1, 14)]
    assert all(sorted(d.rates) == ["GBP", "USD"] for d in page.days)


async def test_a_start_before_any_publication_begins_at_the_oldest_day(loaded: Harness) -> None:
    page = await loaded.queries.fx_days(FxRange(date(2024, 12, 1), date(2025, 1, 31), ("GBP",)))
    assert page.days[0].as_of == PUBLISHED[0]
    assert len(page.days) == len(PUBLISHED) - 1  # all but the JPY-only day
    empty = await loaded.queries.fx_days(FxRange(date(1990, 1, 1), date(1990, 12, 31)))
    assert empty.days == [] and empty.next_after is None


async def test_pages_join_up_to_the_single_answer(loaded: Harness) -> None:
    whole = await loaded.queries.fx_days(FxRange(date(2025, 1, 8), date(2025, 1, 31)))
    paged, after, pages = [], None, 0
    while True:
        page = await loaded.queries.fx_days(
            FxRange(date(2025, 1, 8), date(2025, 1, 31), page_size=4, after=after)
        )
        paged += page.days
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert paged == whole.days and len(whole.days) == 17
    assert pages == 5  # 4 + 4 + 4 + 4 + 1


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (FxRange(None, date(2025, 1, 31)), "start_date"),
        (FxRange(date(2025, 1, 31), date(2025, 1, 1)), "end_date"),
        (FxRange(date(2025, 1, 1), None, ("usd",)), "quote_currencies"),
        (FxRange(date(2025, 1, 1), None, page_size=5001), "page_size"),
    ],
)
async def test_bad_ranges_are_refused_naming_the_field(
    loaded: Harness, request_: FxRange, field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        await loaded.queries.fx_days(request_)
    assert [v.field for v in refused.value.violations] == [field]


async def test_list_fx_rates_through_grpc_pages_with_tokens(
    stack: Stack, server: ProviderServer
) -> None:
    script_history(server)
    await stack.call(
        "RefreshFxRates", md.RefreshFxRatesRequest(request_id=f"fx-{uuid.uuid4()}", history=True)
    )
    request = md.ListFxRatesRequest(
        start_date="2025-01-11", end_date="2025-01-17", quote_currencies=["usd"], page_size=2
    )
    first = await stack.call("ListFxRates", request)
    assert [d.as_of for d in first.days] == ["2025-01-09", "2025-01-13"]  # type: ignore[attr-defined]
    assert first.next_page_token  # type: ignore[attr-defined]
    request.page_token = first.next_page_token  # type: ignore[attr-defined]
    second = await stack.call("ListFxRates", request)
    rest = [(d.as_of, [(r.quote_currency, r.rate.value) for r in d.rates]) for d in second.days]  # type: ignore[attr-defined]
    assert rest == [("2025-01-14", [("USD", "1.014")]), ("2025-01-16", [("USD", "1.016")])]
    request.page_token = second.next_page_token  # type: ignore[attr-defined]
    third = await stack.call("ListFxRates", request)
    assert [d.as_of for d in third.days] == ["2025-01-17"]  # type: ignore[attr-defined]
    assert third.next_page_token == ""  # type: ignore[attr-defined]

    for bad, field in (
        (md.ListFxRatesRequest(end_date="2025-01-17"), "start_date"),
        (md.ListFxRatesRequest(start_date="2025-01-11", page_token="nope"), "page_token"),
        (md.ListFxRatesRequest(start_date="11/01/2025"), "start_date"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stack.call("ListFxRates", bad)
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field in (refused.value.details() or "")


async def test_a_page_ends_at_a_whole_day_before_the_rates_cap(
    loaded: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = await loaded.queries.fx_days(FxRange(date(2025, 1, 8), date(2025, 1, 14)))
    monkeypatch.setattr(handlers, "MAX_FX_PAGE_RATES", 7)
    pages, after = [], None
    while True:
        page = await loaded.queries.fx_days(
            FxRange(date(2025, 1, 8), date(2025, 1, 14), after=after)
        )
        pages.append([d.as_of.day for d in page.days])
        if page.next_after is None:
            break
        after = page.next_after
    # Three rates a day except the JPY-only 10th: 8, 9, 10 make 7; 13 would make 10.
    assert pages == [[8, 9, 10], [13, 14]]
    assert [d for p in pages for d in p] == [d.as_of.day for d in whole.days]
