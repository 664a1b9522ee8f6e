"""The Strawberry ASGI view at ``/graphql``: per-request context and the local GraphiQL page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from edge.context import EdgeContext
from edge.graphiql import graphiql_page
from edge.status import ServiceStatusChecker
from edge.webapp import WebDist


class EdgeGraphQL(GraphQL[EdgeContext, None]):
    """Queries and mutations over HTTP, subscriptions over ``graphql-transport-ws`` only."""

    def __init__(
        self, schema: BaseSchema, *, status_checker: ServiceStatusChecker, dist: WebDist
    ) -> None:
        super().__init__(schema, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        self._status_checker = status_checker
        self._dist = dist

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> EdgeContext:
        return EdgeContext(status_checker=self._status_checker, request=request, response=response)

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page(self._dist)
