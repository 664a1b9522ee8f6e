// The guardrail limits: per-order notional, daily loss and what it does, the market-session
// policy and the reject cooldown. Errors show next to their field; a stale edit says so.
import { useState, type FormEvent } from "react";
import { Field, FormMessage, SelectField, useSubmit } from "../../components/forms";
import { UPDATE_LIMITS } from "../orders/queries";
import type { TradingState } from "../orders/types";
import { stateMutation, type StateResult } from "./stateResult";

const FIELDS = ["maxOrderNotional", "maxDailyLoss", "lossAction", "sessionPolicy", "cooldownRejects",
  "cooldownWindowS", "cooldownS"];

export function LimitsEditor({ portfolioId, baseCurrency, state, onChanged }: {
  portfolioId: string;
  baseCurrency: string;
  state: TradingState;
  onChanged: (state: TradingState) => void;
}) {
  const limits = state.limits;
  const [notional, setNotional] = useState(limits.maxOrderNotional?.amount ?? "");
  const [loss, setLoss] = useState(limits.maxDailyLoss?.amount ?? "");
  const [lossAction, setLossAction] = useState<string>(limits.lossAction ?? "HALTED");
  const [session, setSession] = useState<string>(limits.sessionPolicy ?? "REFUSE");
  const [rejects, setRejects] = useState(String(limits.cooldownRejects));
  const [window, setWindow] = useState(String(limits.cooldownWindowS));
  const [cooldown, setCooldown] = useState(String(limits.cooldownS));
  const { feedback, busy, submit } = useSubmit(FIELDS);

  const whole = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text) : NaN);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      portfolioId, version: state.version,
      maxOrderNotional: notional.trim() || null, maxDailyLoss: loss.trim() || null,
      lossAction, sessionPolicy: session,
      cooldownRejects: whole(rejects), cooldownWindowS: whole(window), cooldownS: whole(cooldown),
    };
    const bad = (["cooldownRejects", "cooldownWindowS", "cooldownS"] as const).filter((k) => Number.isNaN(input[k]));
    if (bad.length) {
      // GraphQL Int would refuse the whole request; say which field instead.
      void submit<StateResult & { __typename: "TradingState" }>(async () => ({
        __typename: "ValidationError", message: "whole seconds or counts only",
        fieldErrors: bad.map((field) => ({ field, message: "must be a whole number" })),
      }), () => {});
      return;
    }
    void submit<StateResult & { __typename: "TradingState" }>(
      () => stateMutation(UPDATE_LIMITS, { input }),
      (result) => onChanged(result),
      "Limits saved.",
    );
  };
  const f = feedback.fields;
  return (
    <form className="inline-form" aria-label="Guardrail limits" onSubmit={save}>
      <Field label={`Max order notional (${baseCurrency})`} name="maxOrderNotional" inputMode="decimal"
        value={notional} error={f.maxOrderNotional} onChange={(e) => setNotional(e.target.value)}
        placeholder="no limit" />
      <Field label={`Max daily loss (${baseCurrency})`} name="maxDailyLoss" inputMode="decimal" value={loss}
        error={f.maxDailyLoss} onChange={(e) => setLoss(e.target.value)} placeholder="no limit" />
      <SelectField label="When the daily loss is hit" name="lossAction" value={lossAction} error={f.lossAction}
        options={[["HALTED", "Halt trading"], ["REDUCING", "Only reduce (sells)"]]}
        onChange={(e) => setLossAction(e.target.value)} />
      <SelectField label="Outside market hours" name="sessionPolicy" value={session} error={f.sessionPolicy}
        options={[["REFUSE", "Refuse (MARKET_CLOSED)"], ["QUEUE", "Queue until open"]]}
        onChange={(e) => setSession(e.target.value)} />
      <Field label="Cooldown after rejects" name="cooldownRejects" inputMode="numeric" value={rejects}
        error={f.cooldownRejects} onChange={(e) => setRejects(e.target.value)} />
      <Field label="Within (s)" name="cooldownWindowS" inputMode="numeric" value={window}
        error={f.cooldownWindowS} onChange={(e) => setWindow(e.target.value)} />
      <Field label="Cooldown (s)" name="cooldownS" inputMode="numeric" value={cooldown} error={f.cooldownS}
        onChange={(e) => setCooldown(e.target.value)} />
      <button type="submit" disabled={busy}>Save limits</button>
      <FormMessage feedback={feedback} />
    </form>
  );
}
