// Broker calls that did not get through: inspect one (the call as made, the last error),
// replay it now (reconciled with the broker first) or abandon it with a reason.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { ConfirmButton } from "../../components/Confirm";
import { Loading } from "../../components/Loading";
import { Field } from "../../components/forms";
import { Link } from "../../router";
import { label, when } from "../engine/format";
import { ABANDON_LETTER, DEAD_LETTERS, REPLAY_LETTER } from "../orders/queries";
import { RefusalAlert, type Refusal } from "../orders/refusal";
import type { DeadLetter } from "../orders/types";

type Handled = { __typename: "DeadLetterHandled"; deadLetter: { id: string; status: string } } | ApiError;
const ACTIONABLE = new Set(["RETRYING", "DEAD"]);

function Inspect({ portfolioId, letter, onHandled }: {
  portfolioId: string;
  letter: DeadLetter;
  onHandled: () => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const act = async (query: string, variables: Record<string, unknown>) => {
    setRefusal(null);
    try {
      const result = Object.values(await gql<Record<string, Handled>>(query, variables))[0];
      if (isError(result)) setRefusal(result);
      else await onHandled();
    } catch (error) {
      setRefusal(String((error as Error).message));
    }
  };
  const ids = { id: portfolioId, letter: letter.id };
  return (
    <div role="group" aria-label={`Dead letter ${letter.id}`} className="banner">
      <p>Last error: <code>{letter.lastError || "—"}</code></p>
      <pre className="risk-summary">{letter.contextJson}</pre>
      {ACTIONABLE.has(letter.status ?? "") && (
        <form className="inline-form" aria-label="Handle dead letter" onSubmit={(e) => e.preventDefault()}>
          <button type="button" onClick={() => void act(REPLAY_LETTER, ids)}>Replay now</button>
          <Field label="Reason to abandon" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <ConfirmButton label="Abandon" action="Abandon this broker call"
            question={<>Abandon it? The call is not retried again; check the order at your broker.</>}
            confirmText="Confirm: abandon" onConfirm={() => act(ABANDON_LETTER, { ...ids, reason })} />
        </form>
      )}
      <RefusalAlert error={refusal} />
    </div>
  );
}

export function DeadLetters({ portfolioId }: { portfolioId: string }) {
  const [letters, setLetters] = useState<DeadLetter[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const data = await gql<{ deadLetters: { __typename: "DeadLetterList"; items: DeadLetter[] } | ApiError }>(
      DEAD_LETTERS, { id: portfolioId });
    if (isError(data.deadLetters)) setProblem(data.deadLetters.message);
    else setLetters(data.deadLetters.items);
  }, [portfolioId]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) return <p className="form-error" role="alert">{problem}</p>;
  if (!letters) return <Loading what="dead letters" />;
  if (letters.length === 0) return <p className="empty">No dead letters: every broker call got through.</p>;
  return (
    <>
      <div className="table-scroll">
      <table className="grid" aria-label="Dead letters">
        <thead><tr><th>Created</th><th>Operation</th><th>Broker</th><th>Status</th><th className="num">Attempts</th><th>Next attempt</th><th>Order</th><th /></tr></thead>
        <tbody>
          {letters.map((l) => (
            <tr key={l.id} data-letter={l.id}>
              <td>{when(l.createdAt)}</td><td>{l.operation}</td><td>{l.broker}</td><td>{label(l.status)}</td>
              <td className="num">{l.attempts} / {l.maxAttempts}</td><td>{when(l.nextAttemptAt)}</td>
              <td><Link href={`/portfolios/${portfolioId}/orders/${l.orderId}`}>Order</Link></td>
              <td><button type="button" className="link" onClick={() => setOpen(open === l.id ? null : l.id)}>Inspect</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {letters.filter((l) => l.id === open).map((l) => (
        <Inspect key={l.id} portfolioId={portfolioId} letter={l} onHandled={async () => { setOpen(null); await load(); }} />
      ))}
    </>
  );
}
