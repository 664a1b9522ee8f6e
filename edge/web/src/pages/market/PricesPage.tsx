// One listing's prices: the chart with alert markers, the alerts, the points, a manual refresh.
import { useCallback, useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import { isError, type Alert, type ApiError, type PricePoint } from "../../api/types";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { Link } from "../../router";
import { ALERT_FIELDS, AlertsTable } from "./Alerts";
import { RefreshButton, UPDATES } from "./MarketPage";
import { PriceChart } from "./PriceChart";
import { RuleSettingsPanel } from "./RuleSettings";
import { useSession } from "../../session";
import { price } from "../../format";

const PAGE = `query($id: ID!) {
  listing(id: $id) { ${ERROR_FIELDS}
    ... on Listing { id ticker venueMic quoteCurrency priceScale calendar instrument { name isin } } }
  priceSeries(listingId: $id, limit: 500) { ${ERROR_FIELDS}
    ... on PriceSeries { points { listingId observedAt kind source price { amount currency } } } }
  alerts(listingIds: [$id], statuses: [OPEN, ACKNOWLEDGED, RESOLVED], limit: 50) { ${ERROR_FIELDS}
    ... on AlertList { items { ${ALERT_FIELDS} } } }
}`;

type ListingInfo = {
  id: string;
  ticker: string;
  venueMic: string;
  quoteCurrency: string;
  priceScale: string | null;
  calendar: string;
  instrument: { name: string; isin: string } | null;
};
type Answer = {
  listing: (ListingInfo & { __typename: "Listing" }) | ApiError;
  priceSeries: { __typename: "PriceSeries"; points: PricePoint[] } | ApiError;
  alerts: { __typename: "AlertList"; items: Alert[] } | ApiError;
};
const TABLE_ROWS = 60;

export function PricesPage({ id }: { id: string }) {
  const [data, setData] = useState<{ listing: ListingInfo; points: PricePoint[]; alerts: Alert[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const session = useSession();
  const load = useCallback(async () => {
    const answer = await gql<Answer>(PAGE, { id });
    if (isError(answer.listing)) return setProblem(answer.listing.message);
    if (isError(answer.priceSeries)) return setProblem(answer.priceSeries.message);
    setData({
      listing: answer.listing,
      points: answer.priceSeries.points,
      alerts: isError(answer.alerts) ? [] : answer.alerts.items,
    });
  }, [id]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);
  // New prices or alert changes of this listing redraw the page.
  useEffect(() => subscribe(UPDATES, () => void load(), undefined, { only: [id] }), [load, id]);

  if (problem) {
    return (
      <LoadFailed title="Prices" problem={problem} back="/market" backText="Back to market data" />
    );
  }
  if (!data) return <Loading what="prices" />;
  const { listing, points, alerts } = data;
  const active = alerts.filter((a) => a.status !== "RESOLVED");
  const newestFirst = [...points].reverse().slice(0, TABLE_ROWS);
  return (
    <>
      <Section title={`${listing.ticker} prices`} level={1}>
        <p className="meta">
          {listing.instrument?.name} · {listing.venueMic} · quoted in {listing.quoteCurrency}
          {listing.priceScale && listing.priceScale !== "1" && ` (scale ${listing.priceScale})`} ·{" "}
          <Link href="/market">Market data</Link>
        </p>
        <RefreshButton listingIds={[listing.id]} onDone={load} />
        <PriceChart points={points} alerts={alerts} unit={listing.quoteCurrency} />
      </Section>
      <Section title={`Alerts (${active.length} active)`}>
        <AlertsTable alerts={alerts} tickers={{ [listing.id]: listing.ticker }} onChanged={load} />
      </Section>
      <Section title="Data-quality rules">
        <RuleSettingsPanel listingId={listing.id} editable={session.me?.role === "ADMIN"} />
      </Section>
      <Section title="Price points">
        {newestFirst.length === 0 ? (
          <p className="empty">No prices stored yet. Refresh prices above, or import a CSV on the market data page.</p>
        ) : (
          <div className="table-scroll">
            <table className="grid" aria-label="Price points">
              <thead><tr><th>Date</th><th>Kind</th><th>Source</th><th className="num">Price</th></tr></thead>
              <tbody>
                {newestFirst.map((p) => (
                  <tr key={`${p.observedAt}:${p.kind}:${p.source}`}>
                    <td>{p.kind === "EOD" ? p.observedAt.slice(0, 10) : new Date(p.observedAt).toLocaleString()}</td>
                    <td>{p.kind?.toLowerCase()}</td><td>{p.source}</td>
                    <td className="num">{price(p.price)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
