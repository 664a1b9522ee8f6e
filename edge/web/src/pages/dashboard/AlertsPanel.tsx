// Open data-quality alerts on the portfolio's listings, each linked to its prices and the market page.
import { useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type Alert, type ApiError } from "../../api/types";
import { Link } from "../../router";
import { ALERTS } from "./queries";

export function AlertsPanel({ listingIds, tickers }: { listingIds: string[]; tickers: Record<string, string> }) {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const key = listingIds.join(",");
  useEffect(() => {
    if (listingIds.length === 0) {
      setAlerts([]);
      return;
    }
    gql<{ alerts: { __typename: "AlertList"; items: Alert[] } | ApiError }>(ALERTS, { ids: listingIds })
      .then((data) => (isError(data.alerts) ? setProblem(data.alerts.message) : setAlerts(data.alerts.items)))
      .catch((error: Error) => setProblem(error.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (problem) return <p className="form-error">{problem}</p>;
  if (!alerts) return <p>Loading alerts…</p>;
  return (
    <div data-testid="open-alerts" data-alerts={alerts.length}>
      <p>
        <Link href="/market"><strong>{alerts.length}</strong> open alert{alerts.length === 1 ? "" : "s"}</Link>
        {" "}on this portfolio's listings.
      </p>
      <ul className="latest">
        {alerts.slice(0, 5).map((a) => (
          <li key={a.id}>
            <span className={`tag severity-${(a.severity ?? "").toLowerCase()}`}>{a.severity}</span>{" "}
            <Link href={`/listings/${a.listingId}/prices`}>{tickers[a.listingId] ?? a.listingId}</Link>: {a.message}
            {a.freeze && <strong> (freezes advice)</strong>}
          </li>
        ))}
      </ul>
    </div>
  );
}
