// The audit log of one portfolio: who changed what and when, newest first, page by page.
// People are shown by name as the API names each event's actor (an email, a service account's
// name); objects by name where the page can know it (the portfolio's sleeves, listings and
// orders), short ids otherwise.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../api/client";
import { ACTOR_FIELDS, ERROR_FIELDS } from "../api/fragments";
import { isError, type ApiError, type AuditEvent } from "../api/types";
import { Section } from "../components/forms";
import { LoadFailed, Loading } from "../components/Loading";
import { PortfolioNav } from "../components/PortfolioNav";
import { label, quantity, when } from "../format";
import { Link } from "../router";
import { useWho } from "../session";

const PAGE_SIZE = 25;
const EVENTS = `query($id: ID!, $after: String) {
  auditEvents(portfolioId: $id, first: ${PAGE_SIZE}, after: $after) { ${ERROR_FIELDS}
    ... on AuditEventPage { nextPageToken items {
      id eventType aggregateType aggregateId actorUserId actor { ${ACTOR_FIELDS} } occurredAt
      beforeJson afterJson } } } }`;
// Names for the object ids the events carry.
const NAMES = `query($id: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS}
    ... on Portfolio { name sleeves { id name } constituents { listingId listing { ticker } } } }
  orders(portfolioId: $id, first: 500) { ${ERROR_FIELDS}
    ... on OrderPage { items { id side quantity listing { ticker } } } }
}`;

type Page = { __typename: "AuditEventPage"; items: AuditEvent[]; nextPageToken: string | null };
type NamesAnswer = {
  portfolio: { __typename: "Portfolio"; name: string; sleeves: { id: string; name: string }[];
    constituents: { listingId: string; listing: { ticker: string } | null }[] } | ApiError;
  orders: { __typename: "OrderPage"; items: { id: string; side: string | null; quantity: string;
    listing: { ticker: string } | null }[] } | ApiError;
};
interface Names {
  portfolio: string;
  sleeves: Record<string, string>;
  tickers: Record<string, string>;
  orders: Record<string, string>;
}

const NO_NAMES: Names = { portfolio: "", sleeves: {}, tickers: {}, orders: {} };

function namesFrom(answer: NamesAnswer): Names {
  const portfolio = isError(answer.portfolio) ? null : answer.portfolio;
  const orders = isError(answer.orders) ? [] : answer.orders.items;
  return {
    portfolio: portfolio?.name ?? "",
    sleeves: Object.fromEntries((portfolio?.sleeves ?? []).map((s) => [s.id, s.name])),
    tickers: Object.fromEntries(
      (portfolio?.constituents ?? []).map((c) => [c.listingId, c.listing?.ticker ?? c.listingId.slice(0, 8)]),
    ),
    orders: Object.fromEntries(
      orders.map((o) => [o.id, `${label(o.side)} ${quantity(o.quantity)} ${o.listing?.ticker ?? ""}`.trim()]),
    ),
  };
}

function Subject({ event, names, portfolioId }: { event: AuditEvent; names: Names; portfolioId: string }) {
  const id = event.aggregateId;
  switch (event.aggregateType) {
    case "portfolio":
      return <>{names.portfolio || "this portfolio"}</>;
    case "order":
      return <Link href={`/portfolios/${portfolioId}/orders/${id}`}>order {names.orders[id] ?? id.slice(0, 8)}</Link>;
    case "sleeve":
      return <>sleeve {names.sleeves[id] ?? id.slice(0, 8)}</>;
    case "constituent":
    case "listing":
      return <Link href={`/listings/${id}/prices`}>{event.aggregateType} {names.tickers[id] ?? id.slice(0, 8)}</Link>;
    default:
      return <span title={id}>{label(event.aggregateType)} {id.slice(0, 8)}</span>;
  }
}

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
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [names, setNames] = useState<Names | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const who = useWho();
  const load = useCallback(
    async (after: string | null) => {
      const result = (await gql<{ auditEvents: Page | ApiError }>(EVENTS, { id: portfolioId, after })).auditEvents;
      if (isError(result)) return setProblem(result.message);
      setEvents((old) => (after && old ? [...old, ...result.items] : result.items));
      setNext(result.nextPageToken);
    },
    [portfolioId],
  );
  useEffect(() => {
    void load(null).catch((e: Error) => setProblem(e.message));
    // Without names the log still reads, by id.
    void gql<NamesAnswer>(NAMES, { id: portfolioId }).then((answer) => setNames(namesFrom(answer)))
      .catch(() => setNames(NO_NAMES));
  }, [load, portfolioId]);

  if (problem) {
    return <LoadFailed title="Audit log" problem={problem} back={`/portfolios/${portfolioId}`} backText="Back to the portfolio" />;
  }
  if (!events || !names) return <Loading what="audit log" />;
  return (
    <Section title={names.portfolio ? `${names.portfolio}: audit log` : "Audit log"} level={1}>
      <PortfolioNav portfolioId={portfolioId} current="audit" />
      {events.length === 0 && <p className="empty">No events yet: changes to this portfolio are recorded here.</p>}
      {events.length > 0 && (
        <div className="table-scroll">
          <table className="grid" aria-label="Audit events">
            <thead><tr><th>When</th><th>Event</th><th>Object</th><th>By</th><th>Change</th></tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.occurredAt) || "–"}</td>
                  <td>{e.eventType}</td>
                  <td><Subject event={e} names={names} portfolioId={portfolioId} /></td>
                  <td title={e.actorUserId ?? undefined}>{who(e.actor)}</td>
                  <td><Change before={e.beforeJson} after={e.afterJson} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => void load(next)}>Older events</button>
        </div>
      )}
    </Section>
  );
}
