// Sleeve weights before and after the recommended lines, against each target and its band.
// Plain HTML bars sized in percent, so the chart reflows to any width and its text stays
// readable on a phone. Numbers become floats for positions only; every label shows the
// exact string the API sent.
import type { CSSProperties } from "react";
import type { SleeveWeights } from "./types";
import { decimal, percent } from "./format";

function num(text: string | null): number {
  return text ? Number(text) : 0;
}

/** A round axis end: the largest weight or band edge, up to the next step (10 or 20 %). */
function axis(sleeves: SleeveWeights[]): { max: number; ticks: number[] } {
  const highest = Math.max(
    10,
    ...sleeves.flatMap((s) => [num(s.beforePct), num(s.afterPct), num(s.targetPct) + num(s.bandPp)]),
  );
  const step = highest > 50 ? 20 : 10;
  const max = Math.min(100, Math.ceil(highest / step) * step);
  const ticks = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, ticks };
}

function summary(sleeves: SleeveWeights[]): string {
  return sleeves
    .map((s) => `${s.sleeve}: ${decimal(s.beforePct)}% before, ${decimal(s.afterPct)}% after, target ${decimal(s.targetPct)}% ± ${decimal(s.bandPp)} pp`)
    .join("; ");
}

export function WeightsChart({ sleeves }: { sleeves: SleeveWeights[] }) {
  if (sleeves.length === 0) return <p className="empty">No sleeve weights: the run was blocked.</p>;
  const { max, ticks } = axis(sleeves);
  const at = (pct: number) => `${(Math.max(0, Math.min(pct, max)) / max) * 100}%`;
  const span = (from: number, to: number): CSSProperties => ({ left: at(from), width: `calc(${at(to)} - ${at(from)})` });
  return (
    <figure className="chart weights" data-testid="weights-chart" data-sleeves={sleeves.length} role="img"
      aria-label={`Sleeve weights before and after the lines. ${summary(sleeves)}`}>
      <div className="axis" aria-hidden="true">
        {ticks.map((t) => <span key={t} style={{ left: at(t) }}>{t}%</span>)}
      </div>
      {sleeves.map((s) => {
        const target = num(s.targetPct);
        const band = num(s.bandPp);
        return (
          <div key={s.sleeve} className="sleeve-row" data-sleeve={s.sleeve}>
            <div className="sleeve-label">
              <strong>{s.sleeve}</strong>{" "}
              <span>{percent(s.beforePct)} → {percent(s.afterPct)} · target {percent(s.targetPct)} ± {decimal(s.bandPp, 0, 2)} pp</span>
            </div>
            <div className="track">
              {ticks.map((t) => <i key={t} className="grid-line" style={{ left: at(t) }} />)}
              <div className="band" style={span(target - band, target + band)} />
              <div className="bar before" style={span(0, num(s.beforePct))} />
              <div className="bar after" style={span(0, num(s.afterPct))} />
              <div className="target" style={{ left: at(target) }} />
            </div>
          </div>
        );
      })}
      <figcaption className="legend meta">
        <span className="key before" /> before · <span className="key after" /> after ·{" "}
        <span className="key target" /> target · <span className="key band" /> drift band
      </figcaption>
    </figure>
  );
}
