"""FX refreshes and CSV imports as task runs: idempotent, and bad input changes nothing."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from services.marketdata.domain.csv_import import CsvFileOptions
from services.marketdata.domain.prices import PriceKind
from services.marketdata.domain.task_runs import RunStatus
from services.marketdata.providers.ecb import DAILY_PATH
from taplatform.errors import InvalidArgumentError
from tests.marketdata.conftest import Harness
from tests.marketdata.provider_server import Reply, data_reply


def rid() -> str:
    return f"req-{uuid.uuid4().hex}"


async def test_ecb_rates_are_stored_once_and_read_back_exactly(harness: Harness) -> None:
    harness.server.script(DAILY_PATH, data_reply("ecb_daily.xml", "text/xml"))
    first = await harness.runner.refresh_fx(rid(), False, "scheduled", "system:marketdata")
    second = await harness.runner.refresh_fx(rid(), False, "scheduled", "system:marketdata")
    assert first.status is RunStatus.SUCCEEDED and first.counts.fetched == 6
    assert (second.counts.inserted, second.counts.unchanged) == (0, 6)
    day = await harness.queries.fx_rates(date(2025, 3, 5))
    assert day is not None and day.eur_to("GBP") == Decimal("0.83358")


async def test_an_ecb_outage_is_a_failed_run_with_the_reason(harness: Harness) -> None:
    harness.server.script(DAILY_PATH, Reply(503, b"<html>down</html>", "text/html"))
    run = await harness.runner.refresh_fx(rid(), False, "manual", "u-1")
    assert run.status is RunStatus.FAILED and "HTTP 503" in run.error_summary


CSV = b"""listing,date,close,currency
VOD,2025-03-03,72.5,GBX
VOD,2025-03-04,abc,GBX
VOD,2025-03-05,-1,GBX
NOPE,2025-03-05,1,GBX
VOD,2025-03-03,72.6,GBX
VOD,2025-03-06,0.73,GBP
VOD,2025-03-07,73.1,GBX
"""


async def test_a_csv_preview_writes_nothing_and_confirming_writes_only_good_rows(
    harness: Harness,
) -> None:
    listing = harness.add_listing("VOD")
    harness.registry.listings = {listing.listing_id: listing}
    options = CsvFileOptions(source="upload")
    preview = await harness.runner.preview_csv(CSV, options)
    assert [r.row for r in preview.rejected] == [3, 4, 5, 6, 7]
    assert await harness.count("price_points", listing.listing_id) == 0

    parsed, run = await harness.runner.import_csv(rid(), CSV, options, "u-1")
    assert len(parsed.accepted) == 2
    assert (run.status, run.counts.inserted, run.counts.rejected) == (RunStatus.PARTIAL, 2, 5)
    assert "row 3 close: 'abc' is not a number" in run.error_summary
    points = await harness.queries.price_points(listing.listing_id, PriceKind.EOD, None, None, 0)
    assert sorted(str(p.price) for p in points) == ["72.5", "73.1"]


async def test_a_file_with_wrong_columns_alters_nothing_already_stored(harness: Harness) -> None:
    listing = harness.add_listing("VOD")
    harness.registry.listings = {listing.listing_id: listing}
    await harness.runner.import_csv(rid(), CSV, CsvFileOptions(), "u-1")
    runs_before = len(await harness.queries.task_runs(500, "csv_import"))
    with pytest.raises(InvalidArgumentError, match="unknown column 'price'"):
        await harness.runner.import_csv(
            rid(),
            b"date,price\n2025-03-03,1\n",
            CsvFileOptions(listing="VOD", currency="GBX"),
            "u-1",
        )
    assert len(await harness.queries.task_runs(500, "csv_import")) == runs_before
    assert await harness.count("price_points", listing.listing_id) == 2
