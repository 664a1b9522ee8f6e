"""Schema extensions that refuse operations before any resolver runs: CSRF and size limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types.graphql import OperationType

from edge.auth import CSRF_COOKIE, CSRF_HEADER

# Deep enough for portfolios → sleeves → constituents → listing → instrument → field.
MAX_QUERY_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 5_000

CSRF_MESSAGE = (
    f"CSRF check failed: send the {CSRF_COOKIE} cookie's value in the "
    f"{CSRF_HEADER.upper()} header, or authenticate with Authorization: Bearer"
)


class CsrfGuard(SchemaExtension):
    """Refuses a mutation that presents neither a bearer token nor a matching CSRF header.

    See :mod:`edge.auth` for the rule. The HTTP status is set to 403 so a
    refused mutation never looks like a success to a careless client.
    """

    def on_execute(self) -> Iterator[None]:
        context: Any = self.execution_context.context
        is_mutation = self.execution_context.operation_type is OperationType.MUTATION
        credentials = getattr(context, "credentials", None)
        if is_mutation and credentials is not None and not credentials.csrf_ok:
            error = GraphQLError(CSRF_MESSAGE, extensions={"code": "CSRF"})
            # A result set before execution makes Strawberry skip executing.
            self.execution_context.result = ExecutionResult(data=None, errors=[error])
            response = getattr(context, "response", None)
            if response is not None and hasattr(response, "status_code"):
                response.status_code = 403
        yield


def limits() -> list[Callable[[], SchemaExtension]]:
    """Depth, alias and token limits against queries built to exhaust the services.

    Factories, not instances: Strawberry builds each extension per operation.
    """
    return [
        partial(QueryDepthLimiter, max_depth=MAX_QUERY_DEPTH),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
    ]
