// A listing's price series as a line (uPlot, bundled: it draws offline), with alert markers.
// Chart coordinates are floats for drawing only; the tables show the exact decimal strings.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Alert, PricePoint } from "../../api/types";

const HEIGHT = 280;
const LINE = "#2f5d8c";
const MARKER = { CRITICAL: "#a12626", WARNING: "#b7791f", INFO: "#5d6677" } as Record<string, string>;

function seconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

/** Where each alert goes on the time axis: when it opened, kept inside the series' span. */
function markerTimes(alerts: Alert[], xs: number[]): { x: number; alert: Alert }[] {
  if (xs.length === 0) return [];
  const first = xs[0];
  const last = xs[xs.length - 1];
  return alerts
    .filter((a) => a.openedAt)
    .map((alert) => ({ x: Math.min(Math.max(seconds(alert.openedAt!), first), last), alert }));
}

function drawMarkers(markers: { x: number; alert: Alert }[]) {
  return (u: uPlot) => {
    const { ctx } = u;
    const top = u.bbox.top;
    const bottom = u.bbox.top + u.bbox.height;
    ctx.save();
    for (const { x, alert } of markers) {
      const px = Math.round(u.valToPos(x, "x", true));
      ctx.strokeStyle = MARKER[alert.severity ?? "INFO"] ?? MARKER.INFO;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(px - 7, top);
      ctx.lineTo(px + 7, top);
      ctx.lineTo(px, top + 11);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  };
}

export function PriceChart({ points, alerts, unit }: { points: PricePoint[]; alerts: Alert[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const priced = points.filter((p) => p.price && p.observedAt);
  const xs = priced.map((p) => seconds(p.observedAt));
  const ys = priced.map((p) => Number(p.price!.amount));
  const markers = markerTimes(alerts, xs);

  useEffect(() => {
    const element = box.current;
    if (!element || xs.length === 0) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 280),
      height: HEIGHT,
      legend: { show: false },
      scales: { x: { time: true } },
      series: [{}, { label: `Close (${unit})`, stroke: LINE, width: 2, points: { show: true, size: 5 } }],
      axes: [{}, { label: unit, size: 70 }],
      hooks: { draw: [drawMarkers(markers)] },
    };
    const plot = new uPlot(options, [xs, ys], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 280), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // The arrays are rebuilt each render; their content is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(xs), JSON.stringify(ys), JSON.stringify(markers.map((m) => [m.x, m.alert.severity])), unit]);

  if (xs.length === 0) return <p className="empty">No prices stored yet.</p>;
  return (
    <figure className="chart" aria-label="Price chart">
      <div ref={box} data-testid="price-chart" data-points={xs.length} data-alert-markers={markers.length} />
      <figcaption className="meta">
        {xs.length} points · {markers.length} alert marker{markers.length === 1 ? "" : "s"}
        {markers.length > 0 && " (dashed lines, coloured by severity)"}
      </figcaption>
    </figure>
  );
}
