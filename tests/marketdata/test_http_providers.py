"""Stooq and ECB adapters against a real local HTTP server answering in their formats.

Covers the happy paths and what real providers do on bad days: 429 with and
without Retry-After, 5xx, 404, "No data" and hits-limit sentences with HTTP
200, empty bodies, HTML error pages, truncated files and slow answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from services.marketdata.domain.prices import ListingInfo, PriceKind
from services.marketdata.providers.base import (
    ProviderNotFoundError,
    ProviderUnavailableError,
    RateLimitedError,
    UnsupportedCapabilityError,
)
from services.marketdata.providers.ecb import DAILY_PATH, HIST_90D_PATH, EcbProvider
from services.marketdata.providers.http import HttpFetcher, RetryPolicy
from services.marketdata.providers.stooq import StooqProvider
from tests.marketdata.dq_support import FPT
from tests.marketdata.provider_server import (
    DATA,
    ProviderServer,
    Reply,
    data_reply,
    provider_server,
)

VOD = ListingInfo("lst-vod", "VOD", "XLON", "GBX", Decimal("0.01"), "XLON")
EOD_PATH = "/q/d/l/"
QUOTE_PATH = "/q/l/"
FAST = RetryPolicy(attempts=3, initial_backoff_s=0.01, max_backoff_s=0.05)
MARCH = (date(2025, 3, 3), date(2025, 3, 7))


@pytest.fixture
def server() -> Iterator[ProviderServer]:
    with provider_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.5)) as http:
        yield http


def stooq(server: ProviderServer, client: httpx.AsyncClient) -> StooqProvider:
    return StooqProvider(HttpFetcher("stooq", client, FAST), base_url=server.url)


def ecb(server: ProviderServer, client: httpx.AsyncClient, history: bool = False) -> EcbProvider:
    return EcbProvider(HttpFetcher("ecb", client, FAST), base_url=server.url, history=history)


async def test_stooq_daily_bars_become_eod_points_in_the_listing_unit(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, data_reply("stooq_vod_uk_d.csv"))
    fetched = await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert fetched.rejected == []
    assert [p.price for p in fetched.points][:2] == [Decimal("72.52"), Decimal("72.88")]
    first = fetched.points[0]
    assert (first.kind, first.source, first.currency, first.scale) == (
        PriceKind.EOD,
        "stooq",
        "GBX",
        Decimal("0.01"),
    )
    assert server.requests == [f"{EOD_PATH}?s=vod.uk&i=d&d1=20250303&d2=20250307"]


async def test_stooq_latest_quote_is_an_intraday_point_in_central_european_time(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(QUOTE_PATH, data_reply("stooq_vod_uk_q.csv"))
    [point] = (await stooq(server, client).fetch_intraday(VOD)).points
    assert point.kind is PriceKind.INTRADAY and point.price == Decimal("73.92")
    assert point.observed_at == datetime(2025, 3, 5, 14, 42, 7, tzinfo=UTC)


async def test_a_429_is_retried_with_backoff_and_then_succeeds(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(
        EOD_PATH,
        Reply(429, b"Too Many Requests", headers={"Retry-After": "0"}),
        Reply(429, b"Too Many Requests"),
        data_reply("stooq_vod_uk_d.csv"),
    )
    fetched = await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert len(fetched.points) == 5
    assert server.count(EOD_PATH) == 3


async def test_rate_limiting_that_never_ends_gives_up_after_the_bounded_attempts(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, Reply(429, b"slow down"))
    with pytest.raises(RateLimitedError):
        await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert server.count(EOD_PATH) == FAST.attempts


async def test_stooq_hits_limit_sentence_with_http_200_is_rate_limiting(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, Reply(200, b"Exceeded the daily hits limit"))
    with pytest.raises(RateLimitedError, match="daily hits limit"):
        await stooq(server, client).fetch_eod(VOD, *MARCH)


async def test_a_server_error_is_retried_then_succeeds(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, Reply(503, b"busy"), data_reply("stooq_vod_uk_d.csv"))
    assert len((await stooq(server, client).fetch_eod(VOD, *MARCH)).points) == 5
    assert server.count(EOD_PATH) == 2


async def test_not_found_is_not_retried(server: ProviderServer, client: httpx.AsyncClient) -> None:
    with pytest.raises(ProviderNotFoundError):
        await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert server.count(EOD_PATH) == 1


async def test_no_data_for_a_symbol_is_not_found(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, Reply(200, b"No data"))
    with pytest.raises(ProviderNotFoundError, match=r"vod\.uk"):
        await stooq(server, client).fetch_eod(VOD, *MARCH)


async def test_a_venue_stooq_does_not_cover_fails_before_any_request(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    with pytest.raises(ProviderNotFoundError, match="XSTC"):
        await stooq(server, client).fetch_eod(FPT, *MARCH)
    assert server.requests == []


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, b""), "empty answer"),
        (Reply(200, b"  \n"), "empty answer"),
        (
            Reply(200, b"<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html"),
            "HTML page",
        ),
        (Reply(200, b"<html><body>oops</body></html>", "text/plain"), "HTML page"),
    ],
)
async def test_empty_bodies_and_html_pages_are_unavailable_after_retries(
    server: ProviderServer, client: httpx.AsyncClient, reply: Reply, message: str
) -> None:
    server.script(EOD_PATH, reply)
    with pytest.raises(ProviderUnavailableError, match=message):
        await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert server.count(EOD_PATH) == FAST.attempts


async def test_a_truncated_file_keeps_whole_rows_and_rejects_the_cut_one(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    text = (DATA / "stooq_vod_uk_d.csv").read_bytes()
    cut = text[: text.index(b"2025-03-07") + len(b"2025-03-07,72.8")]
    server.script(EOD_PATH, Reply(200, cut, "text/csv"))
    fetched = await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert len(fetched.points) == 4
    [rejected] = fetched.rejected
    assert (rejected.row, rejected.field) == (6, "row")


async def test_a_connection_dropped_mid_body_is_unavailable(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    body = (DATA / "stooq_vod_uk_d.csv").read_bytes()
    server.script(EOD_PATH, Reply(200, body, "text/csv", cut_at=40))
    with pytest.raises(ProviderUnavailableError, match="RemoteProtocolError"):
        await stooq(server, client).fetch_eod(VOD, *MARCH)
    assert server.count(EOD_PATH) == FAST.attempts


async def test_a_slow_answer_times_out_as_unavailable(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(EOD_PATH, Reply(200, b"Date,Close\n", delay_s=1.0))
    fetcher = HttpFetcher("stooq", client, RetryPolicy(attempts=1))
    with pytest.raises(ProviderUnavailableError, match="timed out"):
        await StooqProvider(fetcher, base_url=server.url).fetch_eod(VOD, *MARCH)


async def test_ecb_daily_file_gives_one_day_of_eur_rates(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(DAILY_PATH, data_reply("ecb_daily.xml", "text/xml"))
    [day] = await ecb(server, client).fetch_fx()
    assert day.as_of == date(2025, 3, 5)
    assert day.eur_to("GBP") == Decimal("0.83358") and len(day.rates) == 6


async def test_ecb_90_day_file_gives_every_day_oldest_first(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    server.script(HIST_90D_PATH, data_reply("ecb_hist_90d.xml", "text/xml"))
    days = await ecb(server, client, history=True).fetch_fx()
    assert [d.as_of.isoformat() for d in days] == ["2025-03-03", "2025-03-04", "2025-03-05"]
    assert days[0].cross("GBP", "USD") == Decimal("1.0465") / Decimal("0.82543")


async def test_a_truncated_ecb_file_is_unavailable_not_half_read(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    body = (DATA / "ecb_hist_90d.xml").read_bytes()
    server.script(HIST_90D_PATH, Reply(200, body[: len(body) // 2], "text/xml"))
    with pytest.raises(ProviderUnavailableError, match="malformed XML"):
        await ecb(server, client, history=True).fetch_fx()


async def test_providers_refuse_what_they_do_not_declare(
    server: ProviderServer, client: httpx.AsyncClient
) -> None:
    with pytest.raises(UnsupportedCapabilityError):
        await ecb(server, client).fetch_eod(VOD, *MARCH)
    with pytest.raises(UnsupportedCapabilityError):
        await stooq(server, client).fetch_fx()
    assert server.requests == []
