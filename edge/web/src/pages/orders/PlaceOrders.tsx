// "Place orders" for an approved recommendation: one order per line, each line's outcome
// shown (its order's state, or the guardrail's reason code), with a link to the blotter.
import { useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Link } from "../../router";
import { decimal } from "../engine/format";
import { PLACE_ORDERS } from "./queries";
import { OrderStateTag, RefusalAlert, type Refusal } from "./refusal";
import type { LinePlacement } from "./types";
import "./orders.css";

type Placed = {
  __typename: "RecommendationPlacement";
  placedCount: number;
  deniedCount: number;
  placements: LinePlacement[];
};

export function PlaceOrders({ portfolioId, recommendationId, status, tickers, onPlaced }: {
  portfolioId: string;
  recommendationId: string;
  status: string | null;
  tickers: Record<string, string>;
  onPlaced: () => Promise<void>;
}) {
  const [result, setResult] = useState<Placed | null>(null);
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const [busy, setBusy] = useState(false);
  if (status !== "APPROVED" && status !== "EXECUTED") return null;

  const place = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      const answer = (await gql<{ placeRecommendationOrders: Placed | ApiError }>(PLACE_ORDERS, {
        id: portfolioId, rec: recommendationId,
      })).placeRecommendationOrders;
      if (isError(answer)) setRefusal(answer);
      else {
        setResult(answer);
        await onPlaced();
      }
    } catch (error) {
      setRefusal(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify">
      <button type="button" disabled={busy} onClick={() => void place()}>
        {status === "EXECUTED" ? "Show its orders" : busy ? "Placing…" : "Place orders"}
      </button>
      <RefusalAlert error={refusal} />
      {result && (
        <div role="region" aria-label="Order placement">
          <p role="status">
            {result.placedCount} placed, {result.deniedCount} denied ·{" "}
            <Link href={`/portfolios/${portfolioId}/orders`}>Open the blotter</Link>
          </p>
          <ul className="placements" aria-label="Placements">
            {result.placements.map((p) => (
              <li key={p.lineId} data-line={p.lineId} className={p.denied ? "denied" : ""}>
                <strong>{tickers[p.lineId] ?? p.lineId}</strong>{" "}
                {p.order && (
                  <>
                    {p.order.side?.toLowerCase()} {decimal(p.order.quantity)}: <OrderStateTag state={p.order.state} />
                    {!p.created && " (placed before)"} ·{" "}
                    <Link href={`/portfolios/${portfolioId}/orders/${p.order.id}`}>order</Link>
                  </>
                )}
                {p.denied && (
                  <span data-reason={p.denied.reason}>
                    denied <code className="reason">{p.denied.reason}</code>: {p.denied.message}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
