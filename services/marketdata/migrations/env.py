"""Alembic environment of the marketdata schema."""

from taplatform.migrations import run_env

run_env()
