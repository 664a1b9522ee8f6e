// Record one ledger entry: a contribution, withdrawal or fee, or a buy or sell of a listing.
// The batch and entry ids are made here, once per intended entry: a double click or a retry
// after a lost answer resubmits the same ids, and the ledger answers EXISTS instead of
// booking twice. New ids are made only after the ledger accepted the entry.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS, requestId } from "../../api/fragments";
import type { ApiError, EntryKind } from "../../api/types";
import { Field, FormMessage, SelectField, useSubmit } from "../../components/forms";

const SUBMIT = `mutation($input: SubmitLedgerBatchInput!) {
  submitLedgerBatch(input: $input) { ${ERROR_FIELDS} ... on PostedBatch { id status sequence } } }`;

type Posted = { __typename: "PostedBatch"; id: string; status: "CREATED" | "EXISTS"; sequence: number };

export interface TradableListing {
  id: string;
  ticker: string;
  quoteCurrency: string;
  priceScale: string | null;
}

const KINDS: [EntryKind, string][] = [
  ["CONTRIBUTION", "Contribution"],
  ["WITHDRAWAL", "Withdrawal"],
  ["FEE", "Fee"],
  ["BUY", "Buy"],
  ["SELL", "Sell"],
];
const TRADES: EntryKind[] = ["BUY", "SELL"];
const FIELDS = [
  "kind", "entryDate", "amount", "listingId", "quantity", "price", "priceCurrency",
  "fxRate", "fees", "settlementDate", "memo",
];

export function today(): string {
  return new Date().toLocaleDateString("en-CA"); // YYYY-MM-DD in the user's time zone
}

/** Base units per quote unit when the listing quotes in a sub-unit of the base (GBX → GBP). */
function defaultFxRate(listing: TradableListing | undefined, base: string): string {
  if (!listing) return "";
  if (listing.quoteCurrency === base) return "";
  if (listing.quoteCurrency === "GBX" && base === "GBP") return listing.priceScale ?? "0.01";
  return "";
}

function newIds() {
  return { batchId: requestId(), entryId: requestId() };
}

export function EntryForm({ portfolioId, baseCurrency, listings, onPosted }: {
  portfolioId: string;
  baseCurrency: string;
  listings: TradableListing[];
  onPosted: () => Promise<void>;
}) {
  const [kind, setKind] = useState<EntryKind>("CONTRIBUTION");
  const [values, setValues] = useState<Record<string, string>>({ entryDate: today() });
  const [ids, setIds] = useState(newIds);
  const [lastPosted, setLastPosted] = useState<Posted | null>(null);
  const { feedback, busy, submit } = useSubmit(FIELDS);
  const trade = TRADES.includes(kind);
  const listing = listings.find((l) => l.id === values.listingId);
  const set = (name: string) => (value: string) => setValues((old) => ({ ...old, [name]: value }));

  const chooseListing = (id: string) => {
    const chosen = listings.find((l) => l.id === id);
    setValues((old) => ({ ...old, listingId: id, fxRate: defaultFxRate(chosen, baseCurrency) }));
  };

  const entry = () => {
    const common = { entryId: ids.entryId, kind, entryDate: values.entryDate || null, memo: values.memo ?? "" };
    if (!trade) return { ...common, amount: values.amount || null };
    return {
      ...common,
      listingId: values.listingId || null,
      quantity: values.quantity || null,
      price: values.price || null,
      priceCurrency: listing?.quoteCurrency ?? null,
      fxRate: values.fxRate || null,
      fees: values.fees || null,
      settlementDate: values.settlementDate || null,
    };
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { batchId: ids.batchId, portfolioId, entries: [entry()] };
    setLastPosted(null);
    void submit<Posted>(
      async () => (await gql<{ submitLedgerBatch: Posted | ApiError }>(SUBMIT, { input })).submitLedgerBatch,
      async (posted) => {
        setIds(newIds());
        setValues({ entryDate: values.entryDate });
        setLastPosted(posted);
        await onPosted();
      },
    );
  };

  return (
    <form className="inline-form entry-form" onSubmit={save} aria-label="New ledger entry">
      <SelectField label="Entry type" name="kind" value={kind} options={KINDS}
        onChange={(e) => setKind(e.target.value as EntryKind)} error={feedback.fields.kind} />
      <Field label="Date" name="entryDate" type="date" value={values.entryDate ?? ""}
        onChange={(e) => set("entryDate")(e.target.value)} error={feedback.fields.entryDate} />
      {!trade && (
        <Field label={`Amount (${baseCurrency})`} name="amount" inputMode="decimal"
          value={values.amount ?? ""} onChange={(e) => set("amount")(e.target.value)}
          error={feedback.fields.amount} />
      )}
      {trade && (
        <>
          <SelectField label="Listing" name="listingId" value={values.listingId ?? ""}
            options={[["", "Choose…"], ...listings.map((l): [string, string] => [l.id, `${l.ticker} (${l.quoteCurrency})`])]}
            onChange={(e) => chooseListing(e.target.value)} error={feedback.fields.listingId} />
          <Field label="Quantity" name="quantity" inputMode="decimal" value={values.quantity ?? ""}
            onChange={(e) => set("quantity")(e.target.value)} error={feedback.fields.quantity} />
          <Field label={`Price (${listing?.quoteCurrency ?? "quote unit"})`} name="price" inputMode="decimal"
            value={values.price ?? ""} onChange={(e) => set("price")(e.target.value)}
            error={feedback.fields.price ?? feedback.fields.priceCurrency} />
          <Field label={`FX rate (${baseCurrency} per unit)`} name="fxRate" inputMode="decimal"
            value={values.fxRate ?? ""} onChange={(e) => set("fxRate")(e.target.value)}
            error={feedback.fields.fxRate} />
          <Field label={`Fees (${baseCurrency})`} name="fees" inputMode="decimal" value={values.fees ?? ""}
            onChange={(e) => set("fees")(e.target.value)} error={feedback.fields.fees} />
          <Field label="Settlement date" name="settlementDate" type="date" value={values.settlementDate ?? ""}
            onChange={(e) => set("settlementDate")(e.target.value)} error={feedback.fields.settlementDate} />
        </>
      )}
      <Field label="Memo" name="memo" value={values.memo ?? ""} onChange={(e) => set("memo")(e.target.value)}
        error={feedback.fields.memo} />
      <button type="submit" disabled={busy}>Record entry</button>
      <FormMessage feedback={feedback} />
      {lastPosted && !feedback.message && (
        <p className="form-ok" role="status">
          {lastPosted.status === "EXISTS"
            ? `Already recorded as batch #${lastPosted.sequence}; nothing was booked twice.`
            : `Recorded as batch #${lastPosted.sequence}.`}
        </p>
      )}
    </form>
  );
}
