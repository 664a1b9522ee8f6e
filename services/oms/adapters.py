"""The ports over gRPC: the registry (listings, base currency, password), marketdata
(latest prices), the ledger (booking fills, valuation) and the engine (recommendations
executed). Calls inside an RPC forward the caller's token; background jobs use the
configured service token, if any."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import grpc
from tradingassistant.common.v1 import types_pb2
from tradingassistant.engine.v1 import engine_pb2, engine_pb2_grpc
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2, marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2, registry_pb2_grpc

from services.oms.domain.capture import LedgerTrade
from services.oms.domain.model import OrderSide, base_per_quote
from services.oms.ports import (
    ListingInfo,
    Quote,
    RecommendationRefusedError,
    RecommendationView,
    RecommendedLine,
)
from taplatform.auth.bearer import bearer_metadata
from taplatform.auth.principal import Principal, current_bearer
from taplatform.errors import FailedPreconditionError, NotFoundError, ResourceExhaustedError
from taplatform.fx import FX_BASE, EurRates


class _Calls:
    def __init__(self, timeout_s: float, service_token: str | None) -> None:
        self._timeout_s = timeout_s
        self._service_token = service_token

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        # Inside an RPC the channel forwards the caller's token itself.
        if current_bearer.get() is None and self._service_token:
            return bearer_metadata(self._service_token)
        return ()


def _unavailable(what: str, error: grpc.aio.AioRpcError) -> FailedPreconditionError:
    return FailedPreconditionError(
        f"{what} did not answer ({error.code().name})", reason="DEPENDENCY_UNAVAILABLE"
    )


class RegistryListings(_Calls):
    def __init__(
        self, channel: grpc.aio.Channel, timeout_s: float, service_token: str | None = None
    ) -> None:
        super().__init__(timeout_s, service_token)
        self._stub = registry_pb2_grpc.RegistryServiceStub(channel)

    async def listing(self, listing_id: str) -> ListingInfo:
        try:
            reply = await self._stub.GetListing(
                registry_pb2.GetListingRequest(listing_id=listing_id),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                raise NotFoundError(
                    f"listing {listing_id} not found", reason="LISTING_NOT_FOUND"
                ) from error
            raise _unavailable("the registry", error) from error
        found = reply.listing
        return ListingInfo(
            found.listing_id,
            found.quote_currency,
            Decimal(found.price_scale.value or "1"),
            found.calendar,
        )

    async def base_currency(self, portfolio_id: str) -> str:
        try:
            reply = await self._stub.GetPortfolio(
                registry_pb2.GetPortfolioRequest(portfolio_id=portfolio_id),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _unavailable("the registry", error) from error
        return str(reply.portfolio.base_currency)


class RegistryPasswords:
    """Verifies a re-entered password by signing in and straight out again.

    Interim: a dedicated ``VerifyPassword`` RPC on the registry would avoid
    creating a session; until it exists this is the only check the registry offers.
    """

    def __init__(self, channel: grpc.aio.Channel, timeout_s: float) -> None:
        self._stub = registry_pb2_grpc.RegistryServiceStub(channel)
        self._timeout_s = timeout_s

    async def verify(self, principal: Principal, password: str) -> bool:
        # Inside the RPC the channel forwards the caller's own token: the registry checks
        # the password of whoever is asking, throttled like sign-ins, with no new session.
        try:
            reply = await self._stub.VerifyPassword(
                registry_pb2.VerifyPasswordRequest(password=password), timeout=self._timeout_s
            )
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise ResourceExhaustedError(
                    error.details() or "too many failed password checks",
                    reason="SIGN_IN_THROTTLED",
                ) from error
            raise _unavailable("the registry", error) from error
        return reply.verified


class MarketDataPrices(_Calls):
    def __init__(
        self, channel: grpc.aio.Channel, timeout_s: float, service_token: str | None = None
    ) -> None:
        super().__init__(timeout_s, service_token)
        self._stub = marketdata_pb2_grpc.MarketDataServiceStub(channel)

    async def latest_many(self, listing_ids: Sequence[str]) -> dict[str, Quote]:
        try:
            reply = await self._stub.GetLatestPrices(
                marketdata_pb2.GetLatestPricesRequest(listing_ids=list(listing_ids)),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _unavailable("marketdata", error) from error
        return {
            p.listing_id: Quote(p.listing_id, Decimal(p.price.amount.value), p.price.currency_code)
            for p in reply.prices
            if p.price.amount.value
        }

    async def latest(self, listing_id: str) -> Quote | None:
        return (await self.latest_many([listing_id])).get(listing_id)

    async def fx_rates(self) -> EurRates | None:
        try:
            reply = await self._stub.GetFxRates(
                marketdata_pb2.GetFxRatesRequest(),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _unavailable("marketdata", error) from error
        rates = [r for r in reply.rates if r.base_currency == FX_BASE and r.rate.value]
        if not rates:
            return None
        return EurRates(
            as_of=date.fromisoformat(max(r.as_of for r in rates)),
            rates={r.quote_currency: Decimal(r.rate.value) for r in rates},
        )


def _money(currency: str, amount: Decimal) -> types_pb2.Money:
    return types_pb2.Money(
        currency_code=currency, amount=types_pb2.Decimal(value=format(amount, "f"))
    )


class GrpcLedger(_Calls):
    def __init__(
        self, channel: grpc.aio.Channel, timeout_s: float, service_token: str | None = None
    ) -> None:
        super().__init__(timeout_s, service_token)
        self._stub = ledger_pb2_grpc.LedgerServiceStub(channel)

    async def book(self, trade: LedgerTrade) -> bool:
        kind = ledger_pb2.ENTRY_KIND_BUY if trade.kind == "buy" else ledger_pb2.ENTRY_KIND_SELL
        entry = ledger_pb2.Entry(
            entry_id=str(trade.entry_id),
            kind=kind,
            listing_id=trade.listing_id,
            quantity=types_pb2.Decimal(value=format(trade.quantity, "f")),
            price=_money(trade.price_currency, trade.price),
            fees=_money(trade.fees_currency, trade.fees),
            entry_date=trade.entry_date,
            memo=trade.memo,
        )
        if trade.fx_rate is not None:
            entry.fx_rate.value = format(trade.fx_rate, "f")
        reply = await self._stub.SubmitBatch(
            ledger_pb2.SubmitBatchRequest(
                batch_id=str(trade.batch_id), portfolio_id=trade.portfolio_id, entries=[entry]
            ),
            timeout=self._timeout_s,
            metadata=self._metadata(),
        )
        return bool(reply.status == ledger_pb2.SUBMIT_STATUS_CREATED)


class LedgerValuation(_Calls):
    """Cash plus holdings at the latest prices (base currency); None when a price is missing."""

    def __init__(
        self,
        channel: grpc.aio.Channel,
        prices: MarketDataPrices,
        listings: RegistryListings,
        timeout_s: float,
        service_token: str | None = None,
    ) -> None:
        super().__init__(timeout_s, service_token)
        self._stub = ledger_pb2_grpc.LedgerServiceStub(channel)
        self._prices = prices
        self._listings = listings

    async def value(self, portfolio_id: str) -> Decimal | None:
        try:
            cash = await self._stub.ListCash(
                ledger_pb2.ListCashRequest(portfolio_id=portfolio_id),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
            holdings = await self._stub.ListHoldings(
                ledger_pb2.ListHoldingsRequest(portfolio_id=portfolio_id),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError:
            return None
        base = await self._listings.base_currency(portfolio_id)
        quotes = await self._prices.latest_many([h.listing_id for h in holdings.holdings])
        currencies = {c.balance.currency_code for c in cash.balances}
        listings = [await self._listings.listing(h.listing_id) for h in holdings.holdings]
        currencies |= {listing.quote_currency for listing in listings}
        # Rates only when something is not in the base currency (GBX is GBP scaled).
        foreign = any(base_per_quote(c, Decimal(1), base) is None for c in currencies)
        rates = await self._prices.fx_rates() if foreign else None
        total = Decimal(0)
        for balance in cash.balances:
            rate = base_per_quote(balance.balance.currency_code, Decimal(1), base, rates)
            if rate is None:
                return None
            total += Decimal(balance.balance.amount.value) * rate
        for holding, listing in zip(holdings.holdings, listings, strict=True):
            quote = quotes.get(holding.listing_id)
            rate = base_per_quote(listing.quote_currency, listing.price_scale, base, rates)
            if quote is None or rate is None:
                return None
            total += Decimal(holding.quantity.value) * quote.price * rate
        return total


# The engine answered and said no: asking again would get the same answer.
_REFUSALS = (
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION,
)


class EngineRecommendations(_Calls):
    """Marks a recommendation executed in the engine (a repeat is a no-op there)."""

    def __init__(
        self, channel: grpc.aio.Channel, timeout_s: float, service_token: str | None = None
    ) -> None:
        super().__init__(timeout_s, service_token)
        self._stub = engine_pb2_grpc.EngineServiceStub(channel)

    async def _get(self, portfolio_id: str, recommendation_id: str) -> engine_pb2.Recommendation:
        reply = await self._stub.GetRecommendation(
            engine_pb2.GetRecommendationRequest(
                portfolio_id=portfolio_id, recommendation_id=recommendation_id
            ),
            timeout=self._timeout_s,
            metadata=self._metadata(),
        )
        return reply.recommendation

    async def recommendation(self, portfolio_id: str, recommendation_id: str) -> RecommendationView:
        try:
            found = await self._get(portfolio_id, recommendation_id)
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                raise NotFoundError(
                    f"recommendation {recommendation_id} not found",
                    reason="RECOMMENDATION_NOT_FOUND",
                ) from error
            raise _unavailable("the engine", error) from error
        status = engine_pb2.RecommendationStatus.Name(found.status)
        return RecommendationView(
            recommendation_id=found.recommendation_id,
            status=status.removeprefix("RECOMMENDATION_STATUS_").lower(),
            lines=tuple(_line(line) for line in found.lines),
        )

    async def line_ids(self, portfolio_id: str, recommendation_id: str) -> Sequence[str]:
        try:
            found = await self._get(portfolio_id, recommendation_id)
        except grpc.aio.AioRpcError as error:
            raise _engine_error(error) from error
        return [line.line_id for line in found.lines]

    async def orders_terminal(
        self, portfolio_id: str, recommendation_id: str, line_ids: Sequence[str]
    ) -> None:
        try:
            await self._stub.MarkRecommendationExecuted(
                engine_pb2.MarkRecommendationExecutedRequest(
                    portfolio_id=portfolio_id,
                    recommendation_id=recommendation_id,
                    line_ids=list(line_ids),
                ),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _engine_error(error) from error


def _line(line: engine_pb2.OrderLine) -> RecommendedLine:
    side = OrderSide.BUY if line.side == engine_pb2.ORDER_SIDE_BUY else OrderSide.SELL
    return RecommendedLine(line.line_id, line.listing_id, side, Decimal(line.quantity.value))


def _engine_error(error: grpc.aio.AioRpcError) -> Exception:
    if error.code() in _REFUSALS:
        return RecommendationRefusedError(f"{error.code().name}: {error.details()}")
    return _unavailable("the engine", error)
