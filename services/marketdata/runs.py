"""Use cases that are task runs: refresh prices, refresh FX, import a CSV file.

Each claims a run by its request id first (a retried request, or an arq job
running twice, gets the first run back), does its work listing by listing so
one bad listing does not stop the rest, and finishes the run with counts,
status and an error summary.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from services.marketdata import events
from services.marketdata import repository as repo
from services.marketdata import task_run_repository as runs_repo
from services.marketdata.domain.csv_import import CsvFileOptions, CsvParseResult
from services.marketdata.domain.prices import ListingInfo, PriceKind, PricePoint
from services.marketdata.domain.task_runs import RunCounts, RunStatus, TaskRun, outcome
from services.marketdata.ingestion import PriceIngestion
from services.marketdata.providers.base import Provider, ProviderError
from services.marketdata.providers.csv_file import parse_upload
from services.marketdata.registry_port import ListingDirectory
from services.marketdata.schedules import SchedulePlanner
from taplatform.clock import Clock
from taplatform.errors import AlreadyExistsError, InvalidArgumentError
from taplatform.logging import get_logger

EOD_LOOKBACK = timedelta(days=14)
TRIGGERS = ("manual", "scheduled")
log = get_logger(__name__)
FX_OFF = "skipped: every portfolio turned scheduled FX off"


@dataclass(frozen=True)
class RunRequest:
    request_id: str
    task: str
    trigger: str
    source: str
    listing_ids: tuple[str, ...] = ()


class TaskRunner:
    """Runs ingestion tasks and records them."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        new_id: Callable[[], uuid.UUID],
        listings: ListingDirectory,
        ingestion: PriceIngestion,
        price_provider: Provider,
        fx_provider: Provider,
        planner: SchedulePlanner,
        fx_history_provider: Provider | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._new_id = new_id
        self._listings = listings
        self._ingestion = ingestion
        self._price_provider = price_provider
        self._fx_provider = fx_provider
        # The ECB's 90-day file: a back-fill after an outage or on a new install.
        self._fx_history_provider = fx_history_provider or fx_provider
        self._planner = planner

    async def _claim(self, request: RunRequest, actor: str) -> tuple[TaskRun, bool]:
        if not request.request_id.strip():
            raise InvalidArgumentError.for_field("request_id", "must not be empty")
        if request.trigger not in TRIGGERS:
            raise InvalidArgumentError.for_field("trigger", f"must be one of {', '.join(TRIGGERS)}")
        run = TaskRun(
            str(self._new_id()),
            request.task,
            request.trigger,
            request.source,
            RunStatus.RUNNING,
            self._clock.now(),
            request.listing_ids,
            request.request_id,
        )
        async with self._engine.begin() as connection:
            claimed, is_new = await runs_repo.claim_run(connection, run, actor)
            if is_new:
                await events.record(
                    connection,
                    self._new_id,
                    run.started_at,
                    "TaskRunStarted",
                    ("task_run", run.task_run_id),
                    actor,
                    None,
                    run.to_audit(),
                )
        # A run for "every monitored listing" records the listings it resolved
        # to, so only a request that named its listings is compared on them.
        named = bool(run.listing_ids)
        if not is_new and (
            claimed.task != run.task or (named and claimed.listing_ids != run.listing_ids)
        ):
            field = "task" if claimed.task != run.task else "listing_ids"
            raise AlreadyExistsError(
                f"request_id {request.request_id!r} was used for another refresh ({field})",
                reason=f"EXISTS_WITH_DIFFERENT_{field.upper()}",
            )
        return claimed, is_new

    async def _finish(
        self,
        run: TaskRun,
        counts: RunCounts,
        failures: Sequence[str],
        attempted: int,
        notes: Sequence[str],
        actor: str,
        listing_ids: Sequence[str] | None = None,
    ) -> TaskRun:
        status, summary = outcome(failures, attempted, notes)
        done = replace(
            run,
            status=status,
            counts=counts,
            error_summary=summary,
            finished_at=self._clock.now(),
            listing_ids=tuple(listing_ids) if listing_ids is not None else run.listing_ids,
        )
        async with self._engine.begin() as connection:
            await runs_repo.finish_run(connection, done)
            await events.record(
                connection,
                self._new_id,
                self._clock.now(),
                "TaskRunFinished",
                ("task_run", run.task_run_id),
                actor,
                run.to_audit(),
                done.to_audit(),
            )
        return done

    async def refresh_prices(
        self,
        request_id: str,
        listing_ids: Sequence[str],
        kind: PriceKind,
        trigger: str,
        actor: str,
        as_of: datetime | None = None,
    ) -> TaskRun:
        """Fetch ``kind`` prices for the listings (all monitored ones when empty) and ingest.

        A scheduled run fetches only the listings due at ``as_of`` (the cron
        slot it stands for; default now) under the portfolios' schedules.
        """
        task = f"prices_{kind.value}"
        source = self._price_provider.name
        run, is_new = await self._claim(
            RunRequest(request_id, task, trigger, source, tuple(listing_ids)), actor
        )
        if not is_new:
            return run
        listings = (
            await self._listings.get_listings(listing_ids)
            if listing_ids
            else await self._listings.monitored_listings()
        )
        counts, failures, notes = RunCounts(), list[str](), list[str]()
        if trigger == "scheduled":
            listings, notes = await self._planner.due(kind, listings, as_of or self._clock.now())
        today = self._clock.now().date()
        for listing in listings:
            try:
                if kind is PriceKind.EOD:
                    fetched = await self._price_provider.fetch_eod(
                        listing, today - EOD_LOOKBACK, today
                    )
                else:
                    fetched = await self._price_provider.fetch_intraday(listing)
            except ProviderError as error:
                failures.append(f"{listing.ticker}: {error}")
                continue
            outcome_ = await self._ingestion.ingest(listing, fetched.points, run.task_run_id, actor)
            counts += outcome_.counts + RunCounts(rejected=len(fetched.rejected))
            notes += [
                f"{listing.ticker} row {r.row} {r.field}: {r.reason}" for r in fetched.rejected
            ]
            notes += outcome_.errors
        return await self._finish(
            run, counts, failures, len(listings), notes, actor, [x.listing_id for x in listings]
        )

    async def refresh_fx(self, request_id: str, history: bool, trigger: str, actor: str) -> TaskRun:
        """Fetch ECB reference rates (the last day, or with ``history`` the last 90 days)
        and upsert them; days already stored count as unchanged."""
        provider = self._fx_history_provider if history else self._fx_provider
        run, is_new = await self._claim(RunRequest(request_id, "fx", trigger, provider.name), actor)
        if not is_new:
            return run
        if trigger == "scheduled" and not await self._planner.fx_wanted(
            await self._listings.monitored_listings()
        ):
            log.info("fx.skipped", task_run_id=run.task_run_id, reason=FX_OFF)
            return await self._finish(run, RunCounts(), [], 0, [], actor)
        try:
            days = await provider.fetch_fx()
        except ProviderError as error:
            return await self._finish(run, RunCounts(), [str(error)], 1, [], actor)
        async with self._engine.begin() as connection:
            counts = await repo.upsert_fx(
                connection,
                days,
                provider.name,
                uuid.UUID(run.task_run_id),
                self._clock.now(),
            )
        return await self._finish(run, counts, [], 1, [], actor)

    async def preview_csv(self, content: bytes, options: CsvFileOptions) -> CsvParseResult:
        """Validate a CSV upload against the registry's listings; writes nothing."""
        listings = await self._listings.all_listings()
        by_reference: dict[str, ListingInfo] = {}
        for listing in listings:
            by_reference.setdefault(listing.ticker, listing)
            by_reference[listing.listing_id] = listing
        return parse_upload(content, by_reference, options)

    async def import_csv(
        self, request_id: str, content: bytes, options: CsvFileOptions, actor: str
    ) -> tuple[CsvParseResult, TaskRun]:
        """Store the accepted rows of a CSV upload as one task run (rejected ones are counted)."""
        parsed = await self.preview_csv(content, options)
        by_listing: dict[str, list[PricePoint]] = {}
        for point in parsed.accepted:
            by_listing.setdefault(point.listing_id, []).append(point)
        ids = tuple(sorted(by_listing))
        run, is_new = await self._claim(
            RunRequest(request_id, "csv_import", "manual", options.source, ids), actor
        )
        if not is_new:
            return parsed, run
        counts = RunCounts(rejected=len(parsed.rejected))
        notes = [f"row {r.row} {r.field}: {r.reason}" for r in parsed.rejected]
        for listing in await self._listings.get_listings(ids):
            result = await self._ingestion.ingest(
                listing, by_listing[listing.listing_id], run.task_run_id, actor
            )
            counts += result.counts
            notes += result.errors
        return parsed, await self._finish(run, counts, [], len(ids), notes, actor)
