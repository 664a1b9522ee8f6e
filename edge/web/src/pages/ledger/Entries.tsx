// The ledger's entries, newest first: filters, pages and a reversal (entries never change;
// a reversal is a new entry that undoes one). The ledger's refusals are shown as it gave them.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS, requestId } from "../../api/fragments";
import { isError, type ApiError, type EntryKind, type LedgerEntry } from "../../api/types";
import { Field, SelectField } from "../../components/forms";
import { money, price, quantity } from "../../format";
import { Link } from "../../router";
import type { TradableListing } from "./EntryForm";
import { today } from "./EntryForm";

const PAGE_SIZE = 20;
const ENTRIES = `query($id: ID!, $first: Int!, $after: String, $filter: LedgerEntryFilter) {
  ledger(portfolioId: $id) { ${ERROR_FIELDS}
    ... on LedgerBook { entries(first: $first, after: $after, filter: $filter) { ${ERROR_FIELDS}
      ... on LedgerEntryPage { nextPageToken items { id kind entryDate memo sequence quantity
        listingId reversesEntryId reversedByEntryId listing { ticker }
        amount { amount currency } price { amount currency } fees { amount currency }
        cashChange { amount currency } } } } } } }`;
const REVERSE = `mutation($input: ReverseLedgerEntryInput!) {
  reverseLedgerEntry(input: $input) { ${ERROR_FIELDS} ... on PostedBatch { id status } } }`;

type Page = { __typename: "LedgerEntryPage"; nextPageToken: string | null; items: LedgerEntry[] };
type Book = { __typename: "LedgerBook"; entries: Page | ApiError };
type Filter = { kinds?: EntryKind[]; listingId?: string; dateFrom?: string; dateTo?: string };

const KIND_OPTIONS: [string, string][] = [
  ["", "All kinds"],
  ...(["CONTRIBUTION", "WITHDRAWAL", "FEE", "INTEREST", "DIVIDEND", "BUY", "SELL", "STOCK_SPLIT", "REVERSAL"]
    .map((k): [string, string] => [k, k.toLowerCase().replace("_", " ")])),
];

function describe(entry: LedgerEntry, sequences: Record<string, number> = {}): string {
  const what = entry.listing?.ticker ?? "";
  if (entry.kind === "REVERSAL") {
    const target = entry.reversesEntryId ? sequences[entry.reversesEntryId] : undefined;
    return target ? `reversal of #${target}` : "reversal";
  }
  if (entry.quantity) {
    return `${entry.kind.toLowerCase()} ${quantity(entry.quantity)} ${what} @ ${price(entry.price)}`;
  }
  return `${entry.kind.toLowerCase()} ${money(entry.amount)}`.trim();
}

const ORDER_FILL = /^order ([0-9a-f-]{36}) fill ([0-9a-f-]{36})(?: \((\w+)\))?$/;

/** A fill's memo names its order and fill by id: link the order, keep the ids out of sight. */
function Memo({ text, portfolioId }: { text: string; portfolioId: string }) {
  const found = ORDER_FILL.exec(text);
  if (!found) return <>{text}</>;
  const [, order, fill, broker] = found;
  return (
    <span title={text}>
      {broker ? `${broker} fill of ` : "fill of "}
      <Link href={`/portfolios/${portfolioId}/orders/${order}`} data-fill={fill}>an order</Link>
    </span>
  );
}

