"""The LedgerService servicer: convert, call a handler, convert back."""

from __future__ import annotations

from typing import Any

from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from services.ledger import convert
from services.ledger.domain.validation import parse_batch
from services.ledger.handlers import LedgerDeps, accounts, holders, reads, submit

# The servicer context; handlers never touch it (errors map in the interceptor).
Context = Any


class LedgerServiceServicer(ledger_pb2_grpc.LedgerServiceServicer):
    """The append-only book of record with holding and cash snapshots."""

    def __init__(self, deps: LedgerDeps) -> None:
        self._deps = deps

    async def SubmitBatch(
        self, request: ledger_pb2.SubmitBatchRequest, context: Context
    ) -> ledger_pb2.SubmitBatchResponse:
        batch = parse_batch(
            request.batch_id,
            request.portfolio_id,
            [convert.draft_from_pb(entry) for entry in request.entries],
        )
        result = await submit.submit_batch(self._deps, batch)
        status = (
            ledger_pb2.SUBMIT_STATUS_CREATED if result.created else ledger_pb2.SUBMIT_STATUS_EXISTS
        )
        return ledger_pb2.SubmitBatchResponse(
            batch=convert.batch_to_pb(result.batch), status=status
        )

    async def ListEntries(
        self, request: ledger_pb2.ListEntriesRequest, context: Context
    ) -> ledger_pb2.ListEntriesResponse:
        page = await reads.list_entries(
            self._deps,
            request.portfolio_id,
            convert.entry_filter_from_pb(request),
            request.page.page_size,
            request.page.page_token,
        )
        return ledger_pb2.ListEntriesResponse(
            entries=[convert.entry_to_pb(posted, by) for posted, by in page.entries],
            page={"next_page_token": page.next_page_token},
        )

    async def ListHoldings(
        self, request: ledger_pb2.ListHoldingsRequest, context: Context
    ) -> ledger_pb2.ListHoldingsResponse:
        account = await accounts.get_account(self._deps, request.portfolio_id)
        holdings = await reads.list_holdings(
            self._deps, request.portfolio_id, include_closed=request.include_closed
        )
        currency = account.policy.base_currency
        return ledger_pb2.ListHoldingsResponse(
            holdings=[convert.holding_to_pb(h, currency) for h in holdings]
        )

    async def ListCash(
        self, request: ledger_pb2.ListCashRequest, context: Context
    ) -> ledger_pb2.ListCashResponse:
        balances = await reads.list_cash(self._deps, request.portfolio_id)
        return ledger_pb2.ListCashResponse(balances=[convert.cash_to_pb(c) for c in balances])

    async def GetAccount(
        self, request: ledger_pb2.GetAccountRequest, context: Context
    ) -> ledger_pb2.GetAccountResponse:
        view = await accounts.get_account(self._deps, request.portfolio_id)
        return ledger_pb2.GetAccountResponse(account=convert.account_to_pb(view))

    async def UpdateAccount(
        self, request: ledger_pb2.UpdateAccountRequest, context: Context
    ) -> ledger_pb2.UpdateAccountResponse:
        view = await accounts.update_account(
            self._deps,
            request.portfolio_id,
            version=request.version,
            allow_negative_cash=request.allow_negative_cash,
            allow_short=request.allow_short,
        )
        return ledger_pb2.UpdateAccountResponse(account=convert.account_to_pb(view))

    async def VerifyPortfolio(
        self, request: ledger_pb2.VerifyPortfolioRequest, context: Context
    ) -> ledger_pb2.VerifyPortfolioResponse:
        result = await reads.verify_portfolio(self._deps, request.portfolio_id)
        return ledger_pb2.VerifyPortfolioResponse(
            consistent=result.consistent,
            differences=[convert.difference_to_pb(d) for d in result.differences],
            entries_replayed=result.entries_replayed,
        )

    async def ListHolders(
        self, request: ledger_pb2.ListHoldersRequest, context: Context
    ) -> ledger_pb2.ListHoldersResponse:
        found = await holders.list_holders(
            self._deps, list(request.listing_ids), list(request.portfolio_ids)
        )
        return ledger_pb2.ListHoldersResponse(
            holders=[convert.holder_to_pb(h.portfolio_id, h.listing_id, h.quantity) for h in found]
        )
