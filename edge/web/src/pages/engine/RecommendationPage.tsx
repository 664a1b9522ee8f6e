// One run's recommendation: hashes, why it was blocked (if it was), the order lines, the
// before/after weights, the rules that fired, the constraints report, the rationale, review,
// and placing an approved recommendation's orders.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { Link } from "../../router";
import { PlaceOrders } from "../orders/PlaceOrders";
import { RECOMMENDATION_PAGE, REPLAY_RUN } from "./queries";
import {
  ConstraintsReport,
  OrderLinesTable,
  RulesTable,
  SleeveTable,
  TotalsList,
} from "./RecommendationTables";
import { ReviewForm } from "./ReviewForm";
import { StatusTag } from "./RunsPage";
import type { BlockReason, Recommendation, Replay, Run } from "./types";
import { label, when } from "./format";
import { WeightsChart } from "./WeightsChart";
import "./engine.css";

type Answer = {
  portfolio: { __typename: "Portfolio"; id: string; name: string } | ApiError;
  run: (Run & { __typename: "Run" }) | ApiError;
  recommendation: (Recommendation & { __typename: "Recommendation" }) | ApiError;
};
type Loaded = { name: string; run: Run; rec: Recommendation };

function Hashes({ rec }: { rec: Recommendation }) {
  return (
    <dl className="hashes" aria-label="Hashes">
      <div><dt>Snapshot</dt><dd><code>{rec.snapshotHash}</code></dd></div>
      <div><dt>Policy</dt><dd><code>{rec.policyHash || "none approved"}</code></dd></div>
      <div><dt>Recommendation</dt><dd><code>{rec.recommendationHash}</code></dd></div>
    </dl>
  );
}

function nextStep(portfolioId: string, reasons: BlockReason[]) {
  const codes = new Set(reasons.map((r) => r.code));
  if (codes.has("NO_APPROVED_POLICY")) {
    return <>Approve a version on the <Link href={`/portfolios/${portfolioId}/policy`}>policy</Link> page, then run again.</>;
  }
  if ([...codes].some((c) => c === "PORTFOLIO_FROZEN" || c.startsWith("PRICE_") || c.startsWith("FX_"))) {
    return (
      <>
        Alerts are on the <Link href="/market">market data</Link> page; once the data is good, lift the freeze on
        the <Link href={`/portfolios/${portfolioId}`}>portfolio</Link> page and run again.
      </>
    );
  }
  return <>Fix the causes above, then run again.</>;
}

function BlockedReasons({ portfolioId, reasons }: { portfolioId: string; reasons: BlockReason[] }) {
  return (
    <section className="banner frozen" role="region" aria-label="Run blocked">
      <h2>Blocked: no advice</h2>
      <p>The engine gives no partial advice. It stopped for these reasons:</p>
      <ul>
        {reasons.map((r, i) => (
          <li key={`${r.code}:${r.subject}:${i}`} data-code={r.code}>
            <strong>{r.code}</strong> <code>{r.subject}</code> {r.detail}
          </li>
        ))}
      </ul>
      <p className="meta">{nextStep(portfolioId, reasons)}</p>
    </section>
  );
}

function ReplayButton({ portfolioId, runId }: { portfolioId: string; runId: string }) {
  const [result, setResult] = useState<string | null>(null);
  const replay = async () => {
    try {
      const r = (await gql<{ runReplay: (Replay & { __typename: "RunReplay" }) | ApiError }>(REPLAY_RUN, {
        id: portfolioId,
        run: runId,
      })).runReplay;
      if (isError(r)) setResult(r.message);
      else if (r.identical && r.snapshotHashVerified && r.policyHashVerified)
        setResult("Identical: the stored snapshot and policy reproduce this recommendation byte for byte.");
      else setResult(`Different from byte ${r.firstDifferenceOffset}: the stored recommendation is not reproduced.`);
    } catch (error) {
      setResult(String((error as Error).message));
    }
  };
  return (
    <div className="verify">
      <button type="button" className="secondary" onClick={() => void replay()}>Replay and compare</button>
      {result && <p role="status">{result}</p>}
    </div>
  );
}

export function RecommendationPage({ id, runId }: { id: string; runId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const data = await gql<Answer>(RECOMMENDATION_PAGE, { id, run: runId });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.run)) return setProblem(data.run.message);
    if (isError(data.recommendation)) return setProblem(data.recommendation.message);
    setLoaded({ name: data.portfolio.name, run: data.run, rec: data.recommendation });
  }, [id, runId]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Recommendation" problem={problem} back={`/portfolios/${id}/runs`} backText="Back to runs" />
    );
  }
  if (!loaded) return <Loading what="recommendation" />;
  const { name, run, rec } = loaded;
  const blocked = rec.outcome === "BLOCKED";
  return (
    <>
      <Section title={`${name}: recommendation`} level={1}>
        <PortfolioNav portfolioId={id} current="runs" />
        <p className="meta">
          <StatusTag status={rec.status} /> · {label(run.trigger)} run of {when(run.createdAt)}
          {run.cadencePeriod && ` for ${run.cadencePeriod}`} · prices as of {when(run.asOf)} ·{" "}
          <Link href={`/portfolios/${id}/runs`}>All runs</Link>
        </p>
        <Hashes rec={rec} />
        <ReviewForm portfolioId={id} rec={rec} onDecided={load} />
        <PlaceOrders portfolioId={id} recommendationId={rec.id} status={rec.status}
          tickers={Object.fromEntries(rec.lines.map((line) => [line.id, line.ticker]))} onPlaced={load} />
      </Section>
      {blocked && <BlockedReasons portfolioId={id} reasons={rec.blockedReasons} />}
      {!blocked && (
        <>
          <Section title="Order lines">
            <OrderLinesTable rec={rec} />
            <TotalsList rec={rec} />
          </Section>
          <Section title="Sleeve weights">
            <WeightsChart sleeves={rec.sleeves} />
            <SleeveTable rec={rec} />
          </Section>
        </>
      )}
      <Section title="Rationale">
        <ol className="rationale" aria-label="Rationale">
          {rec.rationale.map((sentence, i) => <li key={i}>{sentence}</li>)}
        </ol>
      </Section>
      {!blocked && (
        <>
          <Section title="Rules fired">
            <RulesTable rec={rec} />
          </Section>
          <Section title="Constraints report">
            <ConstraintsReport rec={rec} />
          </Section>
        </>
      )}
      <Section title="Reproduce">
        <ReplayButton portfolioId={id} runId={run.id} />
      </Section>
    </>
  );
}
