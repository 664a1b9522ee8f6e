// Exact display of the API's decimal strings (never through floating point) and short hashes.
import type { Money } from "../../api/types";

/** "904.50" → "904.5"; at least ``minDecimals`` places kept. */
export function decimal(text: string | null | undefined, minDecimals = 0): string {
  if (!text) return "";
  const [whole, fraction = ""] = text.split(".");
  let kept = fraction.replace(/0+$/, "");
  if (kept.length < minDecimals) kept = kept.padEnd(minDecimals, "0");
  return kept ? `${whole}.${kept}` : whole;
}

export function money(value: Money | null | undefined, minDecimals = 2): string {
  return value ? `${decimal(value.amount, minDecimals)} ${value.currency}` : "";
}

/** The first 12 hex digits: enough to tell hashes apart on screen; the title has all 64. */
export function shortHash(hash: string): string {
  return hash ? hash.slice(0, 12) : "—";
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

export function label(code: string | null | undefined): string {
  return (code ?? "").toLowerCase().replace(/_/g, " ");
}
