"""The ledger source over gRPC, with a deadline on every call."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import grpc
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2 as pb
from tradingassistant.ledger.v1 import ledger_pb2_grpc

from services.engine.domain.performance_inputs import LedgerMove, MoveKind
from services.engine.domain.snapshot import CashBalance, Position
from services.engine.sources.errors import source_error

# The ledger's largest page: a long history takes few round trips.
ENTRY_PAGE_SIZE = 1000
KINDS = {pb.EntryKind.Value(f"ENTRY_KIND_{k.name}"): k for k in MoveKind}


def _decimal(value: types_pb2.Decimal, default: str = "0") -> Decimal:
    return Decimal(value.value or default)


def ledger_move(entry: pb.Entry) -> LedgerMove:
    """A posted entry as performance reads it (the ledger's derived cash change included)."""
    return LedgerMove(
        entry_id=entry.entry_id,
        sequence=entry.sequence,
        kind=KINDS[entry.kind],
        entry_date=date.fromisoformat(entry.entry_date),
        cash_change=_decimal(entry.cash_change.amount),
        cash_currency=entry.cash_change.currency_code if entry.cash_change.amount.value else "",
        listing_id=entry.listing_id,
        quantity=_decimal(entry.quantity),
        price=Decimal(entry.price.amount.value) if entry.price.amount.value else None,
        split_ratio=_decimal(entry.split_ratio, "1"),
        reverses_entry_id=entry.reverses_entry_id,
    )


class GrpcLedgerSource:
    def __init__(self, channel: grpc.aio.Channel, timeout_s: float) -> None:
        self._stub = ledger_pb2_grpc.LedgerServiceStub(channel)
        self._timeout_s = timeout_s

    async def holdings(self, portfolio_id: str) -> list[Position]:
        try:
            reply = await self._stub.ListHoldings(
                pb.ListHoldingsRequest(portfolio_id=portfolio_id), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("ledger", error) from error
        return [Position(h.listing_id, Decimal(h.quantity.value)) for h in reply.holdings]

    async def cash(self, portfolio_id: str) -> list[CashBalance]:
        try:
            reply = await self._stub.ListCash(
                pb.ListCashRequest(portfolio_id=portfolio_id), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            raise source_error("ledger", error) from error
        return [
            CashBalance(b.balance.currency_code, Decimal(b.balance.amount.value))
            for b in reply.balances
        ]

    async def entries(self, portfolio_id: str) -> list[LedgerMove]:
        moves: list[LedgerMove] = []
        token = ""
        while True:
            request = pb.ListEntriesRequest(
                portfolio_id=portfolio_id,
                page=types_pb2.PageRequest(page_size=ENTRY_PAGE_SIZE, page_token=token),
            )
            try:
                reply = await self._stub.ListEntries(request, timeout=self._timeout_s)
            except grpc.aio.AioRpcError as error:
                raise source_error("ledger", error) from error
            moves += [ledger_move(e) for e in reply.entries]
            token = reply.page.next_page_token
            if not token:
                return moves
