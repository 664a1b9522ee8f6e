"""Alembic environment of the oms schema."""

from taplatform.migrations import run_env

run_env()
