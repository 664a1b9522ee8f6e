"""The event envelope written to an outbox and published on a Redis stream."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Event:
    """A past-tense fact (``BatchPosted``) about one aggregate.

    ``event_id`` is the consumers' deduplication key: delivery is at least
    once, so a consumer records ids it has processed (see :mod:`taplatform.inbox`).
    ``headers`` carry the W3C ``traceparent`` and the originating user.
    """

    event_id: uuid.UUID
    event_type: str
    aggregate_type: str
    aggregate_id: str
    payload: Mapping[str, Any]
    occurred_at: datetime
    headers: Mapping[str, str] = field(default_factory=dict)

    def to_stream_fields(self) -> dict[str, str]:
        """Flat string fields for ``XADD``."""
        return {
            "event_id": str(self.event_id),
            "event_type": self.event_type,
            "aggregate_type": self.aggregate_type,
            "aggregate_id": self.aggregate_id,
            "payload": json.dumps(self.payload, sort_keys=True, separators=(",", ":")),
            "headers": json.dumps(dict(self.headers), sort_keys=True, separators=(",", ":")),
            "occurred_at": self.occurred_at.isoformat(),
        }

    @classmethod
    def from_stream_fields(cls, fields: Mapping[str | bytes, str | bytes]) -> Event:
        """Parse what :meth:`to_stream_fields` wrote (bytes or str keys and values)."""
        text = {
            (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
            for k, v in fields.items()
        }
        return cls(
            event_id=uuid.UUID(text["event_id"]),
            event_type=text["event_type"],
            aggregate_type=text["aggregate_type"],
            aggregate_id=text["aggregate_id"],
            payload=json.loads(text["payload"]),
            occurred_at=datetime.fromisoformat(text["occurred_at"]),
            headers=json.loads(text["headers"]),
        )


def stream_name(service_name: str) -> str:
    """The Redis stream a service's events are published on."""
    return f"ta:events:{service_name}"
