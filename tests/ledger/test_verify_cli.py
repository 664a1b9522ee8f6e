"""``tradingassistant ledger verify``: consistent books pass, a tampered snapshot is reported."""

from __future__ import annotations

import asyncio
import os
import subprocess

from sqlalchemy import text

from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.reads import verify_portfolio
from services.ledger.handlers.submit import submit_batch
from taplatform.db import create_engine
from tests.ledger.builders import batch, buy, contribution
from tests.support import venv_binary


async def _verify_cli(database_url: str, portfolio: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [venv_binary("tradingassistant"), "ledger", "verify", portfolio],
        env={**os.environ, "TA_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_verify_reports_a_tampered_snapshot(
    deps: LedgerDeps, portfolio: str, migrated_database_url: str
) -> None:
    await submit_batch(deps, batch(portfolio, contribution("100"), buy("VOD.L", "2", "10")))
    clean = await _verify_cli(migrated_database_url, portfolio)
    assert clean.returncode == 0, clean.stderr
    assert f"{portfolio}: consistent (2 entries replayed)" in clean.stdout

    # An operator (superuser) edits a snapshot behind the ledger's back.
    admin = create_engine(migrated_database_url, application_name="ta-tests", pool_size=1)
    async with admin.begin() as connection:
        await connection.execute(
            text("UPDATE ledger.holding_snapshots SET quantity = 3 WHERE portfolio_id = :p"),
            {"p": portfolio},
        )
    await admin.dispose()

    tampered = await _verify_cli(migrated_database_url, portfolio)
    assert tampered.returncode == 1
    assert "holding VOD.L: quantity snapshot='3' replay='2'" in tampered.stdout
    result = await verify_portfolio(deps, portfolio)
    assert [(d.subject, d.field) for d in result.differences] == [("holding VOD.L", "quantity")]
