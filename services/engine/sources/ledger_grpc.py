"""The ledger source over gRPC, with a deadline on every call."""

from __future__ import annotations

from decimal import Decimal

import grpc
from tradingassistant.ledger.v1 import ledger_pb2 as pb
from tradingassistant.ledger.v1 import ledger_pb2_grpc

from services.engine.domain.snapshot import CashBalance, Position
from services.engine.sources.errors import source_error


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
