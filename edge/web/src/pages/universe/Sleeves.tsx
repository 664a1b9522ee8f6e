// The sleeves of a portfolio: edit each in place, archive, add a new one.
import { useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS, requestId } from "../../api/fragments";
import type { ApiError, Sleeve } from "../../api/types";
import { ConfirmButton } from "../../components/Confirm";
import { Field, FormMessage, useSubmit } from "../../components/forms";

const FIELDS = ["name", "targetWeightPct", "driftBandAbsPct", "driftBandRelPct"];
const CREATE = `mutation($input: CreateSleeveInput!) {
  createSleeve(input: $input) { ${ERROR_FIELDS} ... on Sleeve { id } } }`;
const UPDATE = `mutation($input: UpdateSleeveInput!) {
  updateSleeve(input: $input) { ${ERROR_FIELDS} ... on Sleeve { id } } }`;
const ARCHIVE = `mutation($portfolioId: ID!, $id: ID!, $version: Int!) {
  archiveSleeve(portfolioId: $portfolioId, id: $id, version: $version) { ${ERROR_FIELDS} ... on Sleeve { id } } }`;

type Ok = { __typename: "Sleeve"; id: string };
type Values = { name: string; targetWeightPct: string; driftBandAbsPct: string; driftBandRelPct: string };

/** Decimal inputs go to the API as the strings typed; empty optional bands are omitted. */
function decimals(values: Values) {
  return {
    name: values.name,
    targetWeightPct: values.targetWeightPct.trim() || "0",
    driftBandAbsPct: values.driftBandAbsPct.trim() || null,
    driftBandRelPct: values.driftBandRelPct.trim() || null,
  };
}

function SleeveFields({ values, set, errors }: {
  values: Values;
  set: (v: Values) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <Field label="Sleeve name" name="name" value={values.name}
        onChange={(e) => set({ ...values, name: e.target.value })} error={errors.name} wide />
      <Field label="Target %" name="targetWeightPct" inputMode="decimal" value={values.targetWeightPct}
        onChange={(e) => set({ ...values, targetWeightPct: e.target.value })}
        error={errors.targetWeightPct} />
      <Field label="Drift band ± points" name="driftBandAbsPct" inputMode="decimal"
        value={values.driftBandAbsPct}
        onChange={(e) => set({ ...values, driftBandAbsPct: e.target.value })}
        error={errors.driftBandAbsPct} />
      <Field label="Drift band % of target" name="driftBandRelPct" inputMode="decimal"
        value={values.driftBandRelPct}
        onChange={(e) => set({ ...values, driftBandRelPct: e.target.value })}
        error={errors.driftBandRelPct} />
    </>
  );
}

function SleeveRow({ portfolioId, sleeve, reload }: {
  portfolioId: string;
  sleeve: Sleeve;
  reload: () => Promise<void>;
}) {
  const [values, setValues] = useState<Values>({
    name: sleeve.name,
    targetWeightPct: sleeve.targetWeightPct ?? "",
    driftBandAbsPct: sleeve.driftBandAbsPct ?? "",
    driftBandRelPct: sleeve.driftBandRelPct ?? "",
  });
  const { feedback, busy, submit } = useSubmit(FIELDS);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { portfolioId, id: sleeve.id, version: sleeve.version, ...decimals(values) };
    void submit<Ok>(async () => (await gql<{ updateSleeve: Ok | ApiError }>(UPDATE, { input })).updateSleeve, reload);
  };
  const archive = () =>
    void submit<Ok>(
      async () =>
        (await gql<{ archiveSleeve: Ok | ApiError }>(ARCHIVE, {
          portfolioId,
          id: sleeve.id,
          version: sleeve.version,
        })).archiveSleeve,
      reload,
    );
  return (
    <form className="inline-form row" onSubmit={save} aria-label={`Sleeve ${sleeve.name}`}>
      <SleeveFields values={values} set={setValues} errors={feedback.fields} />
      <button type="submit" disabled={busy}>Save</button>
      <ConfirmButton label="Archive" action={`Archive sleeve ${sleeve.name}`} disabled={busy}
        question={<>Archive the sleeve <strong>{sleeve.name}</strong>? Its target stops counting; move its listings out first.</>}
        confirmText="Confirm: archive" onConfirm={archive} />
      <FormMessage feedback={feedback} />
    </form>
  );
}

export function SleevesEditor({ portfolioId, sleeves, reload }: {
  portfolioId: string;
  sleeves: Sleeve[];
  reload: () => Promise<void>;
}) {
  const empty: Values = { name: "", targetWeightPct: "", driftBandAbsPct: "", driftBandRelPct: "" };
  const [values, setValues] = useState<Values>(empty);
  const { feedback, busy, submit } = useSubmit(FIELDS);
  const create = (event: FormEvent) => {
    event.preventDefault();
    const input = { portfolioId, requestId: requestId(), ...decimals(values) };
    void submit<Ok>(
      async () => (await gql<{ createSleeve: Ok | ApiError }>(CREATE, { input })).createSleeve,
      async () => {
        setValues(empty);
        await reload();
      },
    );
  };
  return (
    <>
      {sleeves.length === 0 && <p className="empty">No sleeves yet.</p>}
      {sleeves.map((sleeve) => (
        <SleeveRow key={`${sleeve.id}:${sleeve.version}`} portfolioId={portfolioId} sleeve={sleeve} reload={reload} />
      ))}
      <h3>Add a sleeve</h3>
      <form className="inline-form" onSubmit={create} aria-label="New sleeve">
        <SleeveFields values={values} set={setValues} errors={feedback.fields} />
        <button type="submit" disabled={busy}>Add sleeve</button>
      </form>
      <FormMessage feedback={feedback} />
    </>
  );
}
