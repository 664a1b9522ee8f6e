// Approve a proposed recommendation (with the hash on screen) or ignore it; both are audited.
import { useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Field } from "../../components/forms";
import { APPROVE_RECOMMENDATION, IGNORE_RECOMMENDATION } from "./queries";
import type { Recommendation } from "./types";
import { label, when } from "./format";

type Decided = { __typename: "Recommendation"; id: string; status: string };

export function ReviewForm({ portfolioId, rec, onDecided }: {
  portfolioId: string;
  rec: Recommendation;
  onDecided: () => Promise<void>;
}) {
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (rec.status === "BLOCKED") return <p className="meta">Nothing to decide: the run was blocked.</p>;
  if (rec.status !== "PROPOSED") {
    return (
      <p className="decision" role="status">
        <strong>{label(rec.status)}</strong>
        {rec.decidedAt && ` on ${when(rec.decidedAt)}`}
        {rec.decisionNote && <>: “{rec.decisionNote}”</>}
      </p>
    );
  }
  const decide = async (approve: boolean) => {
    setBusy(true);
    setProblem(null);
    const base = { portfolioId, recommendationId: rec.id, note };
    try {
      const result = approve
        ? (await gql<{ approveRecommendation: Decided | ApiError }>(APPROVE_RECOMMENDATION, {
            // The hash of what is on screen: the engine refuses if the stored one differs.
            input: { ...base, recommendationHash: rec.recommendationHash },
          })).approveRecommendation
        : (await gql<{ ignoreRecommendation: Decided | ApiError }>(IGNORE_RECOMMENDATION, { input: base }))
            .ignoreRecommendation;
      if (isError(result)) setProblem(result.reason ? `${result.message} (${result.reason})` : result.message);
      else await onDecided();
    } catch (error) {
      setProblem(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" aria-label="Review recommendation" onSubmit={(e) => e.preventDefault()}>
      <Field label="Note (optional)" name="note" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="button" disabled={busy} onClick={() => void decide(true)}>Approve recommendation</button>
      <button type="button" className="secondary" disabled={busy} onClick={() => void decide(false)}>
        Ignore
      </button>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </form>
  );
}
