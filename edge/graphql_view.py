"""The Strawberry ASGI view at ``/graphql``: per-request context and the local GraphiQL page."""

from __future__ import annotations

from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from edge.auth import CookieWriter, bearer_from_header, is_local_host, read_credentials
from edge.channels import ServiceChannels
from edge.context import EdgeContext
from edge.graphiql import graphiql_page
from edge.notifications import EventFeed
from edge.rpc import (
    EngineCalls,
    LedgerCalls,
    MarketDataCalls,
    OmsCalls,
    RegistryCalls,
    ServiceCalls,
)
from edge.status import ServiceStatusChecker
from edge.webapp import WebDist

C = TypeVar("C", bound=ServiceCalls)


class EdgeGraphQL(GraphQL[EdgeContext, None]):
    """Queries and mutations over HTTP POST, subscriptions over ``graphql-transport-ws`` only.

    GET serves GraphiQL to browsers and never executes a query: a GET must not
    change anything, and refusing GET queries keeps CSRF to one rule (POST).
    """

    def __init__(
        self,
        schema: BaseSchema,
        *,
        status_checker: ServiceStatusChecker,
        dist: WebDist,
        channels: ServiceChannels | None = None,
        rpc_timeout_s: float = 5.0,
        events: EventFeed | None = None,
    ) -> None:
        super().__init__(
            schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allow_queries_via_get=False,
        )
        self._status_checker = status_checker
        self._dist = dist
        self._channels = channels
        self._rpc_timeout_s = rpc_timeout_s
        self._events = events

    def _calls(self, kind: type[C], service: str, bearer: str | None) -> C:
        assert self._channels is not None
        return kind.over(
            self._channels.channel(service), bearer=bearer, timeout_s=self._rpc_timeout_s
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> EdgeContext:
        credentials = read_credentials(request)
        cookies = None
        if isinstance(response, Response):
            cookies = CookieWriter(response, secure=not is_local_host(request))
            if credentials.issue_csrf_cookie:
                cookies.set_csrf()
        registry = ledger = marketdata = engine = oms = None
        if self._channels is not None:
            registry = self._calls(RegistryCalls, "registry", credentials.token)
            ledger = self._calls(LedgerCalls, "ledger", credentials.token)
            marketdata = self._calls(MarketDataCalls, "marketdata", credentials.token)
            engine = self._calls(EngineCalls, "engine", credentials.token)
            oms = self._calls(OmsCalls, "oms", credentials.token)
        return EdgeContext(
            status_checker=self._status_checker,
            request=request,
            response=response,
            credentials=credentials,
            registry_calls=registry,
            ledger_calls=ledger,
            marketdata_calls=marketdata,
            engine_calls=engine,
            oms_calls=oms,
            cookies=cookies,
            events=self._events,
        )

    async def on_ws_connect(self, context: EdgeContext) -> UnsetType | dict[str, Any] | None:
        # Non-browser subscribers authenticate in connection_init: {"authorization": "Bearer …"}.
        params = context.connection_params or {}
        bearer = bearer_from_header(str(params.get("authorization") or ""))
        if bearer is not None and context.registry_calls is not None:
            context.act_as(bearer)
        return await super().on_ws_connect(context)

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page(self._dist)
