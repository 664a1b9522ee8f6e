"""What every GraphQL resolver may use, built once per request (DataLoaders go here too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from edge.auth import CookieWriter, Credentials
from edge.loaders import MarketDataLoaders, RegistryLoaders
from edge.notifications import EventFeed
from edge.rpc import EngineCalls, LedgerCalls, MarketDataCalls, OmsCalls, RegistryCalls
from edge.status import ServiceStatusChecker


class ContextNotWiredError(RuntimeError):
    """A resolver needed a part this context was built without (a test's partial context)."""


@dataclass
class EdgeContext:
    """The per-request context; ``request`` is None when a test executes the schema directly.

    ``registry``, ``ledger``, ``marketdata``, ``engine`` and ``oms`` act with the
    request's credentials; ``loaders`` and ``market_loaders`` batch their reads.
    ``cookies`` is None on WebSockets, where no cookie can be set.
    """

    status_checker: ServiceStatusChecker
    request: Request | WebSocket | None = None
    response: Response | WebSocket | None = None
    credentials: Credentials = field(default_factory=Credentials.anonymous)
    registry_calls: RegistryCalls | None = None
    loaders_: RegistryLoaders | None = None
    ledger_calls: LedgerCalls | None = None
    marketdata_calls: MarketDataCalls | None = None
    market_loaders_: MarketDataLoaders | None = None
    engine_calls: EngineCalls | None = None
    oms_calls: OmsCalls | None = None
    cookies: CookieWriter | None = None
    events: EventFeed | None = None
    # Set by Strawberry from a graphql-transport-ws connection_init payload.
    connection_params: dict[str, Any] | None = None

    @property
    def registry(self) -> RegistryCalls:
        if self.registry_calls is None:
            raise ContextNotWiredError("this context has no registry connection")
        return self.registry_calls

    @property
    def ledger(self) -> LedgerCalls:
        if self.ledger_calls is None:
            raise ContextNotWiredError("this context has no ledger connection")
        return self.ledger_calls

    @property
    def marketdata(self) -> MarketDataCalls:
        if self.marketdata_calls is None:
            raise ContextNotWiredError("this context has no marketdata connection")
        return self.marketdata_calls

    @property
    def engine(self) -> EngineCalls:
        if self.engine_calls is None:
            raise ContextNotWiredError("this context has no engine connection")
        return self.engine_calls

    @property
    def oms(self) -> OmsCalls:
        if self.oms_calls is None:
            raise ContextNotWiredError("this context has no oms connection")
        return self.oms_calls

    @property
    def market_loaders(self) -> MarketDataLoaders:
        if self.market_loaders_ is None:
            self.market_loaders_ = MarketDataLoaders(self.marketdata)
        return self.market_loaders_

    @property
    def loaders(self) -> RegistryLoaders:
        if self.loaders_ is None:
            self.loaders_ = RegistryLoaders(self.registry)
        return self.loaders_

    def act_as(self, bearer: str | None) -> None:
        """Use ``bearer`` for the rest of this request (after sign-in or a WebSocket init)."""
        self.registry_calls = self.registry.with_bearer(bearer)
        if self.ledger_calls is not None:
            self.ledger_calls = self.ledger_calls.with_bearer(bearer)
        if self.marketdata_calls is not None:
            self.marketdata_calls = self.marketdata_calls.with_bearer(bearer)
        if self.engine_calls is not None:
            self.engine_calls = self.engine_calls.with_bearer(bearer)
        if self.oms_calls is not None:
            self.oms_calls = self.oms_calls.with_bearer(bearer)
        self.loaders_ = None
        self.market_loaders_ = None
