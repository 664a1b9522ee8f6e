"""Ingestion task runs: what one refresh or import did, counted, with its outcome."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# An error summary longer than this is cut (the full errors are in the logs).
MAX_ERROR_SUMMARY = 2000


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class RunCounts:
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def __add__(self, other: RunCounts) -> RunCounts:
        return RunCounts(
            self.fetched + other.fetched,
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.rejected + other.rejected,
        )


@dataclass(frozen=True)
class TaskRun:
    task_run_id: str
    task: str
    trigger: str
    source: str
    status: RunStatus
    started_at: datetime
    listing_ids: tuple[str, ...] = ()
    request_id: str | None = None
    finished_at: datetime | None = None
    counts: RunCounts = field(default_factory=RunCounts)
    error_summary: str = ""

    def to_audit(self) -> dict[str, Any]:
        return {
            "task_run_id": self.task_run_id,
            "task": self.task,
            "trigger": self.trigger,
            "source": self.source,
            "status": self.status.value,
            "fetched": self.counts.fetched,
            "inserted": self.counts.inserted,
            "updated": self.counts.updated,
            "unchanged": self.counts.unchanged,
            "rejected": self.counts.rejected,
            "error_summary": self.error_summary,
        }


def outcome(
    failures: Sequence[str], attempted: int, notes: Sequence[str] = ()
) -> tuple[RunStatus, str]:
    """The run's status and error summary.

    FAILED when every attempted unit (listing, file, provider call) failed;
    PARTIAL when some did, or when rows were rejected (``notes``); else SUCCEEDED.
    """
    summary = "; ".join([*failures, *notes])
    if len(summary) > MAX_ERROR_SUMMARY:
        summary = summary[: MAX_ERROR_SUMMARY - 1] + "…"
    if attempted and len(failures) >= attempted:
        return RunStatus.FAILED, summary
    if failures or notes:
        return RunStatus.PARTIAL, summary
    return RunStatus.SUCCEEDED, ""
