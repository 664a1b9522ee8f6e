"""Alembic environment of the engine schema."""

from taplatform.migrations import run_env

run_env()
