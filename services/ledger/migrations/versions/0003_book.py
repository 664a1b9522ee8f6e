"""The book: accounts, append-only batches and entries, holding and cash snapshots.

Revision ID: ledger_0003
Revises: ledger_0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from taplatform.migrations import make_append_only

revision = "ledger_0003"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None

S = "ledger"
KINDS = (
    "contribution",
    "withdrawal",
    "fee",
    "interest",
    "dividend",
    "buy",
    "sell",
    "stock_split",
    "reversal",
)


def _at(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("portfolio_id", sa.Text, primary_key=True),
        sa.Column("base_currency", sa.Text, nullable=False),
        sa.Column("allow_negative_cash", sa.Boolean, nullable=False),
        sa.Column("allow_short", sa.Boolean, nullable=False),
        sa.Column("last_entry_sequence", sa.BigInteger, nullable=False),
        sa.Column("last_batch_sequence", sa.BigInteger, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        _at("created_at"),
        _at("updated_at"),
        schema=S,
    )
    op.create_table(
        "batches",
        sa.Column("batch_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("entry_count", sa.Integer, nullable=False),
        sa.Column("actor_user_id", sa.Text),
        _at("posted_at"),
        sa.UniqueConstraint("portfolio_id", "sequence"),
        schema=S,
    )
    _create_entries()
    for name, key, value in (
        ("holding_snapshots", "listing_id", ("quantity", "average_cost")),
        ("cash_snapshots", "currency", ("balance",)),
    ):
        op.create_table(
            name,
            sa.Column("portfolio_id", sa.Text, nullable=False),
            sa.Column(key, sa.Text, nullable=False),
            *(sa.Column(column, sa.Numeric, nullable=False) for column in value),
            sa.Column("last_entry_id", UUID(as_uuid=True), nullable=False),
            sa.Column("last_sequence", sa.BigInteger, nullable=False),
            _at("updated_at"),
            sa.PrimaryKeyConstraint("portfolio_id", key),
            schema=S,
        )
    make_append_only(S, "batches", "ta_ledger")
    make_append_only(S, "entries", "ta_ledger")


def _create_entries() -> None:
    numeric = ("amount", "quantity", "price", "fx_rate", "fees", "split_ratio")
    derived = ("cash_change", "listing_amount", "base_amount")
    op.create_table(
        "entries",
        sa.Column("entry_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column(
            "batch_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.batches.batch_id"), nullable=False
        ),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("entry_date", sa.Date, nullable=False),
        sa.Column("currency", sa.Text),
        sa.Column("listing_id", sa.Text),
        sa.Column("price_currency", sa.Text),
        sa.Column("settlement_date", sa.Date),
        # Unique: an entry is reversed at most once, whatever races the service loses.
        sa.Column(
            "reverses_entry_id",
            UUID(as_uuid=True),
            sa.ForeignKey(f"{S}.entries.entry_id"),
            unique=True,
        ),
        sa.Column("memo", sa.Text, nullable=False),
        *(sa.Column(name, sa.Numeric) for name in numeric + derived),
        sa.Column("cash_currency", sa.Text),
        sa.Column("affects_listing_id", sa.Text),
        _at("posted_at"),
        sa.UniqueConstraint("portfolio_id", "sequence"),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")", name="entries_kind"
        ),
        schema=S,
    )
    op.create_index(
        "entries_listing_history",
        "entries",
        ["portfolio_id", "affects_listing_id", "sequence"],
        schema=S,
        postgresql_where=sa.text("affects_listing_id IS NOT NULL"),
    )
    op.create_index("entries_batch", "entries", ["batch_id", "position"], schema=S)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
