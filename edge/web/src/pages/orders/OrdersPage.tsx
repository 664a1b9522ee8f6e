// A portfolio's order blotter: newest first, filtered by state, kept current by the
// orderUpdates subscription; a manual order form; links to each order's detail.
import { useCallback, useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Section, SelectField } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { Link } from "../../router";
import { price, quantity, when } from "../engine/format";
import { NewOrderForm, type TradableListing } from "./NewOrderForm";
import { ORDER_UPDATES, ORDERS_PAGE } from "./queries";
import { OrderStateTag } from "./refusal";
import { OPEN_STATES, type Order, type OrderState } from "./types";
import "./orders.css";

type Answer = {
  portfolio:
    | { __typename: "Portfolio"; id: string; name: string; constituents: { listing: TradableListing | null }[] }
    | ApiError;
  tradingState: { __typename: "TradingState"; broker: string; status: string; killSwitch: boolean } | ApiError;
  orders: { __typename: "OrderPage"; nextPageToken: string | null; items: Order[] } | ApiError;
};

const FILTERS: [string, string][] = [
  ["", "All states"],
  ["OPEN", "Open"],
  ["FILLED", "Filled"],
  ["CANCELLED", "Cancelled"],
  ["REJECTED", "Rejected"],
];

function statesFor(filter: string): OrderState[] | null {
  if (!filter) return null;
  return filter === "OPEN" ? OPEN_STATES : [filter as OrderState];
}

/** The newest version of each order first; an update replaces the row it is about. */
function merge(rows: Order[], update: Order, states: OrderState[] | null): Order[] {
  const others = rows.filter((row) => row.id !== update.id);
  const old = rows.find((row) => row.id === update.id);
  if (old && old.version > update.version) return rows;
  if (states && update.state && !states.includes(update.state)) return others;
  return old ? rows.map((row) => (row.id === update.id ? update : row)) : [update, ...others];
}

export function Blotter({ portfolioId, orders }: { portfolioId: string; orders: Order[] }) {
  if (orders.length === 0) {
    return <p className="empty">No orders yet. Place one below, or approve a run's recommendation and place its orders.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Orders">
        <thead>
          <tr>
            <th>Created</th><th>Listing</th><th>Side</th><th className="num">Quantity</th>
            <th className="num">Filled</th><th className="num">Limit</th><th>State</th><th className="hide-narrow">Broker</th><th className="hide-narrow">Source</th><th className="hide-narrow" />
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-order={order.id} data-state={order.state ?? ""}>
              <td>{when(order.createdAt)}</td>
              <td><Link href={`/portfolios/${portfolioId}/orders/${order.id}`}>{order.listing?.ticker ?? order.listingId}</Link></td>
              <td>{order.side?.toLowerCase()}</td>
              <td className="num">{quantity(order.quantity)}</td>
              <td className="num">{quantity(order.filledQuantity)}</td>
              <td className="num">{price(order.limitPrice) || "market"}</td>
              <td>
                <OrderStateTag state={order.state} />
                {order.reason && <small className="reasons">{order.reason}</small>}
                {order.deadLettered && <small className="reasons">in DLQ</small>}
              </td>
              <td className="hide-narrow">{order.broker}</td>
              <td className="hide-narrow">{order.lineId ? "recommendation" : "manual"}</td>
              <td className="hide-narrow"><Link href={`/portfolios/${portfolioId}/orders/${order.id}`}>Details</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrdersPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Answer | null>(null);
  const [orders, setOrders] = useState<Order[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const states = statesFor(filter);

  const load = useCallback(async (after: string | null) => {
    const data = await gql<Answer>(ORDERS_PAGE, { id, states: statesFor(filter), after });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.orders)) return setProblem(data.orders.message);
    setLoaded(data);
    const page = data.orders.items;
    setOrders((old) => (after ? [...old, ...page] : page));
    setNext(data.orders.nextPageToken);
  }, [id, filter]);
  useEffect(() => {
    void load(null).catch((error: Error) => setProblem(error.message));
  }, [load]);
  useEffect(() => {
    setLive(true);
    const stop = subscribe<{ orderUpdates: Order }>(
      ORDER_UPDATES,
      (data) => setOrders((rows) => merge(rows, data.orderUpdates, statesFor(filter))),
      () => setLive(false),
      { id },
    );
    return () => { stop(); setLive(false); };
  }, [id, filter]);

  if (problem) {
    return (
      <LoadFailed title="Orders" problem={problem} back={`/portfolios/${id}`} backText="Back to the portfolio" />
    );
  }
  if (!loaded || isError(loaded.portfolio)) return <Loading what="orders" />;
  const portfolio = loaded.portfolio;
  const trading = isError(loaded.tradingState) ? null : loaded.tradingState;
  const listings = portfolio.constituents.flatMap((c) => (c.listing ? [c.listing] : []));
  return (
    <>
      <Section title={`${portfolio.name}: orders`} level={1}>
        <PortfolioNav portfolioId={id} current="orders" />
        <p className="meta">
          {trading && <>Orders go to the <strong>{trading.broker}</strong> broker · trading {trading.status?.toLowerCase()}</>}
          {trading?.killSwitch && " · kill switch engaged"} · {live ? "live updates on" : "live updates off"}
        </p>
        <SelectField label="Show" name="state" value={filter} options={FILTERS}
          onChange={(e) => setFilter(e.target.value)} />
        <Blotter portfolioId={id} orders={orders.filter((o) => !states || (o.state && states.includes(o.state)))} />
        {next && (
          <div className="pager">
            <button type="button" className="secondary" onClick={() => void load(next)}>Older orders</button>
          </div>
        )}
      </Section>
      <Section title="New order">
        <NewOrderForm portfolioId={id} listings={listings} onPlaced={() => load(null)} />
      </Section>
    </>
  );
}
