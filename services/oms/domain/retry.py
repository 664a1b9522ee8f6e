"""The dead-letter retry policy: bounded exponential backoff with full jitter, from an
injected random source, and the life of a dead letter (retrying, dead, resolved, abandoned)."""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass
from datetime import datetime, timedelta


class DeadLetterStatus(enum.Enum):
    RETRYING = "retrying"
    DEAD = "dead"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"


class DeadLetterOperation(enum.Enum):
    SUBMIT = "submit"
    CANCEL = "cancel"
    AMEND = "amend"


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts every broker call, the first one included."""

    max_attempts: int = 5
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0

    def delay(self, attempts_made: int, rng: random.Random) -> timedelta:
        """Wait before attempt ``attempts_made + 1``: uniform in [cap/2, cap] where cap
        doubles per attempt up to ``max_delay_s`` (jitter spreads a burst of retries)."""
        cap = min(self.max_delay_s, self.base_delay_s * (2 ** max(0, attempts_made - 1)))
        return timedelta(seconds=rng.uniform(cap / 2, cap))

    def next_step(
        self, attempts_made: int, now: datetime, rng: random.Random
    ) -> tuple[DeadLetterStatus, datetime | None]:
        """After a failed attempt: retry at a time, or dead once attempts run out."""
        if attempts_made >= self.max_attempts:
            return DeadLetterStatus.DEAD, None
        return DeadLetterStatus.RETRYING, now + self.delay(attempts_made, rng)
