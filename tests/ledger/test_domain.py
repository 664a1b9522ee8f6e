"""The ledger's pure domain: average cost, validation, identity of content, replay."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.ledger.domain.book import Book
from services.ledger.domain.content import batch_content, exists_with_difference
from services.ledger.domain.effects import apply_to_holding, rebuild_holding
from services.ledger.domain.model import CashBalance, Entry, EntryKind, Holding
from services.ledger.domain.posting import with_defaults
from services.ledger.domain.replay import compare, replay
from services.ledger.domain.validation import EntryDraft, parse_batch
from taplatform.errors import InvalidArgumentError
from tests.ledger.builders import batch, buy, contribution, reversal, sell, split

DAY = date(2026, 1, 2)
AT = datetime(2026, 1, 5, tzinfo=UTC)


def _trade(kind: EntryKind, quantity: str, price: str, fees: str = "0") -> Entry:
    return Entry(
        uuid.uuid4(),
        kind,
        DAY,
        currency="GBP",
        listing_id="L",
        quantity=Decimal(quantity),
        price=Decimal(price),
        price_currency="GBP",
        fx_rate=Decimal(1),
        fees=Decimal(fees),
    )


def _hold(*entries: Entry) -> Holding:
    holding = Holding("L", Decimal(0), Decimal(0))
    for entry in entries:
        holding = apply_to_holding(holding, entry)
    return holding


def test_buys_average_their_cost_including_fees() -> None:
    held = _hold(_trade(EntryKind.BUY, "10", "10", "2"), _trade(EntryKind.BUY, "10", "20"))
    assert (held.quantity, held.average_cost) == (Decimal(20), Decimal("15.1"))


def test_sells_keep_average_cost_and_a_closed_holding_has_none() -> None:
    bought = _trade(EntryKind.BUY, "3", "10")
    assert _hold(bought, _trade(EntryKind.SELL, "1", "99")).average_cost == Decimal(10)
    assert _hold(bought, _trade(EntryKind.SELL, "3", "99")).average_cost == Decimal(0)


def test_average_cost_rounds_half_even_to_ten_places() -> None:
    held = _hold(_trade(EntryKind.BUY, "3", "1"), _trade(EntryKind.BUY, "3", "1", "1"))
    assert held.average_cost == Decimal("1.1666666667")


def test_rebuild_skips_the_reversed_entry_and_the_reversal() -> None:
    first, second = _trade(EntryKind.BUY, "1", "100"), _trade(EntryKind.BUY, "1", "10")
    undo = Entry(uuid.uuid4(), EntryKind.REVERSAL, DAY, reverses_entry_id=first.entry_id)
    held = rebuild_holding("L", [first, second, undo])
    assert (held.quantity, held.average_cost) == (Decimal(1), Decimal(10))


def test_validation_names_every_bad_field() -> None:
    drafts = [
        EntryDraft(
            entry_id="x", kind=EntryKind.CONTRIBUTION, amount="0", entry_date=DAY.isoformat()
        ),
        EntryDraft(entry_id=str(uuid.uuid4()), kind=EntryKind.BUY, entry_date="2026-13-01"),
        EntryDraft(entry_id=str(uuid.uuid4()), kind=None),
    ]
    with pytest.raises(InvalidArgumentError) as refused:
        parse_batch("nope", "", drafts)
    fields = [v.field for v in refused.value.violations]
    assert fields == [
        "batch_id",
        "portfolio_id",
        "entries[0].entry_id",
        "entries[0].amount.amount",
        "entries[1].entry_date",
        "entries[1].listing_id",
        "entries[1].price.currency_code",
        "entries[1].quantity",
        "entries[1].price.amount",
        "entries[2].entry_date",
        "entries[2].kind",
    ]


def test_validation_refuses_fields_that_do_not_belong_to_the_kind() -> None:
    bad = EntryDraft(
        entry_id=str(uuid.uuid4()),
        kind=EntryKind.REVERSAL,
        reverses_entry_id=str(uuid.uuid4()),
        amount="5",
        entry_date=DAY.isoformat(),
    )
    with pytest.raises(InvalidArgumentError) as refused:
        parse_batch(str(uuid.uuid4()), "p", [bad])
    assert [v.field for v in refused.value.violations] == ["entries[0].amount"]


def test_too_many_decimal_places_are_refused() -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        batch("p", contribution("0.0000000000001"))
    assert "at most 12 decimal places" in refused.value.violations[0].description


def test_a_trade_may_echo_its_derived_amount_but_only_the_right_one() -> None:
    assert batch("p", buy("L", "2", "1.5", amount="3.0")).entries[0].amount is None
    with pytest.raises(InvalidArgumentError):
        batch("p", buy("L", "2", "1.5", amount="3.01"))


def test_one_batch_may_not_reverse_an_entry_twice() -> None:
    target = uuid.uuid4()
    with pytest.raises(InvalidArgumentError) as refused:
        batch("p", reversal(target), reversal(target))
    assert refused.value.violations[0].field == "entries[1].reverses_entry_id"


def test_content_differences_name_the_first_differing_field() -> None:
    request = batch("p", contribution("10"), contribution("20"))
    stored = batch_content("p", request.entries)
    same = batch_content("p", [with_defaults(e, "GBP") for e in request.entries])
    assert exists_with_difference("batch", stored, batch_content("p", request.entries)) is None
    refusal = exists_with_difference("batch", stored, same)
    assert refusal is not None and refusal.reason == "EXISTS_WITH_DIFFERENT_CURRENCY"
    assert refusal.metadata["fields"] == "entries[0].currency,entries[1].currency"


def test_decimals_compare_by_value_not_by_spelling() -> None:
    tens = batch_content("p", batch("p", contribution("10")).entries)
    tens["entries"][0]["entry_id"] = "same"
    spelled = batch_content("p", batch("p", contribution("10.000")).entries)
    spelled["entries"][0]["entry_id"] = "same"
    assert exists_with_difference("batch", tens, spelled) is None


def test_replay_and_compare_find_a_wrong_balance() -> None:
    request = batch("p", contribution("10"), sell("L", "1", "5"), split("L", "2"))
    entries = [with_defaults(e, "GBP") for e in request.entries]
    book = Book(track_all_histories=True)
    posted = [
        book.apply(e, sequence=i + 1, batch_id=request.batch_id, posted_at=AT)
        for i, e in enumerate(entries)
    ]
    replayed = replay(posted)
    assert compare(book.cash.values(), book.holdings.values(), replayed.book) == []
    wrong = CashBalance("GBP", Decimal("14.99"), posted[1].entry.entry_id, 2)
    [difference] = compare([wrong], book.holdings.values(), replayed.book)
    assert (difference.subject, difference.field, difference.replay_value) == (
        "cash GBP",
        "balance",
        "15",
    )
