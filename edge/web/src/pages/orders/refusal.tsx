// How the OMS's refusals and order states are shown: a denial always with its reason code.
import type { ApiError } from "../../api/types";
import { label } from "../engine/format";
import type { Denial, OrderState } from "./types";

export type Refusal = ApiError | Denial;

export function isDenial(value: { __typename: string }): value is Denial {
  return value.__typename === "OrderDenied";
}

/** "TRADING_HALTED: trading is halted …" for a denial; the message (and reason) otherwise. */
export function refusalText(error: Refusal): string {
  if (error.__typename === "OrderDenied") return `${error.reason}: ${error.message}`;
  return error.reason ? `${error.message} (${error.reason})` : error.message;
}

/** A refusal in an alert, with the reason code in its own element for people and tests. */
export function RefusalAlert({ error }: { error: Refusal | string | null }) {
  if (!error) return null;
  if (typeof error === "string") return <p className="form-error" role="alert">{error}</p>;
  return (
    <p className="form-error" role="alert" data-reason={error.reason ?? ""}>
      {error.reason && <strong className="reason">{error.reason}</strong>} {error.message}
    </p>
  );
}

export function OrderStateTag({ state }: { state: OrderState | null }) {
  return <span className={`tag order-${(state ?? "").toLowerCase()}`}>{label(state)}</span>;
}
