"""Orders, their events and fills, trading state, live confirmations, rejects, dead letters.

Revision ID: oms_0003
Revises: oms_0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from taplatform.migrations import make_append_only

revision = "oms_0003"
down_revision = "oms_0002"
branch_labels = None
depends_on = None

S = "oms"
STATES = (
    "new",
    "pending_submit",
    "submitted",
    "partially_filled",
    "filled",
    "cancelled",
    "rejected",
    "expired",
)


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _in(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")", name)


def upgrade() -> None:
    _orders()
    op.create_table(
        "fills",
        sa.Column("fill_id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "order_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.orders.order_id"), nullable=False
        ),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("quantity", sa.Numeric, sa.CheckConstraint("quantity > 0"), nullable=False),
        sa.Column("price", sa.Numeric, nullable=False),
        sa.Column("price_currency", sa.Text, nullable=False),
        sa.Column("fees", sa.Numeric, nullable=False),
        sa.Column("fees_currency", sa.Text, nullable=False),
        sa.Column("fx_rate", sa.Numeric),
        sa.Column("source", sa.Text, nullable=False),
        _at("executed_at"),
        _at("recorded_at"),
        schema=S,
    )
    op.create_index("fills_order", "fills", ["order_id", "executed_at"], schema=S)
    op.create_table(
        "fill_bookings",
        sa.Column(
            "fill_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.fills.fill_id"), primary_key=True
        ),
        sa.Column("batch_id", UUID(as_uuid=True), nullable=False),
        sa.Column("entry_id", UUID(as_uuid=True), nullable=False),
        _at("booked_at"),
        schema=S,
    )
    _trading_states()
    op.create_table(
        "live_confirmations",
        sa.Column("confirmation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("actor_user_id", sa.Text, nullable=False),
        sa.Column("risk_summary", JSONB, nullable=False),
        sa.Column("risk_summary_sha256", sa.Text, nullable=False),
        _at("expires_at"),
        _at("used_at", nullable=True),
        _at("created_at"),
        schema=S,
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("order_key", sa.Text),
        _at("occurred_at"),
        schema=S,
    )
    op.create_index("rejections_recent", "rejections", ["portfolio_id", "occurred_at"], schema=S)
    _dead_letters()
    for table in ("order_events", "fills"):
        make_append_only(S, table, "ta_oms")


def _orders() -> None:
    op.create_table(
        "orders",
        sa.Column("order_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column("order_key", sa.Text, nullable=False),
        sa.Column("request", JSONB, nullable=False),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column("listing_id", sa.Text, nullable=False),
        sa.Column("side", sa.Text, nullable=False),
        sa.Column("quantity", sa.Numeric, nullable=False),
        sa.Column("limit_price", sa.Numeric),
        sa.Column("price_currency", sa.Text, nullable=False),
        sa.Column("base_currency", sa.Text, nullable=False),
        sa.Column("base_per_quote", sa.Numeric, nullable=False),
        sa.Column("broker", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("filled_quantity", sa.Numeric, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("broker_order_id", sa.Text),
        sa.Column("recommendation_id", sa.Text),
        sa.Column("line_id", sa.Text),
        sa.Column("actor_user_id", sa.Text),
        sa.Column("version", sa.BigInteger, nullable=False),
        _at("created_at"),
        _at("updated_at"),
        sa.UniqueConstraint("portfolio_id", "order_key"),
        _in("state", STATES, "orders_state"),
        _in("side", ("buy", "sell"), "orders_side"),
        sa.CheckConstraint("filled_quantity <= quantity", name="orders_not_overfilled"),
        schema=S,
    )
    op.create_index("orders_by_portfolio", "orders", ["portfolio_id", "created_at"], schema=S)
    op.create_table(
        "order_events",
        sa.Column(
            "order_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.orders.order_id"), nullable=False
        ),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("actor_user_id", sa.Text),
        sa.Column("detail", JSONB, nullable=False),
        _at("occurred_at"),
        sa.PrimaryKeyConstraint("order_id", "sequence"),
        schema=S,
    )


def _trading_states() -> None:
    op.create_table(
        "trading_states",
        sa.Column("portfolio_id", sa.Text, primary_key=True),
        sa.Column("mode", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("kill_switch", sa.Boolean, nullable=False),
        sa.Column("kill_switch_reason", sa.Text, nullable=False),
        sa.Column("dry_run_broker", sa.Text, nullable=False),
        sa.Column("max_order_notional", sa.Numeric),
        sa.Column("max_daily_loss", sa.Numeric),
        sa.Column("loss_action", sa.Text, nullable=False),
        sa.Column("session_policy", sa.Text, nullable=False),
        sa.Column("cooldown_rejects", sa.Integer, nullable=False),
        sa.Column("cooldown_window_s", sa.Integer, nullable=False),
        sa.Column("cooldown_s", sa.Integer, nullable=False),
        sa.Column("day_start_value", sa.Numeric),
        sa.Column("day_start_date", sa.Text),
        sa.Column("version", sa.BigInteger, nullable=False),
        _at("updated_at"),
        _in("mode", ("dry_run", "live"), "trading_states_mode"),
        _in("status", ("active", "reducing", "halted"), "trading_states_status"),
        schema=S,
    )


def _dead_letters() -> None:
    op.create_table(
        "dead_letters",
        sa.Column("dead_letter_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("portfolio_id", sa.Text, nullable=False),
        sa.Column(
            "order_id", UUID(as_uuid=True), sa.ForeignKey(f"{S}.orders.order_id"), nullable=False
        ),
        sa.Column("operation", sa.Text, nullable=False),
        sa.Column("broker", sa.Text, nullable=False),
        sa.Column("client_order_id", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("max_attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        _at("next_attempt_at", nullable=True),
        sa.Column("context", JSONB, nullable=False),
        _at("created_at"),
        _at("updated_at"),
        _in("status", ("retrying", "dead", "resolved", "abandoned"), "dead_letters_status"),
        schema=S,
    )
    # At most one open dead letter per order and operation: a second failure of
    # the same call updates it rather than queueing a second retry.
    op.create_index(
        "dead_letters_open",
        "dead_letters",
        ["order_id", "operation"],
        unique=True,
        schema=S,
        postgresql_where=sa.text("status IN ('retrying', 'dead')"),
    )
    op.create_index(
        "dead_letters_due",
        "dead_letters",
        ["next_attempt_at"],
        schema=S,
        postgresql_where=sa.text("status = 'retrying'"),
    )


def downgrade() -> None:
    raise NotImplementedError("schemas are rolled forward; restore a backup to go back")
