"""Cadence arithmetic: which period a run belongs to and how many scheduled runs remain."""

from __future__ import annotations

from datetime import date

from services.engine.domain.policy import Cadence, Frequency

_QUARTER_START_MONTHS = (1, 4, 7, 10)


def cadence_period(day: date, cadence: Cadence) -> str:
    """The period key a run on ``day`` belongs to: ``2025-06`` (monthly) or ``2025-Q2``."""
    if cadence.frequency is Frequency.MONTHLY:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def scheduled_run_dates(start: date, end: date, cadence: Cadence) -> list[date]:
    """Scheduled run days in ``(start, end]``: ``run_day`` of each month (or quarter's first)."""
    months = range(1, 13) if cadence.frequency is Frequency.MONTHLY else _QUARTER_START_MONTHS
    out: list[date] = []
    for year in range(start.year, end.year + 1):
        for month in months:
            run = date(year, month, cadence.run_day)
            if start < run <= end:
                out.append(run)
    return out


def runs_left(today: date, expires_on: date, cadence: Cadence) -> int:
    """Runs that remain to act by ``expires_on``, counting today's run (so at least 1)."""
    return 1 + len(scheduled_run_dates(today, expires_on, cadence))


def period_run_date(day: date, cadence: Cadence) -> date:
    """The scheduled run day of the period ``day`` is in (a quarter's is in its first month)."""
    if cadence.frequency is Frequency.MONTHLY:
        return date(day.year, day.month, cadence.run_day)
    first_month = _QUARTER_START_MONTHS[(day.month - 1) // 3]
    return date(day.year, first_month, cadence.run_day)


def is_due(day: date, cadence: Cadence) -> bool:
    """Whether the run of ``day``'s period may start: its run day has come."""
    return day >= period_run_date(day, cadence)
