// Field-by-field changes between two policy versions, by path (lists keyed by name).
import { useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { SelectField } from "../../components/forms";
import { POLICY_DIFF } from "./queries";
import type { PolicyChange, PolicyVersion } from "./types";
import { label } from "./format";

type Diff = { __typename: "PolicyDiff"; fromPolicyHash: string; toPolicyHash: string; changes: PolicyChange[] };

function defaults(versions: PolicyVersion[]): [string, string] {
  // Newest against the approved one (or the one before it): what approving would change.
  const newest = versions[0]?.id ?? "";
  const approved = versions.find((v) => v.status === "APPROVED" && v.id !== newest);
  return [approved?.id ?? versions[1]?.id ?? newest, newest];
}

export function PolicyDiff({ portfolioId, versions }: { portfolioId: string; versions: PolicyVersion[] }) {
  const [[from, to], setPair] = useState<[string, string]>(() => defaults(versions));
  const [diff, setDiff] = useState<Diff | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (versions.length < 2) return <p className="empty">Two versions are needed to compare.</p>;
  const options = versions.map((v): [string, string] => [v.id, `version ${v.version} (${label(v.status)})`]);
  const compare = async () => {
    setProblem(null);
    try {
      const result = (await gql<{ policyDiff: Diff | ApiError }>(POLICY_DIFF, { id: portfolioId, from, to }))
        .policyDiff;
      if (isError(result)) setProblem(result.message);
      else setDiff(result);
    } catch (error) {
      setProblem(String((error as Error).message));
    }
  };
  return (
    <>
      <form className="inline-form" aria-label="Compare policy versions"
        onSubmit={(e) => { e.preventDefault(); void compare(); }}>
        <SelectField label="From" name="from" value={from} options={options}
          onChange={(e) => { setPair([e.target.value, to]); setDiff(null); }} />
        <SelectField label="To" name="to" value={to} options={options}
          onChange={(e) => { setPair([from, e.target.value]); setDiff(null); }} />
        <button type="submit">Compare</button>
      </form>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {diff && diff.changes.length === 0 && <p className="empty">The two versions are the same.</p>}
      {diff && diff.changes.length > 0 && (
        <div className="table-scroll">
          <table className="grid diff" aria-label="Policy changes">
            <thead><tr><th>Field</th><th>Change</th><th>Before</th><th>After</th></tr></thead>
            <tbody>
              {diff.changes.map((c) => (
                <tr key={c.path} className={`change-${(c.kind ?? "").toLowerCase()}`}>
                  <td><code>{c.path}</code></td>
                  <td>{label(c.kind)}</td>
                  <td><pre>{c.beforeJson ?? ""}</pre></td>
                  <td><pre>{c.afterJson ?? ""}</pre></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
