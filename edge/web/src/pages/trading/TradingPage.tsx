// How a portfolio trades: mode and broker, guardrail health, the kill switch, going live
// (two steps) and back, the guardrail limits, and the dead-letter queue.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Section, SelectField } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { label, when } from "../engine/format";
import { SET_BROKER, TRADING_PAGE } from "../orders/queries";
import { RefusalAlert, type Refusal } from "../orders/refusal";
import type { TradingState } from "../orders/types";
import { DeadLetters } from "./DeadLetters";
import { GoLive } from "./GoLive";
import { KillSwitch } from "./KillSwitch";
import { LimitsEditor } from "./LimitsEditor";
import { stateMutation } from "./stateResult";
import "../orders/orders.css";

type Answer = {
  portfolio: { __typename: "Portfolio"; id: string; name: string; baseCurrency: string } | ApiError;
  tradingState: (TradingState & { __typename: "TradingState" }) | ApiError;
};

function StateSummary({ state }: { state: TradingState }) {
  return (
    <dl className="state-summary" aria-label="Trading state">
      <dt>Mode</dt><dd data-mode={state.mode ?? ""}>{label(state.mode)}</dd>
      <dt>Broker</dt><dd>{state.broker}</dd>
      <dt>Status</dt><dd data-status={state.status ?? ""}>{label(state.status)}</dd>
      <dt>Guardrails</dt>
      <dd>
        {state.unhealthy.length
          ? state.unhealthy.map((code) => <span key={code} className="tag" title={code}>{label(code)}</span>)
          : "healthy"}
      </dd>
      <dt>Live adapter</dt><dd>{state.liveAdapterHealthy ? "no fault reported" : "unhealthy"}</dd>
      {state.cooldownUntil && <><dt>Cooldown until</dt><dd>{when(state.cooldownUntil)}</dd></>}
    </dl>
  );
}

function BrokerSelect({ portfolioId, state, onChanged }: {
  portfolioId: string;
  state: TradingState;
  onChanged: (state: TradingState) => void;
}) {
  const [refusal, setRefusal] = useState<Refusal | string | null>(null);
  const change = async (broker: string) => {
    setRefusal(null);
    try {
      const result = await stateMutation(SET_BROKER, { id: portfolioId, broker });
      if (result.__typename === "TradingState") onChanged(result);
      else setRefusal(result);
    } catch (error) {
      setRefusal(String((error as Error).message));
    }
  };
  return (
    <>
      <SelectField label="Dry-run broker" name="broker" value={state.dryRunBroker} disabled={state.mode === "LIVE"}
        options={[["paper", "Paper (simulated fills)"], ["manual", "Manual (you trade at your broker)"]]}
        onChange={(e) => void change(e.target.value)} />
      <RefusalAlert error={refusal} />
    </>
  );
}

export function TradingPage({ id }: { id: string }) {
  const [name, setName] = useState<string | null>(null);
  const [base, setBase] = useState("");
  const [state, setState] = useState<TradingState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const data = await gql<Answer>(TRADING_PAGE, { id });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.tradingState)) return setProblem(data.tradingState.message);
    setName(data.portfolio.name);
    setBase(data.portfolio.baseCurrency);
    setState(data.tradingState);
  }, [id]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Trading" problem={problem} back={`/portfolios/${id}`} backText="Back to the portfolio" />
    );
  }
  if (!state || name === null) return <Loading what="trading state" />;
  return (
    <>
      <Section title={`${name}: trading`} level={1}>
        <PortfolioNav portfolioId={id} current="trading" />
        <StateSummary state={state} />
        <BrokerSelect portfolioId={id} state={state} onChanged={setState} />
      </Section>
      <Section title="Kill switch">
        <KillSwitch portfolioId={id} state={state} onChanged={setState} />
      </Section>
      <Section title="Live trading">
        <GoLive portfolioId={id} state={state} onChanged={setState} />
      </Section>
      <Section title="Guardrail limits">
        <LimitsEditor portfolioId={id} baseCurrency={base} state={state} onChanged={setState} />
      </Section>
      <Section title="Dead-letter queue">
        <DeadLetters portfolioId={id} />
      </Section>
    </>
  );
}
