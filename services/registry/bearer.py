"""Bearer secrets: random session (``tas_``) and API (``tat_``) tokens, stored only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets


def mint(prefix: str) -> tuple[str, str]:
    """A new secret (256 random bits, URL-safe) with ``prefix``, and the hash to store."""
    token = prefix + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """What the database keeps: a leaked table gives no usable tokens. Random 256-bit
    secrets need no salt or slow hash; SHA-256 keeps lookups to one index probe."""
    return hashlib.sha256(token.encode()).hexdigest()
