"""The ``authorization: Bearer <token>`` metadata: reading it, writing it, and hashing tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from taplatform.errors import UnauthenticatedError

AUTHORIZATION = "authorization"
SCHEME = "bearer"
# Session and API tokens are a few dozen characters; anything this long is
# not one of ours and is refused before it reaches a cache or the registry.
MAX_TOKEN_CHARS = 512


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    """Call metadata that presents ``token``, for ``metadata=`` on a stub call."""
    return ((AUTHORIZATION, f"Bearer {token}"),)


def find_authorization(metadata: Iterable[Any] | None) -> str | None:
    """The first ``authorization`` value in call metadata, or None."""
    for key, value in metadata or ():
        if key.lower() == AUTHORIZATION:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


def parse_bearer(header: str | None) -> str:
    """The token in an ``authorization`` header; UnauthenticatedError when absent or malformed.

    Messages never echo the header: it may be a valid secret sent the wrong way.
    """
    if header is None:
        raise UnauthenticatedError(
            "missing credentials: send 'authorization: Bearer <token>'",
            reason="MISSING_BEARER_TOKEN",
        )
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != SCHEME or not token or " " in token:
        raise UnauthenticatedError(
            "malformed authorization header: expected 'Bearer <token>'",
            reason="MALFORMED_AUTHORIZATION",
        )
    if len(token) > MAX_TOKEN_CHARS:
        raise UnauthenticatedError("invalid or expired token", reason="INVALID_TOKEN")
    return token


def token_hash(token: str) -> str:
    """SHA-256 hex of a token: what caches key on, so no cache holds a secret."""
    return hashlib.sha256(token.encode()).hexdigest()
