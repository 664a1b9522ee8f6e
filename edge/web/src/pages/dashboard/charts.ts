// Shared uPlot plumbing for the dashboard's time series: day → seconds, palette, sizing.
// Chart coordinates are floats for drawing only; every label on the page shows exact strings.
import { useEffect, useRef, type RefObject } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export const PALETTE = ["#2f5d8c", "#b7791f", "#2f855a", "#9b2c2c", "#6b46c1", "#2c7a7b"];
const MIN_WIDTH = 260;

/** A YYYY-MM-DD day as uPlot's x (seconds), at noon UTC so no time zone moves it a day. */
export function daySeconds(day: string): number {
  return Date.parse(`${day}T12:00:00Z`) / 1000;
}

/** Mount a uPlot chart in the returned div and keep it as wide as its box. */
export function usePlot(
  build: (width: number) => { options: uPlot.Options; data: uPlot.AlignedData } | null,
  deps: unknown[],
): RefObject<HTMLDivElement> {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const built = build(Math.max(element.clientWidth, MIN_WIDTH));
    if (!built) return;
    const plot = new uPlot(built.options, built.data, element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, MIN_WIDTH), height: built.options.height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // Callers pass the data they draw as deps (serialised): a new array with the same content
    // must not rebuild the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return box;
}
