// The bell in the header: how many notifications are unread, kept live by the feed.
import { useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Link } from "../../router";
import { FEED, onRead, UNREAD, type UnreadCount, type UserNotification } from "./feed";
import "./notifications.css";

// Drawn, not an emoji: not every machine has a font with the bell glyph.
function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

export function NotificationBell({ active }: { active: boolean }) {
  const [count, setCount] = useState<{ unread: number; critical: number } | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      void gql<{ unreadNotificationCount: UnreadCount | ApiError }>(UNREAD)
        .then(({ unreadNotificationCount: answer }) => {
          if (live && !isError(answer)) setCount({ unread: answer.unread, critical: answer.critical });
        })
        .catch(() => {});
    load();
    const stop = subscribe<{ notificationFeed: UserNotification }>(FEED, ({ notificationFeed: n }) =>
      setCount((old) => ({
        unread: (old?.unread ?? 0) + 1,
        critical: (old?.critical ?? 0) + (n.severity === "CRITICAL" ? 1 : 0),
      })),
    );
    // After marking read the page knows the unread total but not the critical one: re-read.
    const unlisten = onRead(load);
    return () => {
      live = false;
      stop();
      unlisten();
    };
  }, []);

  const unread = count?.unread ?? 0;
  const label = unread === 1 ? "1 unread notification" : `${unread} unread notifications`;
  return (
    <Link href="/notifications" className={`bell${active ? " active" : ""}`} aria-label={`Notifications: ${label}`}>
      <BellIcon />
      {unread > 0 && (
        <span className={`badge${count && count.critical > 0 ? " critical" : ""}`} data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
