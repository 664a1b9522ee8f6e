"""Market sessions from ``exchange-calendars``: is the listing's exchange open at an instant?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Protocol

import exchange_calendars as xcals
import pandas as pd

# A fixed span, so answers never depend on the day the process started.
FIRST_DAY = "2015-01-02"
LAST_DAY = "2030-12-31"


class MarketSessions(Protocol):
    def is_open(self, calendar: str, at: datetime) -> bool | None:
        """True/False, or None when the calendar is unknown (the check is then skipped)."""
        ...


@cache
def _calendar(code: str) -> Any:
    return xcals.get_calendar(code, start=FIRST_DAY, end=LAST_DAY)


class ExchangeSessions:
    """Sessions of the exchange-calendars codes (XLON, ...), regular hours, UTC."""

    def is_open(self, calendar: str, at: datetime) -> bool | None:
        if not calendar or calendar not in xcals.get_calendar_names():
            return None
        try:
            return bool(_calendar(calendar).is_open_at_time(pd.Timestamp(at)))
        except ValueError:
            # Outside the calendar's span: we cannot say, so we refuse rather than guess.
            return False


@dataclass
class FixedSessions:
    """A market that is open, closed or unknown as told (tests)."""

    open: bool | None = True

    def is_open(self, calendar: str, at: datetime) -> bool | None:
        return self.open