function ReverseRow({ entry, portfolioId, onDone, onCancel }: {
  entry: LedgerEntry;
  portfolioId: string;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  // One id pair per confirmation: clicking twice resubmits the same reversal.
  const [ids] = useState(() => ({ batchId: requestId(), reversalEntryId: requestId() }));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setProblem(null);
    const input = { portfolioId, entryId: entry.id, entryDate: today(), ...ids };
    try {
      const result = (await gql<{ reverseLedgerEntry: { __typename: string } | ApiError }>(REVERSE, { input }))
        .reverseLedgerEntry;
      if (isError(result)) setProblem(result.reason ? `${result.message} (${result.reason})` : result.message);
      else await onDone();
    } catch (error) {
      setProblem(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr className="confirm-row">
      <td colSpan={6}>
        <div role="group" aria-label={`Confirm reversal of entry #${entry.sequence}`}>
          <p>
            Reverse entry #{entry.sequence} ({describe(entry)})? A REVERSAL entry is added; the
            original stays in the ledger.
          </p>
          {problem && <p className="form-error" role="alert">{problem}</p>}
          <button type="button" disabled={busy} onClick={() => void confirm()}>Confirm reversal</button>{" "}
          <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
        </div>
      </td>
    </tr>
  );
}

export function EntriesTable({ portfolioId, listings, reloadKey, onChanged }: {
  portfolioId: string;
  listings: TradableListing[];
  reloadKey: number;
  onChanged: () => Promise<void>;
}) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState<Filter>({});
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reversing, setReversing] = useState<string | null>(null);
  const after = tokens[tokens.length - 1];
  const sequences = Object.fromEntries((page?.items ?? []).map((e) => [e.id, e.sequence]));

  const load = useCallback(async () => {
    const data = await gql<{ ledger: Book | ApiError }>(ENTRIES, { id: portfolioId, first: PAGE_SIZE, after, filter });
    const found = isError(data.ledger) ? data.ledger : data.ledger.entries;
    if (isError(found)) setProblem(found.message);
    else {
      setProblem(null);
      setPage(found);
    }
  }, [portfolioId, after, filter]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load, reloadKey]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({
      kinds: draft.kind ? [draft.kind as EntryKind] : undefined,
      listingId: draft.listingId || undefined,
      dateFrom: draft.dateFrom || undefined,
      dateTo: draft.dateTo || undefined,
    });
    setTokens([null]);
  };
  const set = (name: string) => (value: string) => setDraft((old) => ({ ...old, [name]: value }));

  return (
    <>
      <form className="inline-form filters" onSubmit={apply} aria-label="Filter entries">
        <SelectField label="Kind" name="kind" value={draft.kind ?? ""} options={KIND_OPTIONS}
          onChange={(e) => set("kind")(e.target.value)} />
        <SelectField label="Listing" name="listingId" value={draft.listingId ?? ""}
          options={[["", "All listings"], ...listings.map((l): [string, string] => [l.id, l.ticker])]}
          onChange={(e) => set("listingId")(e.target.value)} />
        <Field label="From" name="dateFrom" type="date" value={draft.dateFrom ?? ""}
          onChange={(e) => set("dateFrom")(e.target.value)} />
        <Field label="To" name="dateTo" type="date" value={draft.dateTo ?? ""}
          onChange={(e) => set("dateTo")(e.target.value)} />
        <button type="submit" className="secondary">Apply filters</button>
      </form>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {page && page.items.length === 0 && (
        <p className="empty">
          {Object.values(filter).some((v) => v !== undefined)
            ? "No entries match these filters."
            : "No entries yet. Record a contribution above to start the ledger."}
        </p>
      )}
      {page && page.items.length > 0 && (
        <div className="table-scroll">
          <table className="grid" aria-label="Ledger entries">
            <thead>
              <tr><th>#</th><th className="hide-narrow">Date</th><th>Entry</th><th className="num">Cash change</th>
                <th className="hide-narrow">Memo</th><th /></tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <EntryRows key={entry.id} entry={entry} portfolioId={portfolioId} sequences={sequences}
                  reversing={reversing === entry.id} setReversing={setReversing}
                  onChanged={async () => {
                    setReversing(null);
                    await onChanged();
                  }} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button type="button" className="secondary" disabled={tokens.length < 2}
          onClick={() => setTokens((t) => t.slice(0, -1))}>Newer</button>
        <button type="button" className="secondary" disabled={!page?.nextPageToken}
          onClick={() => setTokens((t) => [...t, page?.nextPageToken ?? null])}>Older</button>
      </div>
    </>
  );
}

function EntryRows({ entry, portfolioId, sequences, reversing, setReversing, onChanged }: {
  entry: LedgerEntry;
  sequences: Record<string, number>;
  portfolioId: string;
  reversing: boolean;
  setReversing: (id: string | null) => void;
  onChanged: () => Promise<void>;
}) {
  const reversible = entry.kind !== "REVERSAL" && !entry.reversedByEntryId;
  return (
    <>
      <tr className={entry.reversedByEntryId ? "reversed" : ""}>
        <td>{entry.sequence}</td>
        <td className="hide-narrow nowrap">{entry.entryDate}</td>
        <td>
          <small className="meta show-narrow">{entry.entryDate} </small>
          {describe(entry, sequences)}
          {entry.reversedByEntryId && <span className="tag">reversed</span>}
          {entry.fees && entry.fees.amount !== "0" && <small className="meta"> · fees {money(entry.fees)}</small>}
        </td>
        <td className="num">{money(entry.cashChange)}</td>
        <td className="hide-narrow"><Memo text={entry.memo} portfolioId={portfolioId} /></td>
        <td>
          {reversible && (
            <button type="button" className="secondary small" aria-label={`Reverse entry #${entry.sequence}`}
              onClick={() => setReversing(reversing ? null : entry.id)}>Reverse</button>
          )}
        </td>
      </tr>
      {reversing && (
        <ReverseRow entry={entry} portfolioId={portfolioId} onDone={onChanged} onCancel={() => setReversing(null)} />
      )}
    </>
  );
}
