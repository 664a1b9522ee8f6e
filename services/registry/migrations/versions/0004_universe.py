"""Portfolios, instruments, listings, sleeves and constituents.

Revision ID: registry_0004
Revises: registry_0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "registry_0004"
down_revision = "registry_0003"
branch_labels = None
depends_on = None

S = "registry"


def _id(name: str, ref: str | None = None, **kwargs: object) -> sa.Column:  # type: ignore[type-arg]
    args = [sa.ForeignKey(f"{S}.{ref}")] if ref else []
    return sa.Column(name, UUID(as_uuid=False), *args, **kwargs)  # type: ignore[arg-type]


def _common() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("version", sa.BigInteger, sa.CheckConstraint("version >= 1"), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
    ]


def upgrade() -> None:
    op.create_table(
        "portfolios",
        _id("portfolio_id", primary_key=True),
        _id("owner_user_id", "users.user_id", nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("base_currency", sa.Text, nullable=False),
        sa.Column("freeze_reasons", JSONB, nullable=False),
        *_common(),
        schema=S,
    )
    op.create_index("portfolios_owner", "portfolios", ["owner_user_id", "seq"], schema=S)
    op.create_table(
        "instruments",
        _id("instrument_id", primary_key=True),
        sa.Column("isin", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("asset_class", sa.Text, nullable=False),
        _id("created_by_user_id", "users.user_id", nullable=False),
        *_common(),
        schema=S,
    )
    op.create_index(
        "instruments_isin_active",
        "instruments",
        ["isin"],
        unique=True,
        schema=S,
        postgresql_where=sa.text("NOT archived"),
    )
    op.create_table(
        "listings",
        _id("listing_id", primary_key=True),
        _id("instrument_id", "instruments.instrument_id", nullable=False),
        sa.Column("venue_mic", sa.Text, nullable=False),
        sa.Column("ticker", sa.Text, nullable=False),
        sa.Column("quote_currency", sa.Text, nullable=False),
        sa.Column("price_scale", sa.Numeric, sa.CheckConstraint("price_scale > 0"), nullable=False),
        sa.Column("lot_size", sa.Numeric, sa.CheckConstraint("lot_size > 0"), nullable=False),
        sa.Column("tick_size", sa.Numeric, sa.CheckConstraint("tick_size > 0"), nullable=False),
        sa.Column("calendar", sa.Text, nullable=False),
        _id("created_by_user_id", "users.user_id", nullable=False),
        *_common(),
        schema=S,
    )
    # A ticker names one live listing per venue (and so per instrument and venue).
    op.create_index(
        "listings_venue_ticker_active",
        "listings",
        ["venue_mic", "ticker"],
        unique=True,
        schema=S,
        postgresql_where=sa.text("NOT archived"),
    )
    op.create_index("listings_instrument", "listings", ["instrument_id"], schema=S)
    op.create_table(
        "sleeves",
        _id("sleeve_id", primary_key=True),
        _id("portfolio_id", "portfolios.portfolio_id", nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column(
            "target_weight_pct",
            sa.Numeric,
            sa.CheckConstraint("target_weight_pct BETWEEN 0 AND 100"),
            nullable=False,
        ),
        sa.Column("drift_band_abs_pct", sa.Numeric, sa.CheckConstraint("drift_band_abs_pct >= 0")),
        sa.Column("drift_band_rel_pct", sa.Numeric, sa.CheckConstraint("drift_band_rel_pct >= 0")),
        *_common(),
        schema=S,
    )
    op.execute(
        f"CREATE UNIQUE INDEX sleeves_name_active ON {S}.sleeves (portfolio_id, lower(name)) "
        "WHERE NOT archived"
    )
    op.create_table(
        "constituents",
        _id("portfolio_id", "portfolios.portfolio_id", nullable=False),
        _id("listing_id", "listings.listing_id", nullable=False),
        _id("sleeve_id", "sleeves.sleeve_id"),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("version", sa.BigInteger, sa.CheckConstraint("version >= 1"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        # The key makes "a listing is in at most one sleeve of a portfolio" structural.
        sa.PrimaryKeyConstraint("portfolio_id", "listing_id"),
        schema=S,
    )
    op.create_index("constituents_listing", "constituents", ["listing_id"], schema=S)
    op.create_index("constituents_sleeve", "constituents", ["sleeve_id"], schema=S)


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
