"""Retention never touches the book of record, and the service roles could not even if told to."""

from __future__ import annotations

import importlib
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from taplatform.catalog import SERVICES
from taplatform.db import create_engine
from taplatform.retention import DeleteRule, RetentionConfigError, check_rules
from taplatform.retention_run import service_retention
from tests.retention.conftest import OLD, Db

APPEND_ONLY = {
    "ledger": ("batches", "entries"),
    "registry": ("audit_events",),
    "engine": ("policy_versions", "policy_approvals", "snapshots", "recommendations"),
    "oms": ("order_events", "fills"),
    "marketdata": ("rule_settings_versions", "ingestion_schedule_versions"),
}
TABLES = text(
    "SELECT table_schema || '.' || table_name FROM information_schema.tables"
    " WHERE table_schema = ANY(:schemas) AND table_type = 'BASE TABLE' ORDER BY 1"
)


async def add_book_of_record(db: Db) -> None:
    """Rows older than every period in every table retention must never touch."""
    ids = {name: uuid.uuid4() for name in ("batch", "entry", "policy", "run", "run2", "order")}
    statements = [
        "INSERT INTO ledger.batches (batch_id, portfolio_id, sequence, content_hash, entry_count,"
        " posted_at) VALUES (:batch, 'p1', 1, 'h', 1, :old)",
        "INSERT INTO ledger.entries (entry_id, portfolio_id, batch_id, sequence, position, kind,"
        " entry_date, currency, memo, amount, posted_at)"
        " VALUES (:entry, 'p1', :batch, 1, 0, 'contribution', :day, 'GBP', '', 100, :old)",
        "INSERT INTO registry.audit_events (event_id, service, event_type, aggregate_type,"
        " aggregate_id, occurred_at, recorded_at, payload)"
        " VALUES (:entry, 'ledger', 'BatchPosted', 'batch', 'b', :old, :old, '{}')",
        "INSERT INTO engine.policy_versions (policy_version_id, portfolio_id, version, policy_hash,"
        " name, canonical_json, source_text, source_format, created_at)"
        " VALUES (:policy, 'p1', 1, 'ph', 'n', '{}', '{}', 'json', :old)",
        "INSERT INTO engine.policy_approvals (approval_id, portfolio_id, sequence,"
        " policy_version_id, policy_hash, approved_at)"
        " VALUES (:run2, 'p1', 1, :policy, 'ph', :old)",
        "INSERT INTO engine.snapshots (snapshot_hash, portfolio_id, canonical_json, created_at)"
        " VALUES ('sh', 'p1', '{}', :old)",
        *(
            "INSERT INTO engine.runs (run_id, portfolio_id, trigger, request_id, snapshot_hash,"
            " outcome, line_count, recommendation_hash, blocked_reasons, as_of, created_at,"
            " status, status_version, executed_line_ids)"
            f" VALUES (:{run}, 'p1', 'on_demand', '{run}', 'sh', '{outcome}', 0, 'rh', '{{}}',"
            f" :old, :old, '{status}', 1, '{{}}')"
            for run, outcome, status in (
                ("run", "advice", "executed"),
                ("run2", "blocked", "blocked"),
            )
        ),
        "INSERT INTO engine.recommendations (run_id, portfolio_id, recommendation_hash,"
        " snapshot_hash, canonical_json, created_at) VALUES (:run, 'p1', 'rh', 'sh', '{}', :old)",
        "INSERT INTO oms.orders (order_id, portfolio_id, order_key, request, request_hash,"
        " listing_id, side, quantity, price_currency, base_currency, base_per_quote, broker,"
        " state, filled_quantity, version, created_at, updated_at) VALUES (:order, 'p1', 'k',"
        " '{}', 'h', 'L1', 'buy', 1, 'GBP', 'GBP', 1, 'paper', 'filled', 1, 1, :old, :old)",
        "INSERT INTO oms.order_events (order_id, sequence, event_type, to_state, detail,"
        " occurred_at) VALUES (:order, 1, 'Filled', 'filled', '{}', :old)",
        "INSERT INTO oms.fills (fill_id, order_id, portfolio_id, quantity, price, price_currency,"
        " fees, fees_currency, source, executed_at, recorded_at)"
        " VALUES (:entry, :order, 'p1', 1, 10, 'GBP', 0, 'GBP', 'paper', :old, :old)",
        "INSERT INTO marketdata.fx_rates (as_of, base_currency, quote_currency, rate, source,"
        " ingested_at) VALUES (:day, 'GBP', 'EUR', 1.17, 'ecb', :old)",
        "INSERT INTO marketdata.price_points (listing_id, observed_at, kind, source, price,"
        " currency, scale, ingested_at) VALUES ('L1', :old, 'eod', 'stooq', 10, 'GBP', 1, :old)",
    ]
    async with db.admin.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement), {**ids, "old": OLD, "day": OLD.date()})


