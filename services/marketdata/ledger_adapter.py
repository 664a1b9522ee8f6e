"""The ledger port over gRPC: which portfolios hold a listing (``ListHolders``).

A service account (the worker's scheduled refresh) asks once for every
portfolio; anyone else names the portfolios they may see, in chunks the
ledger's tenancy gate accepts. A ledger that cannot answer is logged and
treated as "no holders known": the targeting portfolios are still frozen, and
the freeze is enforced again on the next evaluation of the alert.
"""

from __future__ import annotations

from collections.abc import Sequence

import grpc
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from services.marketdata.registry_port import HolderDirectory
from taplatform.auth.principal import current_principal
from taplatform.logging import get_logger

log = get_logger(__name__)

# The ledger's (and every tenancy gate's) cap on portfolio ids per request.
MAX_PORTFOLIO_IDS = 500


class LedgerHolders(HolderDirectory):
    """:class:`~services.marketdata.registry_port.HolderDirectory` asking the ledger."""

    def __init__(self, channel: grpc.aio.Channel, timeout_s: float) -> None:
        self._stub = ledger_pb2_grpc.LedgerServiceStub(channel)
        self._timeout_s = timeout_s

    async def holding(self, listing_id: str, portfolio_ids: Sequence[str]) -> set[str]:
        visible = sorted(set(portfolio_ids))
        if not visible:
            return set()
        principal = current_principal.get()
        if principal is not None and principal.is_service:
            chunks: list[list[str]] = [[]]  # every portfolio, filtered to the visible below
        else:
            chunks = [
                visible[i : i + MAX_PORTFOLIO_IDS]
                for i in range(0, len(visible), MAX_PORTFOLIO_IDS)
            ]
        found: set[str] = set()
        for chunk in chunks:
            request = ledger_pb2.ListHoldersRequest(listing_ids=[listing_id], portfolio_ids=chunk)
            try:
                reply = await self._stub.ListHolders(request, timeout=self._timeout_s)
            except grpc.aio.AioRpcError as error:
                log.warning(
                    "marketdata.holders_unknown",
                    listing_id=listing_id,
                    code=error.code().name,
                    detail=error.details(),
                )
                return found & set(visible)
            found |= {h.portfolio_id for h in reply.holders}
        return found & set(visible)
