"""The ledger's per-portfolio settings: may cash go negative, may a holding go short."""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.ledger import repository as repo
from services.ledger.domain.model import AccountPolicy
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.audit import record_account_updated
from services.ledger.handlers.submit import account_policy
from taplatform.auth.principal import current_principal
from taplatform.errors import ConcurrencyError


@dataclass(frozen=True)
class AccountView:
    """The settings and counters; ``version`` counts setting changes (0: never changed)."""

    policy: AccountPolicy
    entry_count: int
    batch_count: int
    version: int


async def get_account(deps: LedgerDeps, portfolio_id: str) -> AccountView:
    """The account, or the defaults a first batch would create (base currency from the registry)."""
    async with deps.engine.connect() as connection:
        account = await repo.get_account(connection, portfolio_id)
    if account is None:
        return AccountView(await account_policy(deps, portfolio_id), 0, 0, 0)
    return _view(account)


def _view(account: repo.Account) -> AccountView:
    return AccountView(
        account.policy, account.last_entry_sequence, account.last_batch_sequence, account.version
    )


def _flags(policy: AccountPolicy) -> dict[str, bool]:
    return {"allow_negative_cash": policy.allow_negative_cash, "allow_short": policy.allow_short}


async def update_account(
    deps: LedgerDeps,
    portfolio_id: str,
    *,
    version: int,
    allow_negative_cash: bool,
    allow_short: bool,
) -> AccountView:
    """Change the flags if ``version`` is the one read (0: none stored yet); else ABORTED."""
    principal = current_principal.get()
    defaults = await account_policy(deps, portfolio_id)
    now = deps.clock.now()
    async with deps.engine.begin() as connection:
        await repo.create_account(connection, defaults, now)
        account = await repo.get_account(connection, portfolio_id, lock=True)
        assert account is not None, "created above in this transaction"
        if version != account.version:
            raise ConcurrencyError(
                f"account of {portfolio_id} is at version {account.version}, not {version}; "
                "read it again"
            )
        policy = replace(
            account.policy, allow_negative_cash=allow_negative_cash, allow_short=allow_short
        )
        await repo.update_account(connection, account, policy, now)
        await record_account_updated(
            connection,
            portfolio_id=portfolio_id,
            actor_user_id=principal.user_id if principal else None,
            version=account.version + 1,
            before=_flags(account.policy),
            after=_flags(policy),
            at=now,
        )
        updated = await repo.get_account(connection, portfolio_id)
    assert updated is not None
    return _view(updated)
