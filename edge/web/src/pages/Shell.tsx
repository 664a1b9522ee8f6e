// The app shell: navigation, the signed-in user, live notifications and the page for the route.
import { useEffect, useState } from "react";
import { gql, resetSubscriptions, subscribe } from "../api/client";
import type { User } from "../api/types";
import { Link, match, navigate, usePath } from "../router";
import { useSession } from "../session";
import { ApiTokensPage } from "./ApiTokens";
import { DashboardPage } from "./dashboard/DashboardPage";
import { AuditPage } from "./Audit";
import { InstrumentsPage } from "./Instruments";
import { LedgerPage } from "./ledger/LedgerPage";
import { MarketPage } from "./market/MarketPage";
import { NotificationBell } from "./notifications/NotificationBell";
import { NotificationsPage } from "./notifications/NotificationsPage";
import { PricesPage } from "./market/PricesPage";
import { PolicyPage } from "./engine/PolicyPage";
import { RecommendationPage } from "./engine/RecommendationPage";
import { RunsPage } from "./engine/RunsPage";
import { OrderPage } from "./orders/OrderPage";
import { OrdersPage } from "./orders/OrdersPage";
import { TradingPage } from "./trading/TradingPage";
import { PortfolioDetailPage } from "./PortfolioDetail";
import { PortfoliosPage } from "./Portfolios";
import { StatusPage } from "./Status";
import { UsersPage } from "./Users";

interface Notification {
  eventId: string;
  eventType: string;
  portfolioId: string | null;
  occurredAt: string;
}

const NOTIFICATIONS = `subscription { notifications { eventId eventType portfolioId occurredAt } }`;
const KEEP_NOTIFICATIONS = 5;
const SHOW_NOTIFICATION_MS = 8000;

function Page({ path, me }: { path: string; me: User }) {
  let params: Record<string, string> | null;
  if (path === "/" || path === "/dashboard") return <DashboardPage />;
  if ((params = match("/dashboard/:id", path))) return <DashboardPage id={params.id} />;
  if (path === "/portfolios") return <PortfoliosPage />;
  if ((params = match("/portfolios/:id/audit", path))) return <AuditPage portfolioId={params.id} />;
  if ((params = match("/portfolios/:id/ledger", path))) return <LedgerPage id={params.id} />;
  if ((params = match("/portfolios/:id/policy", path))) return <PolicyPage id={params.id} />;
  if ((params = match("/portfolios/:id/runs", path))) return <RunsPage id={params.id} />;
  if ((params = match("/portfolios/:id/runs/:run", path)))
    return <RecommendationPage id={params.id} runId={params.run} />;
  if ((params = match("/portfolios/:id/orders", path))) return <OrdersPage id={params.id} />;
  if ((params = match("/portfolios/:id/orders/:order", path)))
    return <OrderPage id={params.id} orderId={params.order} />;
  if ((params = match("/portfolios/:id/trading", path))) return <TradingPage id={params.id} />;
  if ((params = match("/listings/:id/prices", path))) return <PricesPage id={params.id} />;
  if (path === "/market") return <MarketPage />;
  if ((params = match("/portfolios/:id", path))) return <PortfolioDetailPage id={params.id} />;
  if (path === "/instruments") return <InstrumentsPage />;
  if (path === "/tokens") return <ApiTokensPage />;
  if (path === "/users" && me.role === "ADMIN") return <UsersPage />;
  if (path === "/status") return <StatusPage />;
  if (path === "/notifications") return <NotificationsPage />;
  return (
    <section className="card">
      <h2>Not found</h2>
      <p>
        There is no page at <code>{path}</code>. <Link href="/portfolios">Go to portfolios</Link>.
      </p>
    </section>
  );
}

function useNotifications(): Notification[] {
  const [items, setItems] = useState<Notification[]>([]);
  useEffect(
    () =>
      subscribe<{ notifications: Notification }>(NOTIFICATIONS, (data) => {
        const item = data.notifications;
        setItems((old) => [item, ...old].slice(0, KEEP_NOTIFICATIONS));
        // A toast, not a log: the audit page keeps the history.
        window.setTimeout(
          () => setItems((old) => old.filter((n) => n.eventId !== item.eventId)),
          SHOW_NOTIFICATION_MS,
        );
      }),
    [],
  );
  return items;
}

const NAV = [
  ["/dashboard", "Dashboard"],
  ["/portfolios", "Portfolios"],
  ["/instruments", "Instruments"],
  ["/market", "Market data"],
  ["/tokens", "API tokens"],
  ["/status", "Status"],
];

export function Shell({ me }: { me: User }) {
  const path = usePath();
  const session = useSession();
  const notifications = useNotifications();
  const nav = me.role === "ADMIN" ? [...NAV, ["/users", "Users"]] : NAV;

  const signOut = async () => {
    await gql(`mutation { signOut { __typename } }`);
    resetSubscriptions();
    navigate("/");
    await session.refresh();
  };

  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">Trading Assistant</strong>
        <nav aria-label="Main">
          {nav.map(([href, label]) => (
            <Link key={href} href={href}
              className={path.startsWith(href) || (href === "/dashboard" && path === "/")
                || (href === "/market" && path.startsWith("/listings/")) ? "active" : ""}>
              {label}
            </Link>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
        <NotificationBell active={path === "/notifications"} />
        <span className="who">
          {me.email}
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main className="content">
        <Page path={path} me={me} />
      </main>
      {notifications.length > 0 && (
        <aside className="notifications" aria-label="Notifications" aria-live="polite">
          {notifications.map((n) => (
            <div key={n.eventId} className="notification">
              <strong>{n.eventType}</strong>
              {n.portfolioId && <Link href={`/portfolios/${n.portfolioId}`}> portfolio</Link>}
              <time>{new Date(n.occurredAt).toLocaleTimeString()}</time>
            </div>
          ))}
        </aside>
      )}
    </div>
  );
}
