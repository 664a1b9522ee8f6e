// A manual order: listing, side, quantity and an optional limit; a denial shows its reason code.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { requestId } from "../../api/fragments";
import { Field, SelectField } from "../../components/forms";
import { feedbackFrom } from "../../components/forms";
import { CREATE_ORDER } from "./queries";
import { RefusalAlert, isDenial, type Refusal } from "./refusal";

export interface TradableListing {
  id: string;
  ticker: string;
  quoteCurrency: string;
}

type Placed = { __typename: "OrderPlaced"; created: boolean; order: { id: string; state: string } };
const FIELDS = ["listingId", "side", "quantity", "limitPrice", "limitCurrency"];

export function NewOrderForm({ portfolioId, listings, onPlaced }: {
  portfolioId: string;
  listings: TradableListing[];
  onPlaced: () => Promise<void>;
}) {
  const [listingId, setListingId] = useState(listings[0]?.id ?? "");
  const [side, setSide] = useState("BUY");
  const [quantity, setQuantity] = useState("");
  const [limit, setLimit] = useState("");
  // One key per intended order: a double click or a retry places it once.
  const [key, setKey] = useState(requestId);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const currency = listings.find((l) => l.id === listingId)?.quoteCurrency ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setDone(null);
    setFields({});
    const input = {
      portfolioId, listingId, side, quantity, orderKey: key,
      limitPrice: limit || null, limitCurrency: limit ? currency : null,
    };
    try {
      const result = (await gql<{ createOrder: Placed | Refusal }>(CREATE_ORDER, { input })).createOrder;
      if (isDenial(result)) {
        setRefusal(result);
        setKey(requestId());
      } else if (result.__typename !== "OrderPlaced") {
        const feedback = feedbackFrom(result, FIELDS);
        setFields(feedback.fields);
        setRefusal(feedback.message ? { ...result, message: feedback.message } : null);
        setKey(requestId());
      } else {
        setDone(`Order ${result.order.state?.toLowerCase()}.`);
        setQuantity("");
        setLimit("");
        setKey(requestId());
        await onPlaced();
      }
    } catch (error) {
      setRefusal(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  if (listings.length === 0) return <p className="empty">Add listings to the portfolio to trade them.</p>;
  return (
    <form className="inline-form" aria-label="New order" onSubmit={(e) => void submit(e)}>
      <SelectField label="Listing" name="listingId" value={listingId} error={fields.listingId}
        options={listings.map((l) => [l.id, `${l.ticker} (${l.quoteCurrency})`])}
        onChange={(e) => setListingId(e.target.value)} />
      <SelectField label="Side" name="side" value={side} options={[["BUY", "Buy"], ["SELL", "Sell"]]}
        onChange={(e) => setSide(e.target.value)} />
      <Field label="Quantity" name="quantity" inputMode="decimal" value={quantity} error={fields.quantity}
        onChange={(e) => setQuantity(e.target.value)} required />
      <Field label={`Limit price (${currency}, optional)`} name="limitPrice" inputMode="decimal" value={limit}
        error={fields.limitPrice} onChange={(e) => setLimit(e.target.value)} />
      <button type="submit" disabled={busy}>Place order</button>
      <RefusalAlert error={refusal} />
      {done && <p className="form-ok" role="status">{done}</p>}
    </form>
  );
}
