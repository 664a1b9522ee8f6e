// The listings in a portfolio's universe: which sleeve each belongs to, monitoring, add, remove.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import type { ApiError, Constituent, Listing, PortfolioDetail } from "../../api/types";
import { ConfirmButton } from "../../components/Confirm";
import { FormMessage, useSubmit } from "../../components/forms";
import { Link } from "../../router";

const ADD = `mutation($input: AddConstituentInput!) {
  addConstituent(input: $input) { ${ERROR_FIELDS} ... on Constituent { listingId } } }`;
const UPDATE = `mutation($input: UpdateConstituentInput!) {
  updateConstituent(input: $input) { ${ERROR_FIELDS} ... on Constituent { listingId } } }`;
const REMOVE = `mutation($portfolioId: ID!, $listingId: ID!, $version: Int!) {
  removeConstituent(portfolioId: $portfolioId, listingId: $listingId, version: $version) {
    ${ERROR_FIELDS} ... on ConstituentRemoved { listingId } } }`;

type Ok = { __typename: string; listingId: string };

function label(listing: Listing | null | undefined, fallback: string): string {
  if (!listing) return fallback;
  const name = listing.instrument?.name ? ` · ${listing.instrument.name}` : "";
  return `${listing.ticker} (${listing.venueMic}, ${listing.quoteCurrency})${name}`;
}

function SleeveSelect({ value, sleeves, onChange, name, ariaLabel }: {
  value: string;
  sleeves: PortfolioDetail["sleeves"];
  onChange: (value: string) => void;
  name: string;
  ariaLabel: string;
}) {
  return (
    <select name={name} aria-label={ariaLabel} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">No sleeve</option>
      {sleeves.map((s) => (
        <option key={s.id} value={s.id}>{s.name}</option>
      ))}
    </select>
  );
}

function ConstituentRow({ portfolio, row, reload }: {
  portfolio: PortfolioDetail;
  row: Constituent;
  reload: () => Promise<void>;
}) {
  const { feedback, busy, submit } = useSubmit(["sleeveId", "monitored"]);
  const update = (sleeveId: string, monitored: boolean) => {
    const input = {
      portfolioId: portfolio.id,
      listingId: row.listingId,
      version: row.version,
      sleeveId: sleeveId || null,
      monitored,
    };
    void submit<Ok>(async () => (await gql<{ updateConstituent: Ok | ApiError }>(UPDATE, { input })).updateConstituent, reload);
  };
  const remove = () =>
    void submit<Ok>(
      async () =>
        (await gql<{ removeConstituent: Ok | ApiError }>(REMOVE, {
          portfolioId: portfolio.id,
          listingId: row.listingId,
          version: row.version,
        })).removeConstituent,
      reload,
    );
  const name = label(row.listing, row.listingId);
  return (
    <tr>
      <td>
        {row.listing ? (
          <>
            <strong>{row.listing.ticker}</strong> <small className="meta">{row.listing.venueMic} · {row.listing.quoteCurrency}</small>
            {row.listing.instrument?.name && <div className="meta small-text">{row.listing.instrument.name}</div>}
          </>
        ) : name}{" "}
        <Link href={`/listings/${row.listingId}/prices`} className="small-link" aria-label={`Prices of ${row.listing?.ticker ?? name}`}>
          prices
        </Link>
      </td>
      <td>
        <SleeveSelect name="sleeveId" ariaLabel={`Sleeve of ${name}`} value={row.sleeveId ?? ""}
          sleeves={portfolio.sleeves} onChange={(v) => update(v, row.monitored)} />
        {feedback.fields.sleeveId && <small className="field-error" role="alert">{feedback.fields.sleeveId}</small>}
      </td>
      <td>
        <label className="nowrap">
          <input type="checkbox" aria-label={`Monitor ${name}`} checked={row.monitored}
            disabled={busy} onChange={(e) => update(row.sleeveId ?? "", e.target.checked)} />
          <span className="show-narrow" aria-hidden="true"> monitored</span>
        </label>
      </td>
      <td>
        <ConfirmButton label="Remove" action={`Remove ${row.listing?.ticker ?? name} from the portfolio`} disabled={busy}
          question={<>Remove <strong>{row.listing?.ticker ?? name}</strong> from this portfolio? Its ledger entries stay.</>}
          confirmText="Confirm: remove" onConfirm={remove} />
        <FormMessage feedback={feedback} />
      </td>
    </tr>
  );
}

export function ConstituentsEditor({ portfolio, listings, reload }: {
  portfolio: PortfolioDetail;
  listings: Listing[];
  reload: () => Promise<void>;
}) {
  const [listingId, setListingId] = useState("");
  const [sleeveId, setSleeveId] = useState("");
  const { feedback, busy, submit } = useSubmit(["listingId", "sleeveId"]);
  const held = new Set(portfolio.constituents.map((c) => c.listingId));
  const add = (event: FormEvent) => {
    event.preventDefault();
    const input = { portfolioId: portfolio.id, listingId, sleeveId: sleeveId || null, monitored: true };
    void submit<Ok>(
      async () => (await gql<{ addConstituent: Ok | ApiError }>(ADD, { input })).addConstituent,
      async () => {
        setListingId("");
        await reload();
      },
    );
  };
  return (
    <>
      {portfolio.constituents.length === 0 ? (
        <p className="empty">No listings yet.</p>
      ) : (
        <div className="table-scroll">
        <table className="grid stack" aria-label="Constituents">
          <thead><tr><th>Listing</th><th>Sleeve</th><th>Monitored</th><th /></tr></thead>
          <tbody>
            {portfolio.constituents.map((row) => (
              <ConstituentRow key={`${row.listingId}:${row.version}`} portfolio={portfolio} row={row} reload={reload} />
            ))}
          </tbody>
        </table>
        </div>
      )}
      <h3>Add a listing</h3>
      <form className="inline-form" onSubmit={add} aria-label="Add a listing">
        <label className="field">
          <span>Listing</span>
          <select name="listingId" aria-label="Listing to add" value={listingId} onChange={(e) => setListingId(e.target.value)}>
            <option value="">Choose a listing…</option>
            {listings.filter((l) => !held.has(l.id)).map((l) => (
              <option key={l.id} value={l.id}>{label(l, l.id)}</option>
            ))}
          </select>
          {feedback.fields.listingId && <small className="field-error" role="alert">{feedback.fields.listingId}</small>}
        </label>
        <label className="field">
          <span>Sleeve</span>
          <SleeveSelect name="newSleeveId" ariaLabel="Sleeve for the new listing" value={sleeveId}
            sleeves={portfolio.sleeves} onChange={setSleeveId} />
          {feedback.fields.sleeveId && <small className="field-error" role="alert">{feedback.fields.sleeveId}</small>}
        </label>
        <button type="submit" disabled={busy || !listingId}>Add listing</button>
      </form>
      <FormMessage feedback={feedback} />
    </>
  );
}
