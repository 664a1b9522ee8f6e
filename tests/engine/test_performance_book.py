"""The one-pass holdings book against the whole-ledger fold it replaces: same quantities and
cash, digit for digit, on every day, with splits, reversals and back-dated entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from services.engine.domain.numbers import CALC, ZERO
from services.engine.domain.performance_book import HoldingsBook
from services.engine.domain.performance_inputs import HOLDING, LedgerMove, MoveKind

D = Decimal
D0 = date(2025, 1, 1)


def fold_up_to(moves: list[LedgerMove], day: date) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The reference: every entry dated by ``day`` folded in posting order, reversed ones out."""
    undone = {
        m.reverses_entry_id for m in moves if m.kind is MoveKind.REVERSAL and m.entry_date <= day
    }
    held: dict[str, Decimal] = {}
    cash: dict[str, Decimal] = {}
    for m in sorted(moves, key=lambda m: m.sequence):
        if m.entry_date > day:
            continue
        if m.cash_currency:
            cash[m.cash_currency] = cash.get(m.cash_currency, ZERO) + m.cash_change
        if m.kind not in HOLDING or m.entry_id in undone:
            continue
        quantity = held.get(m.listing_id, ZERO)
        if m.kind is MoveKind.BUY:
            quantity += m.quantity
        elif m.kind is MoveKind.SELL:
            quantity -= m.quantity
        else:
            quantity *= m.split_ratio
        held[m.listing_id] = quantity
    return held, cash


def booked_each_day(moves: list[LedgerMove]) -> dict[date, tuple[str, str]]:
    """repr of the book's holdings and cash after each event day (digits and exponents)."""
    in_order = sorted(moves, key=lambda m: m.sequence)
    book = HoldingsBook(in_order)
    seen = {}
    for day in sorted({m.entry_date for m in moves}):
        book.apply([m for m in in_order if m.entry_date == day])
        held = {k: v for k, v in book.held.items() if v != ZERO}
        seen[day] = (repr(sorted(held.items())), repr(sorted(book.cash.items())))
    return seen


def folded_each_day(moves: list[LedgerMove]) -> dict[date, tuple[str, str]]:
    seen = {}
    for day in sorted({m.entry_date for m in moves}):
        held, cash = fold_up_to(moves, day)
        nonzero = {k: v for k, v in held.items() if v != ZERO}
        seen[day] = (repr(sorted(nonzero.items())), repr(sorted(cash.items())))
    return seen


def move(entry_id: str, sequence: int, kind: MoveKind, day: int, **fields: object) -> LedgerMove:
    return LedgerMove(entry_id, sequence, kind, D0 + timedelta(days=day), **fields)  # type: ignore[arg-type]


def test_a_split_applies_to_what_was_posted_before_it_whatever_the_dates() -> None:
    # Posted: buy 10 dated day 5 (#1), a 2:1 split dated day 2 (#2), a buy of 3 dated
    # day 1 (#3). Day 1: 3. Day 2: the split was posted before that buy, so in posting
    # order 0 x 2 + 3 = 3. Day 5: 10, x 2, + 3 = 23 (both back-dated folds redone).
    moves = [
        move("b1", 1, MoveKind.BUY, 5, listing_id="L", quantity=D(10)),
        move("s", 2, MoveKind.STOCK_SPLIT, 2, listing_id="L", split_ratio=D(2)),
        move("b2", 3, MoveKind.BUY, 1, listing_id="L", quantity=D(3)),
    ]
    assert booked_each_day(moves) == folded_each_day(moves)
    with localcontext(CALC):
        book = HoldingsBook(moves)
        for day, expected in ((1, "3"), (2, "3"), (5, "23")):
            book.apply([m for m in moves if m.entry_date == D0 + timedelta(days=day)])
            assert book.held["L"] == D(expected)


def test_a_reversal_takes_the_entry_out_from_its_own_date() -> None:
    moves = [
        move("c", 1, MoveKind.CONTRIBUTION, 0, cash_change=D("1000.00"), cash_currency="GBP"),
        move("b", 2, MoveKind.BUY, 0, listing_id="L", quantity=D(5), cash_change=D("-500.00"),
             cash_currency="GBP"),
        move("r", 3, MoveKind.REVERSAL, 3, reverses_entry_id="b", cash_change=D("500.00"),
             cash_currency="GBP"),
    ]  # fmt: skip
    book = HoldingsBook(moves)
    book.apply(moves[:2])
    assert (book.held, book.cash) == ({"L": D(5)}, {"GBP": D("500.00")})
    book.apply(moves[2:])
    assert ("L" not in book.held, book.cash) == (True, {"GBP": D("1000.00")})


KINDS = [MoveKind.BUY, MoveKind.SELL, MoveKind.STOCK_SPLIT, MoveKind.FEE, MoveKind.REVERSAL]


@st.composite
def ledgers(draw: st.DrawFn) -> list[LedgerMove]:
    count = draw(st.integers(min_value=1, max_value=25))
    moves: list[LedgerMove] = []
    for sequence in range(1, count + 1):
        kind = draw(st.sampled_from(KINDS))
        day = draw(st.integers(min_value=0, max_value=8))
        cash = draw(st.decimals(min_value="-999", max_value="999", places=2))
        common = {"cash_change": cash, "cash_currency": draw(st.sampled_from(["GBP", "USD"]))}
        if kind is MoveKind.REVERSAL:
            # Any earlier or later entry, or one that does not exist.
            target = f"e{draw(st.integers(min_value=1, max_value=count + 1))}"
            moves.append(
                move(f"e{sequence}", sequence, kind, day, reverses_entry_id=target, **common)
            )
            continue
        fields: dict[str, object] = {"listing_id": draw(st.sampled_from(["A", "B"]))}
        if kind is MoveKind.STOCK_SPLIT:
            fields["split_ratio"] = draw(st.sampled_from([D(2), D("0.5"), D(3), D("1.5")]))
        else:
            fields["quantity"] = draw(st.decimals(min_value="0.001", max_value="500", places=3))
        moves.append(move(f"e{sequence}", sequence, kind, day, **fields, **common))
    return moves


@settings(max_examples=300, deadline=None)
@given(moves=ledgers())
def test_the_one_pass_book_matches_the_whole_ledger_fold_digit_for_digit(
    moves: list[LedgerMove],
) -> None:
    with localcontext(CALC):
        assert booked_each_day(moves) == folded_each_day(moves)
