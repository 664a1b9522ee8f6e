// The kill switch: engaging halts new orders and amends (cancels still work); a reason is
// required and the click is confirmed, because it stops trading for the whole portfolio.
import { useState } from "react";
import { Field } from "../../components/forms";
import { RefusalAlert, type Refusal } from "../orders/refusal";
import type { TradingState } from "../orders/types";
import { SET_KILL_SWITCH } from "../orders/queries";
import { stateMutation } from "./stateResult";

export function KillSwitch({ portfolioId, state, onChanged }: {
  portfolioId: string;
  state: TradingState;
  onChanged: (state: TradingState) => void;
}) {
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const engage = !state.killSwitch;

  const ask = () => {
    setRefusal(null);
    if (!reason.trim()) return setFieldError("A reason is required: it goes in the audit log.");
    setFieldError(undefined);
    setConfirming(true);
  };
  const apply = async () => {
    try {
      const result = await stateMutation(SET_KILL_SWITCH, { id: portfolioId, engaged: engage, reason });
      if (result.__typename === "TradingState") {
        setConfirming(false);
        setReason("");
        onChanged(result);
      } else {
        setRefusal(result);
        setConfirming(false);
      }
    } catch (error) {
      setRefusal(String((error as Error).message));
    }
  };
  return (
    <div className={state.killSwitch ? "kill-switch engaged" : "kill-switch"}>
      <p role="status" aria-label="Kill switch state">
        {state.killSwitch ? <>Kill switch <strong>engaged</strong>: “{state.killSwitchReason}”. New orders are refused.</>
          : "Kill switch released: orders pass the guardrails below."}
      </p>
      <form className="inline-form" aria-label="Kill switch" onSubmit={(e) => { e.preventDefault(); ask(); }}>
        <Field label="Reason" name="reason" value={reason} error={fieldError}
          onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className={engage ? "danger" : "secondary"}>
          {engage ? "Engage kill switch" : "Release kill switch"}
        </button>
      </form>
      {confirming && (
        <div role="group" aria-label="Confirm kill switch" className="banner">
          <p>{engage ? "Halt all new orders of this portfolio?" : "Allow new orders again?"} Reason: “{reason}”.</p>
          <button type="button" className={engage ? "danger" : ""} onClick={() => void apply()}>
            {engage ? "Confirm: halt trading" : "Confirm: resume trading"}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>Back</button>
        </div>
      )}
      <RefusalAlert error={refusal} />
    </div>
  );
}
