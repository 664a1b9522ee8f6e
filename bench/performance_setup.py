"""Set-up for bench_performance: a portfolio with years of daily closes, ECB days and trades.

Listing 0 quotes in USD (so FX is read), the rest alternate GBX and GBP over
two sleeves. Every weekday has an EOD close for every listing and an ECB day
of 31 currencies; on the first weekday of each month a contribution is paid
in, and each listing is bought once a month on its own weekday (listing i on
the (i mod 20)-th), priced at that day's close.

User, portfolio, sleeves, listings and constituents go through the registry
API, the ECB days through marketdata's RefreshFxRates (a local ECB file), the
entries through the ledger's SubmitBatch. The closes (up to 130,000 rows) are
COPYed into ``marketdata.price_points`` in the bench's scratch database, the
rows CSV imports write, minus their outbox events and data-quality checks; the
timed request reads them through the services as usual.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import asyncpg
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2 as lpb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as rpb

from services.marketdata.providers.ecb import DAILY_PATH, HIST_90D_PATH
from tests.engine.stack import Stack, batch, money
from tests.marketdata.provider_server import Reply
from tests.registry.harness import Caller
from tests.registry.universe import dec, listing, portfolio, sleeve

END = date(2025, 3, 7)  # the stack clock's day
LEDGER_BATCH = 5000
CONCURRENCY = 16
OTHER_CURRENCIES = (
    *("AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "HKD", "HUF", "IDR", "ILS"),
    *("INR", "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SEK"),
    *("SGD", "THB", "TRY", "ZAR", "NGN"),
)
PRICE_COLUMNS = (
    *("listing_id", "observed_at", "kind", "source", "price", "currency", "scale"),
    "ingested_at",
)


@dataclass(frozen=True)
class Scenario:
    user: Caller
    portfolio_id: str
    listing_ids: tuple[str, ...]
    first: date  # the first entry's date
    entries: int
    closes: int


def weekdays(first: date, last: date) -> list[date]:
    count = (last - first).days + 1
    return [d for d in (first + timedelta(days=i) for i in range(count)) if d.weekday() < 5]


def eur_usd(day: date) -> Decimal:
    return Decimal("1.05") + Decimal(day.toordinal() % 40) / 1000


def eur_gbp(day: date) -> Decimal:
    return Decimal("0.84") + Decimal(day.toordinal() % 20) / 1000


def close_of(i: int, unit: str, day: date) -> Decimal:
    """Deterministic closes on the unit's tick grid (GBX in half pence)."""
    step = Decimal("0.5") if unit == "GBX" else Decimal("0.25")
    return Decimal(50 + i % 100) + step * ((day.toordinal() * (i + 3)) % 97)


def ecb_file(days: list[date]) -> bytes:
    cubes = []
    for day in reversed(days):
        rates = [("USD", eur_usd(day)), ("GBP", eur_gbp(day))]
        rates += [
            (c, Decimal(10 + k) + Decimal(day.toordinal() % 7) / 100)
            for k, c in enumerate(OTHER_CURRENCIES)
        ]
        inner = "".join(f"<Cube currency='{c}' rate='{r}'/>" for c, r in rates)
        cubes.append(f"<Cube time='{day.isoformat()}'>{inner}</Cube>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope '
        'xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        f'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>{"".join(cubes)}'
        "</Cube></gesmes:Envelope>"
    ).encode()


async def load_fx(stack: Stack, user: Caller, first: date) -> None:
    """Every weekday's ECB rates from ``first`` to END through RefreshFxRates."""
    body = ecb_file(weekdays(first, END))
    for path in (DAILY_PATH, HIST_90D_PATH):
        stack.provider.script(path, Reply(200, body, "text/xml"))
    run = await stack.call(
        stack.marketdata,
        "RefreshFxRates",
        md.RefreshFxRatesRequest(request_id=f"fx-{uuid.uuid4()}", history=True),
        user.token,
    )
    assert run.task_run.status == md.TASK_RUN_STATUS_SUCCEEDED, run.task_run.error_summary


def unit_of(i: int) -> str:
    return "USD" if i == 0 else ("GBX" if i % 2 else "GBP")


