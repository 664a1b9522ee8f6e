// The app shell: navigation, the signed-in user, live notifications and the page for the route.
import { useEffect, useState } from "react";
import { gql, resetSubscriptions, subscribe } from "../api/client";
import type { User } from "../api/types";
import { Link, navigate, usePath } from "../router";
import { useSession } from "../session";
import { NotificationBell } from "./notifications/NotificationBell";
import { Page } from "./Routes";

interface Notification {
  eventId: string;
  eventType: string;
  portfolioId: string | null;
  occurredAt: string;
}

const NOTIFICATIONS = `subscription { notifications { eventId eventType portfolioId occurredAt } }`;
const KEEP_NOTIFICATIONS = 5;
const SHOW_NOTIFICATION_MS = 8000;

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
          {nav.map(([href, label]) => {
            const active = path.startsWith(href) || (href === "/dashboard" && path === "/")
              || (href === "/market" && path.startsWith("/listings/"));
            return (
              <Link key={href} href={href} className={active ? "active" : ""} aria-current={active ? "page" : undefined}>
                {label}
              </Link>
            );
          })}
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
              <strong>{n.eventType.replace(/([a-z])([A-Z])/g, "$1 $2")}</strong>
              {n.portfolioId && <Link href={`/portfolios/${n.portfolioId}`}> portfolio</Link>}
              <time>{new Date(n.occurredAt).toLocaleTimeString()}</time>
            </div>
          ))}
        </aside>
      )}
    </div>
  );
}
