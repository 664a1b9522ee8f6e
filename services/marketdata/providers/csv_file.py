"""CSV prices from an upload or a folder: size-capped, decoded and parsed as a stream.

Files are capped at :data:`MAX_FILE_BYTES` (20 MB, about 300k EOD rows);
a larger file is refused whole, however good its first rows were, so a
truncated import never happens silently.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

from services.marketdata.domain.csv_import import CsvFileOptions, CsvParseResult, parse_price_csv
from services.marketdata.domain.prices import ListingInfo
from services.marketdata.domain.units import EurRates
from services.marketdata.providers.base import (
    Capability,
    PriceFetch,
    ProviderNotFoundError,
    unsupported,
)
from taplatform.errors import InvalidArgumentError

MAX_FILE_BYTES = 20 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


def capped_lines(chunks: Iterable[bytes], max_bytes: int = MAX_FILE_BYTES) -> Iterator[str]:
    """Text lines of UTF-8 ``chunks`` (BOM dropped); InvalidArgumentError past ``max_bytes``."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    size = 0
    pending = ""
    try:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise InvalidArgumentError.for_field(
                    "file", f"is larger than {max_bytes // 1_048_576} MB; split it"
                )
            pending += decoder.decode(chunk)
            *complete, pending = pending.split("\n")
            yield from (line.rstrip("\r") for line in complete)
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise InvalidArgumentError.for_field(
            "file", f"is not UTF-8 text ({error.reason})"
        ) from None
    if pending:
        yield pending.rstrip("\r")


def bytes_chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK_BYTES):
        yield data[start : start + CHUNK_BYTES]


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk


def parse_upload(
    data: bytes, listings: Mapping[str, ListingInfo], options: CsvFileOptions
) -> CsvParseResult:
    """Validate an uploaded file; nothing is written here (the caller previews or confirms)."""
    return parse_price_csv(capped_lines(bytes_chunks(data)), listings, options)


class CsvFolderProvider:
    """EOD prices from ``<folder>/<TICKER>.csv``, one file per listing (the demo's source)."""

    capabilities = frozenset({Capability.EOD})

    def __init__(self, folder: Path, name: str = "csv") -> None:
        self._folder = folder
        self.name = name

    async def fetch_eod(self, listing: ListingInfo, start: date, end: date) -> PriceFetch:
        path = self._folder / f"{listing.ticker}.csv"
        if not path.is_file():
            raise ProviderNotFoundError(self.name, f"no file {path.name}")
        options = CsvFileOptions(
            source=self.name, listing=listing.listing_id, currency=listing.quote_currency
        )
        parsed = parse_price_csv(
            capped_lines(file_chunks(path)), {listing.listing_id: listing}, options
        )
        points = [p for p in parsed.accepted if start <= p.session_date <= end]
        return PriceFetch(points, parsed.rejected)

    async def fetch_intraday(self, listing: ListingInfo) -> PriceFetch:
        raise unsupported(self.name, Capability.INTRADAY)

    async def fetch_fx(self) -> list[EurRates]:
        raise unsupported(self.name, Capability.FX)