async def table_digests(db: Db) -> dict[str, str]:
    """Every table of every service schema: its row count and an MD5 of its sorted rows."""
    digests = {}
    async with db.admin.connect() as connection:
        tables = await connection.execute(TABLES, {"schemas": [s.schema for s in SERVICES]})
        for table in list(tables.scalars()):
            digests[table] = str(
                (
                    await connection.execute(
                        text(
                            f"SELECT count(*) || ':' || md5(coalesce("
                            f"string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
                        )
                    )
                ).scalar()
            )
    return digests


async def test_retention_never_touches_protected_tables_even_with_rows_past_every_period(
    db: Db,
) -> None:
    await add_book_of_record(db)
    before = await table_digests(db)

    report = await db.retention()

    after = await table_digests(db)
    assert not report.errors
    assert after == before
    for schema, tables in APPEND_ONLY.items():
        for table in tables:
            if table not in ("rule_settings_versions", "ingestion_schedule_versions"):
                assert before[f"{schema}.{table}"].startswith("1:"), table


@pytest.mark.parametrize(
    "statement", ["DELETE FROM {t}", "UPDATE {t} SET {c} = {c}", "TRUNCATE {t}"]
)
async def test_service_roles_cannot_change_their_append_only_tables(db: Db, statement: str) -> None:
    for spec in SERVICES:
        engine = create_engine(db.url, application_name="ta-tests", pool_size=1, role=spec.db_role)
        try:
            for table in APPEND_ONLY[spec.name]:
                async with engine.connect() as connection:
                    column = await connection.scalar(
                        text(
                            "SELECT column_name FROM information_schema.columns"
                            " WHERE table_schema = :s AND table_name = :t AND is_identity = 'NO'"
                            " ORDER BY ordinal_position"
                            " LIMIT 1"
                        ),
                        {"s": spec.schema, "t": table},
                    )
                    sql = statement.format(t=f"{spec.schema}.{table}", c=column)
                    with pytest.raises(DBAPIError, match="permission denied"):
                        await connection.execute(text(sql))
        finally:
            await engine.dispose()


async def test_every_table_a_service_role_cannot_delete_from_is_declared_protected(db: Db) -> None:
    declared = {r.spec.name: r.protected for r in service_retention()}
    async with db.admin.connect() as connection:
        for spec in SERVICES:
            found = await connection.execute(
                text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"
                    " AND NOT has_table_privilege(:role, table_schema || '.' || table_name,"
                    " 'DELETE')"
                ),
                {"s": spec.schema, "role": spec.db_role},
            )
            undeletable = set(found.scalars()) - {"alembic_version"}
            assert undeletable >= set(APPEND_ONLY[spec.name]), spec.name
            assert undeletable <= declared[spec.name], spec.name


def test_a_rule_that_names_a_protected_table_is_refused_before_anything_runs() -> None:
    ledger = importlib.import_module("services.ledger.retention")
    wrong = DeleteRule(name="old entries", table="entries", condition="true", period="outbox")

    with pytest.raises(RetentionConfigError, match="'old entries' targets protected table entries"):
        check_rules("ledger", (wrong,), ledger.PROTECTED_TABLES)
    with pytest.raises(RetentionConfigError, match="unknown period 'forever'"):
        check_rules("ledger", (DeleteRule("x", "outbox", "true", "forever"),), frozenset())
