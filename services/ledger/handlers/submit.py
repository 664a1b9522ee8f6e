"""SubmitBatch: post a batch atomically, once, with its snapshots and events.

Idempotency is ledger-native rather than :class:`taplatform.idempotency.IdempotencyStore`:
batch and entry ids are primary keys kept forever (idempotency keys expire),
and a resubmit is compared with the stored rows themselves, so the answer can
name the differing field of the very entry (``EXISTS_WITH_DIFFERENT_AMOUNT``)
for a batch id or for an entry id reused in another batch.

Concurrency: every batch of a portfolio takes that portfolio's ``accounts``
row ``FOR UPDATE`` first, so batches of one portfolio apply one at a time
(and a concurrent identical submit finds the first one posted) while other
portfolios go on in parallel. READ COMMITTED suffices under that lock; a
unique violation (the same new id raced in by another portfolio) or a
serialization failure re-runs the transaction, a bounded number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from services.ledger import repository as repo
from services.ledger import writes
from services.ledger.domain.book import Book, book_from_snapshots
from services.ledger.domain.content import (
    batch_content,
    content_hash,
    entry_content,
    exists_with_difference,
)
from services.ledger.domain.model import (
    HOLDING_KINDS,
    AccountPolicy,
    BatchRequest,
    Entry,
    EntryKind,
    PostedBatch,
)
from services.ledger.domain.posting import PostingContext, post_batch, with_defaults
from services.ledger.handlers import LedgerDeps
from services.ledger.handlers.audit import record_batch_posted
from taplatform.auth.principal import current_principal
from taplatform.errors import AlreadyExistsError, ConcurrencyError

MAX_ATTEMPTS = 4
# unique_violation, serialization_failure, deadlock_detected
RETRYABLE_SQLSTATES = frozenset({"23505", "40001", "40P01"})


@dataclass(frozen=True)
class SubmitResult:
    batch: PostedBatch
    # False when the same batch was posted before (TigerBeetle's ``exists``).
    created: bool


def _sqlstate(error: DBAPIError) -> str | None:
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return code if isinstance(code, str) else None


async def submit_batch(deps: LedgerDeps, request: BatchRequest) -> SubmitResult:
    """Post ``request`` or return its first result; refuse a reused id with other content."""
    principal = current_principal.get()
    actor = principal.user_id if principal else None
    constituents = None
    if any(e.kind is EntryKind.BUY for e in request.entries):
        constituents = await deps.directory.listing_ids(request.portfolio_id)
    # Known only when the ledger has no account yet: then the registry is asked
    # (outside any transaction) and the next attempt creates the account.
    new_policy: AccountPolicy | None = None
    for attempt in range(1, MAX_ATTEMPTS + 2):
        try:
            async with deps.engine.begin() as connection:
                if new_policy is not None:
                    await repo.create_account(connection, new_policy, deps.clock.now())
                account = await repo.get_account(connection, request.portfolio_id, lock=True)
                if account is not None:
                    return await _submit(connection, deps, request, account, constituents, actor)
        except DBAPIError as error:
            if _sqlstate(error) not in RETRYABLE_SQLSTATES:
                raise
            if attempt >= MAX_ATTEMPTS:
                raise ConcurrencyError(
                    f"batch {request.batch_id} lost {attempt} races; submit it again"
                ) from error
            continue
        new_policy = await account_policy(deps, request.portfolio_id)
    raise ConcurrencyError(f"the ledger account of {request.portfolio_id} could not be created")


async def account_policy(deps: LedgerDeps, portfolio_id: str) -> AccountPolicy:
    """The stored policy, or a new one from the registry's portfolio (not yet stored)."""
    async with deps.engine.connect() as connection:
        account = await repo.get_account(connection, portfolio_id)
    if account is not None:
        return account.policy
    portfolio = await deps.directory.get_portfolio(portfolio_id)
    return AccountPolicy(portfolio_id, portfolio.base_currency)


