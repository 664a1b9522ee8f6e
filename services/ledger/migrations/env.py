"""Alembic environment of the ledger schema."""

from taplatform.migrations import run_env

run_env()
