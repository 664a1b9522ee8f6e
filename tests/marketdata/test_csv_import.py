"""CSV price files: every bad row is rejected with its row number and reason; good rows pass."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.marketdata.domain.csv_import import CsvFileOptions, parse_price_csv
from services.marketdata.domain.prices import PriceKind
from taplatform.errors import InvalidArgumentError
from tests.marketdata.dq_support import FPT, VOD

LISTINGS = {"lst-vod": VOD, "VOD": VOD, "lst-fpt": FPT, "FPT": FPT}


def parse(text: str, **options: str):  # type: ignore[no-untyped-def]
    return parse_price_csv(text.splitlines(), LISTINGS, CsvFileOptions(**options))


def test_a_clean_file_becomes_eod_points_exactly_as_quoted() -> None:
    result = parse(
        "Date,Open,High,Low,Close,Volume\n2025-03-03,7190,7260,7180,7231.5,1200300\n",
        listing="VOD",
        currency="GBX",
        source="upload",
    )
    assert result.rejected == []
    [point] = result.accepted
    assert (point.listing_id, point.kind, point.source) == ("lst-vod", PriceKind.EOD, "upload")
    assert (point.price, point.currency, point.scale) == (Decimal("7231.5"), "GBX", Decimal("0.01"))
    assert point.volume == Decimal("1200300")


def test_each_bad_row_is_rejected_with_its_number_and_reason_and_good_rows_kept() -> None:
    text = "\n".join(
        [
            "listing,date,close,currency",
            "VOD,2025-03-03,7200,GBX",  # 2 ok
            "VOD,2025-03-04,abc,GBX",  # 3 non-numeric
            "VOD,2025-03-05,-5,GBX",  # 4 negative
            "NOPE,2025-03-05,10,GBX",  # 5 unknown listing
            "VOD,2025-03-03,7201,GBX",  # 6 duplicate of 2
            "VOD,2025-03-06,72.1,GBP",  # 7 mixed currencies
            "VOD,03/07/2025,7200,GBX",  # 8 bad date
            "FPT,2025-03-03,120000,VND",  # 9 ok
            "FPT,2025-03-04,120000,GBX",  # 10 wrong currency for the listing
            "VOD,2025-03-07,7200",  # 11 too few fields
        ]
    )
    result = parse(text)
    assert [p.session_date.isoformat() for p in result.accepted] == ["2025-03-03", "2025-03-03"]
    assert [(r.row, r.field) for r in result.rejected] == [
        (3, "close"),
        (4, "close"),
        (5, "listing"),
        (6, "date"),
        (7, "currency"),
        (8, "date"),
        (10, "currency"),
        (11, "row"),
    ]
    reasons = {r.row: r.reason for r in result.rejected}
    assert reasons[3] == "'abc' is not a number"
    assert reasons[4] == "-5 must be positive"
    assert reasons[5] == "unknown listing 'NOPE'"
    assert reasons[6] == "duplicate of row 2 (2025-03-03)"
    assert reasons[7] == "mixed currencies: GBP here, GBX in row 2"
    assert reasons[10] == "GBX is not a unit of VND"
    assert result.rows == 10


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("date,price", "unknown column 'price'"),
        ("date,open", "missing column 'close'"),
        ("date,close,close", "column 'close' appears twice"),
    ],
)
def test_wrong_columns_reject_the_whole_file_naming_the_problem(header: str, problem: str) -> None:
    with pytest.raises(InvalidArgumentError, match=problem) as caught:
        parse(f"{header}\n2025-03-03,1\n", listing="VOD", currency="GBX")
    assert caught.value.violations[0].field == "header"


def test_a_file_without_listing_or_currency_anywhere_is_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="no 'listing' column") as caught:
        parse("date,close\n2025-03-03,1\n")
    assert "no 'currency' column" in caught.value.message


def test_an_empty_file_is_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="file: is empty"):
        parse("", listing="VOD", currency="GBX")


def test_high_below_low_and_a_zero_close_are_rejected() -> None:
    result = parse(
        "date,high,low,close\n2025-03-03,10,11,10\n2025-03-04,,,0\n", listing="VOD", currency="GBX"
    )
    assert [(r.row, r.field) for r in result.rejected] == [(2, "high"), (3, "close")]
