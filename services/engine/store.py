"""Tables of the engine schema; only this service reads or writes them."""

from __future__ import annotations

from sqlalchemy import MetaData

from taplatform.tables import platform_tables

SCHEMA = "engine"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)
