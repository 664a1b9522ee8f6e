// Portfolio value over time against net contributions: the gap between the lines is market growth.
import uPlot from "uplot";
import { Link } from "../../router";
import { grouped, money, subtract } from "../../format";
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
  // Exact: the figure is money, so it is worked out on the decimal strings, not the plotted floats.
  const growth = subtract(last.value, last.netContributions);
  const ledger = `/portfolios/${portfolioId}/ledger`;
  return (
    <figure className="chart" aria-label="Portfolio value over time">
      <div ref={box} data-testid="value-chart" data-points={xs.length} data-series={2} />
      <figcaption className="meta">
        On {last.date}: value{" "}
        <Link href={ledger} title="Holdings and cash in the ledger, at that day's closes">
          {money({ amount: last.value, currency })}
        </Link>
        , net contributions{" "}
        <Link href={ledger} title="Contributions minus withdrawals in the ledger">
          {money({ amount: last.netContributions, currency })}
        </Link>
        , market growth {growth.startsWith("-") ? "" : "+"}
        {money({ amount: growth, currency })} ({grouped(String(points.length))} daily points).
      </figcaption>
    </figure>
  );
}
