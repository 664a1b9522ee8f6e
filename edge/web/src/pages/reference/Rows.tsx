// Inline editors for one instrument and one listing.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import type { ApiError, Instrument, Listing } from "../../api/types";
import { Field, FormMessage, useSubmit } from "../../components/forms";

const UPDATE_INSTRUMENT = `mutation($input: UpdateInstrumentInput!) {
  updateInstrument(input: $input) { ${ERROR_FIELDS} ... on Instrument { id } } }`;
const UPDATE_LISTING = `mutation($input: UpdateListingInput!) {
  updateListing(input: $input) { ${ERROR_FIELDS} ... on Listing { id } } }`;
const ASSET_CLASSES = ["EQUITY", "BOND", "FUND", "ETF", "CASH", "COMMODITY", "OTHER"];

type Ok = { __typename: string; id: string };

export function InstrumentRow({ instrument, reload }: { instrument: Instrument; reload: () => Promise<void> }) {
  const [name, setName] = useState(instrument.name);
  const [assetClass, setAssetClass] = useState(instrument.assetClass ?? "OTHER");
  const { feedback, busy, submit } = useSubmit(["name", "assetClass"]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { id: instrument.id, version: instrument.version, name, assetClass };
    void submit<Ok>(async () => (await gql<{ updateInstrument: Ok | ApiError }>(UPDATE_INSTRUMENT, { input })).updateInstrument, reload);
  };
  return (
    <form className="inline-form row" onSubmit={save} aria-label={`Instrument ${instrument.isin}`}>
      <code className="isin">{instrument.isin}</code>
      <Field label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={feedback.fields.name} wide />
      <label className="field">
        <span>Asset class</span>
        <select value={assetClass} onChange={(e) => setAssetClass(e.target.value)}>
          {ASSET_CLASSES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <button type="submit" disabled={busy}>Save</button>
      <FormMessage feedback={feedback} />
    </form>
  );
}

export function ListingRow({ listing, reload }: { listing: Listing; reload: () => Promise<void> }) {
  const [v, setV] = useState({
    ticker: listing.ticker,
    lotSize: listing.lotSize ?? "1",
    tickSize: listing.tickSize ?? "",
    calendar: listing.calendar,
  });
  const { feedback, busy, submit } = useSubmit(["ticker", "lotSize", "tickSize", "calendar"]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { id: listing.id, version: listing.version, ...v, tickSize: v.tickSize.trim() || null };
    void submit<Ok>(async () => (await gql<{ updateListing: Ok | ApiError }>(UPDATE_LISTING, { input })).updateListing, reload);
  };
  const f = feedback.fields;
  return (
    <form className="inline-form row listing" onSubmit={save} aria-label={`Listing ${listing.ticker}`}>
      <span className="venue">{listing.venueMic} · {listing.quoteCurrency} · scale {listing.priceScale}</span>
      <Field label="Ticker" name="ticker" value={v.ticker} onChange={(e) => setV({ ...v, ticker: e.target.value })} error={f.ticker} />
      <Field label="Lot size" name="lotSize" value={v.lotSize} onChange={(e) => setV({ ...v, lotSize: e.target.value })} error={f.lotSize} />
      <Field label="Tick size" name="tickSize" value={v.tickSize} onChange={(e) => setV({ ...v, tickSize: e.target.value })} error={f.tickSize} />
      <Field label="Calendar" name="calendar" value={v.calendar} onChange={(e) => setV({ ...v, calendar: e.target.value })} error={f.calendar} />
      <button type="submit" disabled={busy}>Save</button>
      <FormMessage feedback={feedback} />
    </form>
  );
}
