"""Local stand-ins for Stooq and the ECB for the soak run: a new intraday quote on every call.

Quotes are stamped inside one past XLON session (the *anchor*, the last one
closed before the soak started), each call per symbol 5 minutes after the
previous one, wrapping at the close, with a price a fraction of a percent
around that day's sample close (demo/prices, the listing's own units). So
every accelerated tick ingests a new point, the data-quality rules see a
plausible series, and the intraday retention (which thins whole UTC days
older than its period) can thin them: the anchor day is before today.
EOD bars are the sample bars up to the anchor day; FX is the ECB file
recorded in tests/marketdata/data, dated the anchor day.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from services.marketdata.domain.calendars import Session, get_trading_calendar
from services.marketdata.providers.stooq import QUOTE_TZ
from taplatform.cli.demo_data import DEMO_PRICES_DIR, SampleBar, read_sample_prices

ECB_FILE = Path(__file__).resolve().parents[1] / "tests/marketdata/data/ecb_daily.xml"
STEP = timedelta(minutes=5)


def anchor_session(now: datetime, calendar_code: str = "XLON") -> Session:
    """The last session of ``calendar_code`` that closed before ``now``."""
    calendar = get_trading_calendar(calendar_code)
    day = now.astimezone(UTC).date()
    while True:
        if calendar.is_session(day) and calendar.session(day).close <= now:
            return calendar.session(day)
        day -= timedelta(days=1)


@dataclass
class MarketDouble:
    """What the fake Stooq and ECB answer, and how often they were asked."""

    session: Session
    bars: dict[str, list[SampleBar]]
    calls: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def for_demo(cls, session: Session, prices_dir: Path = DEMO_PRICES_DIR) -> MarketDouble:
        bars = {
            path.stem: [
                b for b in read_sample_prices(prices_dir, path.stem) if b.day <= session.day
            ]
            for path in sorted(prices_dir.glob("*.csv"))
        }
        return cls(session, bars)

    def _next_call(self, symbol: str) -> int:
        with self.lock:
            self.calls[symbol] = self.calls.get(symbol, 0) + 1
            return self.calls[symbol]

    def quote(self, symbol: str) -> str:
        """Stooq's ``/q/l/`` answer: a header and one row, time in Central European time."""
        ticker = symbol.split(".")[0].upper()
        history = self.bars.get(ticker)
        if not history:
            return "Symbol,Date,Time,Open,High,Low,Close,Volume\n" + f"{symbol.upper()},N/D,N/D\n"
        n = self._next_call(symbol)
        slots = max(1, int((self.session.close - self.session.open) / STEP))
        stamp = (self.session.open + (n % slots) * STEP).astimezone(QUOTE_TZ)
        close = history[-1].close
        # A slow wobble of at most 0.3 %: far from the jump rule's threshold.
        price = (close * (1 + Decimal(str(round(0.003 * math.sin(n / 3), 6))))).quantize(close)
        day, clock = f"{stamp:%Y-%m-%d}", f"{stamp:%H:%M:%S}"
        row = f"{symbol.upper()},{day},{clock},{close},{price},{price},{price},1000"
        return "Symbol,Date,Time,Open,High,Low,Close,Volume\n" + row + "\n"

    def daily(self, symbol: str, start: date, end: date) -> str:
        """Stooq's ``/q/d/l/`` answer: the sample bars between ``start`` and ``end``."""
        self._next_call(f"eod:{symbol}")
        history = self.bars.get(symbol.split(".")[0].upper())
        if not history:
            return "No data"
        lines = ["Date,Open,High,Low,Close,Volume"]
        for bar in history:
            if start <= bar.day <= end:
                v = bar.values
                lines.append(
                    f"{bar.day},{v['open']},{v['high']},{v['low']},{v['close']},{v['volume']}"
                )
        return "\n".join(lines) + "\n"

    def ecb(self) -> str:
        """The recorded ECB daily file, re-dated to the anchor day."""
        self._next_call("ecb")
        text = ECB_FILE.read_text(encoding="utf-8")
        return text.replace("time='2025-03-05'", f"time='{self.session.day.isoformat()}'")

    def answer(self, url: str) -> tuple[int, str]:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if parts.path == "/q/l/":
            return 200, self.quote(query.get("s", ""))
        if parts.path == "/q/d/l/":
            start = datetime.strptime(query["d1"], "%Y%m%d").date()
            end = datetime.strptime(query["d2"], "%Y%m%d").date()
            return 200, self.daily(query.get("s", ""), start, end)
        if parts.path.startswith("/stats/eurofxref/"):
            return 200, self.ecb()
        return 404, "Not Found"


@contextmanager
def serving(double: MarketDouble) -> Iterator[str]:
    """Serve ``double`` on a free port of 127.0.0.1 for the block; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = double.answer(self.path)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="soak-provider", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
