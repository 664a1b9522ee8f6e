// Data-quality alerts: what is wrong with which listing; acknowledge, or resolve with a note.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import { isError, type Alert, type ApiError } from "../../api/types";
import { Link } from "../../router";

export const ALERT_FIELDS = "id rule listingId severity status message freeze openedAt occurrences resolutionNote";
const ACK = `mutation($id: ID!) { acknowledgeAlert(id: $id) { ${ERROR_FIELDS} ... on Alert { id status } } }`;
const RESOLVE = `mutation($id: ID!, $note: String!) {
  resolveAlert(id: $id, note: $note) { ${ERROR_FIELDS} ... on Alert { id status } } }`;

type Ok = { __typename: "Alert"; id: string; status: string };

function AlertRow({ alert, ticker, onChanged }: { alert: Alert; ticker: string; onChanged: () => Promise<void> }) {
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<Ok | ApiError>) => {
    setBusy(true);
    try {
      const result = await call();
      if (isError(result)) {
        const field = result.fieldErrors?.[0];
        setProblem(field ? `${field.field}: ${field.message}` : result.message);
      } else {
        setProblem(null);
        setResolving(false);
        await onChanged();
      }
    } catch (error) {
      setProblem(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const acknowledge = () =>
    void run(async () => (await gql<{ acknowledgeAlert: Ok | ApiError }>(ACK, { id: alert.id })).acknowledgeAlert);
  const resolve = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => (await gql<{ resolveAlert: Ok | ApiError }>(RESOLVE, { id: alert.id, note })).resolveAlert);
  };
  const label = `${alert.rule} alert on ${ticker}`;
  return (
    <tr className={`severity-${(alert.severity ?? "info").toLowerCase()}`}>
      <td className="hide-narrow"><span className="tag">{alert.severity?.toLowerCase()}</span></td>
      <td><Link href={`/listings/${alert.listingId}/prices`}>{ticker}</Link></td>
      <td>
        <span className="tag severity show-narrow">{alert.severity?.toLowerCase()}</span>
        <strong>{alert.rule.replace("_", " ")}</strong>{alert.freeze && <span className="tag">freezes advice</span>}
        <div className="message">{alert.message}</div>
        {alert.resolutionNote && <small className="meta">Resolved: {alert.resolutionNote}</small>}
      </td>
      <td>{alert.status?.toLowerCase()}</td>
      <td className="hide-narrow">{alert.openedAt ? new Date(alert.openedAt).toLocaleString() : ""}</td>
      <td className="actions">
        {alert.status === "OPEN" && (
          <button type="button" className="secondary small" disabled={busy} aria-label={`Acknowledge ${label}`}
            onClick={acknowledge}>Acknowledge</button>
        )}
        {alert.status !== "RESOLVED" && !resolving && (
          <button type="button" className="secondary small" disabled={busy} aria-label={`Resolve ${label}`}
            onClick={() => setResolving(true)}>Resolve…</button>
        )}
        {resolving && (
          <form onSubmit={resolve} aria-label={`Resolve ${label}`} className="resolve">
            <input aria-label="Why the data is good now" placeholder="Why the data is good now" value={note}
              onChange={(e) => setNote(e.target.value)} />
            <button type="submit" className="small" disabled={busy}>Resolve</button>
          </form>
        )}
        {problem && <p className="form-error" role="alert">{problem}</p>}
      </td>
    </tr>
  );
}

export function AlertsTable({ alerts, tickers, onChanged }: {
  alerts: Alert[];
  tickers: Record<string, string>;
  onChanged: () => Promise<void>;
}) {
  if (alerts.length === 0) return <p className="empty">No alerts: the stored prices pass every check.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Alerts">
        <thead>
          <tr><th className="hide-narrow">Severity</th><th>Listing</th><th>Problem</th><th>Status</th>
            <th className="hide-narrow">Opened</th><th /></tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <AlertRow key={`${a.id}:${a.status}`} alert={a} ticker={tickers[a.listingId] ?? a.listingId.slice(0, 8)}
              onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
