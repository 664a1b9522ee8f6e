"""The tenancy gate: may the current caller act on these portfolios? Denials are logged and audited.

:func:`requested_portfolio_ids` finds the portfolios a request names, from its
protobuf descriptor (a ``portfolio_id`` string, a repeated ``portfolio_ids``),
so every portfolio-scoped RPC is gated the day it is added to a proto.
Handlers whose request names a child object instead (a run id, an order id)
call :meth:`PortfolioGate.check` with the portfolio they loaded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from taplatform.auth.denials import AccessDenial, DenialRecorder
from taplatform.auth.principal import (
    PortfolioAuthorizer,
    current_bearer,
    current_method,
    current_principal,
)
from taplatform.errors import (
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)
from taplatform.logging import get_logger

log = get_logger(__name__)

SINGLE_FIELD = "portfolio_id"
MANY_FIELD = "portfolio_ids"
MAX_PORTFOLIO_ID_CHARS = 128
MAX_PORTFOLIO_IDS = 500


@cache
def _portfolio_fields(descriptor: Descriptor) -> tuple[bool, bool]:
    def string_field(name: str, repeated: bool) -> bool:
        field = descriptor.fields_by_name.get(name)
        return (
            field is not None
            and field.type == FieldDescriptor.TYPE_STRING
            and field.is_repeated == repeated
        )

    return string_field(SINGLE_FIELD, False), string_field(MANY_FIELD, True)


def requested_portfolio_ids(request: Any) -> list[str]:
    """The portfolio ids ``request`` names, in order, without repeats.

    A ``portfolio_id`` field must be non-empty; an empty ``portfolio_ids``
    list names none (RPCs read it as "all of the caller's").
    """
    descriptor = getattr(request, "DESCRIPTOR", None)
    if not isinstance(descriptor, Descriptor):
        return []
    has_single, has_many = _portfolio_fields(descriptor)
    ids: list[str] = []
    if has_single:
        ids.append(_valid_id(getattr(request, SINGLE_FIELD), SINGLE_FIELD))
    if has_many:
        many = list(getattr(request, MANY_FIELD))
        if len(many) > MAX_PORTFOLIO_IDS:
            raise InvalidArgumentError.for_field(
                MANY_FIELD, f"at most {MAX_PORTFOLIO_IDS} ids per request"
            )
        ids.extend(_valid_id(value, f"{MANY_FIELD}[{i}]") for i, value in enumerate(many))
    return list(dict.fromkeys(ids))


def _valid_id(value: str, path: str) -> str:
    if not value:
        raise InvalidArgumentError.for_field(path, "required: the portfolio to act on")
    if len(value) > MAX_PORTFOLIO_ID_CHARS:
        raise InvalidArgumentError.for_field(path, f"at most {MAX_PORTFOLIO_ID_CHARS} characters")
    return value


class PortfolioGate:
    """Authorises the current principal for portfolios and records every refusal."""

    def __init__(
        self, authorizer: PortfolioAuthorizer, recorder: DenialRecorder | None = None
    ) -> None:
        self._authorizer = authorizer
        self._recorder = recorder

    async def check(self, portfolio_ids: Sequence[str], *, method: str | None = None) -> None:
        """Return if the caller may act on every one of ``portfolio_ids``; else raise.

        The first refusal in request order is raised (PERMISSION_DENIED or
        NOT_FOUND); every refused id is logged and recorded.
        """
        principal, bearer = current_principal.get(), current_bearer.get()
        if principal is None or bearer is None:
            raise UnauthenticatedError("sign in first", reason="MISSING_BEARER_TOKEN")
        method = method or current_method.get() or "unknown"
        unique = list(dict.fromkeys(portfolio_ids))
        results = await asyncio.gather(
            *(self._authorizer.authorize(principal, bearer, pid) for pid in unique),
            return_exceptions=True,
        )
        first: BaseException | None = None
        for portfolio_id, result in zip(unique, results, strict=True):
            if isinstance(result, PermissionDeniedError | NotFoundError):
                denial = AccessDenial(
                    actor_user_id=principal.user_id,
                    portfolio_id=portfolio_id,
                    method=method,
                    reason=result.reason,
                    token_id=principal.token_id,
                )
                await self._record(denial)
            if isinstance(result, BaseException) and first is None:
                first = result
        if first is not None:
            raise first

    async def _record(self, denial: AccessDenial) -> None:
        log.warning(
            "auth.portfolio_denied",
            method=denial.method,
            user_id=denial.actor_user_id,
            portfolio_id=denial.portfolio_id,
            reason=denial.reason,
        )
        if self._recorder is None:
            return
        try:
            await self._recorder.record(denial)
        except Exception as error:  # the refusal stands even if its record cannot be written
            log.error(
                "auth.denial_not_recorded",
                method=denial.method,
                portfolio_id=denial.portfolio_id,
                error=f"{type(error).__name__}: {error}",
            )
