"""Gathering a performance history from the sources (in-memory fakes): closes per held
listing, ECB days only when a currency other than the base is involved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from services.engine.domain.performance_inputs import FxDay, LedgerMove, MoveKind
from services.engine.domain.performance_report import performance_report
from services.engine.domain.snapshot import (
    ConstituentRef,
    FxQuote,
    ListingRef,
    PortfolioState,
    SleeveRef,
)
from services.engine.gather_performance import gather_history
from services.engine.sources import Sources
from services.engine.sources.ledger import FakeLedgerSource
from services.engine.sources.marketdata import FakeMarketDataSource
from services.engine.sources.registry import FakeRegistrySource

D = Decimal
PID = "p-1"
USD = ListingRef("L-USD", "AAPL", "USD", D(1), D(1))
D0, D1, AS_OF = date(2025, 1, 6), date(2025, 1, 7), date(2025, 1, 8)


def ecb(day: date, usd: str) -> FxDay:
    quotes = (
        FxQuote("EUR", "GBP", D("0.85"), day.isoformat()),
        FxQuote("EUR", "USD", D(usd), day.isoformat()),
    )
    return FxDay(day, quotes)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def sources() -> Sources:
    registry = FakeRegistrySource(
        portfolios={PID: PortfolioState(PID, "GBP", False, ())},
        sleeve_refs={PID: [SleeveRef("s-1", "US")]},
        universe={PID: [ConstituentRef(USD.listing_id, "s-1")]},
        listing_refs={USD.listing_id: USD},
    )
    moves = [
        LedgerMove("c", 1, MoveKind.CONTRIBUTION, D0, D(1000), "GBP"),
        LedgerMove("b", 2, MoveKind.BUY, D0, D(-800), "GBP", USD.listing_id, D(10), D(100)),
    ]
    market = FakeMarketDataSource(
        history={USD.listing_id: [(at(D0), D(100)), (at(D1), D(110))]},
        # No ECB day for D1: it uses D0's rates (the newest on or before it).
        fx_history=[ecb(D0, "1.0625"), ecb(AS_OF, "1.00")],
    )
    return Sources(registry, FakeLedgerSource(moves={PID: moves}), market)


async def test_a_usd_holding_is_valued_with_the_ecb_day_in_force_each_day() -> None:
    history = await gather_history(sources(), PID, AS_OF)
    assert [d.day for d in history.fx_days] == [D0, AS_OF]
    assert history.members == {USD.listing_id: "US"}
    report = performance_report(history, {})
    # 1 USD = 0.85 / 1.0625 = 0.80 GBP on D0 and D1; 0.85 GBP on AS_OF.
    # D0: 10 x 100 x 0.80 + 200 cash = 1,000.00; D1: 10 x 110 x 0.80 + 200 = 1,080.00;
    # AS_OF (close of D1 carried): 10 x 110 x 0.85 + 200 = 1,135.00.
    assert [p.value for p in report.points] == [D("1000.00"), D("1080.00"), D("1135.00")]
    # US sleeve on AS_OF: 935 / 1135 = 82.3789 %.
    assert report.sleeves[0].weights_pct[-1] == D("82.3789")


async def test_a_base_currency_portfolio_asks_for_no_fx() -> None:
    gbp = ListingRef("L-GBP", "GILT", "GBP", D(1), D(1))
    source = sources()
    assert isinstance(source.registry, FakeRegistrySource)
    assert isinstance(source.ledger, FakeLedgerSource)
    source.registry.listing_refs = {gbp.listing_id: gbp}
    source.registry.universe = {PID: [ConstituentRef(gbp.listing_id, "s-1")]}
    source.ledger.moves = {
        PID: [
            LedgerMove("c", 1, MoveKind.CONTRIBUTION, D0, D(1000), "GBP"),
            LedgerMove("b", 2, MoveKind.BUY, D0, D(-800), "GBP", gbp.listing_id, D(8), D(100)),
        ]
    }
    history = await gather_history(source, PID, AS_OF)
    assert history.fx_days == ()
    assert performance_report(history, {}).points[-1].value == D("1000.00")


async def test_two_years_of_usd_history_read_fx_in_one_call_for_the_currencies_used() -> None:
    source = sources()
    assert isinstance(source.ledger, FakeLedgerSource)
    assert isinstance(source.marketdata, FakeMarketDataSource)
    start, as_of = date(2023, 1, 2), date(2025, 1, 8)
    source.ledger.moves = {
        PID: [
            LedgerMove("c", 1, MoveKind.CONTRIBUTION, start, D(1000), "GBP"),
            LedgerMove("b", 2, MoveKind.BUY, start, D(-800), "GBP", USD.listing_id, D(10), D(100)),
        ]
    }
    # A publication the Friday before the first entry (in force on it), then weekly ones
    # that also quote JPY, which the portfolio does not need.
    weekly = [date(2022, 12, 30) + timedelta(weeks=w) for w in range(106)]
    jpy = FxQuote("EUR", "JPY", D("160"), "")
    source.marketdata.fx_history = [
        FxDay(d, (*ecb(d, "1.0625").quotes, jpy)) for d in [date(2022, 12, 23), *weekly]
    ]
    history = await gather_history(source, PID, as_of)
    assert source.marketdata.fx_calls == 1
    assert history.fx_days[0].day == date(2022, 12, 30)
    assert [d.day for d in history.fx_days] == [d for d in weekly if d <= as_of]
    assert {q.quote for d in history.fx_days for q in d.quotes} == {"GBP", "USD"}
    # 10 x 100 USD x 0.80 + 200 cash every day (the last close is carried forward).
    assert performance_report(history, {}).points[-1].value == D("1080.00")


async def test_the_closes_of_every_held_listing_are_asked_for_in_one_call() -> None:
    gbp = ListingRef("L-GBP", "GILT", "GBP", D(1), D(1))
    source = sources()
    assert isinstance(source.registry, FakeRegistrySource)
    assert isinstance(source.ledger, FakeLedgerSource)
    assert isinstance(source.marketdata, FakeMarketDataSource)
    source.registry.listing_refs[gbp.listing_id] = gbp
    source.ledger.moves[PID].append(
        LedgerMove("g", 3, MoveKind.BUY, D0, D(-100), "GBP", gbp.listing_id, D(1), D(100))
    )
    source.marketdata.history[gbp.listing_id] = [(at(D1), D(90))]
    history = await gather_history(source, PID, AS_OF)
    assert source.marketdata.closes_calls == 1
    assert {(c.listing_id, c.day) for c in history.closes} == {
        (USD.listing_id, D0),
        (USD.listing_id, D1),
        (gbp.listing_id, D1),
    }
