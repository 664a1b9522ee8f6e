// Exact display of the API's decimal strings: rounding, thousands separators and currency are
// done on the digits themselves (BigInt), never through floating point.
import type { Money } from "./api/types";

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** "1234567.891" → "1,234,567.891": separators in the whole part only. */
export function grouped(text: string): string {
  const found = DECIMAL.exec(text);
  if (!found) return text;
  const [, sign, whole, fraction] = found;
  const withCommas = (whole || "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${withCommas}${fraction !== undefined && fraction !== "" ? `.${fraction}` : ""}`;
}

/** Round a decimal string to ``places`` (half away from zero, as on a broker statement). */
export function rounded(text: string, places: number): string {
  const found = DECIMAL.exec(text.trim());
  if (!found) return text;
  const [, sign, whole, fraction = ""] = found;
  if (fraction.length <= places) return text.trim();
  const kept = BigInt(`${whole || "0"}${fraction.slice(0, places)}`);
  const up = Number(fraction[places]) >= 5 ? 1n : 0n;
  const digits = (kept + up).toString().padStart(places + 1, "0");
  const head = digits.slice(0, digits.length - places);
  const tail = places ? `.${digits.slice(digits.length - places)}` : "";
  const negative = sign === "-" && /[1-9]/.test(`${head}${tail}`);
  return `${negative ? "-" : ""}${head}${tail}`;
}

/** "904.50" → "904.5": trailing zeros dropped down to ``minDecimals``, rounded past ``maxDecimals``. */
export function decimal(text: string | null | undefined, minDecimals = 0, maxDecimals?: number): string {
  if (!text) return "";
  const exact = maxDecimals === undefined ? text : rounded(text, maxDecimals);
  const [whole, fraction = ""] = exact.split(".");
  let kept = fraction.replace(/0+$/, "");
  if (kept.length < minDecimals) kept = kept.padEnd(minDecimals, "0");
  return kept ? `${whole}.${kept}` : whole;
}

/** An amount of money: to the penny, with separators and its currency ("12,000.00 GBP"). */
export function money(value: Money | null | undefined): string {
  return value ? `${grouped(decimal(value.amount, 2, 2))} ${value.currency}` : "";
}

/** A price per unit: up to four places kept ("945.4599 GBX"), at least two. */
export function price(value: Money | null | undefined): string {
  return value ? `${grouped(decimal(value.amount, 2, 4))} ${value.currency}` : "";
}

/** A number of units: exact, with separators ("1,250" or "0.5"). */
export function quantity(text: string | null | undefined): string {
  return text ? grouped(decimal(text)) : "";
}

/** A percentage to two places ("58.94%"); a dash when unknown. */
export function percent(text: string | null | undefined, places = 2): string {
  return text ? `${decimal(text, 0, places)}%` : "—";
}

function scaled(text: string, places: number): bigint {
  const [, sign, whole, fraction = ""] = DECIMAL.exec(text.trim()) ?? ["", "", "0", ""];
  const digits = BigInt(`${whole || "0"}${fraction.padEnd(places, "0").slice(0, places)}`);
  return sign === "-" ? -digits : digits;
}

/** ``a - b`` of two decimal strings, exactly (for a difference shown, not for a pixel). */
export function subtract(a: string, b: string): string {
  const places = Math.max((a.split(".")[1] ?? "").length, (b.split(".")[1] ?? "").length);
  const difference = scaled(a, places) - scaled(b, places);
  const negative = difference < 0n;
  const digits = (negative ? -difference : difference).toString().padStart(places + 1, "0");
  const head = digits.slice(0, digits.length - places);
  const tail = places ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}${head}${tail}`;
}

/** A timestamp in the reader's locale; empty when there is none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** An API code for reading: "LIMITS_NOT_SET" → "limits not set". */
export function label(code: string | null | undefined): string {
  return (code ?? "").toLowerCase().replace(/_/g, " ");
}

/** The first 12 hex digits: enough to tell hashes apart on screen; the title has all 64. */
export function shortHash(hash: string): string {
  return hash ? hash.slice(0, 12) : "—";
}
