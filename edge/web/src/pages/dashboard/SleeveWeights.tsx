// Today's sleeve weights against target with the drift band, as HTML bars (like the
// recommendation page's chart: it reflows to a phone's width and its labels stay text).
import type { CSSProperties } from "react";
import { Link } from "../../router";
import { decimal, percent } from "../../format";
import type { SleeveSeries } from "./queries";

function num(text: string | null | undefined): number {
  return text ? Number(text) : 0;
}

export function SleeveWeights({ portfolioId, sleeves }: { portfolioId: string; sleeves: SleeveSeries[] }) {
  if (sleeves.length === 0) return <p className="empty">No sleeves yet.</p>;
  const current = (s: SleeveSeries) => s.weightPct[s.weightPct.length - 1] ?? "0";
  const highest = Math.max(10, ...sleeves.map((s) => Math.max(num(current(s)), num(s.targetPct) + num(s.bandPp))));
  const max = Math.min(100, Math.ceil(highest / 10) * 10);
  const at = (pct: number) => `${(Math.max(0, Math.min(pct, max)) / max) * 100}%`;
  const span = (from: number, to: number): CSSProperties => ({ left: at(from), width: `calc(${at(to)} - ${at(from)})` });
  return (
    <figure className="chart weights" data-testid="sleeve-weights" data-sleeves={sleeves.length} role="img"
      aria-label="Sleeve weights against targets and drift bands">
      {sleeves.map((s) => {
        const weight = num(current(s));
        const target = num(s.targetPct);
        const band = num(s.bandPp);
        const outside = s.targetPct !== null && Math.abs(weight - target) > band;
        return (
          <div key={s.sleeve} className="sleeve-row" data-sleeve={s.sleeve}>
            <div className="sleeve-label">
              <strong>{s.sleeve}</strong>{" "}
              <Link href={`/portfolios/${portfolioId}/ledger`} title="From the ledger's holdings at the latest closes">
                {percent(current(s))}
              </Link>
              {s.targetPct !== null ? (
                <>
                  {" · target "}
                  <Link href={`/portfolios/${portfolioId}/policy`} title="From the approved policy">
                    {percent(s.targetPct)} ± {decimal(s.bandPp, 0, 2)} pp
                  </Link>
                  {outside && <span className="tag status-blocked"> outside band</span>}
                </>
              ) : (
                <span className="meta"> · no approved target</span>
              )}
            </div>
            <div className="track">
              {s.targetPct !== null && <div className="band" style={span(target - band, target + band)} />}
              <div className="bar before" style={span(0, weight)} />
              {s.targetPct !== null && <div className="target" style={{ left: at(target) }} />}
            </div>
          </div>
        );
      })}
      <figcaption className="legend meta">
        <span className="key before" /> weight (cash counts in the whole) · <span className="key target" /> target ·{" "}
        <span className="key band" /> drift band · axis 0–{max}%
      </figcaption>
    </figure>
  );
}
