// Run history: how many runs advised, were blocked or were executed, and the latest ones.
import { Link } from "../../router";
import type { Run } from "../engine/types";
import { label, when } from "../engine/format";

const LATEST = 5;

export function RunHistory({ portfolioId, runs }: { portfolioId: string; runs: Run[] }) {
  const runsPage = `/portfolios/${portfolioId}/runs`;
  const counts = [
    ["Advice", runs.filter((r) => r.status === "ADVICE").length],
    ["Blocked", runs.filter((r) => r.status === "BLOCKED").length],
    ["Executed", runs.filter((r) => r.recommendationStatus === "EXECUTED").length],
  ] as const;
  return (
    <div data-testid="run-history">
      <ul className="counts">
        {counts.map(([name, n]) => (
          <li key={name}>
            <Link href={runsPage}><strong>{n}</strong> {name.toLowerCase()}</Link>
          </li>
        ))}
      </ul>
      {runs.length === 0 ? (
        <p className="empty">No runs yet. <Link href={runsPage}>Run the engine</Link>.</p>
      ) : (
        <ul className="latest">
          {runs.slice(0, LATEST).map((r) => (
            <li key={r.id}>
              <Link href={`${runsPage}/${r.id}`}>
                <span className={`tag status-${(r.status ?? "").toLowerCase()}`}>{label(r.status)}</span>{" "}
                {when(r.createdAt)} · {r.lineCount} line{r.lineCount === 1 ? "" : "s"} · {label(r.recommendationStatus)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
