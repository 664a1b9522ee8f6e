// The policy document editor: check it (nothing stored) or save it as a new immutable version.
// The engine names every bad field by its path, e.g. sleeves[1].target_weight_pct.
import { useRef, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError, type FieldError } from "../../api/types";
import { CREATE_POLICY, VALIDATE_POLICY } from "./queries";
import type { PolicyCheck, PolicyVersion } from "./types";
import { lineOfPath, lineRange } from "./documentLines";
import { shortHash } from "./format";

type Outcome =
  | { kind: "problems"; message: string; problems: FieldError[]; document: string }
  | { kind: "valid"; check: PolicyCheck }
  | { kind: "saved"; version: PolicyVersion; created: boolean }
  | null;

type Created = { __typename: "PolicyVersionCreated"; created: boolean; policyVersion: PolicyVersion };
type Checked = PolicyCheck & { __typename: "PolicyCheck" };

function refusal(error: ApiError, document: string): Outcome {
  return { kind: "problems", message: error.message, problems: error.fieldErrors ?? [], document };
}

function OutcomeView({ outcome, onJump }: { outcome: Outcome; onJump: (line: number) => void }) {
  if (!outcome) return null;
  if (outcome.kind === "problems") {
    return (
      <div className="policy-problems" role="alert">
        <p className="form-error">
          {outcome.problems.length
            ? `${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"}: nothing was stored.`
            : outcome.message}
        </p>
        {outcome.problems.length > 0 && (
          <ul aria-label="Policy problems">
            {outcome.problems.map((p) => {
              const line = lineOfPath(outcome.document, p.field);
              return (
                <li key={`${p.field}:${p.message}`} data-path={p.field}>
                  <code>{p.field}</code> {p.message}
                  {line !== null && (
                    <button type="button" className="link" onClick={() => onJump(line)}>line {line}</button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    );
  }
  if (outcome.kind === "valid") {
    return (
      <p className="form-ok" role="status">
        Valid: “{outcome.check.name}”, hash <code title={outcome.check.policyHash}>{shortHash(outcome.check.policyHash)}</code>.
        Nothing stored yet.
      </p>
    );
  }
  const v = outcome.version;
  return (
    <p className="form-ok" role="status">
      {outcome.created ? `Saved as version ${v.version}` : `Same as version ${v.version}: nothing new stored`}
      {" "}(hash <code title={v.policyHash}>{shortHash(v.policyHash)}</code>). Review it below, then approve it.
    </p>
  );
}

export function PolicyEditor({ portfolioId, initial, onSaved }: {
  portfolioId: string;
  initial: string;
  onSaved: () => Promise<void>;
}) {
  const [document, setDocument] = useState(initial);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const jump = (line: number) => {
    const element = textarea.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(...lineRange(element.value, line));
  };

  const run = async (work: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      setOutcome(await work());
    } catch (error) {
      setOutcome({ kind: "problems", message: String((error as Error).message), problems: [], document });
    } finally {
      setBusy(false);
    }
  };
  const check = () =>
    run(async () => {
      const result = (await gql<{ validatePolicy: Checked | ApiError }>(VALIDATE_POLICY, {
        id: portfolioId,
        document,
      })).validatePolicy;
      return isError(result) ? refusal(result, document) : { kind: "valid", check: result };
    });
  const save = () =>
    run(async () => {
      const input = { portfolioId, document };
      const result = (await gql<{ createPolicyVersion: Created | ApiError }>(CREATE_POLICY, { input }))
        .createPolicyVersion;
      if (isError(result)) return refusal(result, document);
      await onSaved();
      return { kind: "saved", version: result.policyVersion, created: result.created };
    });

  return (
    <form className="policy-editor" aria-label="Policy document" onSubmit={(e) => e.preventDefault()}>
      <label className="field" htmlFor="policy-document">
        <span>Policy document (YAML or JSON; see docs/policy.md)</span>
        <textarea ref={textarea} id="policy-document" name="document" spellCheck={false} rows={22} value={document}
          aria-invalid={outcome?.kind === "problems"}
          onChange={(e) => {
            setDocument(e.target.value);
            if (outcome?.kind !== "problems") setOutcome(null);
          }} />
      </label>
      <div className="buttons">
        <button type="button" className="secondary" disabled={busy} onClick={() => void check()}>
          Check
        </button>
        <button type="button" disabled={busy} onClick={() => void save()}>
          Save as new version
        </button>
      </div>
      <OutcomeView outcome={outcome} onJump={jump} />
    </form>
  );
}
