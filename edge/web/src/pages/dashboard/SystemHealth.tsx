// Every service's health at a glance (the status page has the detail and live updates).
import { useEffect, useState } from "react";
import { gql } from "../../api/client";
import { Link } from "../../router";

interface ServiceStatus {
  name: string;
  status: string;
  detail: string | null;
}

export function SystemHealth() {
  const [rows, setRows] = useState<ServiceStatus[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    gql<{ systemStatus: ServiceStatus[] }>(`query { systemStatus { name status detail } }`)
      .then((data) => setRows(data.systemStatus))
      .catch((error: Error) => setProblem(error.message));
  }, []);
  if (problem) return <p className="form-error">{problem}</p>;
  if (!rows) return <p>Checking services…</p>;
  return (
    <ul className="health" data-testid="system-health" data-services={rows.length}>
      {rows.map((r) => (
        <li key={r.name} className={r.status === "SERVING" ? "ok" : "down"} title={r.detail ?? ""}>
          <Link href="/status">{r.name}: {r.status.toLowerCase().replace(/_/g, " ")}</Link>
        </li>
      ))}
    </ul>
  );
}
