// CSV price import: a preview first (every rejected row and why, nothing written), then confirm.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS, requestId } from "../../api/fragments";
import type { ApiError, CsvImport } from "../../api/types";
import { FormMessage, SelectField, useSubmit } from "../../components/forms";
import { price } from "../../format";

const IMPORT = `mutation($input: ImportPricesCsvInput!) {
  importPricesCsv(input: $input) { ${ERROR_FIELDS}
    ... on CsvImport { rows accepted confirmed rejections { row field reason }
      preview { listingId observedAt price { amount currency } }
      taskRun { id status inserted updated unchanged rejected } } } }`;

type Result = CsvImport & { __typename: "CsvImport" };
type Listing = { id: string; ticker: string };
const CURRENCIES: [string, string][] = [["", "From the file"], ["GBX", "GBX (pence)"], ["GBP", "GBP"], ["USD", "USD"], ["EUR", "EUR"], ["VND", "VND"]];

export function CsvImportForm({ listings, onImported }: { listings: Listing[]; onImported: () => Promise<void> }) {
  const [content, setContent] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [listing, setListing] = useState("");
  const [currency, setCurrency] = useState("");
  const [preview, setPreview] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  // One id per previewed file: a double-clicked confirm imports once.
  const [importId, setImportId] = useState(requestId);
  const { feedback, busy, submit } = useSubmit(["file", "listing", "currency", "content"]);
  const tickers = Object.fromEntries(listings.map((l) => [l.id, l.ticker]));

  const send = (confirm: boolean) =>
    submit<Result>(
      async () =>
        (await gql<{ importPricesCsv: Result | ApiError }>(IMPORT, {
          input: { content, listing: listing || null, currency: currency || null, confirm, requestId: importId },
        })).importPricesCsv,
      async (result) => {
        if (confirm) {
          setDone(result);
          setPreview(null);
          await onImported();
        } else {
          setPreview(result);
          setDone(null);
        }
      },
    );

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setDone(null);
    setImportId(requestId());
    setFileName(file?.name ?? "");
    setContent(file ? await file.text() : null);
  };
  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  return (
    <>
      <form className="inline-form" onSubmit={onPreview} aria-label="Import prices from CSV">
        <label className="field">
          <span>CSV file (date, close; optional open, high, low, volume, listing, currency)</span>
          <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => void choose(e.target.files?.[0])} />
          {feedback.fields.file && <small className="field-error" role="alert">{feedback.fields.file}</small>}
        </label>
        <SelectField label="Listing (if the file has no listing column)" name="listing" value={listing}
          options={[["", "From the file"], ...listings.map((l): [string, string] => [l.id, l.ticker])]}
          onChange={(e) => setListing(e.target.value)} error={feedback.fields.listing} />
        <SelectField label="Currency (if the file has none)" name="currency" value={currency} options={CURRENCIES}
          onChange={(e) => setCurrency(e.target.value)} error={feedback.fields.currency} />
        <button type="submit" disabled={busy || content === null}>Preview</button>
      </form>
      <FormMessage feedback={feedback} />
      {preview && (
        <div className="preview" data-testid="csv-preview">
          <p role="status">
            {fileName}: {preview.rows} rows, <strong>{preview.accepted} accepted</strong>,{" "}
            <strong>{preview.rejections.length} rejected</strong>. Nothing has been written yet.
          </p>
          {preview.rejections.length > 0 && (
            <div className="table-scroll">
              <table className="grid" aria-label="Rejected rows">
                <thead><tr><th>Row</th><th>Column</th><th>Why</th></tr></thead>
                <tbody>
                  {preview.rejections.map((r) => (
                    <tr key={`${r.row}:${r.field}`}><td>{r.row}</td><td>{r.field}</td><td>{r.reason}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.preview.length > 0 && (
            <div className="table-scroll">
              <table className="grid" aria-label="Accepted rows">
                <thead><tr><th>Listing</th><th>Date</th><th className="num">Close</th></tr></thead>
                <tbody>
                  {preview.preview.map((p) => (
                    <tr key={`${p.listingId}:${p.observedAt}`}>
                      <td>{tickers[p.listingId] ?? p.listingId}</td><td>{p.observedAt.slice(0, 10)}</td>
                      <td className="num">{price(p.price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <button type="button" disabled={busy || preview.accepted === 0} onClick={() => void send(true)}>
            Import {preview.accepted} accepted rows
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setPreview(null)}>Cancel</button>
        </div>
      )}
      {done?.taskRun && (
        <p className="form-ok" role="status">
          Imported: {done.taskRun.inserted} new, {done.taskRun.updated} corrected, {done.taskRun.unchanged} unchanged,{" "}
          {done.taskRun.rejected} rejected (run {done.taskRun.status?.toLowerCase()}).
        </p>
      )}
    </>
  );
}
