// Drift history per sleeve: weight minus target (pp) each day, with each sleeve's band edges
// dashed in its colour. Without an approved policy there is no target: weights are drawn.
import uPlot from "uplot";
import { Link } from "../../router";
import { percent } from "../../format";
import { PALETTE, daySeconds, usePlot } from "./charts";
import type { SleeveSeries, ValuationPoint } from "./queries";

const HEIGHT = 240;

function bandLines(sleeves: SleeveSeries[]) {
  return (u: uPlot) => {
    const { ctx } = u;
    ctx.save();
    ctx.setLineDash([5, 5]);
    sleeves.forEach((s, i) => {
      if (!s.bandPp) return;
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      for (const edge of [Number(s.bandPp), -Number(s.bandPp)]) {
        const y = Math.round(u.valToPos(edge, "y", true));
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
      }
    });
    ctx.restore();
  };
}

export function DriftChart({ portfolioId, points, sleeves }: {
  portfolioId: string;
  points: ValuationPoint[];
  sleeves: SleeveSeries[];
}) {
  const targeted = sleeves.length > 0 && sleeves.every((s) => s.targetPct !== null);
  const xs = points.map((p) => daySeconds(p.date));
  const ys = sleeves.map((s) =>
    s.weightPct.map((w) => (targeted ? Number(w) - Number(s.targetPct) : Number(w))),
  );
  const widest = Math.max(0, ...sleeves.map((s) => Number(s.bandPp ?? 0)));
  const box = usePlot(
    (width) =>
      xs.length === 0 || sleeves.length === 0
        ? null
        : {
            options: {
              width,
              height: HEIGHT,
              scales: {
                x: { time: true },
                // Always show the band edges, however small the drift.
                y: { range: (_u, lo, hi) => [Math.min(lo, -widest - 1), Math.max(hi, widest + 1)] },
              },
              series: [
                {},
                ...sleeves.map((s, i) => ({ label: s.sleeve, stroke: PALETTE[i % PALETTE.length], width: 2 })),
              ],
              axes: [{}, { label: targeted ? "drift (pp)" : "weight (%)", size: 60 }],
              hooks: targeted ? { draw: [bandLines(sleeves)] } : {},
            } satisfies uPlot.Options,
            data: [xs, ...ys] as uPlot.AlignedData,
          },
    [JSON.stringify(points.map((p) => p.date)), JSON.stringify(sleeves)],
  );
  if (sleeves.length === 0) return <p className="empty">No sleeves yet.</p>;
  if (points.length === 0) return <p className="empty">No ledger entries yet.</p>;
  return (
    <figure className="chart" aria-label="Drift history per sleeve">
      <div ref={box} data-testid="drift-chart" data-points={xs.length} data-series={sleeves.length} />
      <figcaption className="meta">
        {targeted ? (
          <>
            Weight minus target, daily; dashed lines are the drift bands of the{" "}
            <Link href={`/portfolios/${portfolioId}/policy`}>approved policy</Link>.
          </>
        ) : (
          <>
            Weights only: no <Link href={`/portfolios/${portfolioId}/policy`}>approved policy</Link> gives
            targets.
          </>
        )}{" "}
        Today:{" "}
        {sleeves.map((s, i) => (
          <span key={s.sleeve}>
            {i > 0 && "; "}
            {s.sleeve} {percent(s.weightPct[s.weightPct.length - 1] ?? "0")}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
