// Portfolio value over time against net contributions: the gap between the lines is market growth.
import uPlot from "uplot";
import { Link } from "../../router";
import { decimal } from "../engine/format";
import { PALETTE, daySeconds, usePlot } from "./charts";
import type { ValuationPoint } from "./queries";

const HEIGHT = 260;

export function ValueChart({ portfolioId, currency, points }: {
  portfolioId: string;
  currency: string;
  points: ValuationPoint[];
}) {
  const xs = points.map((p) => daySeconds(p.date));
  const values = points.map((p) => Number(p.value));
  const contributed = points.map((p) => Number(p.netContributions));
  const box = usePlot(
    (width) =>
      xs.length === 0
        ? null
        : {
            options: {
              width,
              height: HEIGHT,
              legend: { show: true },
              scales: { x: { time: true } },
              series: [
                {},
                { label: `Value (${currency})`, stroke: PALETTE[0], width: 2, fill: "rgba(47,93,140,0.08)" },
                { label: "Net contributions", stroke: PALETTE[1], width: 2, dash: [6, 4] },
              ],
              axes: [{}, { size: 70 }],
            } satisfies uPlot.Options,
            data: [xs, values, contributed],
          },
    [JSON.stringify(points), currency],
  );
  if (points.length === 0) return <p className="empty">No ledger entries yet: nothing to value.</p>;
  const last = points[points.length - 1];
  const growth = Number(last.value) - Number(last.netContributions);
  const ledger = `/portfolios/${portfolioId}/ledger`;
  return (
    <figure className="chart" aria-label="Portfolio value over time">
      <div ref={box} data-testid="value-chart" data-points={xs.length} data-series={2} />
      <figcaption className="meta">
        On {last.date}: value{" "}
        <Link href={ledger} title="Holdings and cash in the ledger, at that day's closes">
          {decimal(last.value, 2)} {currency}
        </Link>
        , net contributions{" "}
        <Link href={ledger} title="Contributions minus withdrawals in the ledger">
          {decimal(last.netContributions, 2)} {currency}
        </Link>
        , market growth {growth >= 0 ? "+" : ""}
        {growth.toFixed(2)} {currency} ({points.length} daily points).
      </figcaption>
    </figure>
  );
}
