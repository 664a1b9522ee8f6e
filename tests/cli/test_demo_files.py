"""The demo's files: the credentials file (0600) and the committed synthetic sample prices."""

from __future__ import annotations

import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from services.marketdata.domain.calendars import get_trading_calendar
from taplatform.cli import demo_data
from taplatform.cli.demo_credentials import (
    DemoCredentials,
    admin_login,
    read_credentials,
    write_credentials,
)
from tests.support import ROOT


def test_credentials_file_round_trips_and_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "var" / "demo-credentials.txt"
    path.parent.mkdir()
    path.write_text("old, world-readable\n")
    path.chmod(0o644)
    credentials = DemoCredentials("admin@example.com", "ta_token", "generated-secret")

    write_credentials(path, credentials)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_credentials(path) == credentials
    assert "old" not in path.read_text()


def test_a_password_from_the_environment_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "demo-credentials.txt"
    write_credentials(path, DemoCredentials("me@example.com", "ta_token"))

    assert not [line for line in path.read_text().splitlines() if line.startswith("password")]
    assert read_credentials(path) == DemoCredentials("me@example.com", "ta_token", None)


def test_a_missing_or_incomplete_credentials_file_reads_as_none(tmp_path: Path) -> None:
    assert read_credentials(tmp_path / "absent.txt") is None
    incomplete = tmp_path / "incomplete.txt"
    incomplete.write_text("email: admin@example.com\n")
    assert read_credentials(incomplete) is None


def test_the_admin_login_comes_from_the_environment_or_is_generated() -> None:
    chosen = admin_login(
        {"TA_BOOTSTRAP_ADMIN_EMAIL": "me@example.com", "TA_BOOTSTRAP_ADMIN_PASSWORD": "pw-12345678"}
    )
    first, second = admin_login({}), admin_login({})

    assert (chosen.email, chosen.password, chosen.generated) == (
        "me@example.com",
        "pw-12345678",
        False,
    )
    assert first.email == "admin@example.com" and first.generated
    assert len(first.password) >= 20 and first.password != second.password


def test_committed_sample_prices_are_what_the_script_writes() -> None:
    result = subprocess.run(
        [sys.executable, "demo/make_sample_prices.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_prices_cover_every_demo_listing_on_exactly_the_xlon_sessions() -> None:
    calendar = get_trading_calendar("XLON")
    for listing in demo_data.LISTINGS:
        bars = demo_data.read_sample_prices(demo_data.DEMO_PRICES_DIR, listing.ticker)
        days = [bar.day for bar in bars]
        assert days == calendar.sessions_between(days[0], days[-1]), listing.ticker
        for bar in bars:
            low, high = Decimal(bar.values["low"]), Decimal(bar.values["high"])
            assert low <= bar.close <= high and low <= Decimal(bar.values["open"]) <= high


def test_demo_readme_labels_the_prices_as_synthetic_sample_data() -> None:
    readme = (ROOT / "demo" / "README.md").read_text()
    assert "SAMPLE DATA" in readme and "not real market data" in readme
