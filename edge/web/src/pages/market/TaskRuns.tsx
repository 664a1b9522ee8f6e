// Ingestion task runs, newest first: what each refresh or import fetched, stored and rejected.
import type { TaskRun } from "../../api/types";

export const TASK_RUN_FIELDS =
  "id task trigger source status startedAt finishedAt fetched inserted updated unchanged rejected errorSummary";

export function TaskRunsTable({ runs }: { runs: TaskRun[] }) {
  if (runs.length === 0) return <p className="empty">No task runs yet. Refresh prices or import a CSV to start one.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Task runs">
        <thead>
          <tr><th>Started</th><th>Task</th><th>Trigger</th><th>Source</th><th>Status</th>
            <th className="num">Fetched</th><th className="num">New</th><th className="num">Corrected</th>
            <th className="num">Unchanged</th><th className="num">Rejected</th><th>Errors</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={`run-${(r.status ?? "").toLowerCase()}`}>
              <td>{r.startedAt ? new Date(r.startedAt).toLocaleString() : ""}</td>
              <td>{r.task}</td><td>{r.trigger}</td><td>{r.source}</td>
              <td><span className="tag">{r.status?.toLowerCase()}</span></td>
              <td className="num">{r.fetched}</td><td className="num">{r.inserted}</td>
              <td className="num">{r.updated}</td><td className="num">{r.unchanged}</td>
              <td className="num">{r.rejected}</td>
              <td className="errors">{r.errorSummary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
