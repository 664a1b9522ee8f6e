"""``tradingassistant ledger verify <portfolio_id>``: replay a portfolio, compare its snapshots.

An operator's tool: it reads the database directly (``TA_DATABASE_URL``,
acting as the ledger's role, read-only), so it works while the service is
down. Exit status 0 when consistent, 1 when differences were found.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TextIO

from services.ledger.directory import FakePortfolioDirectory
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.reads import Verification, verify_portfolio
from taplatform.catalog import service
from taplatform.clock import SystemClock
from taplatform.config import MigrateSettings, load_settings
from taplatform.db import create_engine


async def verify(database_url: str, portfolio_id: str) -> Verification:
    """Replay ``portfolio_id`` straight from the database."""
    spec = service("ledger")
    engine = create_engine(
        database_url, application_name="ta-ledger-verify", pool_size=1, role=spec.db_role
    )
    try:
        # Verification never asks the registry; an empty directory documents that.
        deps = LedgerDeps(engine, FakePortfolioDirectory(), SystemClock())
        return await verify_portfolio(deps, portfolio_id)
    finally:
        await engine.dispose()


def report(portfolio_id: str, result: Verification, out: TextIO) -> int:
    """Print the outcome; the exit status is 0 only when consistent."""
    if result.consistent:
        print(f"{portfolio_id}: consistent ({result.entries_replayed} entries replayed)", file=out)
        return 0
    print(f"{portfolio_id}: {len(result.differences)} difference(s):", file=out)
    for d in result.differences:
        print(
            f"  {d.subject}: {d.field} snapshot={d.snapshot_value!r} replay={d.replay_value!r}",
            file=out,
        )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tradingassistant ledger verify")
    parser.add_argument("portfolio_id")
    args = parser.parse_args(argv)
    settings = load_settings(MigrateSettings)
    result = asyncio.run(verify(settings.database_url, args.portfolio_id))
    return report(args.portfolio_id, result, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
