"""The demo's opening ledger batch as a SubmitBatch request, with ids derived from names.

Ids are uuid5 of a fixed namespace and the portfolio, so a seed that is cut
short and retried resubmits the same batch, which the ledger answers with the
first result instead of booking it twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from tradingassistant.common.v1 import types_pb2 as common
from tradingassistant.ledger.v1 import ledger_pb2 as led

from taplatform.cli import demo_data as demo
from taplatform.cli.demo_data import SampleBar

DEMO_NAMESPACE = uuid.UUID("5f0c6d0e-3b8e-4c55-9a43-0d6c3f2b7e11")
MEMO = "Demo (sample data)"


def dec(value: Decimal) -> common.Decimal:
    return common.Decimal(value=str(value))


def money(currency: str, value: Decimal) -> common.Money:
    return common.Money(currency_code=currency, amount=dec(value))


def demo_id(portfolio_id: str, name: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"{portfolio_id}:{name}"))


def opening_batch(
    portfolio_id: str,
    listing_ids: Mapping[str, str],
    bars: Mapping[str, Sequence[SampleBar]],
) -> led.SubmitBatchRequest:
    """Cash in on the first sample day, then each buy at the close of the BUY_SESSION-th."""
    first_day = min(b[0].day for b in bars.values())
    entries = [
        led.Entry(
            entry_id=demo_id(portfolio_id, "contribution"),
            kind=led.ENTRY_KIND_CONTRIBUTION,
            amount=money(demo.DEMO_BASE_CURRENCY, demo.CONTRIBUTION_GBP),
            entry_date=first_day.isoformat(),
            memo=MEMO,
        )
    ]
    by_ticker = {x.ticker: x for x in demo.LISTINGS}
    for ticker, quantity in demo.BUYS:
        bar = bars[ticker][demo.BUY_SESSION - 1]
        unit = by_ticker[ticker]
        entry = led.Entry(
            entry_id=demo_id(portfolio_id, f"buy:{ticker}"),
            kind=led.ENTRY_KIND_BUY,
            listing_id=listing_ids[ticker],
            quantity=dec(quantity),
            price=money(unit.quote_currency, bar.close),
            fees=money(demo.DEMO_BASE_CURRENCY, demo.TRADE_FEE_GBP),
            entry_date=bar.day.isoformat(),
            memo=MEMO,
        )
        # GBX to GBP: the price scale is the rate (pence are 0.01 pounds).
        if unit.quote_currency != demo.DEMO_BASE_CURRENCY:
            entry.fx_rate.CopyFrom(dec(unit.price_scale))
        entries.append(entry)
    return led.SubmitBatchRequest(
        batch_id=demo_id(portfolio_id, "opening-batch"), portfolio_id=portfolio_id, entries=entries
    )
