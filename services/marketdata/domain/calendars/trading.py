"""A trading calendar as plain Python: sessions, open minutes and counting on them.

Built once from an ``exchange_calendars`` schedule and then answered with
``bisect`` over sorted lists, so the data-quality rules stay fast and never
touch pandas per price point. All instants are timezone-aware UTC.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from taplatform.errors import FailedPreconditionError


class CalendarRangeError(FailedPreconditionError):
    """A date outside the span the calendar has data for (e.g. XSTC holidays not yet filed)."""

    reason = "CALENDAR_OUT_OF_RANGE"


@dataclass(frozen=True, slots=True)
class Session:
    """One trading day: open and close, and an optional lunch break, in UTC."""

    day: date
    open: datetime
    close: datetime
    break_start: datetime | None = None
    break_end: datetime | None = None

    def open_intervals(self) -> tuple[tuple[datetime, datetime], ...]:
        """The spans the market trades in this session (two when there is a break)."""
        if self.break_start is None or self.break_end is None:
            return ((self.open, self.close),)
        return ((self.open, self.break_start), (self.break_end, self.close))


class TradingCalendar:
    """Sessions of one exchange between ``first_day`` and ``last_day`` inclusive."""

    def __init__(self, name: str, sessions: Sequence[Session], first_day: date, last_day: date):
        self.name = name
        self.first_day = first_day
        self.last_day = last_day
        self._sessions = tuple(sorted(sessions, key=lambda s: s.day))
        self._days = [s.day for s in self._sessions]
        self._opens = [s.open for s in self._sessions]

    def _check(self, day: date) -> None:
        if not self.first_day <= day <= self.last_day:
            raise CalendarRangeError(
                f"{self.name} calendar covers {self.first_day}..{self.last_day}, not {day}",
                metadata={"calendar": self.name, "day": day.isoformat()},
            )

    def is_session(self, day: date) -> bool:
        """Whether the exchange trades on ``day``."""
        self._check(day)
        index = bisect_left(self._days, day)
        return index < len(self._days) and self._days[index] == day

    def session(self, day: date) -> Session:
        """The session of ``day``; raises ``ValueError`` when the exchange is shut that day."""
        self._check(day)
        index = bisect_left(self._days, day)
        if index == len(self._days) or self._days[index] != day:
            raise ValueError(f"{day} is not a {self.name} session")
        return self._sessions[index]

    def sessions_between(self, start: date, end: date) -> list[date]:
        """Session days with ``start <= day <= end``, in order."""
        self._check(start)
        self._check(end)
        return self._days[bisect_left(self._days, start) : bisect_right(self._days, end)]

    def is_open_at(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside a session's trading hours (not in its break)."""
        moment = moment.astimezone(UTC)
        self._check(moment.date())
        index = bisect_right(self._opens, moment) - 1
        if index < 0:
            return False
        return any(a <= moment < b for a, b in self._sessions[index].open_intervals())

    def completed_sessions_after(self, day: date, as_of: datetime) -> list[date]:
        """Sessions after ``day`` whose close is at or before ``as_of``, in order."""
        as_of = as_of.astimezone(UTC)
        self._check(as_of.date())
        start = bisect_right(self._days, day)
        end = bisect_right(self._opens, as_of)
        return [s.day for s in self._sessions[start:end] if s.close <= as_of]

    def trading_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole minutes the market was open in ``[start, end)``: breaks and nights excluded."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end <= start:
            return 0
        self._check(end.date())
        first = max(0, bisect_right(self._opens, start) - 1)
        last = bisect_right(self._opens, end)
        seconds = 0.0
        for session in self._sessions[first:last]:
            for a, b in session.open_intervals():
                overlap = (min(b, end) - max(a, start)).total_seconds()
                seconds += max(0.0, overlap)
        return int(seconds // 60)
