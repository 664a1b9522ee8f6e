// The advice-freeze banner of a portfolio: why advice is frozen, and lifting it with a reason.
import { useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import type { ApiError, FreezeReason } from "../api/types";
import { Link } from "../router";
import { Field, FormMessage, useSubmit } from "./forms";

const UNFREEZE = `mutation($input: UnfreezePortfolioInput!) {
  unfreezePortfolio(input: $input) { ${ERROR_FIELDS} ... on Portfolio { id frozen } } }`;

type Ok = { __typename: "Portfolio"; id: string; frozen: boolean };

export function FreezeBanner({ portfolioId, frozen, reasons, onChanged }: {
  portfolioId: string;
  frozen: boolean;
  reasons: FreezeReason[];
  onChanged: () => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const { feedback, busy, submit } = useSubmit(["reason"]);
  if (!frozen) return null;
  const unfreeze = (event: FormEvent) => {
    event.preventDefault();
    const input = { portfolioId, reason };
    void submit<Ok>(
      async () => (await gql<{ unfreezePortfolio: Ok | ApiError }>(UNFREEZE, { input })).unfreezePortfolio,
      async () => {
        setReason("");
        await onChanged();
      },
    );
  };
  return (
    <section className="banner frozen" role="region" aria-label="Advice frozen">
      <h2>Advice is frozen</h2>
      <p>No recommendations are made for this portfolio until the data is good or someone lifts the freeze.</p>
      <ul>
        {reasons.map((r) => (
          <li key={`${r.source}:${r.reference}`}>
            <strong>{r.source === "dq_alert" ? "Data-quality alert" : r.source}</strong>: {r.detail || r.reference}
            {r.frozenAt && <small className="meta"> · since {new Date(r.frozenAt).toLocaleString()}</small>}
          </li>
        ))}
      </ul>
      <p className="meta">
        Check the listing's prices and its alert on the <Link href="/market">market data</Link> page first.
      </p>
      <form className="inline-form unfreeze" onSubmit={unfreeze} aria-label="Unfreeze portfolio">
        <Field label="Reason for lifting the freeze" name="reason" value={reason} required={false}
          onChange={(e) => setReason(e.target.value)} error={feedback.fields.reason} />
        <button type="submit" disabled={busy}>Unfreeze</button>
        <FormMessage feedback={feedback} />
      </form>
    </section>
  );
}
