// One order: what was asked, its fills and every step it went through; cancel while open,
// and enter a fill you got at your broker when the order went to the manual broker.
import { useCallback, useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { ConfirmButton } from "../../components/Confirm";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { Link } from "../../router";
import { label, money, price, quantity, when } from "../engine/format";
import { ManualFillForm } from "./ManualFillForm";
import { CANCEL_ORDER, ORDER_PAGE, ORDER_UPDATES } from "./queries";
import { OrderStateTag, RefusalAlert, type Refusal } from "./refusal";
import { OPEN_STATES, type Fill, type Order, type OrderEvent } from "./types";
import "./orders.css";

type Detail = { order: Order; fills: Fill[]; events: OrderEvent[] };
type Answer = {
  portfolio: { __typename: "Portfolio"; id: string; name: string; baseCurrency: string } | ApiError;
  order: (Detail & { __typename: "OrderDetail" }) | ApiError;
};

function Summary({ order }: { order: Order }) {
  return (
    <dl className="state-summary" aria-label="Order">
      <dt>State</dt><dd><OrderStateTag state={order.state} /> {order.reason && <code>{order.reason}</code>}</dd>
      <dt>Listing</dt><dd><Link href={`/listings/${order.listingId}/prices`}>{order.listing?.ticker ?? order.listingId}</Link></dd>
      <dt>Side</dt><dd>{order.side?.toLowerCase()}</dd>
      <dt>Quantity</dt><dd>{quantity(order.quantity)} ({quantity(order.filledQuantity)} filled)</dd>
      <dt>Limit</dt><dd>{price(order.limitPrice) || "market"}</dd>
      <dt>Broker</dt><dd>{order.broker}</dd>
      <dt>Client order id</dt><dd><code>{order.orderKey}</code></dd>
      {order.lineId && <><dt>Recommendation line</dt><dd><code>{order.lineId}</code></dd></>}
      {order.deadLettered && <><dt>Dead letter</dt><dd>a broker call waits in the DLQ</dd></>}
    </dl>
  );
}

function FillsTable({ fills }: { fills: Fill[] }) {
  if (fills.length === 0) return <p className="empty">No fills yet.</p>;
  return (
    <div className="table-scroll">
    <table className="grid" aria-label="Fills">
      <thead><tr><th>Executed</th><th className="num">Quantity</th><th className="num">Price</th><th className="num">Fees</th><th>Source</th><th>Ledger</th></tr></thead>
      <tbody>
        {fills.map((f) => (
          <tr key={f.id}>
            <td>{when(f.executedAt)}</td><td className="num">{quantity(f.quantity)}</td>
            <td className="num">{price(f.price)}</td><td className="num">{money(f.fees)}</td><td>{f.source}</td>
            <td>{f.booked ? "booked" : "pending"}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** An event's detail as "name value" pairs (nested objects as "fill.price"), not raw JSON. */
function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value === null || typeof value !== "object") return [[prefix, String(value)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    flatten(inner, prefix ? `${prefix}.${key}` : key));
}

function EventDetail({ json }: { json: string }) {
  let pairs: [string, string][];
  try {
    pairs = flatten(JSON.parse(json));
  } catch {
    return <pre>{json}</pre>;
  }
  if (pairs.length === 0) return null;
  return (
    <dl className="inputs">
      {pairs.map(([name, value]) => (
        <div key={name}><dt>{name.replace(/_/g, " ")}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

function EventsTable({ events }: { events: OrderEvent[] }) {
  return (
    <div className="table-scroll">
    <table className="grid events" aria-label="Order events">
      <thead><tr><th>#</th><th>When</th><th>Event</th><th>From</th><th>To</th><th>Detail</th></tr></thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.sequence}>
            <td>{e.sequence}</td><td>{when(e.occurredAt)}</td><td>{e.eventType}</td>
            <td>{label(e.fromState)}</td><td>{label(e.toState)}</td>
            <td><EventDetail json={e.detailJson} /></td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

export function OrderPage({ id, orderId }: { id: string; orderId: string }) {
  const [loaded, setLoaded] = useState<{ name: string; base: string; detail: Detail } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);

  const load = useCallback(async () => {
    const data = await gql<Answer>(ORDER_PAGE, { id, order: orderId });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.order)) return setProblem(data.order.message);
    setLoaded({ name: data.portfolio.name, base: data.portfolio.baseCurrency, detail: data.order });
  }, [id, orderId]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);
  useEffect(
    () =>
      subscribe<{ orderUpdates: Order }>(ORDER_UPDATES, (data) => {
        if (data.orderUpdates.id === orderId) void load();
      }, () => {}, { id }),
    [id, orderId, load],
  );

  const cancel = async () => {
    setRefusal(null);
    try {
      const result = (await gql<{ cancelOrder: { __typename: "Order" } | Refusal }>(CANCEL_ORDER, {
        id, order: orderId,
      })).cancelOrder;
      if (result.__typename === "Order") await load();
      else setRefusal(result as Refusal);
    } catch (error) {
      setRefusal(String((error as Error).message));
    }
  };

  if (problem) {
    return (
      <LoadFailed title="Order" problem={problem} back={`/portfolios/${id}/orders`} backText="Back to orders" />
    );
  }
  if (!loaded) return <Loading what="order" />;
  const { order, fills, events } = loaded.detail;
  const open = order.state !== null && OPEN_STATES.includes(order.state);
  return (
    <>
      <Section title={`${loaded.name}: ${label(order.side)} ${quantity(order.quantity)} ${order.listing?.ticker ?? ""}`.trim()} level={1}>
        <PortfolioNav portfolioId={id} current="orders" />
        <p className="meta">
          Created {when(order.createdAt)} · <Link href={`/portfolios/${id}/orders`}>All orders</Link>
          {order.recommendationId && <> · <Link href={`/portfolios/${id}/runs/${order.recommendationId}`}>Recommendation</Link></>}
        </p>
        <Summary order={order} />
        {open && (
          <div className="actions">
            <ConfirmButton label="Cancel order" action="Cancel order"
              question={<>Cancel this order? What has filled stays filled; the rest is withdrawn from the broker.</>}
              confirmText="Confirm: cancel order" onConfirm={cancel} />
          </div>
        )}
        <RefusalAlert error={refusal} />
      </Section>
      {open && order.broker === "manual" && (
        <Section title="Record a fill">
          <ManualFillForm portfolioId={id} order={order} baseCurrency={loaded.base} onRecorded={load} />
        </Section>
      )}
      <Section title="Fills"><FillsTable fills={fills} /></Section>
      <Section title="Events"><EventsTable events={events} /></Section>
    </>
  );
}
