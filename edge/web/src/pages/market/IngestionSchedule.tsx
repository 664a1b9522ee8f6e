// A portfolio's ingestion schedule (intraday every N minutes, EOD, FX) and its rule settings.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ACTOR_FIELDS, ERROR_FIELDS } from "../../api/fragments";
import { isError, type Actor, type ApiError } from "../../api/types";
import { Field, FormMessage, SelectField, useSubmit } from "../../components/forms";
import { Loading } from "../../components/Loading";
import { useWho } from "../../session";
import { RuleSettingsPanel } from "./RuleSettings";
import "./market.css";

type Schedule = {
  __typename: "IngestionSchedule";
  version: number;
  intradayEnabled: boolean;
  intradayEveryMin: number;
  eodEnabled: boolean;
  fxEnabled: boolean;
  changedByActor: Actor | null;
};
const FIELDS = `${ERROR_FIELDS} ... on IngestionSchedule {
  version intradayEnabled intradayEveryMin eodEnabled fxEnabled changedByActor { ${ACTOR_FIELDS} } }`;
const READ = `query($id: ID!) { ingestionSchedule(portfolioId: $id) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateIngestionScheduleInput!) { updateIngestionSchedule(input: $input) { ${FIELDS} } }`;
const PORTFOLIOS = `{ portfolios(first: 100) { ${ERROR_FIELDS} ... on PortfolioPage { items { id name } } } }`;

function ScheduleForm({ portfolioId }: { portfolioId: string }) {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [every, setEvery] = useState("15");
  const { feedback, busy, submit } = useSubmit(["intradayEveryMin"]);
  const who = useWho();
  const load = useCallback(async () => {
    const result = (await gql<{ ingestionSchedule: Schedule | ApiError }>(READ, { id: portfolioId })).ingestionSchedule;
    if (!isError(result)) {
      setSchedule(result);
      setEvery(String(result.intradayEveryMin));
    }
  }, [portfolioId]);
  useEffect(() => void load(), [load]);
  if (!schedule) return <Loading what="schedule" />;
  const toggle = (key: "intradayEnabled" | "eodEnabled" | "fxEnabled") =>
    setSchedule({ ...schedule, [key]: !schedule[key] });
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      portfolioId,
      expectedVersion: schedule.version,
      intradayEnabled: schedule.intradayEnabled,
      intradayEveryMin: Number.parseInt(every, 10) || 0,
      eodEnabled: schedule.eodEnabled,
      fxEnabled: schedule.fxEnabled,
    };
    void submit(
      async () => (await gql<{ updateIngestionSchedule: Schedule | ApiError }>(UPDATE, { input })).updateIngestionSchedule,
      (saved) => setSchedule(saved as Schedule),
      "Schedule saved.",
    );
  };
  return (
    <form className="schedule" aria-label="Ingestion schedule" onSubmit={save}>
      <p className="meta">
        Version {schedule.version}{schedule.version === 0 ? " (defaults)" : ` · changed by ${who(schedule.changedByActor)}`}.
        Intraday prices are fetched while the listing's market is open, every N minutes from the open; EOD after the
        close; FX when the ECB publishes.
      </p>
      <label className="toggle"><input type="checkbox" checked={schedule.intradayEnabled} onChange={() => toggle("intradayEnabled")} /> Intraday</label>
      <Field label="Intraday every (minutes, 5–240)" name="intradayEveryMin" type="number" min={5} max={240} step={5}
        value={every} onChange={(e) => setEvery(e.target.value)} error={feedback.fields.intradayEveryMin} />
      <label className="toggle"><input type="checkbox" checked={schedule.eodEnabled} onChange={() => toggle("eodEnabled")} /> End of day</label>
      <label className="toggle"><input type="checkbox" checked={schedule.fxEnabled} onChange={() => toggle("fxEnabled")} /> FX rates</label>
      <FormMessage feedback={feedback} />
      <button type="submit" disabled={busy}>Save schedule</button>
    </form>
  );
}

/** Pick one of your portfolios; edit its schedule and its data-quality rules. */
export function PortfolioRulesAndSchedule() {
  const [portfolios, setPortfolios] = useState<{ id: string; name: string }[]>([]);
  const [chosen, setChosen] = useState("");
  useEffect(() => {
    void gql<{ portfolios: { __typename: string; items: { id: string; name: string }[] } | ApiError }>(PORTFOLIOS)
      .then(({ portfolios: page }) => {
        if (isError(page)) return;
        setPortfolios(page.items);
        setChosen((c) => c || page.items[0]?.id || "");
      });
  }, []);
  if (portfolios.length === 0) return <p className="empty">No portfolios yet: a schedule and rules belong to one.</p>;
  return (
    <>
      <SelectField label="Portfolio" name="portfolio" value={chosen} onChange={(e) => setChosen(e.target.value)}
        options={portfolios.map((p) => [p.id, p.name])} />
      {chosen && (
        <div key={chosen}>
          <h3>Ingestion schedule</h3>
          <ScheduleForm portfolioId={chosen} />
          <h3>Data-quality rules</h3>
          <RuleSettingsPanel portfolioId={chosen} editable />
        </div>
      )}
    </>
  );
}
