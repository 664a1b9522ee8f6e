"""Opaque page tokens for keyset paging, and the page-size rule every list RPC shares."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from taplatform.errors import InvalidArgumentError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    """Where a page starts (``after``: the cursor of the previous page's last row) and its size."""

    size: int
    after: Any | None


def page_request(page_size: int, page_token: str) -> Page:
    """Validate a PageRequest; 0 means the default size, above the maximum is clamped."""
    if page_size < 0:
        raise InvalidArgumentError.for_field("page.page_size", "must not be negative")
    size = DEFAULT_PAGE_SIZE if page_size == 0 else min(page_size, MAX_PAGE_SIZE)
    return Page(size=size, after=decode_token(page_token) if page_token else None)


def encode_token(cursor: Any) -> str:
    """An opaque token for a JSON-able cursor."""
    raw = json.dumps({"v": 1, "c": cursor}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> Any:
    """The cursor inside a token made by :func:`encode_token`."""
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or data.get("v") != 1 or "c" not in data:
            raise ValueError("unknown token shape")
        return data["c"]
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgumentError.for_field(
            "page.page_token", "is not a token this service issued"
        ) from None
