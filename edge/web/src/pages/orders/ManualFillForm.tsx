// A fill you got at your broker, for a manual-broker order: quantity, price, fees and when.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { requestId } from "../../api/fragments";
import { Field, feedbackFrom } from "../../components/forms";
import { decimal } from "../engine/format";
import { RECORD_FILL } from "./queries";
import { RefusalAlert, isDenial, type Refusal } from "./refusal";
import type { Order } from "./types";

type Recorded = { __typename: "ManualFillRecorded"; order: { id: string; state: string } };
const FIELDS = ["quantity", "price", "priceCurrency", "fees", "feesCurrency", "executedAt"];

function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export function ManualFillForm({ portfolioId, order, baseCurrency, onRecorded }: {
  portfolioId: string;
  order: Order;
  baseCurrency: string;
  onRecorded: () => Promise<void>;
}) {
  const [quantity, setQuantity] = useState("");
  const [price, setPrice] = useState("");
  const [fees, setFees] = useState("0");
  const [executedAt, setExecutedAt] = useState(localNow);
  // One key per fill being entered: resubmitting it records it once.
  const [key, setKey] = useState(requestId);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const [busy, setBusy] = useState(false);
  const unit = order.listing?.quoteCurrency ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setFields({});
    const input = {
      portfolioId, orderId: order.id, fillKey: key, quantity, price, priceCurrency: unit,
      fees, feesCurrency: baseCurrency, executedAt: new Date(executedAt).toISOString(),
    };
    try {
      const result = (await gql<{ recordManualFill: Recorded | Refusal }>(RECORD_FILL, { input })).recordManualFill;
      if (isDenial(result)) setRefusal(result);
      else if (result.__typename !== "ManualFillRecorded") {
        const feedback = feedbackFrom(result, FIELDS);
        setFields(feedback.fields);
        setRefusal(feedback.message ? { ...result, message: feedback.message } : null);
      } else {
        setKey(requestId());
        setQuantity("");
        await onRecorded();
      }
    } catch (error) {
      setRefusal(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const open = decimal(order.quantity) === "" ? "" : `${decimal(order.filledQuantity)} of ${decimal(order.quantity)} filled`;
  return (
    <form className="inline-form" aria-label="Record a fill" onSubmit={(e) => void submit(e)}>
      <p className="meta">{open}. Enter what your broker executed; it is booked in the ledger.</p>
      <Field label="Quantity" name="quantity" inputMode="decimal" value={quantity} error={fields.quantity}
        onChange={(e) => setQuantity(e.target.value)} required />
      <Field label={`Price (${unit})`} name="price" inputMode="decimal" value={price}
        error={fields.price ?? fields.priceCurrency} onChange={(e) => setPrice(e.target.value)} required />
      <Field label={`Fees (${baseCurrency})`} name="fees" inputMode="decimal" value={fees}
        error={fields.fees ?? fields.feesCurrency} onChange={(e) => setFees(e.target.value)} />
      <Field label="Executed at" name="executedAt" type="datetime-local" value={executedAt}
        error={fields.executedAt} onChange={(e) => setExecutedAt(e.target.value)} required />
      <button type="submit" disabled={busy}>Record fill</button>
      <RefusalAlert error={refusal} />
    </form>
  );
}
