// The audit log of one portfolio: who changed what and when, newest first, page by page.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import { isError, type ApiError, type AuditEvent } from "../api/types";
import { Section } from "../components/forms";
import { Link } from "../router";

const PAGE_SIZE = 25;
const EVENTS = `query($id: ID!, $after: String) {
  auditEvents(portfolioId: $id, first: ${PAGE_SIZE}, after: $after) { ${ERROR_FIELDS}
    ... on AuditEventPage { nextPageToken items {
      id eventType aggregateType aggregateId actorUserId occurredAt beforeJson afterJson } } } }`;

type Page = { __typename: "AuditEventPage"; items: AuditEvent[]; nextPageToken: string | null };

function Change({ before, after }: { before: string | null; after: string | null }) {
  return (
    <details>
      <summary>before / after</summary>
      <div className="change">
        <pre aria-label="before">{before ?? "–"}</pre>
        <pre aria-label="after">{after ?? "–"}</pre>
      </div>
    </details>
  );
}

export function AuditPage({ portfolioId }: { portfolioId: string }) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(
    async (after: string | null) => {
      const result = (await gql<{ auditEvents: Page | ApiError }>(EVENTS, { id: portfolioId, after })).auditEvents;
      if (isError(result)) return setProblem(result.message);
      setEvents((old) => (after ? [...old, ...result.items] : result.items));
      setNext(result.nextPageToken);
    },
    [portfolioId],
  );
  useEffect(() => {
    void load(null).catch((e: Error) => setProblem(e.message));
  }, [load]);
  return (
    <Section title="Audit log">
      <p><Link href={`/portfolios/${portfolioId}`}>Back to the portfolio</Link></p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {!problem && events.length === 0 && <p className="empty">No events yet.</p>}
      {events.length > 0 && (
        <table className="grid" aria-label="Audit events">
          <thead><tr><th>When</th><th>Event</th><th>Object</th><th>By</th><th>Change</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.occurredAt ? new Date(e.occurredAt).toLocaleString() : "–"}</td>
                <td>{e.eventType}</td>
                <td>{e.aggregateType} {e.aggregateId.slice(0, 8)}</td>
                <td>{e.actorUserId?.slice(0, 8) ?? "system"}</td>
                <td><Change before={e.beforeJson} after={e.afterJson} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button type="button" onClick={() => void load(next)}>Older events</button>}
    </Section>
  );
}
