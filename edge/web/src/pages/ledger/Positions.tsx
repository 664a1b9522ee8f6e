// Holdings and cash from the ledger's snapshots, and a check that replays every entry.
import { useState } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import { isError, type ApiError, type CashBalance, type Holding, type LedgerVerification } from "../../api/types";
import { Link } from "../../router";
import { money, price, quantity } from "../../format";

const VERIFY = `query($id: ID!) { ledger(portfolioId: $id) { ${ERROR_FIELDS}
  ... on LedgerBook { verification { ${ERROR_FIELDS}
    ... on LedgerVerification { consistent entriesReplayed
      differences { subject field snapshotValue replayValue } } } } } }`;

type Verified = { __typename: "LedgerBook"; verification: (LedgerVerification & { __typename: string }) | ApiError };

export function HoldingsTable({ holdings }: { holdings: Holding[] }) {
  if (holdings.length === 0) return <p className="empty">No holdings yet. Record a buy below, or place orders from a run.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Holdings">
        <thead>
          <tr><th>Listing</th><th className="num">Quantity</th><th className="num">Average cost</th>
            <th className="num">Cost basis</th><th className="num">Latest price</th></tr>
        </thead>
        <tbody>
          {holdings.map((h) => (
            <tr key={h.listingId}>
              <td><Link href={`/listings/${h.listingId}/prices`}>{h.listing?.ticker ?? h.listingId}</Link></td>
              <td className="num">{quantity(h.quantity)}</td>
              <td className="num">{price(h.averageCost)}</td>
              <td className="num">{money(h.costBasis)}</td>
              <td className="num">
                {h.latestPrice ? (
                  <>
                    {price(h.latestPrice.price)}{" "}
                    <small className="meta">{h.latestPrice.observedAt.slice(0, 10)}</small>
                  </>
                ) : (
                  <small className="meta">no price yet</small>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CashTable({ cash }: { cash: CashBalance[] }) {
  if (cash.length === 0) return <p className="empty">No cash yet. Record a contribution below.</p>;
  return (
    <div className="table-scroll">
    <table className="grid" aria-label="Cash">
      <thead><tr><th>Currency</th><th className="num">Balance</th></tr></thead>
      <tbody>
        {cash.map((c) => (
          <tr key={c.balance.currency}><td>{c.balance.currency}</td><td className="num">{money(c.balance)}</td></tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

export function VerifyButton({ portfolioId }: { portfolioId: string }) {
  const [result, setResult] = useState<LedgerVerification | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      const data = await gql<{ ledger: Verified | ApiError }>(VERIFY, { id: portfolioId });
      const found = isError(data.ledger) ? data.ledger : data.ledger.verification;
      if (isError(found)) setProblem(found.message);
      else {
        setProblem(null);
        setResult(found);
      }
    } catch (error) {
      setProblem(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify">
      <button type="button" className="secondary" disabled={busy} onClick={() => void verify()}>
        Verify ledger
      </button>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {result && (
        <div role="status" data-testid="verification">
          {result.consistent ? (
            <p className="form-ok">
              Consistent: {result.entriesReplayed} entries replayed, the snapshots match.
            </p>
          ) : (
            <>
              <p className="form-error">The snapshots differ from a replay of {result.entriesReplayed} entries:</p>
              <table className="grid" aria-label="Differences">
                <thead><tr><th>Subject</th><th>Field</th><th>Snapshot</th><th>Replay</th></tr></thead>
                <tbody>
                  {result.differences.map((d) => (
                    <tr key={`${d.subject}:${d.field}`}>
                      <td>{d.subject}</td><td>{d.field}</td><td>{d.snapshotValue}</td><td>{d.replayValue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </div>
  );
}
