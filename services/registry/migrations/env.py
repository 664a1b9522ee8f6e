"""Alembic environment of the registry schema."""

from taplatform.migrations import run_env

run_env()
