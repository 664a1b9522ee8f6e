"""Who a request acts for (session cookie or bearer token) and the CSRF rule for cookie callers.

CSRF protection is a double submit: the edge gives every browser a random
``ta_csrf`` cookie (readable by the page, ``SameSite=Strict``) and a mutation
is executed only when the request carries ``Authorization: Bearer`` (which a
browser never attaches on its own) or an ``X-TA-CSRF`` header equal to that
cookie. Another site can make a browser send our cookies, but it can neither
read the cookie nor set the header, so its forged mutations are refused.
The rule covers unauthenticated mutations too (sign-in), against login CSRF.
Subscriptions ride a WebSocket whose handshake Strawberry refuses from another
origin, so cookies cannot be used from a foreign page there either.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from starlette.requests import HTTPConnection
from starlette.responses import Response

SESSION_COOKIE = "ta_session"
CSRF_COOKIE = "ta_csrf"
CSRF_HEADER = "x-ta-csrf"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

CredentialSource = Literal["cookie", "bearer", "none"]


@dataclass(frozen=True)
class Credentials:
    """The token a request presented and how; ``csrf_ok`` says whether it may mutate."""

    token: str | None
    source: CredentialSource
    csrf_ok: bool
    # True when the browser has no CSRF cookie yet and this response must set one.
    issue_csrf_cookie: bool = False

    @classmethod
    def anonymous(cls) -> Credentials:
        return cls(token=None, source="none", csrf_ok=True)


def bearer_from_header(value: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def read_credentials(connection: HTTPConnection) -> Credentials:
    """The request's credentials: a bearer header wins over the session cookie."""
    csrf_cookie = connection.cookies.get(CSRF_COOKIE)
    if bearer := bearer_from_header(connection.headers.get("authorization")):
        return Credentials(token=bearer, source="bearer", csrf_ok=True)
    header = connection.headers.get(CSRF_HEADER)
    csrf_ok = bool(csrf_cookie and header and hmac.compare_digest(csrf_cookie, header))
    session = connection.cookies.get(SESSION_COOKIE) or None
    return Credentials(
        token=session,
        source="cookie" if session else "none",
        csrf_ok=csrf_ok,
        issue_csrf_cookie=not csrf_cookie,
    )


def is_local_host(connection: HTTPConnection) -> bool:
    """Plain-HTTP development hosts, where a ``Secure`` cookie would never be sent back."""
    return (connection.url.hostname or "") in _LOCAL_HOSTS


class CookieWriter:
    """Sets and clears the edge's cookies on one HTTP response."""

    def __init__(self, response: Response, *, secure: bool) -> None:
        self._response = response
        self._secure = secure

    def set_session(self, token: str, expires_at: datetime | None) -> None:
        self._response.set_cookie(
            SESSION_COOKIE,
            token,
            expires=expires_at,
            path="/",
            httponly=True,
            samesite="strict",
            secure=self._secure,
        )

    def clear_session(self) -> None:
        self._response.delete_cookie(
            SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=self._secure
        )

    def set_csrf(self) -> None:
        # Readable by the page on purpose: it copies the value into X-TA-CSRF.
        self._response.set_cookie(
            CSRF_COOKIE,
            secrets.token_urlsafe(32),
            path="/",
            httponly=False,
            samesite="strict",
            secure=self._secure,
        )
