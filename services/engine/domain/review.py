"""The review lifecycle of a recommendation: proposed → approved | ignored; approved → executed."""

from __future__ import annotations

from enum import StrEnum

from taplatform.errors import FailedPreconditionError


class ReviewStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    IGNORED = "ignored"
    EXECUTED = "executed"
    # A blocked run's recommendation has no lines: there is nothing to decide.
    BLOCKED = "blocked"


_ALLOWED: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    ReviewStatus.PROPOSED: frozenset({ReviewStatus.APPROVED, ReviewStatus.IGNORED}),
    ReviewStatus.APPROVED: frozenset({ReviewStatus.EXECUTED}),
    ReviewStatus.IGNORED: frozenset(),
    ReviewStatus.EXECUTED: frozenset(),
    ReviewStatus.BLOCKED: frozenset(),
}


def check_transition(current: ReviewStatus, target: ReviewStatus) -> bool:
    """True to apply ``current → target``; False when already there (an idempotent repeat).

    Any other move raises FailedPreconditionError naming both states.
    """
    if current is target:
        return False
    if target not in _ALLOWED[current]:
        raise FailedPreconditionError(
            f"a {current.value} recommendation cannot become {target.value}",
            reason=f"RECOMMENDATION_{current.value.upper()}",
            metadata={"status": current.value, "requested": target.value},
        )
    return True
