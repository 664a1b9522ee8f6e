// A portfolio's ledger: holdings and cash from snapshots, a new-entry form, the entries.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { ERROR_FIELDS } from "../../api/fragments";
import {
  isError,
  type ApiError,
  type CashBalance,
  type FreezeReason,
  type Holding,
  type LedgerAccount,
} from "../../api/types";
import { FreezeBanner } from "../../components/FreezeBanner";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { EntriesTable } from "./Entries";
import { EntryForm, type TradableListing } from "./EntryForm";
import { CashTable, HoldingsTable, VerifyButton } from "./Positions";

const PAGE = `query($id: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS}
    ... on Portfolio { id name baseCurrency frozen
      freezeReasons { source reference detail frozenAt }
      constituents { listing { id ticker quoteCurrency priceScale } } } }
  ledger(portfolioId: $id) { ${ERROR_FIELDS}
    ... on LedgerBook {
      account { baseCurrency allowNegativeCash allowShort entryCount batchCount version }
      holdings { listingId quantity averageCost { amount currency } costBasis { amount currency }
        listing { ticker quoteCurrency } latestPrice { listingId observedAt kind source price { amount currency } } }
      cash { balance { amount currency } } } }
}`;

interface Loaded {
  portfolio: {
    id: string;
    name: string;
    baseCurrency: string;
    frozen: boolean;
    freezeReasons: FreezeReason[];
    constituents: { listing: TradableListing | null }[];
  };
  account: LedgerAccount;
  holdings: Holding[];
  cash: CashBalance[];
}

type Answer = {
  portfolio: (Loaded["portfolio"] & { __typename: "Portfolio" }) | ApiError;
  ledger: ({ __typename: "LedgerBook" } & Omit<Loaded, "portfolio">) | ApiError;
};

export function LedgerPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(async () => {
    const data = await gql<Answer>(PAGE, { id });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.ledger)) return setProblem(data.ledger.message);
    setLoaded({ portfolio: data.portfolio, ...data.ledger });
  }, [id]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);
  const changed = useCallback(async () => {
    setReloadKey((k) => k + 1);
    await load();
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Ledger" problem={problem} back={`/portfolios/${id}`} backText="Back to the portfolio" />
    );
  }
  if (!loaded) return <Loading what="ledger" />;
  const { portfolio, account } = loaded;
  const listings = portfolio.constituents.flatMap((c) => (c.listing ? [c.listing] : []));
  return (
    <>
      <FreezeBanner portfolioId={portfolio.id} frozen={portfolio.frozen} reasons={portfolio.freezeReasons}
        onChanged={load} />
      <Section title={`${portfolio.name}: ledger`} level={1}>
        <PortfolioNav portfolioId={portfolio.id} current="ledger" />
        <p className="meta">
          {account.baseCurrency} · {account.entryCount} entries in {account.batchCount} batches
        </p>
        <VerifyButton portfolioId={portfolio.id} />
      </Section>
      <div className="columns">
        <Section title="Holdings">
          <HoldingsTable holdings={loaded.holdings} />
        </Section>
        <Section title="Cash">
          <CashTable cash={loaded.cash} />
        </Section>
      </div>
      <Section title="Record an entry">
        <EntryForm portfolioId={portfolio.id} baseCurrency={account.baseCurrency} listings={listings}
          onPosted={changed} />
      </Section>
      <Section title="Entries">
        <EntriesTable portfolioId={portfolio.id} listings={listings} reloadKey={reloadKey} onChanged={changed} />
      </Section>
    </>
  );
}
