// A starting policy document for a portfolio with no versions yet, built from its sleeves.

export interface SleeveTarget {
  name: string;
  targetWeightPct: string | null;
  driftBandAbsPct: string | null;
  driftBandRelPct: string | null;
  archived: boolean;
}

function band(sleeve: SleeveTarget): string {
  const parts = [];
  if (sleeve.driftBandAbsPct) parts.push(`abs_pct: ${sleeve.driftBandAbsPct}`);
  if (sleeve.driftBandRelPct) parts.push(`rel_pct: ${sleeve.driftBandRelPct}`);
  // The 5/25 rule when the registry sleeve names no band.
  return `{${parts.length ? parts.join(", ") : "abs_pct: 5, rel_pct: 25"}}`;
}

/** YAML with the portfolio's sleeves and their targets, and friction and cadence to edit. */
export function policyTemplate(portfolioName: string, sleeves: SleeveTarget[]): string {
  const active = sleeves.filter((s) => !s.archived);
  const sleeveLines = active.length
    ? active.flatMap((s) => [
        `  - name: ${s.name}`,
        `    target_weight_pct: ${s.targetWeightPct ?? 0}`,
        `    drift_band: ${band(s)}`,
      ])
    : ["  - name: equities", "    target_weight_pct: 100", "    drift_band: {abs_pct: 5, rel_pct: 25}"];
  return [
    "schema_version: 1",
    `name: ${JSON.stringify(`${portfolioName} policy`)}`,
    "sleeves:",
    ...sleeveLines,
    "cadence: {frequency: monthly, run_day: 1, contribution: 500}",
    "friction:",
    "  min_trade_value: 100",
    "  max_orders_per_run: 4",
    "  fees: {fixed: 1.50, bps: 10, minimum: 2}",
    "  cash_buffer: 50",
    "sells: when_outside_band",
    "",
  ].join("\n");
}
