"""CSV from uploads and folders: streamed, capped at 20 MB, UTF-8 only, one file per listing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from services.marketdata.domain.csv_import import CsvFileOptions
from services.marketdata.providers.base import ProviderNotFoundError, UnsupportedCapabilityError
from services.marketdata.providers.csv_file import (
    MAX_FILE_BYTES,
    CsvFolderProvider,
    capped_lines,
    parse_upload,
)
from taplatform.errors import InvalidArgumentError
from tests.marketdata.dq_support import VOD

LISTINGS = {"VOD": VOD}


def test_a_50_mb_file_is_refused_after_reading_only_the_first_20_mb() -> None:
    consumed = 0
    row = b"2025-03-03,7200,7300,7100,7250,1000\n"

    def fifty_mb() -> Iterator[bytes]:
        nonlocal consumed
        yield b"date,open,high,low,close,volume\n"
        chunk = row * (65536 // len(row))
        while consumed < 50 * 1024 * 1024:
            consumed += len(chunk)
            yield chunk

    with pytest.raises(InvalidArgumentError, match="larger than 20 MB") as caught:
        list(capped_lines(fifty_mb()))
    assert caught.value.violations[0].field == "file"
    assert MAX_FILE_BYTES <= consumed < MAX_FILE_BYTES + 70_000


def test_lines_split_across_chunks_and_crlf_and_a_bom_are_handled() -> None:
    chunks = [b"\xef\xbb\xbfdate,clo", b"se\r\n2025-03-03,7", b"200\r\n2025-03-04,7300"]
    assert list(capped_lines(chunks)) == ["date,close", "2025-03-03,7200", "2025-03-04,7300"]


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="not UTF-8"):
        list(capped_lines([b"date,close\n2025-03-03,\xff\xfe\n"]))


def test_an_upload_is_parsed_into_accepted_and_rejected_rows() -> None:
    data = b"date,close\n2025-03-03,7200\n2025-03-04,-1\n"
    result = parse_upload(data, LISTINGS, CsvFileOptions(listing="VOD", currency="GBX"))
    assert len(result.accepted) == 1
    assert [(r.row, r.reason) for r in result.rejected] == [(3, "-1 must be positive")]


async def test_folder_provider_reads_the_listing_file_within_the_dates(tmp_path: Path) -> None:
    (tmp_path / "VOD.csv").write_text(
        "date,close,currency\n2025-03-03,7200,GBX\n2025-03-04,7210,GBX\n2025-03-05,7220,GBX\n"
    )
    provider = CsvFolderProvider(tmp_path, name="demo-csv")
    fetched = await provider.fetch_eod(VOD, date(2025, 3, 4), date(2025, 3, 5))
    assert [p.session_date.day for p in fetched.points] == [4, 5]
    assert {p.source for p in fetched.points} == {"demo-csv"}


async def test_folder_provider_without_the_file_is_not_found_and_has_no_intraday(
    tmp_path: Path,
) -> None:
    provider = CsvFolderProvider(tmp_path)
    with pytest.raises(ProviderNotFoundError, match=r"VOD\.csv"):
        await provider.fetch_eod(VOD, date(2025, 3, 4), date(2025, 3, 5))
    with pytest.raises(UnsupportedCapabilityError):
        await provider.fetch_intraday(VOD)
