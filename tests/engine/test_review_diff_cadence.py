"""Pure pieces of the engine's service layer: policy diffs, review moves, cadence due dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.engine.domain.cadence import cadence_period, is_due, period_run_date
from services.engine.domain.policy import Cadence, Frequency
from services.engine.domain.policy_diff import diff_policies
from services.engine.domain.review import ReviewStatus, check_transition
from taplatform.errors import FailedPreconditionError


def test_diff_keys_lists_by_their_natural_key_and_reports_additions_and_removals() -> None:
    before = {
        "name": "a",
        "wave_triggers": [
            {"sleeve": "equities", "levels": [{"drawdown_pct": "10.5", "release_pct": "25"}]}
        ],
        "sunsets": [{"id": "tilt-1", "kind": "tilt"}],
    }
    after = {
        "name": "a",
        "wave_triggers": [
            {"sleeve": "equities", "levels": [{"drawdown_pct": "10.5", "release_pct": "30"}]}
        ],
        "sunsets": [{"id": "exit-2", "kind": "wind_down"}],
        "reserve": {"amount": "100"},
    }
    changes = [(c.path, c.kind.value, c.before, c.after) for c in diff_policies(before, after)]
    assert changes == [
        ("reserve", "added", None, '{"amount":"100"}'),
        ("sunsets[exit-2]", "added", None, '{"id":"exit-2","kind":"wind_down"}'),
        ("sunsets[tilt-1]", "removed", '{"id":"tilt-1","kind":"tilt"}', None),
        ("wave_triggers[equities].levels[10.5].release_pct", "changed", '"25"', '"30"'),
    ]
    assert diff_policies(before, before) == []


@pytest.mark.parametrize(
    ("current", "target", "applies"),
    [
        (ReviewStatus.PROPOSED, ReviewStatus.APPROVED, True),
        (ReviewStatus.PROPOSED, ReviewStatus.IGNORED, True),
        (ReviewStatus.APPROVED, ReviewStatus.EXECUTED, True),
        (ReviewStatus.APPROVED, ReviewStatus.APPROVED, False),
        (ReviewStatus.EXECUTED, ReviewStatus.EXECUTED, False),
    ],
)
def test_allowed_review_moves(current: ReviewStatus, target: ReviewStatus, applies: bool) -> None:
    assert check_transition(current, target) is applies


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (ReviewStatus.PROPOSED, ReviewStatus.EXECUTED),
        (ReviewStatus.IGNORED, ReviewStatus.APPROVED),
        (ReviewStatus.APPROVED, ReviewStatus.IGNORED),
        (ReviewStatus.BLOCKED, ReviewStatus.APPROVED),
        (ReviewStatus.EXECUTED, ReviewStatus.PROPOSED),
    ],
)
def test_refused_review_moves_name_the_current_status(
    current: ReviewStatus, target: ReviewStatus
) -> None:
    with pytest.raises(FailedPreconditionError) as caught:
        check_transition(current, target)
    assert caught.value.reason == f"RECOMMENDATION_{current.value.upper()}"


def test_a_quarterly_period_runs_on_its_first_months_run_day() -> None:
    quarterly = Cadence(Frequency.QUARTERLY, 15, Decimal(0))
    assert period_run_date(date(2025, 6, 30), quarterly) == date(2025, 4, 15)
    assert cadence_period(date(2025, 6, 30), quarterly) == "2025-Q2"
    assert not is_due(date(2025, 4, 14), quarterly) and is_due(date(2025, 5, 1), quarterly)
    monthly = Cadence(Frequency.MONTHLY, 28, Decimal(0))
    assert not is_due(date(2025, 2, 27), monthly) and is_due(date(2025, 2, 28), monthly)
