"""Tables of the marketdata schema; only this service reads or writes them."""

from __future__ import annotations

from sqlalchemy import MetaData

from taplatform.tables import platform_tables

SCHEMA = "marketdata"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)
