// Which page each route shows. The routes themselves are listed in ../routes.json, next to
// the router: the browser test visits every one of them, so a page added here without a
// line there (or the other way round) fails at once instead of going unvisited.
import type { ReactElement } from "react";
import type { User } from "../api/types";
import { Section } from "../components/forms";
import { Link, match } from "../router";
import ROUTES from "../routes.json";
import { ApiTokensPage } from "./ApiTokens";
import { AuditPage } from "./Audit";
import { DashboardPage } from "./dashboard/DashboardPage";
import { PolicyPage } from "./engine/PolicyPage";
import { RecommendationPage } from "./engine/RecommendationPage";
import { RunsPage } from "./engine/RunsPage";
import { InstrumentsPage } from "./Instruments";
import { LedgerPage } from "./ledger/LedgerPage";
import { MarketPage } from "./market/MarketPage";
import { PricesPage } from "./market/PricesPage";
import { NotificationsPage } from "./notifications/NotificationsPage";
import { OrderPage } from "./orders/OrderPage";
import { OrdersPage } from "./orders/OrdersPage";
import { PortfolioDetailPage } from "./PortfolioDetail";
import { PortfoliosPage } from "./Portfolios";
import { StatusPage } from "./Status";
import { TradingPage } from "./trading/TradingPage";
import { UsersPage } from "./Users";

type Params = Record<string, string>;

const PAGES: Record<string, (p: Params) => ReactElement> = {
  dashboard: () => <DashboardPage />,
  "portfolio-dashboard": (p) => <DashboardPage id={p.portfolio} />,
  portfolios: () => <PortfoliosPage />,
  portfolio: (p) => <PortfolioDetailPage id={p.portfolio} />,
  "portfolio-ledger": (p) => <LedgerPage id={p.portfolio} />,
  "portfolio-policy": (p) => <PolicyPage id={p.portfolio} />,
  "portfolio-runs": (p) => <RunsPage id={p.portfolio} />,
  "portfolio-run": (p) => <RecommendationPage id={p.portfolio} runId={p.run} />,
  "portfolio-orders": (p) => <OrdersPage id={p.portfolio} />,
  "portfolio-order": (p) => <OrderPage id={p.portfolio} orderId={p.order} />,
  "portfolio-trading": (p) => <TradingPage id={p.portfolio} />,
  "portfolio-audit": (p) => <AuditPage portfolioId={p.portfolio} />,
  instruments: () => <InstrumentsPage />,
  market: () => <MarketPage />,
  "listing-prices": (p) => <PricesPage id={p.listing} />,
  notifications: () => <NotificationsPage />,
  tokens: () => <ApiTokensPage />,
  users: () => <UsersPage />,
  status: () => <StatusPage />,
};

const unmatched = [
  ...ROUTES.filter((r) => !(r.name in PAGES)).map((r) => `${r.name} has no page`),
  ...Object.keys(PAGES).filter((name) => !ROUTES.some((r) => r.name === name)).map((n) => `${n} is not in routes.json`),
];
if (unmatched.length) throw new Error(`Routes and pages disagree: ${unmatched.join("; ")}`);

function NotFound({ path }: { path: string }) {
  return (
    <Section title="Page not found" level={1}>
      <p>
        There is no page at <code>{path}</code>. <Link href="/portfolios">Go to portfolios</Link>.
      </p>
    </Section>
  );
}

/** The page for ``path``; "/" is the dashboard. Admin-only routes are not found for others. */
export function Page({ path, me }: { path: string; me: User }) {
  const wanted = path === "/" ? "/dashboard" : path;
  for (const route of ROUTES) {
    const params = match(route.path, wanted);
    if (params && (!("admin" in route) || me.role === "ADMIN")) return PAGES[route.name](params);
  }
  return <NotFound path={path} />;
}
