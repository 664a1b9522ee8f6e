// The portfolio's policy versions, newest first, and approving one by the hash on screen.
import { useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { APPROVE_POLICY } from "./queries";
import type { PolicyVersion } from "./types";
import { label, shortHash, when } from "./format";

type Approved = { __typename: "PolicyVersionApproved"; created: boolean };

function ApproveRow({ portfolioId, version, onDone, onCancel }: {
  portfolioId: string;
  version: PolicyVersion;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setProblem(null);
    // The hash shown is the hash sent: the engine refuses if the version is not what was reviewed.
    const input = { portfolioId, policyVersionId: version.id, policyHash: version.policyHash };
    try {
      const result = (await gql<{ approvePolicyVersion: Approved | ApiError }>(APPROVE_POLICY, { input }))
        .approvePolicyVersion;
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
      <td colSpan={7}>
        <div role="group" aria-label={`Confirm approval of version ${version.version}`}>
          <p>
            Approve version {version.version} with hash <code>{version.policyHash}</code>? Runs will use it from
            now on; the approval is recorded in the audit log.
          </p>
          <button type="button" disabled={busy} onClick={() => void confirm()}>Confirm approval</button>{" "}
          <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
          {problem && <p className="form-error" role="alert">{problem}</p>}
        </div>
      </td>
    </tr>
  );
}

export function PolicyVersions({ portfolioId, versions, onChanged, onEdit }: {
  portfolioId: string;
  versions: PolicyVersion[];
  onChanged: () => Promise<void>;
  onEdit: (version: PolicyVersion) => void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (versions.length === 0) return <p className="empty">No versions yet: write one above and save it.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Policy versions">
        <thead>
          <tr>
            <th>Version</th><th>Name</th><th>Status</th><th>Hash</th><th>Created</th><th>Approved</th><th />
          </tr>
        </thead>
        <tbody>
          {versions.flatMap((v) => [
            <tr key={v.id} data-version={v.version}>
              <td>{v.version}</td>
              <td>{v.name}</td>
              <td><span className={`tag status-${(v.status ?? "").toLowerCase()}`}>{label(v.status)}</span></td>
              <td><code title={v.policyHash}>{shortHash(v.policyHash)}</code></td>
              <td>{when(v.createdAt)}</td>
              <td>{when(v.approvedAt)}</td>
              <td className="actions">
                <button type="button" className="secondary small" onClick={() => onEdit(v)}
                  aria-label={`Edit a copy of version ${v.version}`}>Edit a copy</button>{" "}
                {v.status !== "APPROVED" && (
                  <button type="button" className="small" onClick={() => setConfirming(v.id)}
                    aria-label={`Approve version ${v.version}`}>Approve</button>
                )}
              </td>
            </tr>,
            confirming === v.id ? (
              <ApproveRow key={`${v.id}-confirm`} portfolioId={portfolioId} version={v}
                onCancel={() => setConfirming(null)}
                onDone={async () => {
                  setConfirming(null);
                  await onChanged();
                }} />
            ) : null,
          ])}
        </tbody>
      </table>
    </div>
  );
}
