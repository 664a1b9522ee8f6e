// System status: every backend service and whether it is SERVING, live over a subscription.
import { useEffect, useState } from "react";
import { subscribe } from "../api/client";
import { Section } from "../components/forms";
import { label } from "../format";

interface ServiceStatus {
  name: string;
  address: string;
  status: string;
  detail: string | null;
}

const STATUS = `subscription { systemStatusUpdates { name address status detail } }`;

export function StatusPage() {
  const [rows, setRows] = useState<ServiceStatus[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(
    () =>
      subscribe<{ systemStatusUpdates: ServiceStatus[] }>(
        STATUS,
        (data) => setRows(data.systemStatusUpdates),
        () => setProblem("Live status is unavailable."),
      ),
    [],
  );
  const down = rows?.filter((r) => r.status !== "SERVING") ?? [];
  return (
    <Section title="System status" level={1}>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {!rows && !problem && <p className="loading-inline" role="status">Checking services…</p>}
      {rows && (
        <>
          <p role="status" className={down.length ? "form-error" : "form-ok"}>
            {down.length ? `Not serving: ${down.map((r) => r.name).join(", ")}` : "All services are serving."}
          </p>
          <div className="table-scroll">
          <table className="grid" aria-label="Services">
            <thead><tr><th>Service</th><th className="hide-narrow">Address</th><th>Status</th><th>Detail</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.name}><td>{r.name}</td><td className="hide-narrow"><code>{r.address}</code></td><td>{label(r.status)}</td><td>{r.detail ?? ""}</td></tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </Section>
  );
}
