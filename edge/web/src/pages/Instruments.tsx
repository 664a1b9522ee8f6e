// Instruments and their listings: the shared reference data portfolios draw on.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS, requestId } from "../api/fragments";
import { isError, type ApiError, type Instrument, type Listing } from "../api/types";
import { Field, FormMessage, Section, useSubmit } from "../components/forms";
import { Loading } from "../components/Loading";
import { InstrumentRow, ListingRow } from "./reference/Rows";

const LOAD = `{
  instruments(first: 200) { ${ERROR_FIELDS} ... on InstrumentPage { items { id isin name assetClass version } } }
  listings(first: 200) { ${ERROR_FIELDS} ... on ListingPage { items {
    id instrumentId venueMic ticker quoteCurrency priceScale lotSize tickSize calendar version } } }
}`;
const CREATE_INSTRUMENT = `mutation($input: CreateInstrumentInput!) {
  createInstrument(input: $input) { ${ERROR_FIELDS} ... on Instrument { id } } }`;
const CREATE_LISTING = `mutation($input: CreateListingInput!) {
  createListing(input: $input) { ${ERROR_FIELDS} ... on Listing { id } } }`;

const ASSET_CLASSES = ["EQUITY", "BOND", "FUND", "ETF", "CASH", "COMMODITY", "OTHER"];
type Ok = { __typename: string; id: string };

function NewInstrument({ reload }: { reload: () => Promise<void> }) {
  const [isin, setIsin] = useState("");
  const [name, setName] = useState("");
  const [assetClass, setAssetClass] = useState("EQUITY");
  const { feedback, busy, submit } = useSubmit(["isin", "name", "assetClass"]);
  const create = (event: FormEvent) => {
    event.preventDefault();
    const input = { isin: isin.trim().toUpperCase(), name, assetClass, requestId: requestId() };
    void submit<Ok>(
      async () => (await gql<{ createInstrument: Ok | ApiError }>(CREATE_INSTRUMENT, { input })).createInstrument,
      async () => {
        setIsin("");
        setName("");
        await reload();
      },
      "Instrument created.",
    );
  };
  return (
    <form className="inline-form" onSubmit={create} aria-label="New instrument">
      <Field label="ISIN" name="isin" value={isin} onChange={(e) => setIsin(e.target.value)} error={feedback.fields.isin} />
      <Field label="Instrument name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={feedback.fields.name} wide />
      <label className="field">
        <span>Asset class</span>
        <select name="assetClass" value={assetClass} onChange={(e) => setAssetClass(e.target.value)}>
          {ASSET_CLASSES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <button type="submit" disabled={busy}>Create instrument</button>
      <FormMessage feedback={feedback} />
    </form>
  );
}

const LISTING_FIELDS = ["instrumentId", "venueMic", "ticker", "quoteCurrency", "priceScale", "lotSize", "tickSize", "calendar"];

function NewListing({ instruments, reload }: { instruments: Instrument[]; reload: () => Promise<void> }) {
  const empty = { instrumentId: "", venueMic: "XLON", ticker: "", quoteCurrency: "GBX", priceScale: "0.01", lotSize: "1", tickSize: "0.01", calendar: "XLON" };
  const [v, setV] = useState(empty);
  const { feedback, busy, submit } = useSubmit(LISTING_FIELDS);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });
  const create = (event: FormEvent) => {
    event.preventDefault();
    const input = { ...v, tickSize: v.tickSize.trim() || null, requestId: requestId() };
    void submit<Ok>(
      async () => (await gql<{ createListing: Ok | ApiError }>(CREATE_LISTING, { input })).createListing,
      async () => {
        setV({ ...empty, instrumentId: v.instrumentId });
        await reload();
      },
      "Listing created.",
    );
  };
  const f = feedback.fields;
  return (
    <form className="inline-form" onSubmit={create} aria-label="New listing">
      <label className="field">
        <span>Instrument</span>
        <select name="instrumentId" value={v.instrumentId} onChange={set("instrumentId")}>
          <option value="">Choose an instrument…</option>
          {instruments.map((i) => <option key={i.id} value={i.id}>{i.name} ({i.isin})</option>)}
        </select>
        {f.instrumentId && <small className="field-error" role="alert">{f.instrumentId}</small>}
      </label>
      <Field label="Venue MIC" name="venueMic" value={v.venueMic} onChange={set("venueMic")} error={f.venueMic} />
      <Field label="Ticker" name="ticker" value={v.ticker} onChange={set("ticker")} error={f.ticker} />
      <Field label="Quote currency" name="quoteCurrency" value={v.quoteCurrency} onChange={set("quoteCurrency")} error={f.quoteCurrency} />
      <Field label="Price scale" name="priceScale" inputMode="decimal" value={v.priceScale} onChange={set("priceScale")} error={f.priceScale} />
      <Field label="Lot size" name="lotSize" inputMode="decimal" value={v.lotSize} onChange={set("lotSize")} error={f.lotSize} />
      <Field label="Tick size" name="tickSize" inputMode="decimal" value={v.tickSize} onChange={set("tickSize")} error={f.tickSize} />
      <Field label="Calendar" name="calendar" value={v.calendar} onChange={set("calendar")} error={f.calendar} />
      <button type="submit" disabled={busy || !v.instrumentId}>Create listing</button>
      <FormMessage feedback={feedback} />
    </form>
  );
}

export function InstrumentsPage() {
  const [instruments, setInstruments] = useState<Instrument[] | null>(null);
  const [listings, setListings] = useState<Listing[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const data = await gql<{
      instruments: { __typename: "InstrumentPage"; items: Instrument[] } | ApiError;
      listings: { __typename: "ListingPage"; items: Listing[] } | ApiError;
    }>(LOAD);
    if (isError(data.instruments)) return setProblem(data.instruments.message);
    if (isError(data.listings)) return setProblem(data.listings.message);
    setInstruments(data.instruments.items);
    setListings(data.listings.items);
  }, []);
  useEffect(() => {
    void load().catch((e: Error) => setProblem(e.message));
  }, [load]);

  return (
    <>
      <Section title="Instruments" level={1}>
        <p className="meta">Securities (by ISIN) and where each trades: the reference data every portfolio draws on.</p>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        {instruments === null && !problem && <Loading what="instruments" />}
        {instruments?.length === 0 && (
          <p className="empty">No instruments yet. Create one below by its ISIN, then add a listing for it.</p>
        )}
        {instruments?.map((instrument) => (
          <div key={instrument.id} className="instrument">
            <InstrumentRow key={instrument.version} instrument={instrument} reload={load} />
            {listings.filter((l) => l.instrumentId === instrument.id).map((listing) => (
              <ListingRow key={`${listing.id}:${listing.version}`} listing={listing} reload={load} />
            ))}
          </div>
        ))}
        <h3>New instrument</h3>
        <NewInstrument reload={load} />
      </Section>
      <Section title="New listing">
        <NewListing instruments={instruments ?? []} reload={load} />
      </Section>
    </>
  );
}
