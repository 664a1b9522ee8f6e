"""``tradingassistant seed-demo``: seed the demo portfolio into a running stack, once."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from taplatform.cli.demo import describe, open_stubs, plan_demo, rpc_problem, run_demo
from taplatform.cli.demo_credentials import PASSWORD_ENV
from taplatform.config import ServiceAddresses, load_settings


def print_access(email: str, new_password: str | None, credentials_path: Path, out: TextIO) -> None:
    """The admin's email, and a generated password once (it is also in the credentials file)."""
    print(f"admin: {email}", file=out)
    if new_password is not None:
        print(
            f"password: {new_password}  (generated and shown once; also in {credentials_path}, "
            "mode 0600; change it in the web app)",
            file=out,
        )
    elif PASSWORD_ENV not in os.environ:
        print(f"password: as first printed (also in {credentials_path})", file=out)


async def seed_demo(credentials_path: Path, prices_dir: Path, out: TextIO) -> int:
    """0 when the demo portfolio exists afterwards; 1 when nobody to seed as, or on error."""
    addresses = load_settings(ServiceAddresses)
    today = datetime.now(UTC).date()
    async with open_stubs(addresses) as stubs:
        try:
            plan = await plan_demo(stubs.registry, credentials_path, os.environ, allow_sign_in=True)
            if not plan.seeds:
                print(
                    f"not seeding: {plan.reason}; set TA_BOOTSTRAP_ADMIN_EMAIL and "
                    "TA_BOOTSTRAP_ADMIN_PASSWORD to an existing account to seed for it",
                    file=out,
                )
                return 1
            outcome = await run_demo(stubs, plan, credentials_path, os.environ, prices_dir, today)
        except Exception as error:  # one readable line, whatever went wrong
            print(f"demo seed failed: {rpc_problem(error)}", file=out)
            return 1
    print(describe(outcome.report), file=out)
    print_access(outcome.email, outcome.new_password, credentials_path, out)
    print(
        "scheduled jobs: run the worker with TA_WORKER_API_TOKEN set to a service account's "
        "token (`tradingassistant service-account create --name worker`)",
        file=out,
    )
    return 0


def run_seed_demo(credentials_path: Path, prices_dir: Path, out: TextIO) -> int:
    return asyncio.run(seed_demo(credentials_path, prices_dir, out))
