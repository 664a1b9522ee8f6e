// Period returns: time-weighted and money-weighted, each figure linked to the ledger it is from.
import { Link } from "../../router";
import { money, percent } from "../../format";
import type { PeriodReturn } from "./queries";

const NAMES: Record<string, string> = {
  ONE_MONTH: "1M",
  THREE_MONTHS: "3M",
  YEAR_TO_DATE: "YTD",
  ONE_YEAR: "1Y",
  SINCE_START: "Since start",
};

function pct(text: string | null): string {
  return percent(text);
}

export function PeriodTable({ portfolioId, periods }: { portfolioId: string; periods: PeriodReturn[] }) {
  const ledger = `/portfolios/${portfolioId}/ledger`;
  return (
    <div className="table-scroll">
      <table className="grid periods" aria-label="Period returns" data-testid="period-returns">
        <thead>
          <tr><th>Period</th><th>From</th><th>TWR</th><th>Money-weighted</th><th>Start value</th><th>Net flows</th></tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.period ?? ""} data-period={p.period ?? ""} className={p.available ? "" : "unavailable"}>
              <th scope="row">{NAMES[p.period ?? ""] ?? p.period}</th>
              <td>{p.startDate}</td>
              {p.available ? (
                <>
                  <td><Link href={ledger} title="Chain-linked between the ledger's contributions and withdrawals">{pct(p.twrPct)}</Link></td>
                  <td>
                    <Link href={ledger} title={p.note || "From the ledger's flows and the period's start and end values"}>
                      {pct(p.mwrPct)}
                    </Link>
                    {p.mwrPct !== null && <small className="meta">{p.mwrAnnualised ? " a year" : " (period)"}</small>}
                  </td>
                  <td><Link href={ledger}>{money(p.startValue)}</Link></td>
                  <td><Link href={ledger}>{money(p.netFlows)}</Link></td>
                </>
              ) : (
                <td colSpan={4} className="meta">Not available: {p.note}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="meta">
        TWR is cumulative over the period; money-weighted is XIRR a year for periods of a year or more,
        the period's own rate below that. Flows count from the start of their day.
      </p>
    </div>
  );
}
