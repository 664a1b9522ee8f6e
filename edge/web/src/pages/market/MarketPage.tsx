// Market data: alerts (live), CSV import, a manual refresh, task runs and the listings' price pages.
import { useCallback, useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { ERROR_FIELDS, requestId } from "../../api/fragments";
import { isError, type Alert, type ApiError, type TaskRun } from "../../api/types";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { Link } from "../../router";
import { ALERT_FIELDS, AlertsTable } from "./Alerts";
import { CsvImportForm } from "./CsvImport";
import { PortfolioRulesAndSchedule } from "./IngestionSchedule";
import { TASK_RUN_FIELDS, TaskRunsTable } from "./TaskRuns";

const PAGE = `query($statuses: [AlertStatus!]) {
  alerts(statuses: $statuses, limit: 100) { ${ERROR_FIELDS} ... on AlertList { items { ${ALERT_FIELDS} } } }
  taskRuns(limit: 20) { ${ERROR_FIELDS} ... on TaskRunList { items { ${TASK_RUN_FIELDS} } } }
  listings(first: 200) { ${ERROR_FIELDS} ... on ListingPage { items { id ticker venueMic quoteCurrency instrument { name } } } }
}`;
const REFRESH = `mutation($input: RefreshPricesInput!) {
  refreshPrices(input: $input) { ${ERROR_FIELDS} ... on TaskRun { ${TASK_RUN_FIELDS} } } }`;
export const UPDATES = `subscription($only: [ID!]) { marketDataUpdates(listingIds: $only) {
  __typename ... on PricesUpdated { listingId } ... on AlertChanged { listingId eventType } } }`;

type ListingRow = { id: string; ticker: string; venueMic: string; quoteCurrency: string; instrument: { name: string } | null };
type Answer = {
  alerts: { __typename: "AlertList"; items: Alert[] } | ApiError;
  taskRuns: { __typename: "TaskRunList"; items: TaskRun[] } | ApiError;
  listings: { __typename: "ListingPage"; items: ListingRow[] } | ApiError;
};

export function RefreshButton({ listingIds, onDone }: { listingIds: string[] | null; onDone: () => Promise<void> }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      const input = { requestId: requestId(), listingIds };
      const run = (await gql<{ refreshPrices: (TaskRun & { __typename: string }) | ApiError }>(REFRESH, { input }))
        .refreshPrices;
      setMessage(isError(run) ? run.message
        : `Refresh ${run.status?.toLowerCase()}: ${run.inserted} new, ${run.unchanged} unchanged, ${run.rejected} rejected.${run.errorSummary ? ` ${run.errorSummary}` : ""}`);
      await onDone();
    } catch (error) {
      setMessage(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="refresh">
      <button type="button" disabled={busy} onClick={() => void refresh()}>Refresh prices now</button>
      {message && <span role="status" className="meta"> {message}</span>}
    </div>
  );
}

export function MarketPage() {
  const [data, setData] = useState<{ alerts: Alert[]; runs: TaskRun[]; listings: ListingRow[] } | null>(null);
  const [withResolved, setWithResolved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const statuses = withResolved ? ["OPEN", "ACKNOWLEDGED", "RESOLVED"] : null;
    const answer = await gql<Answer>(PAGE, { statuses });
    for (const part of [answer.alerts, answer.taskRuns, answer.listings]) {
      if (isError(part)) return setProblem(part.message);
    }
    setData({
      alerts: isError(answer.alerts) ? [] : answer.alerts.items,
      runs: isError(answer.taskRuns) ? [] : answer.taskRuns.items,
      listings: isError(answer.listings) ? [] : answer.listings.items,
    });
  }, [withResolved]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);
  // Alerts and new prices of your listings arrive live; the page re-reads what changed.
  useEffect(() => subscribe(UPDATES, () => void load()), [load]);

  if (problem) return <LoadFailed title="Market data" problem={problem} back="/portfolios" backText="Go to portfolios" />;
  if (!data) return <Loading what="market data" />;
  const tickers = Object.fromEntries(data.listings.map((l) => [l.id, l.ticker]));
  return (
    <>
      <Section title="Market data" level={1}>
        <p className="meta">
          Prices and FX for your listings: what the checks found, how often prices are fetched, imports and
          every fetch. <a href="#alerts">Alerts</a> · <a href="#rules">Rules &amp; schedule</a> ·{" "}
          <a href="#import">CSV import</a> · <a href="#task-runs">Task runs</a> · <a href="#prices">Prices by listing</a>
        </p>
      </Section>
      <Section title="Data-quality alerts" id="alerts">
        <label className="toggle">
          <input type="checkbox" checked={withResolved} onChange={(e) => setWithResolved(e.target.checked)} />{" "}
          Show resolved alerts too
        </label>
        <AlertsTable alerts={data.alerts} tickers={tickers} onChanged={load} />
      </Section>
      <Section title="Rules & schedule" id="rules">
        <PortfolioRulesAndSchedule />
      </Section>
      <Section title="Import prices from CSV" id="import">
        <CsvImportForm listings={data.listings} onImported={load} />
      </Section>
      <Section title="Ingestion task runs" id="task-runs">
        <RefreshButton listingIds={null} onDone={load} />
        <TaskRunsTable runs={data.runs} />
      </Section>
      <Section title="Prices by listing" id="prices">
        {data.listings.length === 0 ? (
          <p className="empty">No listings yet. Add them on the <Link href="/instruments">instruments</Link> page.</p>
        ) : (
          <ul className="listing-links">
            {data.listings.map((l) => (
              <li key={l.id}>
                <Link href={`/listings/${l.id}/prices`}>{l.ticker}</Link>{" "}
                <small className="meta">{l.venueMic} · {l.quoteCurrency}{l.instrument ? ` · ${l.instrument.name}` : ""}</small>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
