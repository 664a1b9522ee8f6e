// One portfolio: its settings, sleeve targets against 100%, sleeves and constituents.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import { isError, type ApiError, type Listing, type PortfolioDetail } from "../api/types";
import { ConfirmButton } from "../components/Confirm";
import { FreezeBanner } from "../components/FreezeBanner";
import { Field, FormMessage, Section, useSubmit } from "../components/forms";
import { LoadFailed, Loading } from "../components/Loading";
import { PortfolioNav } from "../components/PortfolioNav";
import { ConstituentsEditor } from "./universe/Constituents";
import { SleevesEditor } from "./universe/Sleeves";
import { TargetsBar } from "./universe/TargetsBar";

const DETAIL = `query($id: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS}
    ... on Portfolio { id name baseCurrency version frozen archived
      freezeReasons { source reference detail frozenAt }
      sleeves { id name targetWeightPct driftBandAbsPct driftBandRelPct version }
      constituents { portfolioId listingId sleeveId monitored version
        listing { id ticker venueMic quoteCurrency instrument { name isin } } }
      targets { ${ERROR_FIELDS} ... on TargetCheck { sumsTo100 targetSumPct } } } }
  listings(first: 200) { ${ERROR_FIELDS}
    ... on ListingPage { items { id ticker venueMic quoteCurrency instrument { name isin } } } }
}`;
const UPDATE = `mutation($input: UpdatePortfolioInput!) {
  updatePortfolio(input: $input) { ${ERROR_FIELDS} ... on Portfolio { id } } }`;
const ARCHIVE = `mutation($id: ID!, $version: Int!) {
  archivePortfolio(id: $id, version: $version) { ${ERROR_FIELDS} ... on Portfolio { id } } }`;

type Loaded = { portfolio: PortfolioDetail; listings: Listing[] };
type Ok = { __typename: "Portfolio"; id: string };

function SettingsForm({ portfolio, reload }: { portfolio: PortfolioDetail; reload: () => Promise<void> }) {
  const [name, setName] = useState(portfolio.name);
  const [currency, setCurrency] = useState(portfolio.baseCurrency);
  const { feedback, busy, submit } = useSubmit(["name", "baseCurrency"]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { id: portfolio.id, version: portfolio.version, name, baseCurrency: currency };
    void submit<Ok>(
      async () => (await gql<{ updatePortfolio: Ok | ApiError }>(UPDATE, { input })).updatePortfolio,
      reload,
      "Saved.",
    );
  };
  const archive = () =>
    void submit<Ok>(
      async () =>
        (await gql<{ archivePortfolio: Ok | ApiError }>(ARCHIVE, {
          id: portfolio.id,
          version: portfolio.version,
        })).archivePortfolio,
      reload,
      "Archived.",
    );
  return (
    <form className="inline-form" onSubmit={save} aria-label="Portfolio settings">
      <Field label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)}
        error={feedback.fields.name} wide />
      <Field label="Base currency" name="baseCurrency" value={currency}
        onChange={(e) => setCurrency(e.target.value.toUpperCase())}
        error={feedback.fields.baseCurrency} />
      <button type="submit" disabled={busy}>Save</button>
      {!portfolio.archived && (
        <ConfirmButton label="Archive" action={`Archive portfolio ${portfolio.name}`} disabled={busy}
          question={<>Archive <strong>{portfolio.name}</strong>? It gets no more advice or orders; its ledger and history stay.</>}
          confirmText="Confirm: archive" onConfirm={archive} />
      )}
      <FormMessage feedback={feedback} />
    </form>
  );
}

export function PortfolioDetailPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const data = await gql<{
      portfolio: (PortfolioDetail & { __typename: "Portfolio" }) | ApiError;
      listings: { __typename: "ListingPage"; items: Listing[] } | ApiError;
    }>(DETAIL, { id });
    if (isError(data.portfolio)) {
      setProblem(data.portfolio.message);
      return;
    }
    setLoaded({ portfolio: data.portfolio, listings: isError(data.listings) ? [] : data.listings.items });
  }, [id]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Portfolio" problem={problem} back="/portfolios" backText="Back to portfolios" />
    );
  }
  if (!loaded) return <Loading what="portfolio" />;
  const { portfolio, listings } = loaded;
  return (
    <>
      <FreezeBanner portfolioId={portfolio.id} frozen={portfolio.frozen}
        reasons={portfolio.freezeReasons ?? []} onChanged={load} />
      <Section title={portfolio.name} level={1}>
        <PortfolioNav portfolioId={portfolio.id} current="" />
        <p className="meta">
          {portfolio.baseCurrency} · version {portfolio.version}
          {portfolio.archived && " · archived"}
          {portfolio.frozen && " · advice frozen"}
        </p>
        <SettingsForm key={portfolio.version} portfolio={portfolio} reload={load} />
      </Section>
      <Section title="Sleeve targets">
        <TargetsBar sleeves={portfolio.sleeves} targets={portfolio.targets} />
      </Section>
      <Section title="Sleeves">
        <SleevesEditor portfolioId={portfolio.id} sleeves={portfolio.sleeves} reload={load} />
      </Section>
      <Section title="Listings in this portfolio">
        <ConstituentsEditor portfolio={portfolio} listings={listings} reload={load} />
      </Section>
    </>
  );
}