async def _universe(user: Caller, pid: str, n: int) -> list[str]:
    sleeves = [
        (await sleeve(user, pid, "equities", "60")).sleeve_id,
        (await sleeve(user, pid, "bonds", "40")).sleeve_id,
    ]
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(i: int) -> str:
        unit = unit_of(i)
        async with gate:
            if unit == "GBX":
                made = await listing(user, price_scale=dec("0.01"))
            else:
                made = await listing(user, quote_currency=unit, tick_size=dec("0.01"))
            await user(
                "AddConstituent",
                rpb.AddConstituentRequest(
                    portfolio_id=pid, listing_id=made.listing_id, sleeve_id=sleeves[i % 2]
                ),
            )
            return str(made.listing_id)

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def _copy_closes(url: str, listing_ids: list[str], days: list[date]) -> int:
    at = datetime.now(UTC)
    records = [
        (
            lid,
            datetime.combine(day, time(), UTC),
            "eod",
            "csv",
            close_of(i, unit_of(i), day),
            unit_of(i),
            Decimal("0.01") if unit_of(i) == "GBX" else Decimal(1),
            at,
        )
        for i, lid in enumerate(listing_ids)
        for day in days
    ]
    connection = await asyncpg.connect(url)
    try:
        await connection.copy_records_to_table(
            "price_points", schema_name="marketdata", columns=PRICE_COLUMNS, records=records
        )
        await connection.execute("ANALYZE marketdata.price_points")
    finally:
        await connection.close()
    return len(records)


def _entries(listing_ids: list[str], days: list[date]) -> list[lpb.Entry]:
    """Month by month in date order: the contribution, then each listing's buy on its day."""
    months: dict[tuple[int, int], list[date]] = {}
    for day in days:
        months.setdefault((day.year, day.month), []).append(day)
    entries = []
    for month_days in months.values():
        amount = money(f"{250 * len(listing_ids)}.00")
        entries.append(_entry(lpb.ENTRY_KIND_CONTRIBUTION, month_days[0], amount=amount))
        trade_days = [month_days[i % 20 % len(month_days)] for i in range(len(listing_ids))]
        for i in sorted(range(len(listing_ids)), key=lambda i: trade_days[i]):
            entries.append(_buy(i, listing_ids[i], trade_days[i]))
    return entries


def _buy(i: int, listing_id: str, day: date) -> lpb.Entry:
    unit = unit_of(i)
    if unit == "USD":  # GBP per USD that day, as a broker would have converted
        fx = (eur_gbp(day) / eur_usd(day)).quantize(Decimal("0.000001"))
    else:
        fx = Decimal("0.01") if unit == "GBX" else Decimal(1)
    return _entry(
        lpb.ENTRY_KIND_BUY,
        day,
        listing_id=listing_id,
        quantity=types_pb2.Decimal(value="100" if unit == "GBX" else "1"),
        price=money(str(close_of(i, unit, day)), unit),
        fx_rate=types_pb2.Decimal(value=str(fx)),
    )


def _entry(kind: int, day: date, **fields: object) -> lpb.Entry:
    return lpb.Entry(entry_id=str(uuid.uuid4()), kind=kind, entry_date=day.isoformat(), **fields)  # type: ignore[arg-type]


async def make_scenario(stack: Stack, url: str, years: int, n: int) -> Scenario:
    """A portfolio with ``n`` listings and ``years`` of daily closes and monthly trades to END."""
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    listing_ids = await _universe(user, pid, n)
    first = date(END.year - years, END.month, END.day) + timedelta(days=1)
    closes = await _copy_closes(url, listing_ids, weekdays(first - timedelta(days=10), END))
    entries = _entries(listing_ids, weekdays(first, END))
    for start in range(0, len(entries), LEDGER_BATCH):
        part = entries[start : start + LEDGER_BATCH]
        await stack.call(stack.ledger, "SubmitBatch", batch(pid, *part), user.token)
    return Scenario(
        user,
        pid,
        tuple(listing_ids),
        date.fromisoformat(entries[0].entry_date),
        len(entries),
        closes,
    )
