"""What every GraphQL resolver may use, built once per request (DataLoaders go here too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from edge.auth import CookieWriter, Credentials
from edge.loaders import RegistryLoaders
from edge.notifications import EventFeed
from edge.rpc import RegistryCalls
from edge.status import ServiceStatusChecker


class ContextNotWiredError(RuntimeError):
    """A resolver needed a part this context was built without (a test's partial context)."""


@dataclass
class EdgeContext:
    """The per-request context; ``request`` is None when a test executes the schema directly.

    ``registry`` acts with the request's credentials; ``loaders`` batch its
    reads. ``cookies`` is None on WebSockets, where no cookie can be set.
    """

    status_checker: ServiceStatusChecker
    request: Request | WebSocket | None = None
    response: Response | WebSocket | None = None
    credentials: Credentials = field(default_factory=Credentials.anonymous)
    registry_calls: RegistryCalls | None = None
    loaders_: RegistryLoaders | None = None
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
    def loaders(self) -> RegistryLoaders:
        if self.loaders_ is None:
            self.loaders_ = RegistryLoaders(self.registry)
        return self.loaders_

    def act_as(self, bearer: str | None) -> None:
        """Use ``bearer`` for the rest of this request (after sign-in or a WebSocket init)."""
        self.registry_calls = self.registry.with_bearer(bearer)
        self.loaders_ = None
