// A portfolio's engine runs, newest first, and starting one now.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { requestId } from "../../api/fragments";
import { isError, type ApiError } from "../../api/types";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { Link, navigate } from "../../router";
import { START_RUN, RUNS_PAGE } from "./queries";
import type { Run } from "./types";
import { label, shortHash, when } from "./format";
import "./engine.css";

type Answer = {
  portfolio: { __typename: "Portfolio"; id: string; name: string; frozen: boolean } | ApiError;
  runs: { __typename: "RunPage"; nextPageToken: string | null; items: Run[] } | ApiError;
};
type Started = { __typename: "RunStarted"; created: boolean; run: { id: string } };

export function StatusTag({ status }: { status: string | null }) {
  return <span className={`tag status-${(status ?? "").toLowerCase()}`}>{label(status)}</span>;
}

function StartRunButton({ portfolioId }: { portfolioId: string }) {
  // One id per page visit: a double click or a retried request starts one run.
  const [id, setId] = useState(requestId);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const result = (await gql<{ startRun: Started | ApiError }>(START_RUN, {
        input: { portfolioId, requestId: id },
      })).startRun;
      if (isError(result)) {
        setProblem(result.reason ? `${result.message} (${result.reason})` : result.message);
        // A refusal stored nothing: the next attempt is a new request.
        setId(requestId());
      } else {
        navigate(`/portfolios/${portfolioId}/runs/${result.run.id}`);
      }
    } catch (error) {
      setProblem(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="refresh">
      <button type="button" disabled={busy} onClick={() => void start()}>
        {busy ? "Running…" : "Run now"}
      </button>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </div>
  );
}

function RunsTable({ portfolioId, runs }: { portfolioId: string; runs: Run[] }) {
  if (runs.length === 0) return <p className="empty">No runs yet. Approve a policy, then press “Run now”.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Runs">
        <thead>
          <tr>
            <th>Started</th><th className="hide-narrow">Trigger</th><th className="hide-narrow">Period</th><th>Outcome</th>
            <th className="num">Lines</th><th>Decision</th><th className="hide-narrow">Snapshot hash</th>
            <th className="hide-narrow">Policy hash</th><th className="hide-narrow" />
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td><Link href={`/portfolios/${portfolioId}/runs/${run.id}`} aria-label={`Run of ${when(run.createdAt)}`}>{when(run.createdAt)}</Link></td>
              <td className="hide-narrow">{label(run.trigger)}</td>
              <td className="hide-narrow">{run.cadencePeriod || "—"}</td>
              <td>
                <StatusTag status={run.status} />
                {run.blockedReasons.length > 0 && (
                  <small className="reasons">{run.blockedReasons.map((r) => r.code).join(", ")}</small>
                )}
              </td>
              <td className="num">{run.lineCount}</td>
              <td>{run.status === "BLOCKED" ? "—" : label(run.recommendationStatus)}</td>
              <td className="hide-narrow"><code title={run.snapshotHash}>{shortHash(run.snapshotHash)}</code></td>
              <td className="hide-narrow"><code title={run.policyHash}>{shortHash(run.policyHash)}</code></td>
              <td className="hide-narrow"><Link href={`/portfolios/${portfolioId}/runs/${run.id}`}>Open</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunsPage({ id }: { id: string }) {
  const [name, setName] = useState<string | null>(null);
  const [runs, setRuns] = useState<Run[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async (after: string | null) => {
    const data = await gql<Answer>(RUNS_PAGE, { id, after });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.runs)) return setProblem(data.runs.message);
    setName(data.portfolio.name);
    const page = data.runs.items;
    setRuns((old) => (after ? [...old, ...page] : page));
    setNext(data.runs.nextPageToken);
  }, [id]);
  useEffect(() => {
    void load(null).catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Runs" problem={problem} back={`/portfolios/${id}`} backText="Back to the portfolio" />
    );
  }
  if (name === null) return <Loading what="runs" />;
  return (
    <Section title={`${name}: runs`} level={1}>
      <PortfolioNav portfolioId={id} current="runs" />
      <p className="meta">
        A run reads holdings, cash, prices and the approved policy, and recommends trades; a frozen portfolio,
        a failing price or no approved policy gives a blocked run with its reasons.
      </p>
      <StartRunButton portfolioId={id} />
      <RunsTable portfolioId={id} runs={runs} />
      {next && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => void load(next)}>Older runs</button>
        </div>
      )}
    </Section>
  );
}
