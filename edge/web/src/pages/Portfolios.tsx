// The portfolio list and the form that creates one.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS, requestId } from "../api/fragments";
import { isError, type ApiError, type Portfolio } from "../api/types";
import { Field, FormMessage, Section, useSubmit } from "../components/forms";
import { Loading } from "../components/Loading";
import { Link, navigate } from "../router";

const LIST = `{ portfolios(first: 100) { ${ERROR_FIELDS}
  ... on PortfolioPage { items { id name baseCurrency version frozen archived
    sleeves { id } constituents { listingId } } } } }`;
const CREATE = `mutation($input: CreatePortfolioInput!) {
  createPortfolio(input: $input) { ${ERROR_FIELDS} ... on Portfolio { id } } }`;

type Row = Portfolio & { sleeves: { id: string }[]; constituents: { listingId: string }[] };
type Page = { __typename: "PortfolioPage"; items: Row[] };

export function PortfoliosPage() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState("GBP");
  const { feedback, busy, submit } = useSubmit(["name", "baseCurrency"]);

  const load = useCallback(async () => {
    const result = (await gql<{ portfolios: Page | ApiError }>(LIST)).portfolios;
    if (isError(result)) setLoadError(result.message);
    else setRows(result.items);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    void submit<{ __typename: "Portfolio"; id: string }>(
      async () =>
        (await gql<{ createPortfolio: { __typename: "Portfolio"; id: string } | ApiError }>(
          CREATE,
          { input: { name, baseCurrency: currency, requestId: requestId() } },
        )).createPortfolio,
      (created) => navigate(`/portfolios/${created.id}`),
    );
  };

  return (
    <>
      <Section title="Portfolios" level={1}>
        {loadError && <p className="form-error" role="alert">{loadError}</p>}
        {rows === null && !loadError && <Loading what="portfolios" />}
        {rows !== null && rows.length === 0 && (
          <p className="empty">No portfolios yet. Create one below, then give it sleeves and listings.</p>
        )}
        {rows !== null && rows.length > 0 && (
          <div className="table-scroll">
          <table className="grid" aria-label="Portfolios">
            <thead>
              <tr><th>Name</th><th>Base currency</th><th className="num">Sleeves</th><th className="num">Listings</th><th>State</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`/portfolios/${p.id}`}>{p.name}</Link></td>
                  <td>{p.baseCurrency}</td>
                  <td className="num">{p.sleeves.length}</td>
                  <td className="num">{p.constituents.length}</td>
                  <td>{p.archived ? "archived" : p.frozen ? "advice frozen" : "active"}</td>
                  <td><Link href={`/dashboard/${p.id}`} aria-label={`Dashboard of ${p.name}`}>Dashboard</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Section>
      <Section title="New portfolio">
        <form className="inline-form" onSubmit={onCreate} aria-label="New portfolio">
          <Field label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)}
            error={feedback.fields.name} wide />
          <label className="field">
            <span>Base currency</span>
            <select name="baseCurrency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              <option value="GBP">GBP</option>
              <option value="VND">VND</option>
            </select>
            {feedback.fields.baseCurrency && (
              <small className="field-error" role="alert">{feedback.fields.baseCurrency}</small>
            )}
          </label>
          <button type="submit" disabled={busy}>Create portfolio</button>
        </form>
        <FormMessage feedback={feedback} />
      </Section>
    </>
  );
}
