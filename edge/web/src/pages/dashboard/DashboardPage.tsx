// The home page: one portfolio's value, returns, sleeves, drift, runs, alerts, notifications
// and the services' health; a selector when the user has several portfolios.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { FreezeBanner } from "../../components/FreezeBanner";
import { Loading } from "../../components/Loading";
import { Link, navigate } from "../../router";
import { AlertsPanel } from "./AlertsPanel";
import { DriftChart } from "./DriftChart";
import { PeriodTable } from "./PeriodTable";
import { RecentNotifications } from "./RecentNotifications";
import { RunHistory } from "./RunHistory";
import { SleeveWeights } from "./SleeveWeights";
import { SystemHealth } from "./SystemHealth";
import { ValueChart } from "./ValueChart";
import { DASHBOARD, PORTFOLIOS, type DashboardData } from "./queries";
import "../engine/engine.css";
import "./dashboard.css";

type Choice = { id: string; name: string };

function Panel({ title, children, wide = false }: { title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <section className={`card panel${wide ? " wide" : ""}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Failed({ result }: { result: ApiError }) {
  return <p className="form-error">{result.message}</p>;
}

function Selector({ choices, current }: { choices: Choice[]; current: string }) {
  if (choices.length < 2) return null;
  return (
    <label className="selector">
      Portfolio{" "}
      <select value={current} onChange={(e) => navigate(`/dashboard/${e.target.value}`)}>
        {choices.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </label>
  );
}

function Body({ id, data, reload }: { id: string; data: DashboardData; reload: () => Promise<void> }) {
  const { portfolio, performance, runs, notifications } = data;
  if (isError(portfolio)) return <Failed result={portfolio} />;
  const tickers = Object.fromEntries(portfolio.constituents.map((c) => [c.listingId, c.listing?.ticker ?? c.listingId]));
  return (
    <>
      <FreezeBanner portfolioId={id} frozen={portfolio.frozen} reasons={portfolio.freezeReasons} onChanged={reload} />
      <div className="dashboard-grid">
        <Panel title="Value over time" wide>
          {isError(performance) ? <Failed result={performance} />
            : <ValueChart portfolioId={id} currency={performance.baseCurrency} points={performance.points} />}
        </Panel>
        <Panel title="Returns" wide>
          {isError(performance) ? <Failed result={performance} /> : (
            <>
              <PeriodTable portfolioId={id} periods={performance.periods} />
              {performance.notes.length > 0 && (
                <details className="notes">
                  <summary>{performance.notes.length} estimate{performance.notes.length === 1 ? "" : "s"} in these figures</summary>
                  <ul>{performance.notes.map((n) => <li key={n}>{n}</li>)}</ul>
                </details>
              )}
            </>
          )}
        </Panel>
        <Panel title="Sleeve weights vs targets">
          {isError(performance) ? <Failed result={performance} /> : <SleeveWeights portfolioId={id} sleeves={performance.sleeves} />}
        </Panel>
        <Panel title="Drift history">
          {isError(performance) ? <Failed result={performance} />
            : <DriftChart portfolioId={id} points={performance.points} sleeves={performance.sleeves} />}
        </Panel>
        <Panel title="Runs">
          {isError(runs) ? <Failed result={runs} /> : <RunHistory portfolioId={id} runs={runs.items} />}
        </Panel>
        <Panel title="Alerts and freeze">
          <p>
            Advice is{" "}
            <strong className={portfolio.frozen ? "form-error" : "form-ok"}>{portfolio.frozen ? "frozen" : "not frozen"}</strong>.
          </p>
          <AlertsPanel listingIds={Object.keys(tickers).sort()} tickers={tickers} />
        </Panel>
        <Panel title="Recent notifications">
          <RecentNotifications result={notifications} />
        </Panel>
        <Panel title="System health">
          <SystemHealth />
        </Panel>
      </div>
    </>
  );
}

export function DashboardPage({ id }: { id?: string }) {
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [data, setData] = useState<DashboardData | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const current = id ?? choices?.[0]?.id;

  useEffect(() => {
    gql<{ portfolios: { __typename: "PortfolioPage"; items: Choice[] } | ApiError }>(PORTFOLIOS)
      .then((answer) => (isError(answer.portfolios) ? setProblem(answer.portfolios.message) : setChoices(answer.portfolios.items)))
      .catch((error: Error) => setProblem(error.message));
  }, []);

  const load = useCallback(async () => {
    if (!current) return;
    try {
      setData(await gql<DashboardData>(DASHBOARD, { pid: current }));
    } catch (error) {
      setProblem((error as Error).message);
    }
  }, [current]);
  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  const name = choices?.find((c) => c.id === current)?.name;
  return (
    <div className="dashboard">
      <header className="dashboard-head">
        <h1>
          Dashboard{name && <>: <Link href={`/portfolios/${current}`}>{name}</Link></>}
        </h1>
        {choices && current && <Selector choices={choices} current={current} />}
      </header>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {choices && choices.length === 0 && (
        <p className="empty">No portfolios yet. <Link href="/portfolios">Create one</Link> to see it here.</p>
      )}
      {current && !data && !problem && <Loading what="dashboard" />}
      {current && data && <Body id={current} data={data} reload={load} />}
    </div>
  );
}
