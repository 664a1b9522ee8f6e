// The recommendation's report as tables: order lines, totals, sleeve weights, rules fired,
// and the constraints report (dropped lines and the final checks).
import type { NamedValue, Recommendation } from "./types";
import { decimal, label, money, percent, price, quantity } from "./format";

function Inputs({ values }: { values: NamedValue[] }) {
  if (values.length === 0) return null;
  return (
    <dl className="inputs">
      {values.map((v) => (
        <div key={v.name}><dt>{v.name}</dt><dd>{v.value}</dd></div>
      ))}
    </dl>
  );
}

export function OrderLinesTable({ rec }: { rec: Recommendation }) {
  if (rec.lines.length === 0) return <p className="empty">No trades: the portfolio is on policy.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Order lines">
        <thead>
          <tr>
            <th>#</th><th>Listing</th><th>Side</th><th className="num">Quantity</th>
            <th className="num">Est. price</th><th className="num">Est. value</th><th className="num">Est. fee</th>
            <th>Sleeve</th><th>Purpose</th>
          </tr>
        </thead>
        <tbody>
          {rec.lines.map((line) => (
            <tr key={line.id} data-line-id={line.id}>
              <td>{line.id.split(":").pop()}</td>
              <td>{line.ticker}</td>
              <td><span className={`tag side-${(line.side ?? "").toLowerCase()}`}>{label(line.side)}</span></td>
              <td className="num">{quantity(line.quantity)}</td>
              <td className="num">{price(line.estPrice)}</td>
              <td className="num">{money(line.estValue)}</td>
              <td className="num">{money(line.estFee)}</td>
              <td>{line.sleeve}</td>
              <td>{label(line.purpose)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TotalsList({ rec }: { rec: Recommendation }) {
  const t = rec.totals;
  if (!t) return null;
  const rows: [string, string][] = [
    ["Cash before", money(t.cashBefore)],
    ["Buys", money(t.buys)],
    ["Sells", money(t.sells)],
    ["Fees", money(t.fees)],
    ["Cash after", money(t.cashAfter)],
  ];
  return (
    <dl className="totals" aria-label="Totals">
      {rows.map(([name, value]) => (
        <div key={name}><dt>{name}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

export function SleeveTable({ rec }: { rec: Recommendation }) {
  if (rec.sleeves.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Sleeve weights">
        <thead>
          <tr>
            <th>Sleeve</th><th className="num">Target</th><th className="num">Band</th>
            <th className="num">Before</th><th className="num">After</th>
            <th className="num">Drift before</th><th className="num">Drift after</th>
            <th className="num">Value before</th><th className="num">Value after</th>
          </tr>
        </thead>
        <tbody>
          {rec.sleeves.map((s) => (
            <tr key={s.sleeve}>
              <td>{s.sleeve}</td>
              <td className="num">{percent(s.targetPct)}</td>
              <td className="num">± {decimal(s.bandPp, 0, 2)} pp</td>
              <td className="num">{percent(s.beforePct)}</td>
              <td className="num">{percent(s.afterPct)}</td>
              <td className="num">{decimal(s.driftBeforePp, 0, 2)} pp</td>
              <td className="num">{decimal(s.driftAfterPp, 0, 2)} pp</td>
              <td className="num">{money(s.valueBefore)}</td>
              <td className="num">{money(s.valueAfter)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RulesTable({ rec }: { rec: Recommendation }) {
  if (rec.rules.length === 0) return <p className="empty">No rule fired.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Rules fired">
        <thead><tr><th>Rule</th><th>Subject</th><th>Outcome</th><th>Inputs</th></tr></thead>
        <tbody>
          {rec.rules.map((r, i) => (
            <tr key={`${r.rule}:${r.subject}:${i}`}>
              <td><code>{r.rule}</code></td>
              <td>{r.subject}</td>
              <td>{r.outcome}</td>
              <td><Inputs values={r.inputs} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ConstraintsReport({ rec }: { rec: Recommendation }) {
  return (
    <>
      <h3>Dropped lines</h3>
      {rec.dropped.length === 0 ? (
        <p className="empty">Nothing was dropped.</p>
      ) : (
        <div className="table-scroll">
          <table className="grid" aria-label="Dropped lines">
            <thead><tr><th>Why</th><th>Listing</th><th>Side</th><th>Detail</th><th>Figures</th></tr></thead>
            <tbody>
              {rec.dropped.map((d, i) => (
                <tr key={`${d.code}:${d.listingId}:${i}`}>
                  <td><code>{d.code}</code></td>
                  <td title={d.listingId}>{d.listing?.ticker ?? d.listingId}</td>
                  <td>{label(d.side)}</td>
                  <td>{d.detail}</td>
                  <td><Inputs values={d.inputs} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Final checks</h3>
      {rec.checks.length === 0 ? (
        <p className="empty">No checks ran: the run was blocked.</p>
      ) : (
        <ul className="checks" aria-label="Constraint checks">
          {rec.checks.map((c) => (
            <li key={c.name} className={c.passed ? "passed" : "failed"}>
              <strong>{c.passed ? "✓" : "✗"} {c.name}</strong> {c.detail}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