async def _submit(
    connection: AsyncConnection,
    deps: LedgerDeps,
    request: BatchRequest,
    account: repo.Account,
    constituents: frozenset[str] | None,
    actor: str | None,
) -> SubmitResult:
    portfolio_id = request.portfolio_id
    base_currency = account.policy.base_currency
    entries = tuple(with_defaults(e, base_currency) for e in request.entries)
    content = batch_content(portfolio_id, entries)
    digest = content_hash(content)
    existing = await repo.get_batch(connection, request.batch_id)
    if existing is not None:
        return SubmitResult(await _replay_existing(connection, existing, content, digest), False)
    await _refuse_reused_entry_ids(connection, portfolio_id, entries)
    book = await _load_book(connection, portfolio_id, entries)
    now = deps.clock.now()
    context = PostingContext(
        policy=account.policy,
        batch_id=request.batch_id,
        posted_at=now,
        today=now.astimezone(UTC).date(),
        constituents=constituents,
        last_sequence=account.last_entry_sequence,
    )
    posting = post_batch(book, entries, context)
    record = repo.BatchRecord(
        request.batch_id, portfolio_id, account.last_batch_sequence + 1, digest, actor, now
    )
    await writes.insert_batch(connection, record, posting.entries)
    await writes.save_snapshots(
        connection, portfolio_id, posting.cash_after.values(), posting.holdings_after.values(), now
    )
    batch = PostedBatch(
        record.batch_id, portfolio_id, record.sequence, now, actor, tuple(posting.entries)
    )
    await record_batch_posted(connection, batch, posting)
    return SubmitResult(batch, True)


async def _replay_existing(
    connection: AsyncConnection,
    existing: repo.BatchRecord,
    content: dict[str, Any],
    digest: str,
) -> PostedBatch:
    entries = await repo.batch_entries(connection, existing.batch_id)
    if existing.content_hash != digest:
        stored = batch_content(existing.portfolio_id, [p.entry for p in entries])
        refusal = exists_with_difference(f"batch {existing.batch_id}", stored, content)
        if refusal is not None:
            raise refusal
    return PostedBatch(
        existing.batch_id,
        existing.portfolio_id,
        existing.sequence,
        existing.posted_at,
        existing.actor_user_id,
        tuple(entries),
    )


async def _refuse_reused_entry_ids(
    connection: AsyncConnection, portfolio_id: str, entries: tuple[Entry, ...]
) -> None:
    stored = await repo.entries_by_id(connection, [e.entry_id for e in entries])
    if not stored:
        return
    index = {e.entry_id: i for i, e in enumerate(entries)}
    owner, posted = min(stored, key=lambda found: index[found[1].entry.entry_id])
    position = index[posted.entry.entry_id]
    given = entries[position]
    refusal = exists_with_difference(
        f"entries[{position}]: entry {given.entry_id}",
        {"portfolio_id": owner, **entry_content(posted.entry)},
        {"portfolio_id": portfolio_id, **entry_content(given)},
    ) or AlreadyExistsError(
        f"entries[{position}]: entry {given.entry_id} was posted in batch {posted.batch_id}",
        reason="EXISTS_WITH_DIFFERENT_BATCH_ID",
        metadata={"fields": "batch_id"},
    )
    refusal.metadata["field"] = f"entries[{position}].entry_id"
    raise refusal


async def _load_book(
    connection: AsyncConnection, portfolio_id: str, entries: tuple[Entry, ...]
) -> Book:
    """The part of the book this batch can touch: snapshots, reversal targets, histories."""
    own = {e.entry_id: e for e in entries}
    target_ids = {
        e.reverses_entry_id
        for e in entries
        if e.reverses_entry_id is not None and e.reverses_entry_id not in own
    }
    found = await repo.entries_by_id(connection, target_ids)
    # Another portfolio's entry is as good as absent: the rule reports it not found.
    known = {p.entry.entry_id: p.entry for owner, p in found if owner == portfolio_id}
    reversed_ids = await repo.reversed_among(connection, known)
    targets = {**known, **own}
    reversed_targets = [
        targets[e.reverses_entry_id] for e in entries if e.reverses_entry_id in targets
    ]
    history_listings = {
        t.listing_id for t in reversed_targets if t.kind in HOLDING_KINDS and t.listing_id
    }
    subjects = [*entries, *reversed_targets]
    currencies = {e.currency for e in subjects if e.currency}
    listings = {e.listing_id for e in subjects if e.listing_id}
    return book_from_snapshots(
        await repo.cash_snapshots(connection, portfolio_id, currencies),
        await repo.holding_snapshots(connection, portfolio_id, listings),
        known,
        reversed_ids,
        await repo.listing_histories(connection, portfolio_id, history_listings),
    )
