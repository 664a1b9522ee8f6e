"""Tables of the oms schema; only this service reads or writes them."""

from __future__ import annotations

from sqlalchemy import MetaData

from taplatform.tables import platform_tables

SCHEMA = "oms"

metadata = MetaData(schema=SCHEMA)
platform = platform_tables(metadata)
