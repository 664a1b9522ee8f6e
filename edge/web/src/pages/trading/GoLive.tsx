// Going live in two steps: the password answers a risk summary (shown in full); confirming
// sends its SHA-256 back, so what is confirmed is what was shown. Back to dry-run any time.
import { useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Field } from "../../components/forms";
import { when } from "../engine/format";
import { CONFIRM_LIVE, REQUEST_LIVE, SWITCH_TO_DRY_RUN } from "../orders/queries";
import { RefusalAlert, type Refusal } from "../orders/refusal";
import type { TradingState } from "../orders/types";
import { stateMutation } from "./stateResult";

interface Requested {
  __typename: "LiveModeRequested";
  confirmationId: string;
  riskSummaryJson: string;
  riskSummarySha256: string;
  expiresAt: string | null;
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export function GoLive({ portfolioId, state, onChanged }: {
  portfolioId: string;
  state: TradingState;
  onChanged: (state: TradingState) => void;
}) {
  const [password, setPassword] = useState("");
  const [requested, setRequested] = useState<Requested | null>(null);
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setRefusal(null);
    try {
      await step();
    } catch (error) {
      setRefusal(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const request = () => run(async () => {
    const result = (await gql<{ requestLiveMode: Requested | ApiError }>(REQUEST_LIVE, { id: portfolioId, password }))
      .requestLiveMode;
    setPassword("");
    if (isError(result)) setRefusal(result);
    else setRequested(result);
  });
  const confirm = () => run(async () => {
    if (!requested) return;
    const result = await stateMutation(CONFIRM_LIVE, {
      id: portfolioId, confirmation: requested.confirmationId, hash: requested.riskSummarySha256,
    });
    setRequested(null);
    if (result.__typename === "TradingState") onChanged(result);
    else setRefusal(result);
  });
  const toDryRun = () => run(async () => {
    const result = await stateMutation(SWITCH_TO_DRY_RUN, { id: portfolioId });
    if (result.__typename === "TradingState") onChanged(result);
    else setRefusal(result);
  });

  if (state.mode === "LIVE") {
    return (
      <div>
        <p>Live: orders go to the live broker.</p>
        <button type="button" disabled={busy} onClick={() => void toDryRun()}>Switch to dry-run</button>
        <RefusalAlert error={refusal} />
      </div>
    );
  }
  return (
    <div>
      {!requested && (
        <form className="inline-form" aria-label="Go live" onSubmit={(e) => { e.preventDefault(); void request(); }}>
          <Field label="Your password" name="password" type="password" autoComplete="current-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" disabled={busy || !password}>Review going live</button>
        </form>
      )}
      {requested && (
        <div role="group" aria-label="Confirm going live" className="banner">
          <p>Going live means this, as of now (expires {when(requested.expiresAt)}):</p>
          <pre className="risk-summary" aria-label="Risk summary">{pretty(requested.riskSummaryJson)}</pre>
          <p className="meta">SHA-256 <code>{requested.riskSummarySha256}</code></p>
          <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>Confirm going live</button>
          <button type="button" className="secondary" onClick={() => setRequested(null)}>Cancel</button>
        </div>
      )}
      <RefusalAlert error={refusal} />
    </div>
  );
}
